// exp, expm1, tanh and sigmoid for float and double, written for auto-vectorization (internal
// header). glibc's scalar functions cost 5–17 ns an element and keep a loop over them scalar;
// these are straight-line code — no branch (selects are ternaries, compiled to blends), no table,
// no libm call — so GCC vectorizes a plain loop over them: SSE2 on the baseline ISA, AVX2+FMA
// when the loop runs under cpu::run_dispatched (ops/vmath_map.h). Every function is
// always_inline: it must be compiled into the caller's loop, with the caller's ISA.
//
// Method. x = k·ln2 + r with k = round(x/ln2) (the 1.5·2^p magic-number rounding, which also
// leaves k in the low integer bits) and |r| ≤ ln2/2; ln2 = head + tail with k·head exact, so r
// is x − k·head (exact) − k·tail, its rounding error kept. e^r − 1 = r + r²/2 + r³·Q₃(r), Q₃
// the Taylor series Σ rⁿ⁻³/n! cut where its remainder is below 2⁻⁶³ (double) or 2⁻³² (float) on
// |r| ≤ ln2/2. Then e^x − c = 2^k·(1 + e^r − 1) − c (c = 0 or 1) is summed as head + tail
// (Fast2Sum) so that only the last addition rounds, with or without FMA contraction. 2^k is made
// from exponent bits as two factors 2^k₁·2^k₂ (k₁ ≈ k/2), so that results near overflow, and
// subnormal ones, are formed without an intermediate overflow or underflow. tanh and sigmoid
// take e^x − 1 or e^x with its rounding error into a division corrected by its residual.
// Measured against long double (every float input; 2·10⁷ double ones per function, over the
// ranges of test/vmath.test.ts): exp and expm1 within 0.77 ulp, tanh and sigmoid within 0.78 ulp
// with FMA contraction and 1.48 ulp without.
#pragma once
#include <cstdint>
#include <cstring>
#include <type_traits>

#define ADJ_VMATH_INLINE inline __attribute__((always_inline))

namespace adj::vmath {
namespace detail {

template <class T> struct Traits;
template <> struct Traits<double> {
  using Bits = uint64_t;
  static constexpr int kMantissaBits = 52, kBias = 1023;
  static constexpr int kDegree = 14;           // remainder r¹⁵/15! < 2⁻⁶³ on |r| ≤ ln2/2
  static constexpr double kMagic = 0x1.8p52;   // v + kMagic rounds v to an integer, kept in the low bits
  static constexpr double kInvLn2 = 0x1.71547652b82fep+0;
  // ln2 rounded to 42 bits (so k·head is exact for |k| < 2¹¹), and the rest rounded to double
  static constexpr double kLn2Head = 0x1.62e42fefa38p-1, kLn2Tail = 0x1.ef35793c7673p-45;
  // Beyond ±1100 exp has long overflowed or underflowed; within it, k₁ and k₂ stay in the
  // exponent range.
  static constexpr double kClamp = 1100;
  static constexpr double kTanhSaturate = 20;  // tanh rounds to ±1 from |x| ≈ 19.06
};
template <> struct Traits<float> {
  using Bits = uint32_t;
  static constexpr int kMantissaBits = 23, kBias = 127;
  static constexpr int kDegree = 8;             // remainder r⁹/9! < 2⁻³² on |r| ≤ ln2/2
  static constexpr float kMagic = 0x1.8p23f;
  static constexpr float kInvLn2 = 0x1.715476p+0f;
  // ln2 rounded to 16 bits (k·head exact for |k| < 2⁸), and the rest rounded to float
  static constexpr float kLn2Head = 0x1.62e4p-1f, kLn2Tail = 0x1.7f7d1cp-20f;
  static constexpr float kClamp = 150;
  static constexpr float kTanhSaturate = 10;    // tanh rounds to ±1 from |x| ≈ 9.01
};

template <class To, class From> ADJ_VMATH_INLINE To bit_cast(From v) {
  static_assert(sizeof(To) == sizeof(From));
  To r;
  std::memcpy(&r, &v, sizeof r);
  return r;
}

// 2^k for k (two's complement in Bits) within the normal exponent range.
template <class T> ADJ_VMATH_INLINE T pow2(typename Traits<T>::Bits k) {
  using Tr = Traits<T>;
  return bit_cast<T>((k + typename Tr::Bits(Tr::kBias)) << Tr::kMantissaBits);
}

// 1/n! (n! is exact in double for every n used here).
template <class T, int N> constexpr T kInvFactorial = [] {
  double f = 1;
  for (int i = 2; i <= N; ++i) f *= i;
  return T(1 / f);
}();

// Σ_{n=N}^{kDegree} rⁿ⁻ᴺ/n!, by Horner.
template <class T, int N> ADJ_VMATH_INLINE T taylor_tail(T r) {
  if constexpr (N == Traits<T>::kDegree) return kInvFactorial<T, N>;
  else return kInvFactorial<T, N> + r * taylor_tail<T, N + 1>(r);
}

template <class T> constexpr typename Traits<T>::Bits kSignBit = typename Traits<T>::Bits(1) << (sizeof(T) * 8 - 1);
template <class T> ADJ_VMATH_INLINE T magnitude(T x) {
  using Bits = typename Traits<T>::Bits;
  return bit_cast<T>(bit_cast<Bits>(x) & ~kSignBit<T>);
}
template <class T> ADJ_VMATH_INLINE T copy_sign(T m, T sign) {
  using Bits = typename Traits<T>::Bits;
  return bit_cast<T>(bit_cast<Bits>(m) | (bit_cast<Bits>(sign) & kSignBit<T>));
}

// e^x − c (c = 0 or 1) as (head + tail)·scale: head + tail is far more accurate than one
// rounding, and scale is a power of two. NaN propagates through head.
template <class T> struct Parts {
  T head, tail, scale;
  ADJ_VMATH_INLINE T value() const { return (head + tail) * scale; }
  // The same as hi + lo, hi = value() and lo its rounding error (Fast2Sum: |head| ≥ |tail|),
  // for a division that needs the low part as a correction; lo may underflow.
  ADJ_VMATH_INLINE void split(T& hi, T& lo) const {
    const T sum = head + tail;
    hi = sum * scale;
    lo = ((head - sum) + tail) * scale;
  }
};

// |x| is clamped to `clamp` (±inf to a finite k; NaN fails the compare and passes).
template <class T, bool MinusOne> ADJ_VMATH_INLINE Parts<T> exp_parts(T x, T clamp = Traits<T>::kClamp) {
  using Tr = Traits<T>;
  using Bits = typename Tr::Bits;
  // One select whose arms are not constants: GCC threads `x < lo ? lo : x` into a separate
  // (constant-folded) path per bound, and a loop with paths is not vectorized.
  x = magnitude(x) > clamp ? copy_sign(clamp, x) : x;
  const T shifted = x * Tr::kInvLn2 + Tr::kMagic;
  const Bits k = bit_cast<Bits>(shifted) - bit_cast<Bits>(Tr::kMagic);
  const T kf = shifted - Tr::kMagic;
  const Bits k1 = bit_cast<Bits>(kf * T(0.5) + Tr::kMagic) - bit_cast<Bits>(Tr::kMagic);
  const Bits k2 = k - k1;

  const T rh = x - kf * Tr::kLn2Head;  // exact
  const T rl = kf * Tr::kLn2Tail;
  const T r = rh - rl;
  const T r_err = (rh - r) - rl;  // r + r_err = x − k·ln2

  // e^(r + r_err) − 1 = r + r²/2 + r³·Q₃(r) + r_err·e^r = sh + sl, r + r²/2 by Fast2Sum
  // (|r| > r²/2): of the roundings, only r²'s weighs (not Q's, and not a product r²·Q's too).
  const T r2 = r * r, half_r2 = r2 * T(0.5);
  const T sh = r + half_r2;
  const T sl = ((r - sh) + half_r2) + (r2 * (r * taylor_tail<T, 3>(r)) + (r_err + r_err * r));

  // 2^k·(1 + sh + sl) − c = (a + a·sh + a·sl − c/b)·b with a = 2^k₁, b = 2^k₂
  const T a = pow2<T>(k1), b = pow2<T>(k2);
  T v = a, v_err = 0;
  if constexpr (MinusOne) {
    const T c = pow2<T>(Bits(0) - k2);
    v = a - c;              // exact unless |k| > 53 (24 for float), where v_err keeps the rest
    v_err = (a - v) - c;
  }
  const T ash = a * sh;  // Fast2Sum: |v| ≥ |a·sh| for every k (or v = 0)
  const T head = v + ash;
  const T tail = ((v - head) + ash) + (v_err + a * sl);
  return {head, tail, b};
}

// (nh + nl)/(dh + dl) by a first quotient corrected with its residual: about half an ulp where
// the residual nh − q·dh is fused (FMA), within about one ulp where it is not.
template <class T> ADJ_VMATH_INLINE T divide(T nh, T nl, T dh, T dl) {
  const T inv = T(1) / dh;
  const T q = nh * inv;
  return q + ((nh - q * dh) + (nl - q * dl)) * inv;
}

}  // namespace detail

template <class T> ADJ_VMATH_INLINE T exp(T x) {
  static_assert(std::is_floating_point_v<T>);
  return detail::exp_parts<T, false>(x).value();
}

template <class T> ADJ_VMATH_INLINE T expm1(T x) {
  static_assert(std::is_floating_point_v<T>);
  // e^x − 1 has the sign of x; restoring it keeps −0 (−0 + r²/2 rounds to +0). Not a select
  // `x == 0 ? x : y`: GCC would sink the work into one arm, and not vectorize the branch.
  return detail::copy_sign(detail::magnitude(detail::exp_parts<T, true>(x).value()), x);
}

// tanh|x| = E/(E + 2), E = e^(2|x|) − 1, with |x| clamped where tanh has rounded to 1.
template <class T> ADJ_VMATH_INLINE T tanh(T x) {
  static_assert(std::is_floating_point_v<T>);
  const T ax = detail::magnitude(x);
  T eh, el;
  detail::exp_parts<T, true>(ax + ax, 2 * detail::Traits<T>::kTanhSaturate).split(eh, el);
  // eh + 2 by Fast2Sum, the larger operand first
  const T big = eh > 2 ? eh : T(2), small = eh > 2 ? T(2) : eh;
  const T dh = eh + 2;
  const T dl = ((big - dh) + small) + el;
  return detail::copy_sign(detail::divide(eh, el, dh, dl), x);
}

// σ(x) = 1/(1 + e) for x ≥ 0 and e/(1 + e) for x < 0, e = e^−|x| ≤ 1: no overflow, and no
// cancellation in 1 + e.
template <class T> ADJ_VMATH_INLINE T sigmoid(T x) {
  static_assert(std::is_floating_point_v<T>);
  T eh, el;
  detail::exp_parts<T, false>(-detail::magnitude(x)).split(eh, el);
  const T dh = 1 + eh;
  const T dl = ((1 - dh) + eh) + el;
  const bool positive = x >= 0;
  return detail::divide(positive ? T(1) : eh, positive ? T(0) : el, dh, dl);
}

}  // namespace adj::vmath

#undef ADJ_VMATH_INLINE
