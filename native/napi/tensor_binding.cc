// Creating, reading, disposing and (in place) writing tensors.
#include <cstring>
#include <string>

#include "core/error.h"
#include "core/level.h"
#include "napi/handles.h"
#include "napi/napi.h"
#include "ops/api.h"
#include "ops/kernel.h"

namespace adj::napi {

namespace {

DType dtype_arg(const Args& a, size_t i) {
  int64_t d = a.i64(i);
  if (d < 0 || d > 3) fail(ErrorKind::DType, "unknown dtype code " + std::to_string(d));
  return static_cast<DType>(d);
}

Shape shape_arg(const Args& a, size_t i) {
  Shape s = a.ints(i);
  for (int64_t d : s)
    if (d < 0) fail(ErrorKind::Shape, "negative dimension in shape " + shape_str(s));
  return s;
}

// fromData(shell, Float64Array|Float32Array, shape[], dtype): copies (and converts).
napi_value from_data(napi_env env, napi_callback_info info) {
  return guarded(env, [&] {
    Args a(env, info);
    napi_typedarray_type type;
    size_t length = 0;
    void* data = nullptr;
    if (napi_get_typedarray_info(env, a.argv[1], &type, &length, &data, nullptr, nullptr) != napi_ok ||
        (type != napi_float64_array && type != napi_float32_array))
      fail(ErrorKind::Argument, "tensor: expected a Float64Array or Float32Array");
    Shape shape = shape_arg(a, 2);
    DType dt = dtype_arg(a, 3);
    VRef v = empty(dt, shape);
    size_t scalars = static_cast<size_t>(v->size) * (is_complex(dt) ? 2 : 1);
    if (length != scalars)
      fail(ErrorKind::Shape, "tensor: " + std::to_string(length) + " values do not fill shape " + shape_str(shape));
    bool src64 = type == napi_float64_array;
    bool dst64 = dt == DType::f64 || dt == DType::c128;
    if (src64 == dst64) {
      if (length) std::memcpy(v->storage->data, data, v->storage->bytes);
    } else if (src64) {
      auto* s = static_cast<const double*>(data);
      auto* d = static_cast<float*>(v->storage->data);
      for (size_t k = 0; k < length; ++k) d[k] = static_cast<float>(s[k]);
    } else {
      auto* s = static_cast<const float*>(data);
      auto* d = static_cast<double*>(v->storage->data);
      for (size_t k = 0; k < length; ++k) d[k] = s[k];
    }
    return make_number(env, put(env, a.argv[0], std::move(v)));
  });
}

// full(shell, shape[], value, dtype)
napi_value full_binding(napi_env env, napi_callback_info info) {
  return guarded(env, [&] {
    Args a(env, info);
    return make_number(env, put(env, a.argv[0], full(dtype_arg(a, 3), shape_arg(a, 1), a.num(2))));
  });
}

// read(h) → a Float64Array/Float32Array copy of the values (levels stripped)
napi_value read(napi_env env, napi_callback_info info) {
  return guarded(env, [&] {
    Args a(env, info);
    const VRef& v = concrete(get(a.num(0)));
    size_t bytes = static_cast<size_t>(v->size) * dtype_size(v->dtype);
    bool is64 = v->dtype == DType::f64 || v->dtype == DType::c128;
    size_t scalars = bytes / (is64 ? 8 : 4);
    void* out = nullptr;
    napi_value ab, arr;
    check(env, napi_create_arraybuffer(env, bytes, &out, &ab));
    if (bytes) std::memcpy(out, v->storage->data, bytes);
    check(env, napi_create_typedarray(env, is64 ? napi_float64_array : napi_float32_array, scalars, ab, 0, &arr));
    return arr;
  });
}

// item(h) → number (size-1 tensors only)
napi_value item(napi_env env, napi_callback_info info) {
  return guarded(env, [&] {
    Args a(env, info);
    const VRef& v = concrete(get(a.num(0)));
    if (v->size != 1) fail(ErrorKind::Shape, "item: tensor of shape " + shape_str(v->shape) + " has " + std::to_string(v->size) + " elements, not 1");
    double x = dispatch_real(v->dtype, "item", [&](auto t) { return static_cast<double>(*v->template data<decltype(t)>()); });
    return make_number(env, x);
  });
}

// concreteItem(h) → the value of a one-element real tensor no active level traces, else null
// (a gradient given back as a JS number, without a separate info() call)
napi_value concrete_item(napi_env env, napi_callback_info info) {
  return guarded(env, [&] {
    Args a(env, info);
    const VRef v = resolve(get(a.num(0)));
    if (v->tag || v->size != 1 || is_complex(v->dtype)) {
      napi_value null;
      check(env, napi_get_null(env, &null));
      return null;
    }
    return make_number(env, dispatch_real(v->dtype, "item", [&](auto t) { return static_cast<double>(*v->template data<decltype(t)>()); }));
  });
}

// info(h) → [dtype, tag, ...shape]
napi_value info_binding(napi_env env, napi_callback_info info) {
  return guarded(env, [&] {
    Args a(env, info);
    const VRef& v = get(a.num(0));
    napi_value arr;
    check(env, napi_create_array_with_length(env, v->shape.size() + 2, &arr));
    napi_set_element(env, arr, 0, make_number(env, static_cast<double>(v->dtype)));
    napi_set_element(env, arr, 1, make_number(env, static_cast<double>(resolve(v)->tag)));
    for (size_t k = 0; k < v->shape.size(); ++k) napi_set_element(env, arr, static_cast<uint32_t>(k + 2), make_number(env, static_cast<double>(v->shape[k])));
    return arr;
  });
}

// dispose() releases the handle in the argument buffer's first entry (Note [Argument buffer]
// in ops_binding.cc: the call then reads no argument through N-API)
napi_value dispose(napi_env env, napi_callback_info) {
  return guarded(env, [&] {
    release(buffer_of(1).data[0]);
    return make_undefined(env);
  });
}

// disposeb(n): dispose for the n handles in the argument buffer (Note [Argument buffer] in
// ops_binding.cc): tidy's intermediates in one call
napi_value dispose_buffered(napi_env env, napi_callback_info info) {
  return guarded(env, [&] {
    Args a(env, info);
    const ArgBuffer& b = arg_buffer();
    const int64_t n = buffered_count(a.num(0), b.length, "disposeb count");
    for (int64_t k = 0; k < n; ++k) release(b.data[k]);
    return make_undefined(env);
  });
}

// memory() → [live tensors, live bytes, own finalizers so far (handles.h)]
napi_value memory(napi_env env, napi_callback_info) {
  return guarded(env, [&] {
    napi_value arr;
    check(env, napi_create_array_with_length(env, 3, &arr));
    napi_set_element(env, arr, 0, make_number(env, static_cast<double>(live_handles())));
    napi_set_element(env, arr, 1, make_number(env, static_cast<double>(memory_stats().bytes)));
    napi_set_element(env, arr, 2, make_number(env, static_cast<double>(own_finalizers())));
    return arr;
  });
}

// setRegion(h, region[], hv): writes v (already of the region's shape) into x in place.
napi_value set_region(napi_env env, napi_callback_info info) {
  return guarded(env, [&] {
    Args a(env, info);
    const VRef& x = get(a.num(0));
    if (x->tag)
      fail(ErrorKind::Mutation, "set_: cannot write in place into a value traced by a transformation; use x.at(i).set(v)");
    if (x->storage->saved > 0)
      fail(ErrorKind::Mutation, "set_: a tape saved this tensor (shape " + shape_str(x->shape) +
                                    ") for a gradient; writing to it would make that gradient wrong. Use x.at(i).set(v), or write after the transformation returns");
    VRef v = concrete(get(a.num(2)));
    VRef y = ops::region_set(x, ops::cast(v, x->dtype), a.ints(1));
    if (x->size) std::memcpy(x->storage->data, y->storage->data, static_cast<size_t>(x->size) * dtype_size(x->dtype));
    return make_undefined(env);
  });
}

// sealBatch(anchor): see Note [Finalizer batches] in handles.h
napi_value seal_batch_binding(napi_env env, napi_callback_info info) {
  return guarded(env, [&] {
    Args a(env, info);
    seal_batch(env, a.argv[0]);
    return make_undefined(env);
  });
}

}  // namespace

std::vector<Export> tensor_exports() {
  return {{"fromData", from_data}, {"full", full_binding}, {"read", read},       {"item", item}, {"concreteItem", concrete_item},
          {"info", info_binding}, {"dispose", dispose},    {"disposeb", dispose_buffered}, {"memory", memory}, {"setRegion", set_region},
          {"sealBatch", seal_batch_binding}};
}

}  // namespace adj::napi
