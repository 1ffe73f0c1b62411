// A per-thread free-list allocator for the small objects every op makes (a Value with its
// control block, a Storage, small buffers). Note [Small-object pool]: GC finalizers free
// tensors in bursts of thousands; through malloc those bursts overflow its thread cache and
// land in heap consolidation, which cost more than the op itself.
#pragma once
#include <cstddef>
#include <new>
#include <utility>
#include <vector>

namespace adj {

void* pool_alloc(size_t bytes);            // bytes ≤ kPoolMax, 16-byte aligned
void pool_free(void* p, size_t bytes);
constexpr size_t kPoolMax = 256;

// Medium array buffers (kPoolMax < bytes ≤ kMediumMax): power-of-two classes, 64-byte aligned,
// kept on per-thread free lists too, so that ops on arrays of a few hundred to a few thousand
// elements do not pay malloc's bin search and consolidation per op.
void* medium_alloc(size_t bytes);
void medium_free(void* p, size_t bytes);
constexpr size_t kMediumMax = size_t(1) << 16;

// Large buffers (> kMediumMax): 64-byte aligned, page-rounded; a few recently freed ones are
// kept per thread for an allocation of the same rounded size, since a fresh large block costs
// a page fault per 4 KiB on first touch (more than the op that fills it).
void* large_alloc(size_t bytes);
void large_free(void* p, size_t bytes);

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
