// SSE2 vectors of interleaved complex numbers (the x86-64 baseline): 1 complex double or 2
// complex floats per register. Same interface as ScalarVec (Half: the next narrower type, for
// loop tails). Internal linkage only.
#pragma once
#include <emmintrin.h>

#include "fft/vec_scalar.h"

namespace adj::fft {
namespace {

struct Sse2F64 {
  using T = double;
  using reg = __m128d;
  static constexpr int lanes = 1;
  using Half = Sse2F64;
  struct Tw { reg re, im; };

  static reg load(const T* p) { return _mm_loadu_pd(p); }
  static void store(T* p, reg a) { _mm_storeu_pd(p, a); }
  static reg add(reg a, reg b) { return _mm_add_pd(a, b); }
  static reg sub(reg a, reg b) { return _mm_sub_pd(a, b); }
  static reg scale(reg a, T c) { return _mm_mul_pd(a, _mm_set1_pd(c)); }
  static reg fma_scale(reg acc, reg a, T c) { return _mm_add_pd(acc, scale(a, c)); }
  static reg swap(reg a) { return _mm_shuffle_pd(a, a, 1); }
  static reg mul_i(reg a) { return _mm_xor_pd(swap(a), _mm_set_pd(0.0, -0.0)); }
  static reg mul_negi(reg a) { return _mm_xor_pd(swap(a), _mm_set_pd(-0.0, 0.0)); }
  static reg add_i(reg a, reg b) { return add(a, mul_i(b)); }
  static reg sub_i(reg a, reg b) { return sub(a, mul_i(b)); }
  static reg conj(reg a) { return _mm_xor_pd(a, _mm_set_pd(-0.0, 0.0)); }
  static reg reverse(reg a) { return a; }
  static Tw bcast_tw(const T* w) { return splat_tw(w[0], w[1]); }
  static Tw splat_tw(T re, T im) { return {_mm_set1_pd(re), _mm_set1_pd(im)}; }
  static Tw load_tw(const T* w) { return bcast_tw(w); }
  // (a.re·w.re − a.im·w.im, a.im·w.re + a.re·w.im)
  static reg cmul(reg a, Tw w) {
    return _mm_add_pd(_mm_mul_pd(a, w.re), _mm_xor_pd(_mm_mul_pd(swap(a), w.im), _mm_set_pd(0.0, -0.0)));
  }
  static void transpose(reg*) {}
};

struct Sse2F32 {
  using T = float;
  using reg = __m128;
  static constexpr int lanes = 2;
  using Half = ScalarVec<float>;
  struct Tw { reg re, im; };

  static reg load(const T* p) { return _mm_loadu_ps(p); }
  static void store(T* p, reg a) { _mm_storeu_ps(p, a); }
  static reg add(reg a, reg b) { return _mm_add_ps(a, b); }
  static reg sub(reg a, reg b) { return _mm_sub_ps(a, b); }
  static reg scale(reg a, T c) { return _mm_mul_ps(a, _mm_set1_ps(c)); }
  static reg fma_scale(reg acc, reg a, T c) { return _mm_add_ps(acc, scale(a, c)); }
  static reg swap(reg a) { return _mm_shuffle_ps(a, a, 0xB1); }
  static reg odd_sign() { return _mm_set_ps(-0.0f, 0.0f, -0.0f, 0.0f); }
  static reg even_sign() { return _mm_set_ps(0.0f, -0.0f, 0.0f, -0.0f); }
  static reg mul_i(reg a) { return _mm_xor_ps(swap(a), even_sign()); }
  static reg mul_negi(reg a) { return _mm_xor_ps(swap(a), odd_sign()); }
  static reg add_i(reg a, reg b) { return add(a, mul_i(b)); }
  static reg sub_i(reg a, reg b) { return sub(a, mul_i(b)); }
  static reg conj(reg a) { return _mm_xor_ps(a, odd_sign()); }
  static reg reverse(reg a) { return _mm_shuffle_ps(a, a, 0x4E); }
  static Tw bcast_tw(const T* w) { return splat_tw(w[0], w[1]); }
  static Tw splat_tw(T re, T im) { return {_mm_set1_ps(re), _mm_set1_ps(im)}; }
  static Tw load_tw(const T* w) {
    reg v = load(w);
    return {_mm_shuffle_ps(v, v, 0xA0), _mm_shuffle_ps(v, v, 0xF5)};
  }
  static reg cmul(reg a, Tw w) {
    return _mm_add_ps(_mm_mul_ps(a, w.re), _mm_xor_ps(_mm_mul_ps(swap(a), w.im), even_sign()));
  }
  // a[j][l] ↔ a[l][j] over the lanes × lanes block of complex numbers.
  static void transpose(reg* a) {
    const reg t = _mm_movelh_ps(a[0], a[1]);
    a[1] = _mm_movehl_ps(a[1], a[0]);
    a[0] = t;
  }
};

}  // namespace
}  // namespace adj::fft
