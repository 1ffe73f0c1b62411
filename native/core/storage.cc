#include "core/storage.h"

#include <cstdlib>
#include <new>

namespace adj {

MemoryStats& memory_stats() {
  static thread_local MemoryStats s;
  return s;
}

Storage::Storage(size_t nbytes) : bytes(nbytes) {
  size_t rounded = (nbytes + 63) & ~size_t(63);
  data = rounded ? std::aligned_alloc(64, rounded) : nullptr;
  if (rounded && !data) throw std::bad_alloc();
  memory_stats().bytes += static_cast<int64_t>(nbytes);
  memory_stats().unreported += static_cast<int64_t>(nbytes);
}

Storage::~Storage() {
  std::free(data);
  memory_stats().bytes -= static_cast<int64_t>(bytes);
  memory_stats().unreported -= static_cast<int64_t>(bytes);
}

}  // namespace adj
