// Radix-r butterflies, the Stockham pass built on them and the other vectorised kernels of
// kernels.h, templated over a vector type V of interleaved complex numbers (ScalarVec or a
// vec_*.h type) with this interface:
//   T, reg, lanes, Half (the next narrower type, for loop tails), Tw; load/store; add/sub;
//   scale(a, c) = c·a and fma_scale(acc, a, c) = acc + c·a for real c; mul_i / mul_negi (·i,
//   ·−i); add_i / sub_i (a ± i·b); conj; reverse (lane order); transpose (a lanes × lanes
//   block of registers); bcast_tw (one twiddle in every lane), splat_tw (the same from two
//   constants) and load_tw (one twiddle per lane) → Tw; cmul(a, Tw) = complex product.
// Included only by the isa_*.cc files, after their `#pragma GCC target`: everything here has
// internal linkage, so each instruction set gets its own copy and nothing compiled for AVX can
// be merged by the linker into code that runs on a CPU without it.
#pragma once
#include <utility>

#include "fft/kernels.h"
#include "fft/vec_scalar.h"

// The butterflies work on arrays of registers, which stay in registers only when inlined into the
// loop that owns the array; GCC's size limits would otherwise keep the big ones out of line.
#define ADJ_FFT_INLINE inline __attribute__((always_inline))

namespace adj::fft {
namespace {

// a·exp(∓iπ/2): −i·a forward, +i·a backward.
template <class V, bool Inv>
ADJ_FFT_INLINE typename V::reg rotate90(typename V::reg a) {
  return Inv ? V::mul_i(a) : V::mul_negi(a);
}

// a + rotate90(b) and a − rotate90(b): rotations mostly feed a sum and a difference, which
// add_i / sub_i do without rotate90's sign flip.
template <class V, bool Inv>
ADJ_FFT_INLINE typename V::reg add_rotated(typename V::reg a, typename V::reg b) {
  return Inv ? V::add_i(a, b) : V::sub_i(a, b);
}
template <class V, bool Inv>
ADJ_FFT_INLINE typename V::reg sub_rotated(typename V::reg a, typename V::reg b) {
  return Inv ? V::sub_i(a, b) : V::add_i(a, b);
}

// b0 = a0 + a1, b1 = a0 − a1.
template <class V>
ADJ_FFT_INLINE void butterfly2(typename V::reg* a) {
  const typename V::reg t = a[0];
  a[0] = V::add(t, a[1]);
  a[1] = V::sub(t, a[1]);
}

// b_j = Σ_k a_k·(∓i)^{jk}, as two radix-2 stages.
template <class V, bool Inv>
ADJ_FFT_INLINE void butterfly4(typename V::reg* a) {
  using reg = typename V::reg;
  const reg t0 = V::add(a[0], a[2]), t1 = V::sub(a[0], a[2]);
  const reg t2 = V::add(a[1], a[3]), t3 = V::sub(a[1], a[3]);
  a[0] = V::add(t0, t2);
  a[2] = V::sub(t0, t2);
  a[1] = add_rotated<V, Inv>(t1, t3);
  a[3] = sub_rotated<V, Inv>(t1, t3);
}

// Radix 8 = radix-4 on even and odd inputs, then b_j, b_{j+4} = E_j ± ω8^j·O_j.
template <class V, bool Inv>
ADJ_FFT_INLINE void butterfly8(typename V::reg* a) {
  using reg = typename V::reg;
  constexpr typename V::T c = static_cast<typename V::T>(0.707106781186547524400844362104849039L);
  reg e[4] = {a[0], a[2], a[4], a[6]}, o[4] = {a[1], a[3], a[5], a[7]};
  butterfly4<V, Inv>(e);
  butterfly4<V, Inv>(o);
  const reg o1 = V::scale(add_rotated<V, Inv>(o[1], o[1]), c);    // ω8·o1, ω8 = (1 ∓ i)/√2
  const reg o3 = V::scale(sub_rotated<V, Inv>(o[3], o[3]), c);    // −ω8³·o3, ω8³ = (−1 ∓ i)/√2
  a[0] = V::add(e[0], o[0]);
  a[4] = V::sub(e[0], o[0]);
  a[1] = V::add(e[1], o1);
  a[5] = V::sub(e[1], o1);
  a[2] = add_rotated<V, Inv>(e[2], o[2]);  // ω8² = ∓i
  a[6] = sub_rotated<V, Inv>(e[2], o[2]);
  a[3] = V::sub(e[3], o3);
  a[7] = V::add(e[3], o3);
}

// a·ω16^e (ω16 = exp(∓2πi/16)) for a constant e: a complex product with (cos, ∓sin)(2πe/16).
template <class V, bool Inv, int e>
ADJ_FFT_INLINE typename V::reg mul_w16(typename V::reg a) {
  using T = typename V::T;
  constexpr long double kCos[16] = {1.0L,
                                    0.923879532511286756128183189396788933L,
                                    0.707106781186547524400844362104849039L,
                                    0.382683432365089771728459984030398866L,
                                    0.0L,
                                    -0.382683432365089771728459984030398866L,
                                    -0.707106781186547524400844362104849039L,
                                    -0.923879532511286756128183189396788933L,
                                    -1.0L,
                                    -0.923879532511286756128183189396788933L,
                                    -0.707106781186547524400844362104849039L,
                                    -0.382683432365089771728459984030398866L,
                                    0.0L,
                                    0.382683432365089771728459984030398866L,
                                    0.707106781186547524400844362104849039L,
                                    0.923879532511286756128183189396788933L};
  if constexpr (e % 16 == 0) {
    return a;
  } else if constexpr (e % 16 == 4) {
    return rotate90<V, Inv>(a);
  } else {
    constexpr T sine = static_cast<T>(kCos[(e + 12) % 16]);  // sin θ = cos(θ − π/2)
    return V::cmul(a, V::splat_tw(static_cast<T>(kCos[e % 16]), Inv ? sine : -sine));
  }
}

// Radix 16 = 4 × 4: radix-4 down the columns of a[4·k1 + k2], twiddles ω16^{k2·j1}, radix-4
// along the rows, output transposed: b[j1 + 4·j2].
template <class V, bool Inv>
ADJ_FFT_INLINE void butterfly16(typename V::reg* a) {
  using reg = typename V::reg;
  reg t[16];
  for (int k2 = 0; k2 < 4; ++k2) {
    reg column[4] = {a[k2], a[4 + k2], a[8 + k2], a[12 + k2]};
    butterfly4<V, Inv>(column);
    for (int j1 = 0; j1 < 4; ++j1) t[4 * j1 + k2] = column[j1];
  }
  t[5] = mul_w16<V, Inv, 1>(t[5]);
  t[6] = mul_w16<V, Inv, 2>(t[6]);
  t[7] = mul_w16<V, Inv, 3>(t[7]);
  t[9] = mul_w16<V, Inv, 2>(t[9]);
  t[10] = mul_w16<V, Inv, 4>(t[10]);
  t[11] = mul_w16<V, Inv, 6>(t[11]);
  t[13] = mul_w16<V, Inv, 3>(t[13]);
  t[14] = mul_w16<V, Inv, 6>(t[14]);
  t[15] = mul_w16<V, Inv, 9>(t[15]);
  for (int j1 = 0; j1 < 4; ++j1) {
    butterfly4<V, Inv>(t + 4 * j1);
    for (int j2 = 0; j2 < 4; ++j2) a[j1 + 4 * j2] = t[4 * j1 + j2];
  }
}

// Odd radix r = 2h+1 by symmetry: with s_k = a_k + a_{r−k}, d_k = a_k − a_{r−k},
//   b_j, b_{r−j} = (a_0 + Σ_k cos(2πjk/r)·s_k) ± i·Σ_k (∓sin(2πjk/r))·d_k.
// roots holds (cos, ∓sin) per (j, k); R is the radix, or 0 for a run-time radix r.
template <class V, int R>
ADJ_FFT_INLINE void butterfly_odd(typename V::reg* a, int r, const typename V::T* roots) {
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
    a[j] = V::add_i(re, im);
    a[r - j] = V::sub_i(re, im);
  }
  a[0] = sum;
}

template <class V, int R, bool Inv>
ADJ_FFT_INLINE void butterfly(typename V::reg* a, int r, const typename V::T* roots) {
  if constexpr (R == 2) {
    butterfly2<V>(a);
  } else if constexpr (R == 4) {
    butterfly4<V, Inv>(a);
  } else if constexpr (R == 8) {
    butterfly8<V, Inv>(a);
  } else if constexpr (R == 16) {
    butterfly16<V, Inv>(a);
  } else {
    butterfly_odd<V, R>(a, r, roots);
  }
}

constexpr int radix_capacity(int R) { return R ? R : kMaxOddRadix; }

// The passes below take m (M) and s (S) as template arguments when the fixed-length kernels
// know them, 0 meaning "read pa.m / pa.s".

// The pass for p in [p0, p1), q in [q0, q1), vectorised along q (needs q1 − q0 a multiple of
// V::lanes): every lane shares the twiddles W_L^{jp}. Twiddled = false when m == 1 (all ones).
template <class V, int R, bool Inv, bool Twiddled, int64_t M = 0, int64_t S = 0>
inline void pass_along_q(const PassArgs<typename V::T>& pa, int r, int64_t p0, int64_t p1,
                         int64_t q0, int64_t q1) {
  using T = typename V::T;
  const int64_t s = S ? S : pa.s, stride_k = s * (M ? M : pa.m);
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

// dst[r·l + j] = lane l of a[j]: in-register lanes × lanes transposes when they tile the radix,
// otherwise through memory.
template <class V, int R>
ADJ_FFT_INLINE void store_transposed(typename V::T* dst, typename V::reg* a, int r) {
  using T = typename V::T;
  constexpr int L = V::lanes;
  if (R % L == 0 && (R || r % L == 0)) {
    for (int g = 0; g < r; g += L) {
      V::transpose(a + g);
      for (int l = 0; l < L; ++l) V::store(dst + 2 * (r * l + g), a[g + l]);
    }
    return;
  }
  alignas(64) T lanes[radix_capacity(R) * 2 * L];
  for (int j = 0; j < r; ++j) V::store(lanes + 2 * L * j, a[j]);
  for (int l = 0; l < L; ++l) {
    for (int j = 0; j < r; ++j) {
      dst[2 * (r * l + j)] = lanes[2 * (L * j + l)];
      dst[2 * (r * l + j) + 1] = lanes[2 * (L * j + l) + 1];
    }
  }
}

// The pass with s == 1 for p in [p0, p_end), vectorised along p (lanes hold consecutive p, each
// with its own twiddles, from twiddles_by_column in its duplicated layout when Duplicated); the
// r outputs of a lane are adjacent, so they are transposed on the way out.
template <class V, int R, bool Inv, bool Duplicated, int64_t M = 0>
inline void pass_along_p(const PassArgs<typename V::T>& pa, int r, int64_t p0, int64_t p_end) {
  using T = typename V::T;
  constexpr int L = V::lanes;
  const int64_t m = M ? M : pa.m;
  for (int64_t p = p0; p < p_end; p += L) {
    typename V::reg a[radix_capacity(R)];
    a[0] = V::load(pa.in + 2 * p);
    for (int k = 1; k < r; ++k) a[k] = V::load(pa.in + 2 * (p + k * m));
    butterfly<V, R, Inv>(a, r, pa.odd_roots);
    for (int j = 1; j < r; ++j) {
      const T* w = pa.twiddles_by_column + 2 * ((j - 1) * m + p);
      a[j] = V::cmul(a[j], Duplicated ? typename V::Tw{V::load(w), V::load(w + 2 * (r - 1) * m)} : V::load_tw(w));
    }
    store_transposed<V, R>(pa.out + 2 * r * p, a, r);
  }
}

// p ∈ [p0, m) of the stride-1 pass: the widest vectors that fit, then narrower ones.
template <class V, int R, bool Inv, bool Duplicated, int64_t M = 0>
inline void pass_along_p_all(const PassArgs<typename V::T>& pa, int r, int64_t p0) {
  const int64_t m = M ? M : pa.m;
  if constexpr (V::lanes == 1) {
    pass_along_q<V, R, Inv, true, M, 1>(pa, r, p0, m, 0, 1);
  } else {
    const int64_t p_end = p0 + (m - p0) / V::lanes * V::lanes;
    pass_along_p<V, R, Inv, Duplicated, M>(pa, r, p0, p_end);
    if (p_end < m) pass_along_p_all<typename V::Half, R, Inv, Duplicated, M>(pa, r, p_end);
  }
}

// q ∈ [q0, s) for all p: the widest vectors that fit, then narrower ones.
template <class V, int R, bool Inv, bool Twiddled, int64_t M = 0, int64_t S = 0>
inline void pass_along_q_all(const PassArgs<typename V::T>& pa, int r, int64_t q0) {
  const int64_t s = S ? S : pa.s;
  const int64_t q_end = q0 + (s - q0) / V::lanes * V::lanes;
  pass_along_q<V, R, Inv, Twiddled, M, S>(pa, r, 0, M ? M : pa.m, q0, q_end);
  if constexpr (V::lanes > 1) {
    if (q_end < s) pass_along_q_all<typename V::Half, R, Inv, Twiddled, M, S>(pa, r, q_end);
  }
}

template <class V, int R, bool Inv>
void stockham_pass(const PassArgs<typename V::T>& pa) {
  const int r = R ? R : pa.radix;
  if (pa.s == 1 && pa.twiddles_by_column) {
    pass_along_p_all<V, R, Inv, false>(pa, r, 0);
  } else if (pa.m == 1) {
    pass_along_q_all<V, R, Inv, false>(pa, r, 0);
  } else {
    pass_along_q_all<V, R, Inv, true>(pa, r, 0);
  }
}

// Pass I of the fixed-length transform of 2^Log2 points and the passes after it (kernels.h):
// the choice stockham_pass makes, with m and s as constants. Passes ping-pong between the two
// n-point halves of scratch, from in to out, so in == out needs no copy (a single pass is one
// butterfly, all of whose loads come before its stores).
template <class V, bool Inv, int Log2, int I = 0>
inline void fixed_passes(const typename V::T* src, typename V::T* out, typename V::T* scratch,
                         const typename V::T* const* twiddles) {
  using T = typename V::T;
  constexpr Radices radices = power_of_two_radices(Log2, true, true);
  static_assert(radices.count <= kMaxFixedPasses, "raise kMaxFixedPasses");
  constexpr int R = radices.r[I];
  constexpr int64_t S = radices.stride_of(I);
  constexpr int64_t M = (int64_t{1} << Log2) / S / R;
  T* dst = I + 1 == radices.count ? out : scratch + 2 * (int64_t{1} << Log2) * (I % 2);
  const PassArgs<T> pa{src, dst, twiddles[1 + I], twiddles[0], nullptr, M, S, R};
  if constexpr (M == 1) {
    pass_along_q_all<V, R, Inv, false, M, S>(pa, R, 0);
  } else if constexpr (S == 1) {
    pass_along_p_all<V, R, Inv, true, M>(pa, R, 0);
  } else {
    pass_along_q_all<V, R, Inv, true, M, S>(pa, R, 0);
  }
  if constexpr (I + 1 < radices.count) fixed_passes<V, Inv, Log2, I + 1>(dst, out, scratch, twiddles);
}

// The widest of V, V::Half, … with at most `lanes` lanes.
template <class V, int64_t Lanes, bool Fits = (V::lanes <= Lanes)>
struct WidestFitting {
  using type = V;
};
template <class V, int64_t Lanes>
struct WidestFitting<V, Lanes, false> {
  using type = typename WidestFitting<typename V::Half, Lanes>::type;
};

// All passes in the vectors the first pass can use (it has m lanes' worth of work): a load wider
// than the stores that wrote its data, still in the store buffer at these sizes, cannot be
// forwarded from them and waits for them to retire (AVX-512 f32, n = 32 = 8·4: 15 → 12 ns).
template <class V, bool Inv, int Log2>
void fixed_transform(const typename V::T* in, typename V::T* out, typename V::T* scratch,
                     const typename V::T* const* twiddles) {
  constexpr Radices radices = power_of_two_radices(Log2, true, true);
  using W = typename WidestFitting<V, (int64_t{1} << Log2) / radices.r[0]>::type;
  fixed_passes<W, Inv, Log2>(in, out, scratch, twiddles);
}

template <class V, bool Inv, std::size_t Log2>
constexpr FixedFn<typename V::T> fixed_entry() {
  if constexpr (Log2 == 0) {
    return nullptr;
  } else {
    return fixed_transform<V, Inv, Log2>;
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

// One pair of bins (k, h−k) of an even-n real transform, with s = a_k + conj a_{h−k},
// d = a_k − conj a_{h−k}, p = w_k·d:
//   r2c:  X_k = ½·(s − i·p),  X_{h−k} = ½·conj(s + i·p)   (a = the packed spectrum Z)
//   c2r:  Z_k = s + i·p,      Z_{h−k} = conj(s − i·p)     (a = the half spectrum X)
template <class V, bool Inv>
inline void real_pair(typename V::reg a_k, typename V::reg a_m, typename V::Tw w, typename V::reg* out_k,
                      typename V::reg* out_m) {
  using reg = typename V::reg;
  const reg s = V::add(a_k, V::conj(a_m)), d = V::sub(a_k, V::conj(a_m));
  const reg p = V::cmul(d, w);
  *out_k = add_rotated<V, Inv>(s, p);  // s + i·p for c2r, s − i·p for r2c
  *out_m = V::conj(sub_rotated<V, Inv>(s, p));
  if (!Inv) {
    *out_k = V::scale(*out_k, typename V::T(0.5));
    *out_m = V::scale(*out_m, typename V::T(0.5));
  }
}

// Pairs k ∈ [k0, k1) for columns b ∈ [b0, b1), vectorised along the columns (which share w_k).
// r2c reads Z_{h−k} as Z_0 for k = 0 (Z has h bins) and writes X_h; c2r drops the imaginary
// parts of X_0 and X_h (exactly: ½·(a + conj a)) and has no Z_h to write.
template <class V, bool Inv>
inline void real_columns(const typename V::T* in, int64_t in_row, typename V::T* out, int64_t out_row, int64_t h,
                         int64_t k0, int64_t k1, int64_t b0, int64_t b1, const typename V::T* twiddles) {
  using reg = typename V::reg;
  using T = typename V::T;
  for (int64_t k = k0; k < k1; ++k) {
    const typename V::Tw w = V::bcast_tw(twiddles + 2 * k);
    const int64_t m = !Inv && k == 0 ? 0 : h - k;
    for (int64_t b = b0; b < b1; b += V::lanes) {
      reg a_k = V::load(in + 2 * (k * in_row + b)), a_m = V::load(in + 2 * (m * in_row + b));
      if (Inv && k == 0) {
        a_k = V::scale(V::add(a_k, V::conj(a_k)), T(0.5));
        a_m = V::scale(V::add(a_m, V::conj(a_m)), T(0.5));
      }
      reg out_k, out_m;
      real_pair<V, Inv>(a_k, a_m, w, &out_k, &out_m);
      if (!Inv || k) V::store(out + 2 * ((h - k) * out_row + b), out_m);
      V::store(out + 2 * (k * out_row + b), out_k);
    }
  }
}

template <class V, bool Inv>
void real_post(const typename V::T* in, int64_t in_row, typename V::T* out, int64_t out_row, int64_t h,
               int64_t width, const typename V::T* twiddles) {
  using S = ScalarVec<typename V::T>;
  constexpr int L = V::lanes;
  const int64_t k_end = h / 2 + 1;
  if (width == 1 && in_row == 1 && out_row == 1 && L > 1) {
    // One contiguous column: lanes hold k..k+L−1 and, reversed, their partners h−k..h−k−L+1;
    // blocks stop before the two meet, the middle pairs and k = 0 go one by one.
    real_columns<S, Inv>(in, 1, out, 1, h, 0, 1, 0, 1, twiddles);
    int64_t k = 1;
    for (; 2 * (k + L - 1) < h; k += L) {
      const int64_t m = h - k - (L - 1);
      typename V::reg out_k, out_m;
      real_pair<V, Inv>(V::load(in + 2 * k), V::reverse(V::load(in + 2 * m)), V::load_tw(twiddles + 2 * k), &out_k,
                        &out_m);
      V::store(out + 2 * m, V::reverse(out_m));
      V::store(out + 2 * k, out_k);
    }
    real_columns<S, Inv>(in, 1, out, 1, h, k, k_end, 0, 1, twiddles);
    return;
  }
  const int64_t b_end = width - width % L;
  real_columns<V, Inv>(in, in_row, out, out_row, h, 0, k_end, 0, b_end, twiddles);
  real_columns<S, Inv>(in, in_row, out, out_row, h, 0, k_end, b_end, width, twiddles);
}

// Odd radices take their sign from odd_roots, so one instantiation serves both directions.
template <class V, std::size_t... Log2>
constexpr Kernels<typename V::T> make_kernels(const char* isa, std::index_sequence<Log2...>) {
  return {isa,
          {{stockham_pass<V, 2, false>, stockham_pass<V, 3, false>, stockham_pass<V, 4, false>,
            stockham_pass<V, 5, false>, stockham_pass<V, 7, false>, stockham_pass<V, 8, false>,
            stockham_pass<V, 11, false>, stockham_pass<V, 13, false>, stockham_pass<V, 16, false>,
            stockham_pass<V, 0, false>},
           {stockham_pass<V, 2, true>, stockham_pass<V, 3, false>, stockham_pass<V, 4, true>,
            stockham_pass<V, 5, false>, stockham_pass<V, 7, false>, stockham_pass<V, 8, true>,
            stockham_pass<V, 11, false>, stockham_pass<V, 13, false>, stockham_pass<V, 16, true>,
            stockham_pass<V, 0, false>}},
          {{fixed_entry<V, false, Log2>()...}, {fixed_entry<V, true, Log2>()...}},
          multiply<V>,
          {real_post<V, false>, real_post<V, true>}};
}

template <class V>
constexpr Kernels<typename V::T> make_kernels(const char* isa) {
  return make_kernels<V>(isa, std::make_index_sequence<kFixedMaxLog2 + 1>());
}

}  // namespace
}  // namespace adj::fft
