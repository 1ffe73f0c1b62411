#include "core/per_thread.h"
#include "core/storage.h"

#include <cstdlib>
#include <new>

#include "core/pool.h"

namespace adj {

MemoryStats& memory_stats() {
  return per_thread<MemoryStats>();
}

// Small buffers come from the small-object pool (16-byte aligned), medium ones from the medium
// pool (64-byte aligned, power-of-two blocks), large ones from large_alloc (64-byte aligned).
Storage::Storage(size_t nbytes) : bytes(nbytes) {
  if (nbytes > kMediumMax) data = large_alloc(nbytes);
  else if (nbytes > kPoolMax) data = medium_alloc(nbytes);
  else if (nbytes) data = pool_alloc(nbytes);
  if (nbytes && !data) throw std::bad_alloc();
  memory_stats().bytes += static_cast<int64_t>(nbytes);
  memory_stats().unreported += static_cast<int64_t>(nbytes);
}

Storage::Storage(size_t nbytes, void* inline_data) : data(inline_data), bytes(nbytes), owns_data(false) {
  memory_stats().bytes += static_cast<int64_t>(nbytes);
  memory_stats().unreported += static_cast<int64_t>(nbytes);
}

Storage::~Storage() {
  if (owns_data) {
    if (bytes > kMediumMax) large_free(data, bytes);
    else if (bytes > kPoolMax) medium_free(data, bytes);
    else if (bytes) pool_free(data, bytes);
  }
  memory_stats().bytes -= static_cast<int64_t>(bytes);
  memory_stats().unreported -= static_cast<int64_t>(bytes);
}

}  // namespace adj
