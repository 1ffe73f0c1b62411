#include "core/per_thread.h"
#include "core/pool.h"

#include <cstdlib>

namespace adj {

namespace {
constexpr size_t kGrain = 16;
constexpr size_t kClasses = kPoolMax / kGrain;
constexpr size_t kKeepBytesPerClass = 1 << 20;  // beyond this, blocks go back to malloc

struct FreeBlock {
  FreeBlock* next;
};
struct Pool {
  FreeBlock* head[kClasses] = {};
  size_t count[kClasses] = {};
  ~Pool() {
    for (size_t c = 0; c < kClasses; ++c)
      while (head[c]) {
        FreeBlock* b = head[c];
        head[c] = b->next;
        std::free(b);
      }
  }
};
Pool& pool() {
  return per_thread<Pool>();
}
size_t size_class(size_t bytes) { return bytes ? (bytes - 1) / kGrain : 0; }
}  // namespace

void* pool_alloc(size_t bytes) {
  Pool& p = pool();
  size_t c = size_class(bytes);
  if (FreeBlock* b = p.head[c]) {
    p.head[c] = b->next;
    --p.count[c];
    return b;
  }
  void* m = std::malloc((c + 1) * kGrain);
  if (!m) throw std::bad_alloc();
  return m;
}

void pool_free(void* ptr, size_t bytes) {
  Pool& p = pool();
  size_t c = size_class(bytes);
  if (p.count[c] * (c + 1) * kGrain >= kKeepBytesPerClass) {
    std::free(ptr);
    return;
  }
  auto* b = static_cast<FreeBlock*>(ptr);
  b->next = p.head[c];
  p.head[c] = b;
  ++p.count[c];
}

}  // namespace adj
