// Reductions (sum, prod, max, min), the exact lane product prod_except, cumsum and diff.
//
// Attrs:
//   sum, prod, max, min: i = {keepdims, axis_0 < axis_1 < …} (normalized; "all axes" is listed
//                        explicitly, so an empty list means "reduce nothing")
//   prod_except:         i = {axis}
//   cumsum:              i = {axis, reverse}
//   diff:                i = {axis}
//
// prod, max and min share the shape of their rules: each has a partial w = ∂y/∂x laid out like
// x (the products of the other elements; the tie-splitting argmax mask), and then
// ẏ = sum(ẋ·w), x̄ = ḡ·w.
#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "ops/api.h"
#include "ops/kernel.h"
#include "ops/taylor.h"
#include "ops/lanes.h"

namespace adj {
namespace {

using ops::Axes;

Attrs int_attrs(Ints i) {
  Attrs a;
  a.i = std::move(i);
  return a;
}

// ---------------------------------------------------------------------------------------------
// Reduction attributes and shapes

struct ReduceSpec {
  Axes axes;
  bool keepdims;
};

ReduceSpec spec_of(const Attrs& a) { return {Axes(a.i.begin() + 1, a.i.end()), a.i[0] != 0}; }

Attrs reduce_attrs(const Axes& axes, bool keepdims) {
  Attrs a;
  a.i.reserve(axes.size() + 1);
  a.i.push_back(keepdims ? 1 : 0);
  a.i.insert(a.i.end(), axes.begin(), axes.end());
  return a;
}

// `s` with the reduced axes set to 1: the keepdims shape, which broadcasts against s.
Shape kept_shape(const Shape& s, const Axes& axes) {
  Shape k = s;
  for (int64_t a : axes) k[static_cast<size_t>(a)] = 1;
  return k;
}

Shape output_shape(const Shape& s, const ReduceSpec& r) {
  if (r.keepdims) return kept_shape(s, r.axes);
  Shape o;
  o.reserve(s.size());
  for (size_t d = 0; d < s.size(); ++d)
    if (!std::binary_search(r.axes.begin(), r.axes.end(), static_cast<int64_t>(d))) o.push_back(s[d]);
  return o;
}

// Normalized, sorted, duplicate-free axes; an empty request means every axis.
Axes reduction_axes(const Shape& s, const Axes& axes, const char* what) {
  const int64_t nd = static_cast<int64_t>(s.size());
  Axes r;
  r.reserve(axes.empty() ? s.size() : axes.size());
  if (axes.empty()) {
    for (int64_t d = 0; d < nd; ++d) r.push_back(d);
    return r;
  }
  for (int64_t a : axes) r.push_back(normalize_axis(a, nd, what));
  std::sort(r.begin(), r.end());
  auto dup = std::adjacent_find(r.begin(), r.end());
  if (dup != r.end())
    fail(ErrorKind::Argument, std::string(what) + ": duplicate axis " + std::to_string(*dup) + " in axes " + shape_str(axes) +
                                  " for shape " + shape_str(s));
  return r;
}

// ---------------------------------------------------------------------------------------------
// Reduction kernels

// A reducer: an accumulator type, its identity and one combining step, and whether it has
// complex kernels. float32 sums and products accumulate in double (accuracy for long lanes
// costs nothing on the way through); complex64 sums in complex128.
template <class T> struct SumR {
  using Acc = wide_t<T>;
  static constexpr bool complex = true;
  static constexpr const char* name = "sum";
  static Acc init() { return 0; }
  static Acc step(Acc a, Acc x) { return a + x; }
};
template <class T> struct ProdR {
  using Acc = double;
  static constexpr bool complex = false;
  static constexpr const char* name = "prod";
  static Acc init() { return 1; }
  static Acc step(Acc a, Acc x) { return a * x; }
};
// max/min propagate NaN: a NaN accumulator stays, a NaN element wins (comparisons with NaN
// are false, so the element is taken).
template <class T> struct MaxR {
  using Acc = T;
  static constexpr bool complex = false;
  static constexpr const char* name = "max";
  static Acc init() { return -std::numeric_limits<T>::infinity(); }
  static Acc step(Acc a, Acc x) { return a > x || std::isnan(a) ? a : x; }
};
template <class T> struct MinR {
  using Acc = T;
  static constexpr bool complex = false;
  static constexpr const char* name = "min";
  static Acc init() { return std::numeric_limits<T>::infinity(); }
  static Acc step(Acc a, Acc x) { return a < x || std::isnan(a) ? a : x; }
};

// Folds a contiguous run. Eight independent accumulators let the compiler vectorize the loop
// without -ffast-math (which would be needed to reassociate a single accumulator), and for
// sums they shorten the chains along which rounding error grows.
template <class R, class T>
inline __attribute__((always_inline)) typename R::Acc fold_run(const T* p, int64_t n) {
  using Acc = typename R::Acc;
  constexpr int kLanes = 8;
  Acc lane[kLanes];
  std::fill(lane, lane + kLanes, R::init());
  int64_t i = 0;
  for (; i + kLanes <= n; i += kLanes)
    for (int k = 0; k < kLanes; ++k) lane[k] = R::step(lane[k], static_cast<Acc>(p[i + k]));
  for (; i < n; ++i) lane[0] = R::step(lane[0], static_cast<Acc>(p[i]));
  Acc r = lane[0];
  for (int k = 1; k < kLanes; ++k) r = R::step(r, lane[k]);
  return r;
}

// The input seen as a row-major walk over as few dims as possible: length-1 axes dropped and
// adjacent axes of equal reduce status merged, so the innermost loop is long and a full
// reduction becomes a single contiguous run. `ostride` is each dim's output stride (0 when
// reduced).
struct Walk {
  Shape dims;
  PoolVector<char> reduced;
  Shape ostride;
};

Walk make_walk(const Shape& s, const Axes& axes) {
  PoolVector<char> red(s.size(), 0);
  for (int64_t a : axes) red[static_cast<size_t>(a)] = 1;
  Walk w;
  w.dims.reserve(s.size() + 1);  // (one allocation each, not their growth)
  w.reduced.reserve(s.size() + 1);
  for (size_t d = 0; d < s.size(); ++d) {
    if (s[d] == 1) continue;
    if (!w.dims.empty() && w.reduced.back() == red[d]) {
      w.dims.back() *= s[d];
    } else {
      w.dims.push_back(s[d]);
      w.reduced.push_back(red[d]);
    }
  }
  if (w.dims.empty()) {  // a single element: copy it through
    w.dims = {1};
    w.reduced = {0};
  }
  w.ostride.resize(w.dims.size());
  int64_t acc = 1;
  for (size_t d = w.dims.size(); d-- > 0;) {
    w.ostride[d] = w.reduced[d] ? 0 : acc;
    if (!w.reduced[d]) acc *= w.dims[d];
  }
  return w;
}

// acc[o] = step(acc[o], x) for every input element x and its output offset o (acc is the
// caller's own buffer: restrict lets a row accumulate in vectors without overlap checks).
template <class R, class T>
inline __attribute__((always_inline)) void reduce_kernel(const T* __restrict x, int64_t xsize, const Walk& w,
                                                         typename R::Acc* __restrict acc) {
  using Acc = typename R::Acc;
  const size_t nd = w.dims.size();
  const int64_t len = w.dims.back();
  const bool inner_reduced = w.reduced.back();
  if (nd == 2 && !inner_reduced) {  // rows summed into one (a bias's gradient): no odometer
    for (int64_t row = 0, rows = xsize / len; row < rows; ++row) {
      const T* p = x + row * len;
      for (int64_t j = 0; j < len; ++j) acc[j] = R::step(acc[j], static_cast<Acc>(p[j]));
    }
    return;
  }
  Shape idx(nd - 1, 0);
  int64_t o = 0;
  for (int64_t row = 0, rows = xsize / len; row < rows; ++row) {
    const T* p = x + row * len;
    if (inner_reduced) {
      acc[o] = R::step(acc[o], fold_run<R>(p, len));
    } else {
      for (int64_t j = 0; j < len; ++j) acc[o + j] = R::step(acc[o + j], static_cast<Acc>(p[j]));
    }
    // advance the outer multi-index (odometer), keeping the output offset in step
    for (size_t d = nd - 1; d-- > 0;) {
      if (++idx[d] < w.dims[d]) {
        o += w.ostride[d];
        break;
      }
      o -= w.ostride[d] * (w.dims[d] - 1);
      idx[d] = 0;
    }
  }
}

template <template <class> class R>
VRef reduce_eval(const Values& in, const Attrs& attrs) {
  const VRef& x = in[0];
  const ReduceSpec r = spec_of(attrs);
  VRef y = empty(x->dtype, output_shape(x->shape, r));
  dispatch<R<double>::complex>(x->dtype, R<double>::name, [&](auto t) {
    using T = decltype(t);
    using Op = R<T>;
    ArrayVector<typename Op::Acc> acc(static_cast<size_t>(y->size), Op::init());
    // (an empty x may have dims whose product overflows: it is never walked)
    if (x->size) {
      const Walk w = make_walk(x->shape, r.axes);
      run_elementwise<T>([&]() __attribute__((always_inline)) { reduce_kernel<Op>(x->template data<T>(), x->size, w, acc.data()); });
    }
    T* py = y->template data<T>();
    for (int64_t i = 0; i < y->size; ++i) py[i] = static_cast<T>(acc[static_cast<size_t>(i)]);
  });
  return y;
}

// ---------------------------------------------------------------------------------------------
// Lane scans (cumsum, prod_except) over the [outer, n, inner] view of kernel.h's lanes_of.

// Scans every lane along the axis (from its end when `reverse`): each lane starts from a copy
// of `init` and visits its elements in order as step(state, e), e being the element's offset.
// For contiguous lanes (the last axis) the state is one local the compiler keeps in
// registers; otherwise a row of `inner` states advances together over each contiguous row,
// which vectorizes across lanes.
template <class State, class Step>
void scan_lanes(const Lanes& l, bool reverse, const State& init, Step step) {
  auto pos = [&](int64_t o, int64_t s) { return o * l.n + (reverse ? l.n - 1 - s : s); };
  if (l.inner == 1) {
    for (int64_t o = 0; o < l.outer; ++o) {
      State st = init;
      for (int64_t s = 0; s < l.n; ++s) step(st, pos(o, s));
    }
    return;
  }
  std::vector<State> row(static_cast<size_t>(l.inner));
  for (int64_t o = 0; o < l.outer; ++o) {
    std::fill(row.begin(), row.end(), init);
    for (int64_t s = 0; s < l.n; ++s) {
      const int64_t off = pos(o, s) * l.inner;
      for (int64_t j = 0; j < l.inner; ++j) step(row[static_cast<size_t>(j)], off + j);
    }
  }
}

template <class T>
void cumsum_kernel(const T* x, T* y, const Lanes& l, bool reverse) {
  // accumulates in double (complex<double>), as sum does
  scan_lanes(l, reverse, wide_t<T>(0), [&](wide_t<T>& acc, int64_t e) {
    acc += static_cast<wide_t<T>>(x[e]);
    y[e] = static_cast<T>(acc);
  });
}

// y_i = (product of the elements before i) · (product of those after): no division, so exact
// when the lane holds zeros.
template <class T>
void prod_except_kernel(const T* x, T* y, const Lanes& l) {
  scan_lanes(l, false, T(1), [&](T& before, int64_t e) {
    y[e] = before;
    before *= x[e];
  });
  scan_lanes(l, true, T(1), [&](T& after, int64_t e) {
    y[e] *= after;
    after *= x[e];
  });
}

// A running product and its directional derivative.
template <class T> struct ProdTangent {
  T p, dp;
};

// r_i = Σ_{j≠i} v_j Π_{k∉{i,j}} x_k in O(n) per lane: the directional derivative along v of
// prefix_i·suffix_i, carried as (P, dP) and (S, dS) through the same two scans
// (P' = P·x_k, dP' = dP·x_k + P·v_k); still no division.
template <class T>
void pair_product_kernel(const T* x, const T* v, T* r, const Lanes& l) {
  std::vector<T> prefix(static_cast<size_t>(l.outer * l.n * l.inner));
  auto advance = [&](ProdTangent<T>& s, int64_t e) {
    s.dp = s.dp * x[e] + s.p * v[e];
    s.p *= x[e];
  };
  scan_lanes(l, false, ProdTangent<T>{1, 0}, [&](ProdTangent<T>& pre, int64_t e) {
    prefix[static_cast<size_t>(e)] = pre.p;
    r[e] = pre.dp;
    advance(pre, e);
  });
  scan_lanes(l, true, ProdTangent<T>{1, 0}, [&](ProdTangent<T>& suf, int64_t e) {
    r[e] = r[e] * suf.p + prefix[static_cast<size_t>(e)] * suf.dp;
    advance(suf, e);
  });
}

// ---------------------------------------------------------------------------------------------
// Rules of the reductions

// ḡ (shaped like the output) reshaped to the keepdims shape, so that it broadcasts against x.
VRef keep_reduced(const VRef& g, const Ctx& c) {
  const Shape k = kept_shape(c.in[0]->shape, spec_of(c.attrs).axes);
  return g->shape == k ? g : ops::reshape(g, k);
}

// d sum = sum(ẋ); x̄ = broadcast(ḡ)
VRef sum_jvp(const Ctx& c, const Values& t) { return apply(op_sum, {t[0]}, lanes::axes_shifted(c, 1, c.attrs.i.size() - 1)); }
void sum_vjp(const Ctx& c, const VRef& g, const std::vector<bool>&, Values& grads) {
  grads[0] = ops::broadcast_to(keep_reduced(g, c), c.in[0]->shape);
}

// For each element of x, the product of the other elements of its reduced group (∂prod/∂x).
// Several axes are moved last and merged into one lane, so one prod_except serves them all.
VRef prod_except_axes(const VRef& x, const Axes& axes) {
  // prod over nothing is x itself; an empty x has nothing to differentiate (and its dims may
  // not even have a representable product)
  if (axes.empty() || x->size == 0) return full(x->dtype, x->shape, 1.0);
  if (axes.size() == 1) return apply(op_prod_except, {x}, int_attrs({axes[0]}));
  const int64_t nd = x->ndim();
  Axes perm;
  Shape lanes;
  for (int64_t d = 0; d < nd; ++d) {
    if (std::binary_search(axes.begin(), axes.end(), d)) continue;
    perm.push_back(d);
    lanes.push_back(x->shape[static_cast<size_t>(d)]);
  }
  int64_t group = 1;
  for (int64_t a : axes) {
    perm.push_back(a);
    group *= x->shape[static_cast<size_t>(a)];
  }
  lanes.push_back(group);
  bool identity = true;
  for (int64_t d = 0; d < nd; ++d) identity &= perm[static_cast<size_t>(d)] == d;
  const VRef xt = identity ? x : ops::transpose(x, perm);
  const VRef pe = apply(op_prod_except, {ops::reshape(xt, lanes)}, int_attrs({static_cast<int64_t>(lanes.size()) - 1}));
  const VRef back = ops::reshape(pe, xt->shape);
  if (identity) return back;
  Axes inverse(perm.size());
  for (size_t k = 0; k < perm.size(); ++k) inverse[static_cast<size_t>(perm[k])] = static_cast<int64_t>(k);
  return ops::transpose(back, inverse);
}

// ∂prod/∂x_i = Π_{j≠i} x_j over i's group (differentiable in x, so the rules nest).
VRef prod_partials(const Ctx& c) { return prod_except_axes(c.in[0], spec_of(c.attrs).axes); }

// ∂max/∂x = mask / count with mask = [x == y]: ties share the derivative evenly (JAX). The
// mask is piecewise constant, so it is built from the concrete arrays and records nothing.
VRef extremum_partials(const Ctx& c) {
  const ReduceSpec r = spec_of(c.attrs);
  const VRef x = stop_gradient(c.in[0]);
  const VRef y = stop_gradient(c.out);
  const Shape k = kept_shape(x->shape, r.axes);
  const VRef mask = ops::equal(x, y->shape == k ? y : alias(y, k));
  return ops::div(mask, apply(op_sum, {mask}, reduce_attrs(r.axes, true)));
}

// The two halves of every rule with a partial w = ∂y/∂x laid out like x.
VRef contract(const Ctx& c, const VRef& t, const VRef& w) { return apply(op_sum, {ops::mul(t, w)}, c.attrs); }
VRef spread(const Ctx& c, const VRef& g, const VRef& w) { return ops::mul(keep_reduced(g, c), w); }

// d prod = sum(ẋ·prod_except(x)); x̄ = ḡ·prod_except(x)
VRef prod_jvp(const Ctx& c, const Values& t) { return contract(c, t[0], prod_partials(c)); }
void prod_vjp(const Ctx& c, const VRef& g, const std::vector<bool>&, Values& grads) {
  grads[0] = spread(c, g, prod_partials(c));
}

// d max = sum(ẋ·mask)/sum(mask); x̄ = ḡ·mask/sum(mask), mask = [x == max x] (also min)
VRef extremum_jvp(const Ctx& c, const Values& t) { return contract(c, t[0], extremum_partials(c)); }
void extremum_vjp(const Ctx& c, const VRef& g, const std::vector<bool>&, Values& grads) {
  grads[0] = spread(c, g, extremum_partials(c));
}

// ---------------------------------------------------------------------------------------------
// prod_except

VRef prod_except_eval(const Values& in, const Attrs& attrs) {
  const VRef& x = in[0];
  VRef y = empty(x->dtype, x->shape);
  dispatch_real(x->dtype, "prod_except", [&](auto t) {
    using T = decltype(t);
    if (!x->size) return;
    prod_except_kernel(x->template data<T>(), y->template data<T>(), lanes_of(x->shape, attrs.i[0]));
  });
  return y;
}

// An n×n identity along axes (a, a+1), trailed by 1s so that it broadcasts against an array
// with a new axis inserted at a.
VRef eye_at(DType dt, int64_t n, int64_t a, int64_t ndim) {
  if (n > 0 && n > std::numeric_limits<int64_t>::max() / 16 / n)
    fail(ErrorKind::Shape, "prod_except: lane length " + std::to_string(n) + " is too large for its second derivative");
  Shape s = {n, n};
  s.resize(static_cast<size_t>(ndim + 1 - a), 1);
  VRef e = zeros(dt, s);
  dispatch_real(dt, "prod_except", [&](auto t) {
    using T = decltype(t);
    for (int64_t i = 0; i < n; ++i) e->template data<T>()[i * n + i] = T(1);
  });
  return e;
}

// r_i = Σ_{j≠i} v_j Π_{k∉{i,j}} x_k along axis a. Both rules of prod_except are this map:
// ẏ = M·ẋ and x̄ = Mᵀ·ḡ with M[i][j] = Π_{k∉{i,j}} x_k (j ≠ i), M[i][i] = 0, and M is symmetric.
// Concrete operands take the O(n) kernel; otherwise M is built with ops (O(n²) per lane) so
// that the rule is itself differentiable: row i of M is prod_except of the lane with x_i := 1.
VRef pair_product(const VRef& x, const VRef& v, int64_t a) {
  if (x->size == 0) return zeros(x->dtype, x->shape);
  if (!x->tag && !v->tag) {
    VRef r = empty(x->dtype, x->shape);
    dispatch_real(x->dtype, "prod_except", [&](auto t) {
      using T = decltype(t);
      pair_product_kernel(x->template data<T>(), v->template data<T>(), r->template data<T>(), lanes_of(x->shape, a));
    });
    return r;
  }
  const int64_t n = x->shape[static_cast<size_t>(a)];
  const VRef eye = eye_at(x->dtype, n, a, x->ndim());
  const VRef lane_rows = ops::where(eye, ops::scalar_like(1, x), ops::expand_dims(x, a));  // [.., i, j, ..]: x_j, 1 at j = i
  const VRef products = apply(op_prod_except, {lane_rows}, int_attrs({a + 1}));
  const VRef m = ops::where(eye, ops::scalar_like(0, x), products);
  return ops::sum(ops::mul(m, ops::expand_dims(v, a)), {a + 1}, false);
}

// ẏ_i = Σ_{j≠i} ẋ_j Π_{k∉{i,j}} x_k; x̄_j = Σ_{i≠j} ḡ_i Π_{k∉{i,j}} x_k
VRef prod_except_jvp(const Ctx& c, const Values& t) { return pair_product(c.in[0], t[0], c.attrs.i[0]); }
void prod_except_vjp(const Ctx& c, const VRef& g, const std::vector<bool>&, Values& grads) {
  grads[0] = pair_product(c.in[0], g, c.attrs.i[0]);
}

// ---------------------------------------------------------------------------------------------
// cumsum

VRef cumsum_eval(const Values& in, const Attrs& attrs) {
  const VRef& x = in[0];
  VRef y = empty(x->dtype, x->shape);
  dispatch_any(x->dtype, "cumsum", [&](auto t) {
    using T = decltype(t);
    if (!x->size) return;
    cumsum_kernel(x->template data<T>(), y->template data<T>(), lanes_of(x->shape, attrs.i[0]), attrs.i[1] != 0);
  });
  return y;
}

// d cumsum = cumsum(ẋ); x̄ = cumsum of ḡ in the opposite direction
VRef cumsum_jvp(const Ctx& c, const Values& t) { return apply(op_cumsum, {t[0]}, lanes::axes_shifted(c, 0, 1)); }
void cumsum_vjp(const Ctx& c, const VRef& g, const std::vector<bool>&, Values& grads) {
  grads[0] = apply(op_cumsum, {g}, int_attrs({c.attrs.i[0], c.attrs.i[1] ? 0 : 1}));
}

// ---------------------------------------------------------------------------------------------
// diff: y[…, i, …] = x[…, i+1, …] − x[…, i, …] along one axis (i = {axis})

VRef diff_eval(const Values& in, const Attrs& attrs) {
  const VRef& x = in[0];
  const int64_t axis = attrs.i[0];
  Shape s = x->shape;
  const int64_t n = s[static_cast<size_t>(axis)];
  s[static_cast<size_t>(axis)] = std::max<int64_t>(n - 1, 0);
  VRef y = empty(x->dtype, s);
  if (y->size == 0) return y;
  const Lanes l = lanes_of(x->shape, axis);
  dispatch_any(x->dtype, "diff", [&](auto t) {
    using T = decltype(t);
    const T* px = x->template data<T>();
    T* py = y->template data<T>();
    // Within one outer block, y's (n − 1)·inner entries are x's shifted by one step along the
    // axis (inner entries) minus x's: one contiguous, vectorizable loop whatever the axis.
    const int64_t count = (n - 1) * l.inner;
    for (int64_t o = 0; o < l.outer; ++o) {
      const T* a = px + o * n * l.inner;
      T* r = py + o * count;
      for (int64_t k = 0; k < count; ++k) r[k] = a[k + l.inner] - a[k];
    }
  });
  return y;
}

// linear: ẏ = diff(ẋ); x̄_i = ḡ_{i−1} − ḡ_i (ḡ_{−1} = ḡ_{n−1} = 0)
VRef diff_jvp(const Ctx& c, const Values& t) { return apply(op_diff, {t[0]}, lanes::axes_shifted(c, 0, 1)); }
void diff_vjp(const Ctx& c, const VRef& g, const std::vector<bool>&, Values& grads) {
  const int64_t axis = c.attrs.i[0];
  Ints before(2 * static_cast<size_t>(g->ndim()), 0), after = before;
  before[2 * static_cast<size_t>(axis)] = 1;
  after[2 * static_cast<size_t>(axis) + 1] = 1;
  if (c.in[0]->shape[static_cast<size_t>(axis)] == 0) {
    grads[0] = ops::zeros_like(c.in[0]);
    return;
  }
  grads[0] = ops::sub(ops::pad(g, before, 0), ops::pad(g, after, 0));
}

// ---------------------------------------------------------------------------------------------

// Validates and normalizes the axes, then dispatches. Reductions without an identity (max,
// min) refuse an empty reduced axis, as NumPy does.
VRef reduce(const OpDef& op, bool has_identity, const VRef& x, const Axes& axes, bool keepdims) {
  const Axes ax = reduction_axes(x->shape, axes, op.name);
  if (!has_identity) {
    for (int64_t a : ax)
      if (x->shape[static_cast<size_t>(a)] == 0)
        fail(ErrorKind::Argument, std::string(op.name) + ": zero-size reduction along axis " + std::to_string(a) + " of shape " +
                                      shape_str(x->shape) + " (" + op.name + " has no identity)");
  }
  return apply(op, {x}, reduce_attrs(ax, keepdims));
}

}  // namespace

const OpDef op_sum{"sum", &reduce_eval<SumR>, &sum_jvp, &sum_vjp, true, &taylor::linear};
const OpDef op_prod{"prod", &reduce_eval<ProdR>, &prod_jvp, &prod_vjp};
const OpDef op_max{"max", &reduce_eval<MaxR>, &extremum_jvp, &extremum_vjp, false, &taylor::linear};
const OpDef op_min{"min", &reduce_eval<MinR>, &extremum_jvp, &extremum_vjp, false, &taylor::linear};
const OpDef op_prod_except{"prod_except", &prod_except_eval, &prod_except_jvp, &prod_except_vjp};
const OpDef op_cumsum{"cumsum", &cumsum_eval, &cumsum_jvp, &cumsum_vjp, true, &taylor::linear};
const OpDef op_diff{"diff", &diff_eval, &diff_jvp, &diff_vjp, true, &taylor::linear};

VRef ops::diff(const VRef& x, int64_t axis) {
  if (x->ndim() == 0) fail(ErrorKind::Argument, "diff: needs an array of at least 1 dimension, got shape []");
  return apply(op_diff, {x}, int_attrs({normalize_axis(axis, x->ndim(), "diff")}));
}

VRef ops::sum(const VRef& x, const Axes& axes, bool keepdims) { return reduce(op_sum, true, x, axes, keepdims); }
VRef ops::prod(const VRef& x, const Axes& axes, bool keepdims) { return reduce(op_prod, true, x, axes, keepdims); }
VRef ops::max(const VRef& x, const Axes& axes, bool keepdims) { return reduce(op_max, false, x, axes, keepdims); }
VRef ops::min(const VRef& x, const Axes& axes, bool keepdims) { return reduce(op_min, false, x, axes, keepdims); }

VRef ops::prod_except(const VRef& x, int64_t axis) {
  return apply(op_prod_except, {x}, int_attrs({normalize_axis(axis, x->ndim(), "prod_except")}));
}

VRef ops::cumsum(const VRef& x, int64_t axis, bool reverse) {
  return apply(op_cumsum, {x}, int_attrs({normalize_axis(axis, x->ndim(), "cumsum"), reverse ? 1 : 0}));
}

}  // namespace adj
