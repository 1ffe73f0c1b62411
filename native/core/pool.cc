#include "core/per_thread.h"
#include "core/pool.h"

#include <algorithm>
#include <cstdlib>

namespace adj {

namespace {
constexpr size_t kGrain = 16;
constexpr size_t kClasses = kPoolMax / kGrain;
// Beyond these budgets (per pool, shared by its classes), blocks go back to malloc. GC
// finalizers free tensors in bursts of tens of thousands (all that died since the last
// scavenge: ~40k 1 KiB arrays in a loop of small ops); a budget below the burst sends the
// excess through malloc's consolidation and memalign on the next round. What a pool keeps is
// what the program had live a moment ago — malloc would keep it in its arenas just the same.
constexpr size_t kSmallBudget = size_t(16) << 20;
constexpr size_t kMediumBudget = size_t(64) << 20;

struct FreeBlock {
  FreeBlock* next;
};

// Note [Pools at thread exit]: thread-local destructors run in reverse order of construction,
// so values held by state made before a pool (the handle table, a tape) are freed after the
// pool is gone. A destroyed pool sets this flag, and from then on blocks go straight to malloc
// and free (the flag is trivially destructible, so it stays readable to the end).
static thread_local bool pools_gone __attribute__((tls_model("initial-exec"))) = false;
template <size_t N, size_t Budget>
struct FreeLists {
  FreeBlock* head[N] = {};
  size_t bytes = 0;  // kept, all classes
  ~FreeLists() {
    pools_gone = true;
    for (size_t c = 0; c < N; ++c)
      while (head[c]) {
        FreeBlock* b = head[c];
        head[c] = b->next;
        std::free(b);
      }
  }
  void* take(size_t c, size_t block) {
    FreeBlock* b = head[c];
    if (!b) return nullptr;
    head[c] = b->next;
    bytes -= block;
    return b;
  }
  // false when the pool already keeps its budget
  bool give(size_t c, void* p, size_t block) {
    if (bytes + block > Budget) return false;
    auto* b = static_cast<FreeBlock*>(p);
    b->next = head[c];
    head[c] = b;
    bytes += block;
    return true;
  }
};

struct Pool : FreeLists<kClasses, kSmallBudget> {};
Pool& pool() {
  return per_thread<Pool>();
}
size_t size_class(size_t bytes) { return bytes ? (bytes - 1) / kGrain : 0; }

// Medium classes: 2^(k + kMediumLog0) bytes for k = 0, 1, …
constexpr size_t kMediumLog0 = 9;  // 512 B, the first power of two above kPoolMax
constexpr size_t kMediumClasses = 16 - kMediumLog0 + 1;
struct MediumPool : FreeLists<kMediumClasses, kMediumBudget> {};
MediumPool& medium_pool() {
  return per_thread<MediumPool>();
}
size_t medium_class(size_t bytes) {
  size_t c = 0;
  while ((size_t(1) << (c + kMediumLog0)) < bytes) ++c;
  return c;
}
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

void* pool_alloc(size_t bytes) {
  const size_t c = size_class(bytes);
  if (!pools_gone)
    if (void* b = pool().take(c, (c + 1) * kGrain)) return b;
  void* m = std::malloc((c + 1) * kGrain);
  if (!m) throw std::bad_alloc();
  return m;
}

void pool_free(void* ptr, size_t bytes) {
  const size_t c = size_class(bytes);
  if (pools_gone || !pool().give(c, ptr, (c + 1) * kGrain)) std::free(ptr);
}

void* medium_alloc(size_t bytes) {
  const size_t c = medium_class(bytes);
  if (!pools_gone)
    if (void* b = medium_pool().take(c, size_t(1) << (c + kMediumLog0))) return b;
  void* m = std::aligned_alloc(64, size_t(1) << (c + kMediumLog0));
  if (!m) throw std::bad_alloc();
  return m;
}

void medium_free(void* ptr, size_t bytes) {
  const size_t c = medium_class(bytes);
  if (pools_gone || !medium_pool().give(c, ptr, size_t(1) << (c + kMediumLog0))) std::free(ptr);
}

}  // namespace adj
