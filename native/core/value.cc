#include "core/value.h"

#include <cstring>

#include "core/level.h"
#include "core/pool.h"

namespace adj {

VRef new_value() { return allocate_ref<Value>(PoolAllocator<Value>()); }

VRef empty(DType dt, const Shape& shape) {
  VRef v = new_value();
  v->dtype = dt;
  v->shape = shape;
  v->size = shape_size(shape);
  const size_t bytes = static_cast<size_t>(v->size) * dtype_size(dt);
  if (bytes && bytes <= kInlineBytes) v->storage = allocate_ref<InlineStorage>(PoolAllocator<InlineStorage>(), bytes);
  else v->storage = allocate_ref<Storage>(PoolAllocator<Storage>(), bytes);
  return v;
}

VRef zeros(DType dt, const Shape& shape) {
  VRef v = empty(dt, shape);
  if (v->size) std::memset(v->storage->data, 0, v->storage->bytes);
  return v;
}

VRef full(DType dt, const Shape& shape, double x) {
  VRef v = empty(dt, shape);
  if (dt == DType::f32) {
    float* p = v->data<float>();
    for (int64_t i = 0; i < v->size; ++i) p[i] = static_cast<float>(x);
  } else if (dt == DType::f64) {
    double* p = v->data<double>();
    for (int64_t i = 0; i < v->size; ++i) p[i] = x;
  } else {
    size_t half = dtype_size(dt) / 2;
    for (int64_t i = 0; i < v->size; ++i) {
      char* p = static_cast<char*>(v->storage->data) + i * 2 * half;
      if (half == 4) { float re = static_cast<float>(x), im = 0; std::memcpy(p, &re, 4); std::memcpy(p + 4, &im, 4); }
      else { double im = 0; std::memcpy(p, &x, 8); std::memcpy(p + 8, &im, 8); }
    }
  }
  return v;
}

VRef traced(Tag tag, VRef primal) {
  VRef r = new_value();
  r->tag = tag;
  r->dtype = primal->dtype;
  r->shape = primal->shape;
  r->size = primal->size;
  r->primal = std::move(primal);
  return r;
}

VRef alias(const VRef& v, const Shape& shape) {
  VRef r = new_value();
  r->dtype = v->dtype;
  r->shape = shape;
  r->size = v->size;
  r->storage = v->storage;
  return r;
}

const VRef& concrete(const VRef& v) {
  const VRef* p = &v;
  while ((*p)->tag) p = &(*p)->primal;
  return *p;
}

VRef resolve(const VRef& v) {
  VRef r = v;
  while (r->tag && !find_level(r->tag)) r = r->primal;
  return r;
}

}  // namespace adj
