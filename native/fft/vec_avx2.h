// AVX2+FMA vectors of interleaved complex numbers: 2 complex doubles or 4 complex floats per
// register. Same interface as ScalarVec. Internal linkage only; include after
// `#pragma GCC target("avx2,fma")`.
#pragma once
#include <immintrin.h>

#include "fft/vec_sse2.h"

namespace adj::fft {
namespace {

struct Avx2F64 {
  using T = double;
  using reg = __m256d;
  static constexpr int lanes = 2;
  using Half = Sse2F64;
  struct Tw { reg re, im; };

  static reg load(const T* p) { return _mm256_loadu_pd(p); }
  static void store(T* p, reg a) { _mm256_storeu_pd(p, a); }
  static reg add(reg a, reg b) { return _mm256_add_pd(a, b); }
  static reg sub(reg a, reg b) { return _mm256_sub_pd(a, b); }
  static reg scale(reg a, T c) { return _mm256_mul_pd(a, _mm256_set1_pd(c)); }
  static reg fma_scale(reg acc, reg a, T c) { return _mm256_fmadd_pd(a, _mm256_set1_pd(c), acc); }
  static reg swap(reg a) { return _mm256_permute_pd(a, 0x5); }
  static reg mul_i(reg a) { return _mm256_addsub_pd(_mm256_setzero_pd(), swap(a)); }
  static reg mul_negi(reg a) { return _mm256_xor_pd(swap(a), _mm256_set_pd(-0.0, 0.0, -0.0, 0.0)); }
  // a ± i·b = (a.re ∓ b.im, a.im ± b.re): one instruction on swap(b), no sign mask.
  static reg add_i(reg a, reg b) { return _mm256_addsub_pd(a, swap(b)); }
  static reg sub_i(reg a, reg b) { return _mm256_fmsubadd_pd(a, _mm256_set1_pd(1.0), swap(b)); }
  static reg conj(reg a) { return _mm256_xor_pd(a, _mm256_set_pd(-0.0, 0.0, -0.0, 0.0)); }
  static reg reverse(reg a) { return _mm256_permute2f128_pd(a, a, 1); }
  static Tw bcast_tw(const T* w) { return {_mm256_broadcast_sd(w), _mm256_broadcast_sd(w + 1)}; }
  static Tw splat_tw(T re, T im) { return {_mm256_set1_pd(re), _mm256_set1_pd(im)}; }
  static Tw load_tw(const T* w) {
    reg v = load(w);
    return {_mm256_movedup_pd(v), _mm256_permute_pd(v, 0xF)};
  }
  // even lanes a.re·w.re − a.im·w.im, odd lanes a.im·w.re + a.re·w.im
  static reg cmul(reg a, Tw w) { return _mm256_fmaddsub_pd(a, w.re, _mm256_mul_pd(swap(a), w.im)); }
  // a[j][l] ↔ a[l][j] over the lanes × lanes block of complex numbers.
  static void transpose(reg* a) {
    const reg t = _mm256_permute2f128_pd(a[0], a[1], 0x20);
    a[1] = _mm256_permute2f128_pd(a[0], a[1], 0x31);
    a[0] = t;
  }
};

struct Avx2F32 {
  using T = float;
  using reg = __m256;
  static constexpr int lanes = 4;
  using Half = Sse2F32;
  struct Tw { reg re, im; };

  static reg load(const T* p) { return _mm256_loadu_ps(p); }
  static void store(T* p, reg a) { _mm256_storeu_ps(p, a); }
  static reg add(reg a, reg b) { return _mm256_add_ps(a, b); }
  static reg sub(reg a, reg b) { return _mm256_sub_ps(a, b); }
  static reg scale(reg a, T c) { return _mm256_mul_ps(a, _mm256_set1_ps(c)); }
  static reg fma_scale(reg acc, reg a, T c) { return _mm256_fmadd_ps(a, _mm256_set1_ps(c), acc); }
  static reg swap(reg a) { return _mm256_permute_ps(a, 0xB1); }
  static reg mul_i(reg a) { return _mm256_addsub_ps(_mm256_setzero_ps(), swap(a)); }
  static reg mul_negi(reg a) {
    return _mm256_xor_ps(swap(a), _mm256_set_ps(-0.0f, 0.0f, -0.0f, 0.0f, -0.0f, 0.0f, -0.0f, 0.0f));
  }
  static reg add_i(reg a, reg b) { return _mm256_addsub_ps(a, swap(b)); }
  static reg sub_i(reg a, reg b) { return _mm256_fmsubadd_ps(a, _mm256_set1_ps(1.0f), swap(b)); }
  static reg conj(reg a) {
    return _mm256_xor_ps(a, _mm256_set_ps(-0.0f, 0.0f, -0.0f, 0.0f, -0.0f, 0.0f, -0.0f, 0.0f));
  }
  static reg reverse(reg a) { return _mm256_castpd_ps(_mm256_permute4x64_pd(_mm256_castps_pd(a), 0x1B)); }
  static Tw bcast_tw(const T* w) { return {_mm256_broadcast_ss(w), _mm256_broadcast_ss(w + 1)}; }
  static Tw splat_tw(T re, T im) { return {_mm256_set1_ps(re), _mm256_set1_ps(im)}; }
  static Tw load_tw(const T* w) {
    reg v = load(w);
    return {_mm256_moveldup_ps(v), _mm256_movehdup_ps(v)};
  }
  static reg cmul(reg a, Tw w) { return _mm256_fmaddsub_ps(a, w.re, _mm256_mul_ps(swap(a), w.im)); }
  // a[j][l] ↔ a[l][j]: a 4×4 transpose of 64-bit complex elements.
  static void transpose(reg* a) {
    __m256d t[4];
    for (int k = 0; k < 2; ++k) {
      const __m256d x = _mm256_castps_pd(a[2 * k]), y = _mm256_castps_pd(a[2 * k + 1]);
      t[2 * k] = _mm256_unpacklo_pd(x, y);
      t[2 * k + 1] = _mm256_unpackhi_pd(x, y);
    }
    a[0] = _mm256_castpd_ps(_mm256_permute2f128_pd(t[0], t[2], 0x20));
    a[1] = _mm256_castpd_ps(_mm256_permute2f128_pd(t[1], t[3], 0x20));
    a[2] = _mm256_castpd_ps(_mm256_permute2f128_pd(t[0], t[2], 0x31));
    a[3] = _mm256_castpd_ps(_mm256_permute2f128_pd(t[1], t[3], 0x31));
  }
};

}  // namespace
}  // namespace adj::fft
