// A Value is what a JS Tensor handle names. Level 0 values are concrete arrays; a value of a
// transformation level (tag > 0) wraps a `primal` of a lower level plus either a tangent
// (forward level) or the index of its node on the level's tape (reverse level).
// Note [Levels]: every component of a value of tag L has a tag < L, so stripping levels
// one by one always ends at a concrete array.
#pragma once
#include <cstdint>
#include <memory>
#include <utility>

#include "core/dtype.h"
#include "core/pool.h"
#include "core/shape.h"
#include "core/storage.h"

namespace adj {

using Tag = uint32_t;

// Note [Single-threaded counts]: values never cross threads (each Node worker thread has its own
// handle table, levels and pools, and no kernel hands values to another thread), so their
// reference counts need not be atomic. With libstdc++, values and storage are held through its
// single-threaded shared pointer: a copy or a release is a plain increment or decrement, not the
// lock-prefixed one std::shared_ptr pays in a multithreaded process (several per op: operand
// lists, tape nodes, sweeps). Elsewhere they are std::shared_ptr.
#if defined(__GLIBCXX__)
template <class T>
using Ref = std::__shared_ptr<T, __gnu_cxx::_S_single>;
template <class T, class Alloc, class... Args>
Ref<T> allocate_ref(const Alloc& a, Args&&... args) {
  return std::__allocate_shared<T, __gnu_cxx::_S_single>(a, std::forward<Args>(args)...);
}
#else
template <class T>
using Ref = std::shared_ptr<T>;
template <class T, class Alloc, class... Args>
Ref<T> allocate_ref(const Alloc& a, Args&&... args) {
  return std::allocate_shared<T>(a, std::forward<Args>(args)...);
}
#endif

struct Value;
using VRef = Ref<Value>;
using Values = PoolVector<VRef>;  // operand lists (pool-allocated, Note in core/pool.h)

struct Value {
  Tag tag = 0;
  DType dtype = DType::f64;
  Shape shape;
  int64_t size = 0;
  // tag == 0
  Ref<Storage> storage;
  // Note [Kept factorizations]: what an op's kernel keeps beside its output for the op's own
  // rules (a solve's LU factorization, reused by the transposed solve of its pullback); null
  // for most values. Only the op that made the value reads it.
  std::shared_ptr<const void> kept;
  // tag > 0
  VRef primal;
  VRef tangent;       // forward level; null means zero
  int32_t node = -1;  // reverse level

  // (user-provided: a new value's members are set one by one, where an implicit constructor
  // would have the whole object zeroed first with a `rep stos`, slow to start on every op)
  Value() noexcept {}

  template <class T> T* data() const { return static_cast<T*>(storage->data); }
  int64_t ndim() const { return static_cast<int64_t>(shape.size()); }
};

// A new, empty Value (from the small-object pool).
VRef new_value();
// A new concrete value with uninitialized contiguous storage.
VRef empty(DType dt, const Shape& shape);
VRef zeros(DType dt, const Shape& shape);
VRef full(DType dt, const Shape& shape, double v);
// A new value of level `tag` whose primal is `primal` (its tangent or node left unset).
VRef traced(Tag tag, VRef primal);
// A concrete value sharing `v`'s storage with another shape (same size).
VRef alias(const VRef& v, const Shape& shape);
// The concrete array under `v` (all levels stripped).
const VRef& concrete(const VRef& v);
// Strips levels that are no longer active (values that escaped a finished transformation).
VRef resolve(const VRef& v);

}  // namespace adj
