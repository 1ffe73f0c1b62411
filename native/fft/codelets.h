// Radix-r butterflies and the Stockham pass built on them, templated over a vector type V of
// interleaved complex numbers (ScalarVec or a vec_*.h type) with this interface:
//   T, reg, lanes, Tw; load/store; add/sub; scale(a, c) = c·a and fma_scale(acc, a, c) =
//   acc + c·a for real c; mul_i / mul_negi (·i, ·−i); bcast_tw (one twiddle in every lane) and
//   load_tw (one twiddle per lane) → Tw; cmul(a, Tw) = complex product.
// Included only by the isa_*.cc files, after their `#pragma GCC target`: everything here has
// internal linkage, so each instruction set gets its own copy and nothing compiled for AVX can
// be merged by the linker into code that runs on a CPU without it.
#pragma once
#include "fft/kernels.h"
#include "fft/vec_scalar.h"

namespace adj::fft {
namespace {

// a·exp(∓iπ/2): −i·a forward, +i·a backward.
template <class V, bool Inv>
inline typename V::reg rotate90(typename V::reg a) {
  return Inv ? V::mul_i(a) : V::mul_negi(a);
}

// b0 = a0 + a1, b1 = a0 − a1.
template <class V>
inline void butterfly2(typename V::reg* a) {
  const typename V::reg t = a[0];
  a[0] = V::add(t, a[1]);
  a[1] = V::sub(t, a[1]);
}

// b_j = Σ_k a_k·(∓i)^{jk}, as two radix-2 stages.
template <class V, bool Inv>
inline void butterfly4(typename V::reg* a) {
  using reg = typename V::reg;
  const reg t0 = V::add(a[0], a[2]), t1 = V::sub(a[0], a[2]);
  const reg t2 = V::add(a[1], a[3]), t3 = rotate90<V, Inv>(V::sub(a[1], a[3]));
  a[0] = V::add(t0, t2);
  a[2] = V::sub(t0, t2);
  a[1] = V::add(t1, t3);
  a[3] = V::sub(t1, t3);
}

// Radix 8 = radix-4 on even and odd inputs, then b_j, b_{j+4} = E_j ± ω8^j·O_j.
template <class V, bool Inv>
inline void butterfly8(typename V::reg* a) {
  using reg = typename V::reg;
  constexpr typename V::T c = static_cast<typename V::T>(0.707106781186547524400844362104849039L);
  reg e[4] = {a[0], a[2], a[4], a[6]}, o[4] = {a[1], a[3], a[5], a[7]};
  butterfly4<V, Inv>(e);
  butterfly4<V, Inv>(o);
  o[1] = V::scale(V::add(o[1], rotate90<V, Inv>(o[1])), c);  // ω8 = (1 ∓ i)/√2
  o[2] = rotate90<V, Inv>(o[2]);                             // ω8² = ∓i
  o[3] = V::scale(V::sub(rotate90<V, Inv>(o[3]), o[3]), c);  // ω8³ = (−1 ∓ i)/√2
  for (int j = 0; j < 4; ++j) {
    a[j] = V::add(e[j], o[j]);
    a[j + 4] = V::sub(e[j], o[j]);
  }
}

// Odd radix r = 2h+1 by symmetry: with s_k = a_k + a_{r−k}, d_k = a_k − a_{r−k},
//   b_j, b_{r−j} = (a_0 + Σ_k cos(2πjk/r)·s_k) ± i·Σ_k (∓sin(2πjk/r))·d_k.
// roots holds (cos, ∓sin) per (j, k); R is the radix, or 0 for a run-time radix r.
template <class V, int R>
inline void butterfly_odd(typename V::reg* a, int r, const typename V::T* roots) {
  using reg = typename V::reg;
  constexpr int cap = R ? (R - 1) / 2 + 1 : (kMaxOddRadix - 1) / 2 + 1;
  const int h = (r - 1) / 2;
  reg s[cap], d[cap];
  reg sum = a[0];
  for (int k = 1; k <= h; ++k) {
    s[k] = V::add(a[k], a[r - k]);
    d[k] = V::sub(a[k], a[r - k]);
    sum = V::add(sum, s[k]);
  }
  for (int j = 1; j <= h; ++j) {
    const typename V::T* row = roots + 2 * h * (j - 1);
    reg re = V::fma_scale(a[0], s[1], row[0]);
    reg im = V::scale(d[1], row[1]);
    for (int k = 2; k <= h; ++k) {
      re = V::fma_scale(re, s[k], row[2 * (k - 1)]);
      im = V::fma_scale(im, d[k], row[2 * (k - 1) + 1]);
    }
    im = V::mul_i(im);
    a[j] = V::add(re, im);
    a[r - j] = V::sub(re, im);
  }
  a[0] = sum;
}

template <class V, int R, bool Inv>
inline void butterfly(typename V::reg* a, int r, const typename V::T* roots) {
  if constexpr (R == 2) {
    butterfly2<V>(a);
  } else if constexpr (R == 4) {
    butterfly4<V, Inv>(a);
  } else if constexpr (R == 8) {
    butterfly8<V, Inv>(a);
  } else {
    butterfly_odd<V, R>(a, r, roots);
  }
}

constexpr int radix_capacity(int R) { return R ? R : kMaxOddRadix; }

// The pass for p in [p0, p1), q in [q0, q1), vectorised along q (needs q1 − q0 a multiple of
// V::lanes): every lane shares the twiddles W_L^{jp}. Twiddled = false when m == 1 (all ones).
template <class V, int R, bool Inv, bool Twiddled>
inline void pass_along_q(const PassArgs<typename V::T>& pa, int r, int64_t p0, int64_t p1,
                         int64_t q0, int64_t q1) {
  using T = typename V::T;
  const int64_t s = pa.s, stride_k = s * pa.m;
  for (int64_t p = p0; p < p1; ++p) {
    const T* src = pa.in + 2 * s * p;
    T* dst = pa.out + 2 * s * r * p;
    const T* w = pa.twiddles + 2 * (r - 1) * p;
    for (int64_t q = q0; q < q1; q += V::lanes) {
      typename V::reg a[radix_capacity(R)];
      a[0] = V::load(src + 2 * q);
      for (int k = 1; k < r; ++k) a[k] = V::load(src + 2 * (q + k * stride_k));
      butterfly<V, R, Inv>(a, r, pa.odd_roots);
      V::store(dst + 2 * q, a[0]);
      for (int j = 1; j < r; ++j) {
        V::store(dst + 2 * (q + j * s), Twiddled ? V::cmul(a[j], V::bcast_tw(w + 2 * (j - 1))) : a[j]);
      }
    }
  }
}

// The pass with s == 1, vectorised along p (lanes hold consecutive p, each with its own
// twiddles); the r outputs of a lane are adjacent, so the results are transposed on the way out.
template <class V, int R, bool Inv>
inline void pass_along_p(const PassArgs<typename V::T>& pa, int r, int64_t p_end) {
  using T = typename V::T;
  constexpr int L = V::lanes;
  const int64_t m = pa.m;
  for (int64_t p = 0; p < p_end; p += L) {
    typename V::reg a[radix_capacity(R)];
    a[0] = V::load(pa.in + 2 * p);
    for (int k = 1; k < r; ++k) a[k] = V::load(pa.in + 2 * (p + k * m));
    butterfly<V, R, Inv>(a, r, pa.odd_roots);
    for (int j = 1; j < r; ++j) a[j] = V::cmul(a[j], V::load_tw(pa.twiddles_by_column + 2 * ((j - 1) * m + p)));
    alignas(64) T lanes[radix_capacity(R) * 2 * L];
    for (int j = 0; j < r; ++j) V::store(lanes + 2 * L * j, a[j]);
    T* dst = pa.out + 2 * r * p;
    for (int l = 0; l < L; ++l) {
      for (int j = 0; j < r; ++j) {
        dst[2 * (r * l + j)] = lanes[2 * (L * j + l)];
        dst[2 * (r * l + j) + 1] = lanes[2 * (L * j + l) + 1];
      }
    }
  }
}

template <class V, int R, bool Inv>
void stockham_pass(const PassArgs<typename V::T>& pa) {
  using S = ScalarVec<typename V::T>;
  const int r = R ? R : pa.radix;
  if (pa.s == 1 && V::lanes > 1 && pa.m >= V::lanes && pa.twiddles_by_column) {
    const int64_t p_end = pa.m - pa.m % V::lanes;
    pass_along_p<V, R, Inv>(pa, r, p_end);
    pass_along_q<S, R, Inv, true>(pa, r, p_end, pa.m, 0, 1);
    return;
  }
  const int64_t q_end = pa.s - pa.s % V::lanes;
  if (pa.m == 1) {
    pass_along_q<V, R, Inv, false>(pa, r, 0, 1, 0, q_end);
    pass_along_q<S, R, Inv, false>(pa, r, 0, 1, q_end, pa.s);
  } else {
    pass_along_q<V, R, Inv, true>(pa, r, 0, pa.m, 0, q_end);
    pass_along_q<S, R, Inv, true>(pa, r, 0, pa.m, q_end, pa.s);
  }
}

template <class V>
void multiply(typename V::T* y, const typename V::T* a, const typename V::T* b, int64_t count) {
  using S = ScalarVec<typename V::T>;
  int64_t i = 0;
  for (; i + V::lanes <= count; i += V::lanes) {
    V::store(y + 2 * i, V::cmul(V::load(a + 2 * i), V::load_tw(b + 2 * i)));
  }
  for (; i < count; ++i) S::store(y + 2 * i, S::cmul(S::load(a + 2 * i), S::load_tw(b + 2 * i)));
}

// Odd radices take their sign from odd_roots, so one instantiation serves both directions.
template <class V>
constexpr Kernels<typename V::T> make_kernels(const char* isa) {
  return {isa,
          {{stockham_pass<V, 2, false>, stockham_pass<V, 3, false>, stockham_pass<V, 4, false>,
            stockham_pass<V, 5, false>, stockham_pass<V, 7, false>, stockham_pass<V, 8, false>,
            stockham_pass<V, 0, false>},
           {stockham_pass<V, 2, true>, stockham_pass<V, 3, false>, stockham_pass<V, 4, true>,
            stockham_pass<V, 5, false>, stockham_pass<V, 7, false>, stockham_pass<V, 8, true>,
            stockham_pass<V, 0, false>}},
          multiply<V>};
}

}  // namespace
}  // namespace adj::fft
