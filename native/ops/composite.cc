// Composites: functions of differentiable ops with no rules of their own. Their derivatives
// (of every order, in every mode) come from the primitives they are made of, so each one only
// has to get its primal right and to keep its unselected branches finite.
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "ops/api.h"
#include "ops/kernel.h"

namespace adj {
namespace {

using ops::Axes;

std::string str(int64_t v) { return std::to_string(v); }

// The position of a new axis: [-ndim-1, ndim] for an array of `ndim` axes, as NumPy.
int64_t new_axis(int64_t axis, int64_t ndim, const char* what) {
  const int64_t a = axis < 0 ? axis + ndim + 1 : axis;
  if (a < 0 || a > ndim)
    fail(ErrorKind::Argument, std::string(what) + ": axis " + str(axis) + " is out of range for a new axis of an array with ndim " +
                                  str(ndim) + " (valid: " + str(-ndim - 1) + " to " + str(ndim) + ")");
  return a;
}

// m with ±∞ and NaN replaced by 0 (m is concrete). A shift by an infinite maximum would
// compute ∞ − ∞ = NaN; shifting by 0 there instead gives the exact ±∞ (or NaN) answer.
VRef finite_or_zero(const VRef& m) {
  VRef r = empty(m->dtype, m->shape);
  dispatch_real(m->dtype, "logsumexp", [&](auto t) {
    using T = decltype(t);
    const T* pm = m->template data<T>();
    T* pr = r->template data<T>();
    for (int64_t i = 0; i < m->size; ++i) pr[i] = std::isfinite(pm[i]) ? pm[i] : T(0);
  });
  return r;
}

// NumPy's slice bounds (PySlice_AdjustIndices): negative indices count from the end, then
// clamp to [0, n] (step > 0) or [-1, n-1] (step < 0). stop = INT64_MAX means "to the end" in
// the direction of the step.
struct Span {
  int64_t start, count;
};

Span slice_span(int64_t n, int64_t start, int64_t stop, int64_t step) {
  const bool fwd = step > 0;
  const int64_t lo = fwd ? 0 : -1, hi = fwd ? n : n - 1;
  auto clamp = [&](int64_t i) {
    if (i < 0) {
      i += n;  // no overflow: n ≥ 0
      return i < lo ? lo : i;
    }
    return i > hi ? hi : i;
  };
  const int64_t b = clamp(start);
  const int64_t e = stop == std::numeric_limits<int64_t>::max() ? (fwd ? n : -1) : clamp(stop);
  // b and e lie in [-1, n], so the differences cannot overflow; for step < 0 the negative
  // numerator divided by the negative step avoids negating INT64_MIN.
  const int64_t count = fwd ? (e > b ? (e - b - 1) / step + 1 : 0) : (b > e ? (e - b + 1) / step + 1 : 0);
  return {count ? b : 0, count};
}

}  // namespace

VRef ops::mean(const VRef& x, const Axes& axes, bool keepdims) {
  const VRef s = ops::sum(x, axes, keepdims);  // validates the axes
  // Elements per group; 0 when a reduced axis is empty, giving 0/0 = NaN as NumPy does.
  const int64_t count = s->size ? x->size / s->size : 1;
  return ops::div(s, ops::scalar_like(static_cast<double>(count), s));
}

// ‖x‖₂ = √Σx². Under AD the gradient at a zero norm is 0 (a subgradient) instead of 0·∞ = NaN:
// the inner where keeps sqrt away from 0 there, the outer one selects 0 (the double-where trick).
VRef ops::norm(const VRef& x, const Axes& axes, bool keepdims) {
  const VRef s = ops::sum(ops::square(x), axes, keepdims);
  if (!s->tag) return ops::sqrt(s);  // no level involved: no derivative to protect
  const VRef zero = ops::equal(s, ops::scalar_like(0, s));
  const VRef safe = ops::where(zero, ops::scalar_like(1, s), s);
  return ops::where(zero, ops::scalar_like(0, s), ops::sqrt(safe));
}

// log Σ exp x = m + log Σ exp(x − m) with m = max x held constant (stop_gradient), so the
// gradient is exactly softmax(x).
VRef ops::logsumexp(const VRef& x, const Axes& axes, bool keepdims) {
  // max has no identity; an empty group sums to 0 and gives log 0 = −∞, as SciPy does
  if (x->size == 0) return ops::log(ops::sum(ops::exp(x), axes, keepdims));
  const VRef m = finite_or_zero(ops::max(stop_gradient(x), axes, true));
  const VRef s = ops::sum(ops::exp(ops::sub(x, m)), axes, keepdims);
  return ops::add(ops::log(s), alias(m, s->shape));
}

VRef ops::stack(const Values& xs, int64_t axis) {
  if (xs.empty()) fail(ErrorKind::Argument, "stack: needs at least one array");
  const Shape& s0 = xs[0]->shape;
  for (size_t k = 1; k < xs.size(); ++k)
    if (xs[k]->shape != s0)
      fail(ErrorKind::Shape, "stack: all inputs must have the same shape, but input 0 has shape " + shape_str(s0) + " and input " +
                                 str(static_cast<int64_t>(k)) + " has shape " + shape_str(xs[k]->shape));
  const int64_t ax = new_axis(axis, static_cast<int64_t>(s0.size()), "stack");
  Values parts;
  parts.reserve(xs.size());
  for (const VRef& x : xs) parts.push_back(ops::expand_dims(x, ax));
  return ops::concat(parts, ax);
}

VRef ops::expand_dims(const VRef& x, int64_t axis) {
  const int64_t ax = new_axis(axis, x->ndim(), "expand_dims");
  Shape s = x->shape;
  s.insert(s.begin() + ax, 1);
  return ops::reshape(x, s);
}

VRef ops::squeeze(const VRef& x, const Axes& axes) {
  const Shape& s = x->shape;
  std::vector<bool> drop(s.size(), false);
  if (axes.empty()) {
    for (size_t d = 0; d < s.size(); ++d) drop[d] = s[d] == 1;
  }
  for (int64_t a : axes) {
    const size_t d = static_cast<size_t>(normalize_axis(a, x->ndim(), "squeeze"));
    if (drop[d]) fail(ErrorKind::Argument, "squeeze: duplicate axis " + str(a) + " in axes " + shape_str(axes));
    if (s[d] != 1)
      fail(ErrorKind::Shape, "squeeze: cannot squeeze axis " + str(a) + " of length " + str(s[d]) + " in shape " + shape_str(s));
    drop[d] = true;
  }
  Shape kept;
  for (size_t d = 0; d < s.size(); ++d)
    if (!drop[d]) kept.push_back(s[d]);
  return ops::reshape(x, kept);
}

VRef ops::slice(const VRef& x, int64_t start, int64_t stop, int64_t step, int64_t axis) {
  const int64_t ax = normalize_axis(axis, x->ndim(), "slice");
  if (step == 0) fail(ErrorKind::Argument, "slice: step must not be zero");
  const Span sp = slice_span(x->shape[static_cast<size_t>(ax)], start, stop, step);
  Region r;
  r.reserve(3 * x->shape.size());
  for (int64_t d = 0; d < x->ndim(); ++d) {
    if (d == ax) r.insert(r.end(), {sp.start, sp.count ? step : 1, sp.count});
    else r.insert(r.end(), {0, 1, x->shape[static_cast<size_t>(d)]});
  }
  return ops::region_get(x, r);
}

VRef ops::sum_to_shape(const VRef& x, const Shape& shape) {
  if (x->shape == shape) return x;
  const Shape& s = x->shape;
  auto bad = [&] { fail(ErrorKind::Shape, "sum_to_shape: cannot sum shape " + shape_str(s) + " to shape " + shape_str(shape)); };
  if (shape.size() > s.size()) bad();
  const size_t lead = s.size() - shape.size();
  // Sum the leading extra axes and those where the target is 1; length-1 axes need no sum,
  // the final reshape drops or keeps them.
  Axes axes;
  for (size_t d = 0; d < s.size(); ++d) {
    if (d >= lead && shape[d - lead] == s[d]) continue;
    if (d >= lead && shape[d - lead] != 1) bad();
    if (s[d] != 1) axes.push_back(static_cast<int64_t>(d));
  }
  return ops::reshape(axes.empty() ? x : ops::sum(x, axes, true), shape);
}

}  // namespace adj
