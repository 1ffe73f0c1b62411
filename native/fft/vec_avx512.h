// AVX-512F vectors of interleaved complex numbers: 4 complex doubles or 8 complex floats per
// register. Same interface as ScalarVec. Internal linkage only; include after
// `#pragma GCC target("avx512f")`.
#pragma once
#include <immintrin.h>

namespace adj::fft {
namespace {

struct Avx512F64 {
  using T = double;
  using reg = __m512d;
  static constexpr int lanes = 4;
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
  static Tw bcast_tw(const T* w) { return {_mm512_set1_pd(w[0]), _mm512_set1_pd(w[1])}; }
  static Tw load_tw(const T* w) {
    reg v = load(w);
    return {_mm512_mask_movedup_pd(v, kAll, v), _mm512_mask_permute_pd(v, kAll, v, 0xFF)};
  }
  static reg cmul(reg a, Tw w) { return _mm512_fmaddsub_pd(a, w.re, _mm512_mul_pd(swap(a), w.im)); }
};

struct Avx512F32 {
  using T = float;
  using reg = __m512;
  static constexpr int lanes = 8;
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
  static Tw bcast_tw(const T* w) { return {_mm512_set1_ps(w[0]), _mm512_set1_ps(w[1])}; }
  static Tw load_tw(const T* w) {
    reg v = load(w);
    return {_mm512_mask_moveldup_ps(v, kAll, v), _mm512_mask_movehdup_ps(v, kAll, v)};
  }
  static reg cmul(reg a, Tw w) { return _mm512_fmaddsub_ps(a, w.re, _mm512_mul_ps(swap(a), w.im)); }
};

}  // namespace
}  // namespace adj::fft
