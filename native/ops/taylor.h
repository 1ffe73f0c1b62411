// Note [Taylor mode]: taylor(f, x, v, K) runs f once at a Taylor level of order K. A value of
// that level carries x_1..x_K, the Taylor coefficients of s ↦ x(s) (x_0 is the primal), stacked
// on a leading axis in the tangent slot, laid out like tangent lanes (ops/lanes.h). Each op
// maps input coefficients to output coefficients by one of:
// - `linear`: an op linear in its varying inputs (shapes, sums, FFTs, add, where, and the
//   piecewise-linear max, relu, abs) applies its jvp to every coefficient — the lane path;
// - `bilinear`: mul, matmul and the band products take the Cauchy product Σ_j B(a_j, b_{k−j});
// - recurrences: a smooth function y = f(x) satisfies y′ = g·x′ with g = f′(x) along the path,
//   so y_k = (1/k) Σ_j j·x_j·g_{k−j}, where g's own series is built order by order from x and y
//   (each op's rule gives g_m; see unary.cc and binary.cc).
// Everything is written with differentiable ops, so reverse over Taylor (PINN losses with u_tt)
// and Taylor over any other level nest like the rest.
#pragma once
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

// v·s, skipping the product when s = 1 (null stays null).
VRef scaled(const VRef& v, double s);
// Term k of the product series, Σ_{j=from..k} a_j ⊗ b_{k−j} (nulls skipped).
template <class Product>
VRef cauchy_with(const Series& a, const Series& b, int k, int from, Product product) {
  VRef r;
  for (int j = from; j <= k; ++j)
    if (a[static_cast<size_t>(j)] && b[static_cast<size_t>(k - j)])
      r = ops::add_terms(r, product(a[static_cast<size_t>(j)], b[static_cast<size_t>(k - j)]));
  return r;
}
inline VRef cauchy(const Series& a, const Series& b, int k, int from = 0) { return cauchy_with(a, b, k, from, ops::mul); }
// (1/k) Σ_{j=1..k} j·x_j·g_{k−j}: term k of y with y′ = g·x′ (g needed up to k−1).
VRef integral(const Series& x, const Series& g, int k);
// Term k ≥ 1 of g with g′/g = b·u′/u (g = c·u^b; b_plus_1 = b + 1, a constant value), from u
// and g up to k−1: u_0·k·g_k = Σ_{j=1..k} ((b+1)·j − k)·u_j·g_{k−j}.
VRef power_step(const Series& u, const Series& g, int k, const VRef& b_plus_1);
VRef power_step(const Series& u, const Series& g, int k, double b);
// u = c0 + s·x² as a series, extended in place up to term m (u_0 from x_0).
const Series& quadratic(Series& u, const Series& x, double c0, double s, int m);

// Rules for the op table (OpDef::taylor).
VRef linear(const OpDef& op, const Ctx& c, const Values& coeffs);             // jointly linear
VRef separately_linear(const OpDef& op, const Ctx& c, const Values& coeffs);  // linear in each input alone
VRef bilinear(const OpDef& op, const Ctx& c, const Values& coeffs);           // y = B(in0, in1)
VRef linear_in_first(const OpDef& op, const Ctx& c, const Values& coeffs);    // only input 0 may vary

}  // namespace adj::taylor
