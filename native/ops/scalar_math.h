// The math vocabulary that derivative formulas are written in. Every function exists for
// float, double and for V (a differentiable value), so one template formula serves as the
// fused scalar kernel of a pullback and as the nested, op-by-op rule under outer levels
// (the way ForwardDiff's single rule table serves Dual numbers and tests alike).
#pragma once
#include <cmath>
#include <complex>
#include <type_traits>

#include "ops/api.h"

namespace adj::m {

// A differentiable value in a formula: arithmetic dispatches ops.
struct V {
  VRef r;
  V(VRef x) : r(std::move(x)) {}  // NOLINT: implicit by design
  operator const VRef&() const { return r; }
};

template <class T> using if_real = std::enable_if_t<std::is_floating_point_v<T>, T>;

inline V operator+(const V& a, const V& b) { return ops::add(a, b); }
inline V operator-(const V& a, const V& b) { return ops::sub(a, b); }
inline V operator*(const V& a, const V& b) { return ops::mul(a, b); }
inline V operator/(const V& a, const V& b) { return ops::div(a, b); }
inline V operator-(const V& a) { return ops::neg(a); }
inline V operator+(double s, const V& b) { return ops::add(ops::scalar_like(s, b), b); }
inline V operator+(const V& a, double s) { return ops::add(a, ops::scalar_like(s, a)); }
inline V operator-(double s, const V& b) { return ops::sub(ops::scalar_like(s, b), b); }
inline V operator-(const V& a, double s) { return ops::sub(a, ops::scalar_like(s, a)); }
inline V operator*(double s, const V& b) { return ops::mul(ops::scalar_like(s, b), b); }
inline V operator*(const V& a, double s) { return ops::mul(a, ops::scalar_like(s, a)); }
inline V operator/(double s, const V& b) { return ops::div(ops::scalar_like(s, b), b); }
inline V operator/(const V& a, double s) { return ops::div(a, ops::scalar_like(s, a)); }

#define ADJ_MATH_UNARY(name, expr)                              \
  template <class T> inline if_real<T> name(T x) { return expr; } \
  inline V name(const V& x) { return ops::name(x); }
// (Complex scalars find std::exp, std::conj, … by argument-dependent lookup.)
ADJ_MATH_UNARY(exp, std::exp(x))
ADJ_MATH_UNARY(log, std::log(x))
ADJ_MATH_UNARY(sqrt, std::sqrt(x))
ADJ_MATH_UNARY(sin, std::sin(x))
ADJ_MATH_UNARY(cos, std::cos(x))
ADJ_MATH_UNARY(sinh, std::sinh(x))
ADJ_MATH_UNARY(cosh, std::cosh(x))
ADJ_MATH_UNARY(sign, T((x > 0) - (x < 0)))
ADJ_MATH_UNARY(square, x * x)
ADJ_MATH_UNARY(sigmoid, x >= 0 ? T(1) / (T(1) + std::exp(-x)) : std::exp(x) / (T(1) + std::exp(x)))
#undef ADJ_MATH_UNARY

template <class T> inline if_real<T> pow(T a, T b) { return std::pow(a, b); }
inline V pow(const V& a, const V& b) { return ops::pow(a, b); }

// Masks (1 where true, else 0) and selection.
template <class T> inline if_real<T> gt(T a, T b) { return T(a > b); }
template <class T> inline if_real<T> eq(T a, T b) { return T(a == b); }
inline V gt(const V& a, const V& b) { return ops::greater(a, b); }
inline V eq(const V& a, const V& b) { return ops::equal(a, b); }
template <class T> inline if_real<T> where(T c, T a, T b) { return c != 0 ? a : b; }
inline V where(const V& c, const V& a, const V& b) { return ops::where(c, a, b); }

// A constant shaped like x's scalar type: T(v) for scalars, a 0-d value for V.
template <class T> inline if_real<T> constant(double v, T) { return T(v); }
template <class T> inline std::complex<T> constant(double v, std::complex<T>) { return std::complex<T>(T(v)); }
inline V constant(double v, const V& like) { return ops::scalar_like(v, like); }

// The complex conjugate (the identity on reals). Pullbacks multiply by the conjugate of the
// derivative: for y = f(z), z̄ = ȳ·conj(f′(z)) (the convention of DESIGN-NOTES § 6).
template <class T> inline if_real<T> conj(T x) { return x; }
inline V conj(const V& x) { return ops::conj(x); }

}  // namespace adj::m
