// A per-thread free-list allocator for the small objects every op makes (a Value with its
// control block, a Storage, small buffers). Note [Small-object pool]: GC finalizers free
// tensors in bursts of thousands; through malloc those bursts overflow its thread cache and
// land in heap consolidation, which cost more than the op itself.
#pragma once
#include <cstddef>
#include <new>
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

// The short vectors every op makes (shapes, attributes, operand lists) come from the pool too:
// through malloc, thousands of them freed in one GC burst fill its fast bins, and the next
// larger allocation pays for consolidating them all.
template <class T>
using PoolVector = std::vector<T, PoolAllocator<T>>;

}  // namespace adj
