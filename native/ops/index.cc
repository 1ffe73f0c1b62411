// Indexing primitives: strided regions (get / set / add / mul, the functional `.at[]` update)
// and gather along an axis (take) with its adjoint scatter-add (take_add).
// Copies go through the strided helper of shape.cc on bytes; add, mul and the scatter-add
// compute, so they dispatch on the (real) dtype.
#include <cstdint>
#include <cstring>
#include <functional>
#include <string>

#include "core/error.h"
#include "ops/api.h"
#include "ops/kernel.h"
#include "ops/taylor.h"
#include "ops/lanes.h"

namespace adj {

// Defined in shape.cc (the strided walk both files share; see the comments there).
namespace strided {
void copy(void* dst, int64_t dbase, const Shape& dstr, const void* src, int64_t sbase, const Shape& sstr,
          const Shape& shape, size_t esize);
void for_each_run(int64_t dbase, const Shape& dstr, int64_t sbase, const Shape& sstr, const Shape& shape,
                  const std::function<void(int64_t, int64_t, int64_t, int64_t, int64_t)>& run);
int64_t checked_size(const Shape& s, const char* what);
}  // namespace strided

namespace {

using ops::Region;

// --- regions ------------------------------------------------------------------------------

// A region of a contiguous array of `shape`, as the strided walk sees it.
struct RegionView {
  Shape counts;   // the region's own shape
  int64_t base = 0;
  Shape strides;  // per axis: step × the array's stride (negative for negative steps)
};

RegionView region_view(const Shape& shape, const Region& r) {
  RegionView v;
  const Shape st = contiguous_strides(shape);
  v.counts.resize(shape.size());
  v.strides.resize(shape.size());
  for (size_t k = 0; k < shape.size(); ++k) v.counts[k] = r[3 * k + 2];
  if (shape_size(v.counts) == 0) return v;  // starts of empty regions are unchecked: never use them
  for (size_t k = 0; k < shape.size(); ++k) {
    v.base += r[3 * k] * st[k];
    v.strides[k] = r[3 * k + 1] * st[k];
  }
  return v;
}

VRef copy_of(const VRef& x) {
  VRef y = empty(x->dtype, x->shape);
  if (x->size) std::memcpy(y->storage->data, x->storage->data, x->storage->bytes);
  return y;
}

// ------------------------------------------------------------------- region_get: i = region
VRef region_get_eval(const Values& in, const Attrs& a) {
  const VRef& x = in[0];
  const RegionView rv = region_view(x->shape, a.i);
  VRef y = empty(x->dtype, rv.counts);
  strided::copy(y->storage->data, 0, contiguous_strides(rv.counts), x->storage->data, rv.base, rv.strides, rv.counts,
                dtype_size(x->dtype));
  return y;
}
// The region over the lanes of a tangent (every lane, then the region).
ops::Region lanes_region(const Ctx& c) {
  if (!c.lanes) return c.attrs.i;
  ops::Region r{0, 1, c.lanes};
  r.insert(r.end(), c.attrs.i.begin(), c.attrs.i.end());
  return r;
}
// The tangent t of input k, or zeros shaped like it when absent.
VRef tangent_or_zeros(const Ctx& c, const Values& t, size_t k) {
  return t[k] ? t[k] : zeros(c.in[k]->dtype, lanes::of(c, c.in[k]->shape));
}

// region_get is linear: ẏ = region_get(ẋ); x̄ = ḡ scattered into zeros
VRef region_get_jvp(const Ctx& c, const Values& t) { return ops::region_get(t[0], lanes_region(c)); }
void region_get_vjp(const Ctx& c, const VRef& g, const std::vector<bool>&, Values& grads) {
  grads[0] = ops::region_add(ops::zeros_like(c.in[0]), g, c.attrs.i);
}

// ------------------------------------------------------------------- region_set: i = region
VRef region_set_eval(const Values& in, const Attrs& a) {
  const VRef &x = in[0], &v = in[1];
  const RegionView rv = region_view(x->shape, a.i);
  VRef y = copy_of(x);
  strided::copy(y->storage->data, rv.base, rv.strides, v->storage->data, 0, contiguous_strides(rv.counts), rv.counts,
                dtype_size(x->dtype));
  return y;
}
// y = x off the region, v on it, so ẏ = region_set(ẋ, v̇) (absent tangents are zeros)
VRef region_set_jvp(const Ctx& c, const Values& t) {
  return ops::region_set(tangent_or_zeros(c, t, 0), tangent_or_zeros(c, t, 1), lanes_region(c));
}
// x̄ = ḡ with the overwritten region zeroed; v̄ = ḡ on the region
void region_set_vjp(const Ctx& c, const VRef& g, const std::vector<bool>& need, Values& grads) {
  if (need[0]) grads[0] = ops::region_set(g, ops::zeros_like(c.in[1]), c.attrs.i);
  if (need[1]) grads[1] = ops::region_get(g, c.attrs.i);
}

// y = copy of x with each region element combined with v's: combine(T& y_elem, T v_elem).
template <class Combine>
VRef region_update_eval(const Values& in, const Attrs& a, const char* what, Combine combine) {
  const VRef &x = in[0], &v = in[1];
  const RegionView rv = region_view(x->shape, a.i);
  VRef y = copy_of(x);
  dispatch_any(x->dtype, what, [&](auto t) {
    using T = decltype(t);
    T* py = y->template data<T>();
    const T* pv = v->template data<T>();
    const auto run = [&](int64_t oy, int64_t ov, int64_t n, int64_t sy, int64_t sv) {
      for (int64_t i = 0; i < n; ++i) combine(py[oy + i * sy], pv[ov + i * sv]);
    };
    // (by reference: a std::function keeps a reference_wrapper inline, the lambda on the heap)
    strided::for_each_run(rv.base, rv.strides, 0, contiguous_strides(rv.counts), rv.counts, std::cref(run));
  });
  return y;
}

// ------------------------------------------------------------------- region_add: i = region
VRef region_add_eval(const Values& in, const Attrs& a) {
  return region_update_eval(in, a, "region_add", [](auto& y, auto v) { y += v; });
}
// linear in (x, v): ẏ = region_add(ẋ, v̇)
VRef region_add_jvp(const Ctx& c, const Values& t) {
  if (!t[1]) return t[0];
  return ops::region_add(tangent_or_zeros(c, t, 0), t[1], lanes_region(c));
}
// x̄ = ḡ, v̄ = ḡ on the region
void region_add_vjp(const Ctx& c, const VRef& g, const std::vector<bool>& need, Values& grads) {
  if (need[0]) grads[0] = g;
  if (need[1]) grads[1] = ops::region_get(g, c.attrs.i);
}

// ------------------------------------------------------------------- region_mul: i = region
VRef region_mul_eval(const Values& in, const Attrs& a) {
  return region_update_eval(in, a, "region_mul", [](auto& y, auto v) { y *= v; });
}
// y = x off the region, x·v on it: ẏ = region_mul(ẋ, v) + (x·v̇ on the region)
VRef region_mul_jvp(const Ctx& c, const Values& t) {
  const VRef &x = c.in[0], &v = c.in[1];
  const Region& r = c.attrs.i;
  VRef from_x = t[0] ? ops::region_mul(t[0], v, r) : nullptr;
  if (!t[1]) return from_x;
  return ops::region_add(from_x ? from_x : ops::zeros_like(x), ops::mul(ops::region_get(x, r), t[1]), r);
}
// x̄ = ḡ with the region scaled by conj(v); v̄ = (ḡ·conj(x)) on the region
void region_mul_vjp(const Ctx& c, const VRef& g, const std::vector<bool>& need, Values& grads) {
  const Region& r = c.attrs.i;
  if (need[0]) grads[0] = ops::region_mul(g, ops::conj(c.in[1]), r);
  if (need[1]) grads[1] = ops::mul(ops::region_get(g, r), ops::conj(ops::region_get(c.in[0], r)));
}

// --- gather / scatter along an axis (the [outer, n, inner] view of lanes_of) ---------------

// k rows of `row` bytes gathered from each outer block. Fixed > 0 is the row size known at
// compile time: a gather of single elements (the common case) then copies with one move
// instead of a call to memcpy per element.
template <size_t Fixed>
void gather_rows(char* py, const char* px, const int64_t* idx, int64_t k, int64_t outer, int64_t n, size_t row) {
  const size_t r = Fixed ? Fixed : row;
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t j = 0; j < k; ++j)
      std::memcpy(py + static_cast<size_t>(o * k + j) * r, px + static_cast<size_t>(o * n + idx[j]) * r, r);
}

// ------------------------------------------------------- take: i = {axis, index_0, index_1, …}
VRef take_eval(const Values& in, const Attrs& a) {
  const VRef& x = in[0];
  const size_t axis = static_cast<size_t>(a.i[0]);
  const int64_t* idx = a.i.data() + 1;
  const int64_t k = static_cast<int64_t>(a.i.size()) - 1, n = x->shape[axis];
  Shape shape = x->shape;
  shape[axis] = k;
  VRef y = empty(x->dtype, shape);
  if (y->size == 0) return y;
  const Lanes l = lanes_of(x->shape, static_cast<int64_t>(axis));
  const size_t row = static_cast<size_t>(l.inner) * dtype_size(x->dtype);  // bytes per index
  const char* px = static_cast<const char*>(x->storage->data);
  char* py = static_cast<char*>(y->storage->data);
  switch (row) {
    case 4: gather_rows<4>(py, px, idx, k, l.outer, n, row); break;
    case 8: gather_rows<8>(py, px, idx, k, l.outer, n, row); break;
    case 16: gather_rows<16>(py, px, idx, k, l.outer, n, row); break;
    default: gather_rows<0>(py, px, idx, k, l.outer, n, row); break;
  }
  return y;
}
Ints indices_of(const Attrs& a, size_t skip) { return {a.i.begin() + static_cast<std::ptrdiff_t>(skip), a.i.end()}; }
// take is linear: ẏ = take(ẋ); x̄ = ḡ scattered back (repeated indices accumulate)
VRef take_jvp(const Ctx& c, const Values& t) { return ops::take(t[0], indices_of(c.attrs, 1), c.attrs.i[0]); }
void take_vjp(const Ctx& c, const VRef& g, const std::vector<bool>&, Values& grads) {
  const int64_t axis = c.attrs.i[0];
  grads[0] = ops::take_add(g, indices_of(c.attrs, 1), axis, c.in[0]->shape[static_cast<size_t>(axis)]);
}

// -------------------------------------------- take_add: i = {axis, n, index_0, index_1, …}
VRef take_add_eval(const Values& in, const Attrs& a) {
  const VRef& g = in[0];
  const size_t axis = static_cast<size_t>(a.i[0]);
  const int64_t n = a.i[1];
  const int64_t* idx = a.i.data() + 2;
  const int64_t k = static_cast<int64_t>(a.i.size()) - 2;
  Shape shape = g->shape;
  shape[axis] = n;
  VRef y = zeros(g->dtype, shape);
  if (g->size == 0) return y;
  const Lanes l = lanes_of(g->shape, static_cast<int64_t>(axis));
  dispatch_any(g->dtype, "take_add", [&](auto t) {
    using T = decltype(t);
    const T* pg = g->template data<T>();
    T* py = y->template data<T>();
    for (int64_t o = 0; o < l.outer; ++o)
      for (int64_t j = 0; j < k; ++j) {
        T* dst = py + (o * n + idx[j]) * l.inner;
        const T* src = pg + (o * k + j) * l.inner;
        for (int64_t i = 0; i < l.inner; ++i) dst[i] += src[i];
      }
  });
  return y;
}
// take_add is linear and take is its adjoint: ẏ = take_add(ġ); ḡ_in = take(ȳ)
VRef take_add_jvp(const Ctx& c, const Values& t) {
  return ops::take_add(t[0], indices_of(c.attrs, 2), c.attrs.i[0], c.attrs.i[1]);
}
void take_add_vjp(const Ctx& c, const VRef& g, const std::vector<bool>&, Values& grads) {
  grads[0] = ops::take(g, indices_of(c.attrs, 2), c.attrs.i[0]);
}

// --- validation ---------------------------------------------------------------------------

// Checks a region against `shape` (see api.h); returns nothing, throws ArgumentError.
void check_region(const char* what, const Shape& shape, const Region& r) {
  if (r.size() != 3 * shape.size())
    fail(ErrorKind::Argument, std::string(what) + ": region has " + std::to_string(r.size()) + " entries, expected 3·ndim = " +
                                  std::to_string(3 * shape.size()) + " for shape " + shape_str(shape));
  for (size_t k = 0; k < shape.size(); ++k) {
    const int64_t start = r[3 * k], step = r[3 * k + 1], count = r[3 * k + 2];
    int64_t last = 0;
    const bool ok = step != 0 && count >= 0 &&
                    (count == 0 || (start >= 0 && start < shape[k] && !__builtin_mul_overflow(count - 1, step, &last) &&
                                    !__builtin_add_overflow(start, last, &last) && last >= 0 && last < shape[k]));
    if (!ok)
      fail(ErrorKind::Argument, std::string(what) + ": region (start " + std::to_string(start) + ", step " + std::to_string(step) +
                                    ", count " + std::to_string(count) + ") is invalid for axis " + std::to_string(k) +
                                    " of size " + std::to_string(shape[k]));
  }
}

// The shared front of region_set / region_add / region_mul: v must fill the region exactly,
// and takes x's dtype (the result is x updated, so it keeps x's dtype, as JAX's .at[] does).
VRef region_update(const OpDef& op, const VRef& x, const VRef& v, const Region& r) {
  check_region(op.name, x->shape, r);
  Shape counts(x->shape.size());
  for (size_t k = 0; k < counts.size(); ++k) counts[k] = r[3 * k + 2];
  if (v->shape != counts)
    fail(ErrorKind::Shape, std::string(op.name) + ": value of shape " + shape_str(v->shape) + " does not match region shape " +
                               shape_str(counts) + " of array of shape " + shape_str(x->shape));
  Attrs a;
  a.i = r;
  return apply(op, {x, v->dtype == x->dtype ? v : ops::cast(v, x->dtype)}, a);
}

// Appends indices to `out`, negative ones counted from the end (NumPy); throws when out of range.
void append_indices(const char* what, const Ints& indices, int64_t axis, int64_t n, Ints& out) {
  for (int64_t i : indices) {
    const int64_t j = i < 0 ? i + n : i;
    if (j < 0 || j >= n)
      fail(ErrorKind::Argument, std::string(what) + ": index " + std::to_string(i) + " is out of bounds for axis " +
                                    std::to_string(axis) + " with size " + std::to_string(n));
    out.push_back(j);
  }
}

}  // namespace

const OpDef op_region_get{"region_get", &region_get_eval, &region_get_jvp, &region_get_vjp, true, &taylor::linear};
const OpDef op_region_set{"region_set", &region_set_eval, &region_set_jvp, &region_set_vjp, true, &taylor::linear};
const OpDef op_region_add{"region_add", &region_add_eval, &region_add_jvp, &region_add_vjp, true, &taylor::linear};
const OpDef op_region_mul{"region_mul", &region_mul_eval, &region_mul_jvp, &region_mul_vjp, false, &taylor::separately_linear};
const OpDef op_take{"take", &take_eval, &take_jvp, &take_vjp, false, &taylor::linear};
const OpDef op_take_add{"take_add", &take_add_eval, &take_add_jvp, &take_add_vjp, false, &taylor::linear};

VRef ops::region_get(const VRef& x, const Region& r) {
  check_region("region_get", x->shape, r);
  Attrs a;
  a.i = r;
  return apply(op_region_get, {x}, a);
}
VRef ops::region_set(const VRef& x, const VRef& v, const Region& r) { return region_update(op_region_set, x, v, r); }
VRef ops::region_add(const VRef& x, const VRef& v, const Region& r) { return region_update(op_region_add, x, v, r); }
VRef ops::region_mul(const VRef& x, const VRef& v, const Region& r) { return region_update(op_region_mul, x, v, r); }

VRef ops::take(const VRef& x, const Ints& indices, int64_t axis) {
  const int64_t ax = normalize_axis(axis, x->ndim(), "take");
  Attrs a;
  a.i.reserve(indices.size() + 1);
  a.i.push_back(ax);
  append_indices("take", indices, ax, x->shape[static_cast<size_t>(ax)], a.i);
  return apply(op_take, {x}, a);
}

VRef ops::take_add(const VRef& g, const Ints& indices, int64_t axis, int64_t n) {
  const int64_t ax = normalize_axis(axis, g->ndim(), "take_add");
  const int64_t k = g->shape[static_cast<size_t>(ax)];
  if (k != static_cast<int64_t>(indices.size()))
    fail(ErrorKind::Shape, "take_add: g of shape " + shape_str(g->shape) + " has " + std::to_string(k) + " entries along axis " +
                               std::to_string(ax) + " but " + std::to_string(indices.size()) + " indices were given");
  if (n < 0) fail(ErrorKind::Argument, "take_add: length n = " + std::to_string(n) + " must be non-negative");
  Shape out = g->shape;
  out[static_cast<size_t>(ax)] = n;
  strided::checked_size(out, "take_add");
  Attrs a;
  a.i.reserve(indices.size() + 2);
  a.i.push_back(ax);
  a.i.push_back(n);
  append_indices("take_add", indices, ax, n, a.i);
  return apply(op_take_add, {g}, a);
}

}  // namespace adj
