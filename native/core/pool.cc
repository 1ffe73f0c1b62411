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
// Large blocks kept for reuse: at most kLargeKept blocks and kLargeBudget bytes per thread,
// the most recently freed first. A block freed into a full cache evicts the oldest ones: the
// sizes a program allocates now are those it freed last, and blocks of sizes it used once
// before would otherwise hold the budget for good (every later block of a new size, however
// often it recurs, would then be a fresh mapping).
constexpr size_t kLargeKept = 8;
constexpr size_t kLargeBudget = size_t(64) << 20;
struct LargeCache {
  void* block[kLargeKept] = {};  // block[0…count−1], newest first
  size_t size[kLargeKept] = {};
  size_t count = 0, total = 0;
  ~LargeCache() {
    pools_gone = true;
    for (size_t k = 0; k < count; ++k) std::free(block[k]);
  }
  void* take(size_t bytes) {
    for (size_t k = 0; k < count; ++k)
      if (size[k] == bytes) {
        void* b = block[k];
        total -= bytes;
        --count;
        std::copy(block + k + 1, block + count + 1, block + k);
        std::copy(size + k + 1, size + count + 1, size + k);
        return b;
      }
    return nullptr;
  }
  void give(void* p, size_t bytes) {
    while (count == kLargeKept || total + bytes > kLargeBudget) {
      --count;
      total -= size[count];
      std::free(block[count]);
    }
    std::copy_backward(block, block + count, block + count + 1);
    std::copy_backward(size, size + count, size + count + 1);
    block[0] = p;
    size[0] = bytes;
    total += bytes;
    ++count;
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
  if (pools_gone || size > kLargeBudget) return std::free(ptr);
  large_cache().give(ptr, size);
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
