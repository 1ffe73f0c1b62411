// AVX-512F vectors of interleaved complex numbers: 4 complex doubles or 8 complex floats per
// register. Same interface as ScalarVec. Internal linkage only; include after
// `#pragma GCC target("avx512f")`.
#pragma once
#include <immintrin.h>

#include "fft/vec_avx2.h"

namespace adj::fft {
namespace {

struct Avx512F64 {
  using T = double;
  using reg = __m512d;
  static constexpr int lanes = 4;
  using Half = Avx2F64;
  static constexpr __mmask8 kAll = 0xFF;  // the masked forms: GCC 12 warns on the unmasked ones
  struct Tw { reg re, im; };

  static reg load(const T* p) { return _mm512_loadu_pd(p); }
  static void store(T* p, reg a) { _mm512_storeu_pd(p, a); }
  static reg add(reg a, reg b) { return _mm512_add_pd(a, b); }
  static reg sub(reg a, reg b) { return _mm512_sub_pd(a, b); }
  static reg scale(reg a, T c) { return _mm512_mul_pd(a, _mm512_set1_pd(c)); }
  static reg fma_scale(reg acc, reg a, T c) { return _mm512_fmadd_pd(a, _mm512_set1_pd(c), acc); }
  static reg swap(reg a) { return _mm512_mask_permute_pd(a, kAll, a, 0x55); }
  static reg flip(reg a, long long even, long long odd) {
    const __m512i mask = _mm512_set_epi64(odd, even, odd, even, odd, even, odd, even);
    return _mm512_castsi512_pd(_mm512_xor_si512(_mm512_castpd_si512(a), mask));
  }
  static constexpr long long kSign = static_cast<long long>(0x8000000000000000ULL);
  static reg mul_i(reg a) { return flip(swap(a), kSign, 0); }
  static reg mul_negi(reg a) { return flip(swap(a), 0, kSign); }
  // a ± i·b = (a.re ∓ b.im, a.im ± b.re): one instruction on swap(b), no sign mask.
  static reg add_i(reg a, reg b) { return _mm512_fmaddsub_pd(a, _mm512_set1_pd(1.0), swap(b)); }
  static reg sub_i(reg a, reg b) { return _mm512_fmsubadd_pd(a, _mm512_set1_pd(1.0), swap(b)); }
  static reg conj(reg a) { return flip(a, 0, kSign); }
  static reg reverse(reg a) { return _mm512_mask_shuffle_f64x2(a, kAll, a, a, 0x1B); }
  static Tw bcast_tw(const T* w) { return splat_tw(w[0], w[1]); }
  static Tw splat_tw(T re, T im) { return {_mm512_set1_pd(re), _mm512_set1_pd(im)}; }
  static Tw load_tw(const T* w) {
    reg v = load(w);
    return {_mm512_mask_movedup_pd(v, kAll, v), _mm512_mask_permute_pd(v, kAll, v, 0xFF)};
  }
  static reg cmul(reg a, Tw w) { return _mm512_fmaddsub_pd(a, w.re, _mm512_mul_pd(swap(a), w.im)); }
  // 128-bit lanes: two of x then two of y, chosen by imm (2 bits each).
  template <int imm>
  static reg pick_lanes(reg x, reg y) { return _mm512_mask_shuffle_f64x2(x, kAll, x, y, imm); }
  // a[j][l] ↔ a[l][j]: a 4×4 transpose of 128-bit complex elements.
  static void transpose(reg* a) {
    const reg t0 = pick_lanes<0x44>(a[0], a[1]), t1 = pick_lanes<0xEE>(a[0], a[1]);
    const reg t2 = pick_lanes<0x44>(a[2], a[3]), t3 = pick_lanes<0xEE>(a[2], a[3]);
    a[0] = pick_lanes<0x88>(t0, t2);
    a[1] = pick_lanes<0xDD>(t0, t2);
    a[2] = pick_lanes<0x88>(t1, t3);
    a[3] = pick_lanes<0xDD>(t1, t3);
  }
};

struct Avx512F32 {
  using T = float;
  using reg = __m512;
  static constexpr int lanes = 8;
  using Half = Avx2F32;
  static constexpr __mmask16 kAll = 0xFFFF;
  struct Tw { reg re, im; };

  static reg load(const T* p) { return _mm512_loadu_ps(p); }
  static void store(T* p, reg a) { _mm512_storeu_ps(p, a); }
  static reg add(reg a, reg b) { return _mm512_add_ps(a, b); }
  static reg sub(reg a, reg b) { return _mm512_sub_ps(a, b); }
  static reg scale(reg a, T c) { return _mm512_mul_ps(a, _mm512_set1_ps(c)); }
  static reg fma_scale(reg acc, reg a, T c) { return _mm512_fmadd_ps(a, _mm512_set1_ps(c), acc); }
  static reg swap(reg a) { return _mm512_mask_permute_ps(a, kAll, a, 0xB1); }
  static reg flip(reg a, int even, int odd) {
    const __m512i mask = _mm512_set_epi32(odd, even, odd, even, odd, even, odd, even, odd, even, odd,
                                          even, odd, even, odd, even);
    return _mm512_castsi512_ps(_mm512_xor_si512(_mm512_castps_si512(a), mask));
  }
  static constexpr int kSign = static_cast<int>(0x80000000U);
  static reg mul_i(reg a) { return flip(swap(a), kSign, 0); }
  static reg mul_negi(reg a) { return flip(swap(a), 0, kSign); }
  static reg add_i(reg a, reg b) { return _mm512_fmaddsub_ps(a, _mm512_set1_ps(1.0f), swap(b)); }
  static reg sub_i(reg a, reg b) { return _mm512_fmsubadd_ps(a, _mm512_set1_ps(1.0f), swap(b)); }
  static reg conj(reg a) { return flip(a, 0, kSign); }
  static reg reverse(reg a) {
    const __m512d v = _mm512_castps_pd(a);
    const __m512i order = _mm512_set_epi64(0, 1, 2, 3, 4, 5, 6, 7);
    return _mm512_castpd_ps(_mm512_mask_permutexvar_pd(v, Avx512F64::kAll, order, v));
  }
  static Tw bcast_tw(const T* w) { return splat_tw(w[0], w[1]); }
  static Tw splat_tw(T re, T im) { return {_mm512_set1_ps(re), _mm512_set1_ps(im)}; }
  static Tw load_tw(const T* w) {
    reg v = load(w);
    return {_mm512_mask_moveldup_ps(v, kAll, v), _mm512_mask_movehdup_ps(v, kAll, v)};
  }
  static reg cmul(reg a, Tw w) { return _mm512_fmaddsub_ps(a, w.re, _mm512_mul_ps(swap(a), w.im)); }
  // a[j][l] ↔ a[l][j]: an 8×8 transpose of 64-bit complex elements. Interleaving row pairs
  // leaves, in 128-bit lane i, columns 2i (lo) and 2i+1 (hi) of two rows; a 4×4 transpose of
  // those lanes then gathers each column.
  static void transpose(reg* a) {
    __m512d lo[4], hi[4];
    for (int k = 0; k < 4; ++k) {
      const __m512d x = _mm512_castps_pd(a[2 * k]), y = _mm512_castps_pd(a[2 * k + 1]);
      lo[k] = _mm512_mask_unpacklo_pd(x, Avx512F64::kAll, x, y);
      hi[k] = _mm512_mask_unpackhi_pd(x, Avx512F64::kAll, x, y);
    }
    Avx512F64::transpose(lo);
    Avx512F64::transpose(hi);
    for (int i = 0; i < 4; ++i) {
      a[2 * i] = _mm512_castpd_ps(lo[i]);
      a[2 * i + 1] = _mm512_castpd_ps(hi[i]);
    }
  }
};

}  // namespace
}  // namespace adj::fft
