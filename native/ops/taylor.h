// Note [Taylor mode]: taylor(f, x, v, K) runs f once at a Taylor level of order K. A value of
// that level carries x_1..x_K, the Taylor coefficients of s ↦ x(s) (x_0 is the primal), stacked
// on a leading axis in the tangent slot, laid out like tangent lanes (ops/lanes.h). At order 1
// the coefficients are a jvp's tangents of one lane (y_1 = f′(x_0)·x_1): every op applies its
// tangent rule, one node on a tape where a recurrence over the series taken apart and stacked
// again makes several. From order 2 each op maps input coefficients to output coefficients
// by one of:
// - `linear`: an op linear in its varying inputs (shapes, sums, FFTs, add, where, and the
//   piecewise-linear max, relu, abs) applies its jvp to every coefficient — the lane path;
// - `bilinear`: mul, matmul and the band products take the Cauchy product Σ_j B(a_j, b_{k−j});
// - recurrences: a smooth function y = f(x) satisfies y′ = g·x′ with g = f′(x) along the path,
//   so y_k = (1/k) Σ_j j·x_j·g_{k−j}, where g's own series is built order by order from x and y
//   (each op's rule gives g_m; see unary.cc and binary.cc).
// The recurrences are templates over the series: on series of differentiable values they run
// op by op, so reverse over Taylor (PINN losses with u_tt) and Taylor over any other level nest
// like the rest; when no operand is traced by another level, the elementwise ops run the same
// templates element by element on native Taylor<T, K> series (dual/taylor.h), one pass.
#pragma once
#include <cmath>
#include <complex>
#include <vector>

#include "core/op.h"
#include "ops/api.h"

namespace adj::taylor {

// x_0..x_K; a null entry is a zero coefficient.
using Series = std::vector<VRef>;

// The output coefficients of `op` at a Taylor level (the dispatcher's entry).
VRef coefficients(const OpDef& op, const Ctx& c, const Values& coeffs);

// Input i as a series: x_0 = c.in[i], then its coefficients (all null when it has none).
Series series(const Ctx& c, const Values& coeffs, size_t i);
// y_1..y_K stacked on a leading axis, zeros for null entries; null when all are.
VRef stacked(const Ctx& c, const Series& y);

// The coefficient algebra the recurrences below are written in. A coefficient is either a
// differentiable value (null for a zero coefficient; arithmetic by ops, so rules nest) or a
// plain scalar of a native kernel over Taylor<T, K> series (dual/taylor.h).
inline bool nonzero(const VRef& v) { return v != nullptr; }
inline VRef plus(const VRef& a, const VRef& b) { return ops::add_terms(a, b); }
inline VRef negate(const VRef& a) { return a ? ops::neg(a) : a; }
inline VRef minus(const VRef& a, const VRef& b) { return !b ? a : a ? ops::sub(a, b) : ops::neg(b); }
inline VRef times(const VRef& a, const VRef& b) { return ops::mul(a, b); }
inline VRef over(const VRef& a, const VRef& b) { return ops::div(a, b); }
inline VRef squared(const VRef& a) { return ops::square(a); }
inline VRef logarithm(const VRef& a) { return ops::log(a); }
// s / v
inline VRef ratio(double s, const VRef& v) { return ops::div(ops::scalar_like(s, v), v); }
// v·s, skipping the product when s = 1 (null stays null).
VRef scaled(const VRef& v, double s);
// c0 + v
inline VRef shifted(double c0, const VRef& v) { return ops::add(ops::scalar_like(c0, v), v); }

template <class T> constexpr bool nonzero(const T&) { return true; }
template <class T> T plus(const T& a, const T& b) { return a + b; }
template <class T> T negate(const T& a) { return -a; }
template <class T> T minus(const T& a, const T& b) { return a - b; }
template <class T> T times(const T& a, const T& b) { return a * b; }
template <class T> T over(const T& a, const T& b) { return a / b; }
template <class T> T squared(const T& a) { return a * a; }
template <class T> T logarithm(const T& a) { return std::log(a); }
template <class T> T ratio(double s, const T& v) { return T(static_cast<decltype(std::abs(v))>(s)) / v; }
template <class T> T scaled(const T& v, double s) { return v * static_cast<decltype(std::abs(v))>(s); }
template <class T> T shifted(double c0, const T& v) { return T(static_cast<decltype(std::abs(v))>(c0)) + v; }

template <class S> using Coefficient = typename S::value_type;

// Term k of the product series, Σ_{j=from..k} a_j ⊗ b_{k−j} (zero terms skipped).
template <class S, class Product>
Coefficient<S> cauchy_with(const S& a, const S& b, int k, int from, Product product) {
  Coefficient<S> r{};
  for (int j = from; j <= k; ++j)
    if (nonzero(a[static_cast<size_t>(j)]) && nonzero(b[static_cast<size_t>(k - j)]))
      r = plus(r, product(a[static_cast<size_t>(j)], b[static_cast<size_t>(k - j)]));
  return r;
}
template <class S>
Coefficient<S> cauchy(const S& a, const S& b, int k, int from = 0) {
  return cauchy_with(a, b, k, from, [](const Coefficient<S>& u, const Coefficient<S>& v) { return times(u, v); });
}

// (1/k) Σ_{j=1..k} j·x_j·g_{k−j}: term k of y with y′ = g·x′ (g needed up to k−1).
// (The weights multiply by 1/k rather than divide: a division per term dominated the native
// kernels; j = k keeps weight 1 exactly, so that no op is made for it.)
template <class S>
Coefficient<S> integral(const S& x, const S& g, int k) {
  const double inv_k = 1.0 / k;
  Coefficient<S> r{};
  for (int j = 1; j <= k; ++j)
    if (nonzero(x[static_cast<size_t>(j)]) && nonzero(g[static_cast<size_t>(k - j)]))
      r = plus(r, times(scaled(x[static_cast<size_t>(j)], j == k ? 1.0 : j * inv_k), g[static_cast<size_t>(k - j)]));
  return r;
}

// Term k ≥ 1 of g with g′/g = b·u′/u (g = c·u^b), from u and g up to k−1:
// u_0·k·g_k = Σ_{j=1..k} ((b+1)·j − k)·u_j·g_{k−j}.
template <class S>
Coefficient<S> power_step(const S& u, const S& g, int k, double b) {
  const double inv_k = 1.0 / k;
  Coefficient<S> r{};
  for (int j = 1; j <= k; ++j)
    if (nonzero(u[static_cast<size_t>(j)]) && nonzero(g[static_cast<size_t>(k - j)]))
      r = plus(r, scaled(times(u[static_cast<size_t>(j)], g[static_cast<size_t>(k - j)]), ((b + 1) * j - k) * inv_k));
  return nonzero(r) ? over(r, u[0]) : r;
}
// The same with an exponent that is a differentiable value (one per element).
VRef power_step(const Series& u, const Series& g, int k, const VRef& b);

// u = c0 + s·x² as a series, extended in place up to term m (u_0 from x_0).
template <class S>
const S& quadratic(S& u, const S& x, double c0, double s, int m) {
  if (u.empty()) u.push_back(shifted(c0, scaled(squared(x[0]), s)));
  while (static_cast<int>(u.size()) <= m) u.push_back(scaled(cauchy(x, x, static_cast<int>(u.size())), s));
  return u;
}

// Rules for the op table (OpDef::taylor).
VRef linear(const OpDef& op, const Ctx& c, const Values& coeffs);             // jointly linear
VRef separately_linear(const OpDef& op, const Ctx& c, const Values& coeffs);  // linear in each input alone
VRef bilinear(const OpDef& op, const Ctx& c, const Values& coeffs);           // y = B(in0, in1)
VRef linear_in_first(const OpDef& op, const Ctx& c, const Values& coeffs);    // only input 0 may vary

}  // namespace adj::taylor
