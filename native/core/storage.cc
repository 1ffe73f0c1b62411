#include "core/per_thread.h"
#include "core/storage.h"

#include <cstdlib>
#include <new>

#include "core/pool.h"

namespace adj {

MemoryStats& memory_stats() {
  return per_thread<MemoryStats>();
}

// Small buffers come from malloc (16-byte aligned, served by its thread cache); 64-byte
// alignment is kept for buffers large enough that vector loops over them matter. Mixing
// memalign into the small-object churn made glibc consolidate its heap on most frees.
constexpr size_t kAlignedFrom = 4096;

Storage::Storage(size_t nbytes) : bytes(nbytes) {
  if (nbytes >= kAlignedFrom) data = std::aligned_alloc(64, (nbytes + 63) & ~size_t(63));
  else if (nbytes > kPoolMax) data = std::malloc(nbytes);
  else if (nbytes) data = pool_alloc(nbytes);
  if (nbytes && !data) throw std::bad_alloc();
  memory_stats().bytes += static_cast<int64_t>(nbytes);
  memory_stats().unreported += static_cast<int64_t>(nbytes);
}

Storage::~Storage() {
  if (bytes && bytes <= kPoolMax) pool_free(data, bytes);
  else std::free(data);
  memory_stats().bytes -= static_cast<int64_t>(bytes);
  memory_stats().unreported -= static_cast<int64_t>(bytes);
}

}  // namespace adj
