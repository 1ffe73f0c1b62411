// Note [Dual<T, N>]: a value and N tangent components, the scalar of the fused forward kernels
// (dual/forward.h). At a forward level an elementwise op y = f(x) needs ẏ = f′(x)·ẋ for every
// tangent lane; a Dual holds one element's value with its N lanes, so that the chain rule is
// applied to all of them while the derivative is in a register. Lanes are a compile-time
// count: a loop over elements whose body is one Dual operation is fully unrolled over the
// lanes and vectorized over the elements, so that register j holds lane j of consecutive
// elements — the tangents' lane-major layout [k, ...shape] (Note [Tangent lanes] in
// core/level.h), read and written with unit stride within each lane.
#pragma once

namespace adj {

template <class T, int N>
struct Dual {
  static_assert(N >= 1, "a Dual carries at least one tangent lane");
  T v{};     // the value
  T d[N]{};  // tangent lane l: d[l]
};

#define ADJ_DUAL_INLINE inline __attribute__((always_inline))

// The tangents scaled: (v·s, ẋ·s).
template <class T, int N>
ADJ_DUAL_INLINE Dual<T, N> operator*(const Dual<T, N>& x, T s) {
  Dual<T, N> r;
  r.v = x.v * s;
  for (int l = 0; l < N; ++l) r.d[l] = x.d[l] * s;
  return r;
}

template <class T, int N>
ADJ_DUAL_INLINE Dual<T, N> operator+(const Dual<T, N>& a, const Dual<T, N>& b) {
  Dual<T, N> r;
  r.v = a.v + b.v;
  for (int l = 0; l < N; ++l) r.d[l] = a.d[l] + b.d[l];
  return r;
}

template <class T, int N>
ADJ_DUAL_INLINE Dual<T, N> operator-(const Dual<T, N>& a, const Dual<T, N>& b) {
  Dual<T, N> r;
  r.v = a.v - b.v;
  for (int l = 0; l < N; ++l) r.d[l] = a.d[l] - b.d[l];
  return r;
}

// The chain rule for y = f(x) given y and f′(x): (y, f′·ẋ).
template <class T, int N>
ADJ_DUAL_INLINE Dual<T, N> chain(T y, T df, const Dual<T, N>& x) {
  Dual<T, N> r = x * df;
  r.v = y;
  return r;
}

// The chain rule for y = f(a, b) given y and the partials ∂f/∂a, ∂f/∂b: (y, ȧ·∂a + ḃ·∂b)
// (the terms' order is the tangent rules' own, so that both round alike).
template <class T, int N>
ADJ_DUAL_INLINE Dual<T, N> chain(T y, T da, const Dual<T, N>& a, T db, const Dual<T, N>& b) {
  Dual<T, N> r;
  r.v = y;
  for (int l = 0; l < N; ++l) r.d[l] = a.d[l] * da + b.d[l] * db;
  return r;
}

#undef ADJ_DUAL_INLINE

}  // namespace adj
