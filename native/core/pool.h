// A per-thread free-list allocator for the small objects every op makes (a Value with its
// control block, a Storage, small buffers). Note [Small-object pool]: GC finalizers free
// tensors in bursts of thousands; through malloc those bursts overflow its thread cache and
// land in heap consolidation, which cost more than the op itself.
#pragma once
#include <cstddef>
#include <cstdlib>
#include <new>
#include <utility>
#include <vector>

#include "core/per_thread.h"

namespace adj {

constexpr size_t kPoolMax = 256;
constexpr size_t kMediumMax = size_t(1) << 16;

// Large buffers (> kMediumMax): 64-byte aligned, page-rounded; a few recently freed ones are
// kept per thread for an allocation of the same rounded size, since a fresh large block costs
// a page fault per 4 KiB on first touch (more than the op that fills it).
void* large_alloc(size_t bytes);
void large_free(void* p, size_t bytes);

// Per-thread free lists of one size class each. Taking and giving a block are inline below (a
// small op makes and frees several blocks; out of line, the calls cost as much as the lists).
namespace pool_detail {
struct FreeBlock {
  FreeBlock* next;
};
void free_all(FreeBlock** head, size_t classes);  // at thread exit (sets pools_gone)
template <size_t N, size_t Budget>
struct FreeLists {
  FreeBlock* head[N] = {};
  size_t bytes = 0;  // kept, all classes
  ~FreeLists() { free_all(head, N); }
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

// Beyond these budgets (per pool, shared by its classes), blocks go back to malloc. GC
// finalizers free tensors in bursts of tens of thousands (all that died since the last
// scavenge: ~40k 1 KiB arrays in a loop of small ops); a budget below the burst sends the
// excess through malloc's consolidation and memalign on the next round. What a pool keeps is
// what the program had live a moment ago — malloc would keep it in its arenas just the same.
constexpr size_t kGrain = 16;
struct SmallPool : FreeLists<kPoolMax / kGrain, size_t(16) << 20> {};
// Medium classes: 2^(k + kMediumLog0) bytes for k = 0, 1, …
constexpr unsigned kMediumLog0 = 9;  // 512 B, the first power of two above kPoolMax
struct MediumPool : FreeLists<16 - kMediumLog0 + 1, size_t(64) << 20> {};
inline SmallPool& small_pool() { return per_thread<SmallPool>(); }
inline MediumPool& medium_pool() { return per_thread<MediumPool>(); }

// Note [Pools at thread exit]: thread-local destructors run in reverse order of construction,
// so values held by state made before a pool (the handle table, a tape) are freed after the
// pool is gone. A destroyed pool sets this flag, and from then on blocks go straight to malloc
// and free (the flag is trivially destructible, so it stays readable to the end).
extern __thread bool pools_gone __attribute__((tls_model("initial-exec")));

inline size_t small_class(size_t bytes) { return bytes ? (bytes - 1) / kGrain : 0; }
inline size_t medium_class(size_t bytes) {
  return bytes <= (size_t(1) << kMediumLog0) ? 0 : 64 - static_cast<size_t>(__builtin_clzll(bytes - 1)) - kMediumLog0;
}
void* small_fresh(size_t c);   // malloc of class c (the pool is empty or gone)
void* medium_fresh(size_t c);
}  // namespace pool_detail

// Small blocks: bytes ≤ kPoolMax, 16-byte aligned.
inline void* pool_alloc(size_t bytes) {
  using namespace pool_detail;
  const size_t c = small_class(bytes);
  if (__builtin_expect(!pools_gone, 1))
    if (void* b = small_pool().take(c, (c + 1) * kGrain)) return b;
  return small_fresh(c);
}
inline void pool_free(void* p, size_t bytes) {
  using namespace pool_detail;
  const size_t c = small_class(bytes);
  if (__builtin_expect(pools_gone || !small_pool().give(c, p, (c + 1) * kGrain), 0)) std::free(p);
}

// Medium array buffers (kPoolMax < bytes ≤ kMediumMax): power-of-two classes, 64-byte aligned,
// kept on per-thread free lists too, so that ops on arrays of a few hundred to a few thousand
// elements do not pay malloc's bin search and consolidation per op.
inline void* medium_alloc(size_t bytes) {
  using namespace pool_detail;
  const size_t c = medium_class(bytes);
  if (__builtin_expect(!pools_gone, 1))
    if (void* b = medium_pool().take(c, size_t(1) << (c + kMediumLog0))) return b;
  return medium_fresh(c);
}
inline void medium_free(void* p, size_t bytes) {
  using namespace pool_detail;
  const size_t c = medium_class(bytes);
  if (__builtin_expect(pools_gone || !medium_pool().give(c, p, size_t(1) << (c + kMediumLog0)), 0)) std::free(p);
}

template <class T>
struct PoolAllocator {
  using value_type = T;
  PoolAllocator() = default;
  template <class U> PoolAllocator(const PoolAllocator<U>&) {}
  T* allocate(size_t n) {
    size_t bytes = n * sizeof(T);
    return static_cast<T*>(bytes <= kPoolMax ? pool_alloc(bytes) : ::operator new(bytes));
  }
  void deallocate(T* p, size_t n) {
    size_t bytes = n * sizeof(T);
    if (bytes <= kPoolMax) pool_free(p, bytes);
    else ::operator delete(p);
  }
  template <class U> bool operator==(const PoolAllocator<U>&) const { return true; }
  template <class U> bool operator!=(const PoolAllocator<U>&) const { return false; }
};

// Arrays of any size by the class that fits: the small pool, the medium free lists or the
// kept large blocks. For buffers an op makes on every call beside its output (a solver's
// factorization): through malloc, a large one is a fresh mapping with a page fault per 4 KiB.
template <class T>
struct ArrayAllocator {
  using value_type = T;
  ArrayAllocator() = default;
  template <class U> ArrayAllocator(const ArrayAllocator<U>&) {}
  T* allocate(size_t n) {
    const size_t bytes = n * sizeof(T);
    return static_cast<T*>(bytes <= kPoolMax ? pool_alloc(bytes) : bytes <= kMediumMax ? medium_alloc(bytes) : large_alloc(bytes));
  }
  void deallocate(T* p, size_t n) {
    const size_t bytes = n * sizeof(T);
    if (bytes <= kPoolMax) pool_free(p, bytes);
    else if (bytes <= kMediumMax) medium_free(p, bytes);
    else large_free(p, bytes);
  }
  // resize() leaves arithmetic elements unset (default-initialized): a solver writes every
  // entry of its factorization, and zero-filling a large one first is a pass over memory.
  template <class U> void construct(U* p) { ::new (static_cast<void*>(p)) U; }
  template <class U, class... A> void construct(U* p, A&&... a) { ::new (static_cast<void*>(p)) U(std::forward<A>(a)...); }
  template <class U> bool operator==(const ArrayAllocator<U>&) const { return true; }
  template <class U> bool operator!=(const ArrayAllocator<U>&) const { return false; }
};
template <class T>
using ArrayVector = std::vector<T, ArrayAllocator<T>>;

// The short vectors every op makes (shapes, attributes, operand lists) come from the pool too:
// through malloc, thousands of them freed in one GC burst fill its fast bins, and the next
// larger allocation pays for consolidating them all.
template <class T>
using PoolVector = std::vector<T, PoolAllocator<T>>;

}  // namespace adj
