// One complex number as a "vector" of one lane: the portable fallback and the tail of every
// vectorised loop. Same interface as the vec_*.h types (see codelets.h). Internal linkage only.
#pragma once

namespace adj::fft {
namespace {

template <class Real>
struct ScalarVec {
  using T = Real;
  static constexpr int lanes = 1;
  using Half = ScalarVec;  // the next narrower vector type (none: itself)
  struct reg { T re, im; };
  using Tw = reg;

  static reg load(const T* p) { return {p[0], p[1]}; }
  static void store(T* p, reg a) { p[0] = a.re; p[1] = a.im; }
  static reg add(reg a, reg b) { return {a.re + b.re, a.im + b.im}; }
  static reg sub(reg a, reg b) { return {a.re - b.re, a.im - b.im}; }
  static reg scale(reg a, T c) { return {a.re * c, a.im * c}; }
  static reg fma_scale(reg acc, reg a, T c) { return {acc.re + a.re * c, acc.im + a.im * c}; }
  static reg mul_i(reg a) { return {-a.im, a.re}; }
  static reg mul_negi(reg a) { return {a.im, -a.re}; }
  static reg add_i(reg a, reg b) { return {a.re - b.im, a.im + b.re}; }  // a + i·b
  static reg sub_i(reg a, reg b) { return {a.re + b.im, a.im - b.re}; }  // a − i·b
  static reg conj(reg a) { return {a.re, -a.im}; }
  static reg reverse(reg a) { return a; }  // the lanes in reverse order
  static Tw bcast_tw(const T* w) { return {w[0], w[1]}; }
  static Tw splat_tw(T re, T im) { return {re, im}; }
  static Tw load_tw(const T* w) { return {w[0], w[1]}; }
  static reg cmul(reg a, Tw w) { return {a.re * w.re - a.im * w.im, a.re * w.im + a.im * w.re}; }
  static void transpose(reg*) {}
};

}  // namespace
}  // namespace adj::fft
