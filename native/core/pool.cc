#include "core/per_thread.h"
#include "core/pool.h"

#include <algorithm>
#include <cstdlib>

namespace adj {

namespace pool_detail {
__thread bool pools_gone __attribute__((tls_model("initial-exec"))) = false;

void free_all(FreeBlock** head, size_t classes) {
  pools_gone = true;
  for (size_t c = 0; c < classes; ++c)
    while (head[c]) {
      FreeBlock* b = head[c];
      head[c] = b->next;
      std::free(b);
    }
}

void* small_fresh(size_t c) {
  void* m = std::malloc((c + 1) * kGrain);
  if (!m) throw std::bad_alloc();
  return m;
}

void* medium_fresh(size_t c) {
  void* m = std::aligned_alloc(64, size_t(1) << (c + kMediumLog0));
  if (!m) throw std::bad_alloc();
  return m;
}

}  // namespace pool_detail

namespace {
using pool_detail::pools_gone;

// Large blocks kept for reuse: at most kLargeKept blocks and kLargeBudget bytes per thread.
// A block freed into a full cache takes the place of blocks that sat through kPatience such
// refusals without being reused, or else is refused itself. Evicting unconditionally (LRU)
// would thrash on a loop over more than the budget (two solvers alternating, each with 30–60
// MiB of factorization at n = 2²⁰: all of both would be fresh mappings on every call), while
// never evicting would let blocks of sizes a program used once hold the budget for good (all
// later blocks of new sizes, however often they recur, fresh mappings).
constexpr size_t kLargeKept = 8;
constexpr size_t kLargeBudget = size_t(64) << 20;
constexpr unsigned kPatience = 2;
struct LargeCache {
  struct Kept {
    void* block;
    size_t size;
    unsigned passed_over;  // refusals since the block came in
  };
  Kept kept[kLargeKept] = {};  // kept[0…count−1], newest first
  size_t count = 0, total = 0;
  ~LargeCache() {
    pools_gone = true;
    for (size_t k = 0; k < count; ++k) std::free(kept[k].block);
  }
  void remove(size_t k) {
    total -= kept[k].size;
    std::copy(kept + k + 1, kept + count, kept + k);
    --count;
  }
  void* take(size_t bytes) {
    for (size_t k = 0; k < count; ++k)
      if (kept[k].size == bytes) {
        void* b = kept[k].block;
        remove(k);
        return b;
      }
    return nullptr;
  }
  // false: refused (the caller frees p)
  bool give(void* p, size_t bytes) {
    auto stale = [](const Kept& e) { return e.passed_over >= kPatience; };
    size_t slots = kLargeKept - count, room = kLargeBudget - total;
    for (size_t k = 0; k < count; ++k)
      if (stale(kept[k])) ++slots, room += kept[k].size;
    if (slots == 0 || room < bytes) {
      for (size_t k = 0; k < count; ++k) ++kept[k].passed_over;
      return false;
    }
    for (size_t k = count; k-- > 0 && (count == kLargeKept || total + bytes > kLargeBudget);)
      if (stale(kept[k])) {
        std::free(kept[k].block);
        remove(k);
      }
    std::copy_backward(kept, kept + count, kept + count + 1);
    kept[0] = {p, bytes, 0};
    total += bytes;
    ++count;
    return true;
  }
};
LargeCache& large_cache() {
  return per_thread<LargeCache>();
}
size_t page_rounded(size_t bytes) { return (bytes + 4095) & ~size_t(4095); }
}  // namespace

void* large_alloc(size_t bytes) {
  const size_t size = page_rounded(bytes);
  if (!pools_gone)
    if (void* b = large_cache().take(size)) return b;
  void* m = std::aligned_alloc(64, size);
  if (!m) throw std::bad_alloc();
  return m;
}

void large_free(void* ptr, size_t bytes) {
  const size_t size = page_rounded(bytes);
  if (pools_gone || size > kLargeBudget || !large_cache().give(ptr, size)) std::free(ptr);
}

}  // namespace adj
