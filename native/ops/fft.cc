// Discrete Fourier transforms along one axis, wrapping native/fft (pure numerics) with rules.
//
// Primitives (attrs: i = {axis, …}, d = the scale s that norm= implies, applied in the kernel):
//   fft_c2c  i = {axis, inverse}   y = s·F x, F the DFT (exp(−2πi·jk/n)) or, inverse, its
//                                  conjugate (exp(+2πi·jk/n)); complex → complex
//   fft_r2c  i = {axis, weighted}  y = s·(F x)[0 .. n/2]; real n → complex n/2+1
//   fft_c2r  i = {axis, n, weighted}
//                                  y = s·F⁻¹-type sum over the Hermitian extension of x;
//                                  complex n/2+1 → real n (Im of bin 0 and, even n, of bin n/2
//                                  ignored, as FFTW and NumPy do)
// All three are linear, so the tangent rule is the op itself on the tangent. The pullbacks
// follow the convention x̄ = ∂L/∂Re x + i·∂L/∂Im x (DESIGN-NOTES § 6), i.e. the adjoint of each
// map as a real-linear map:
//   c2c: x̄ = s·Fᴴ ȳ, the unnormalized transform of the other direction;
//   r2c: x̄ = s·c2r(w·ȳ) with w = 1 on bin 0 (and bin n/2 for even n) and ½ elsewhere: c2r
//        counts the middle bins twice (bin k and its mirror n−k), Re(Fᴴ P ȳ) counts them once;
//   c2r: x̄ = s·w′·r2c(ȳ) with w′ = 1 on bin 0 (and n/2 for even n) and 2 elsewhere, since
//        each middle bin stands for two (itself and its conjugate mirror).
// `weighted` puts those weights into the transform, where the scaling pass applies them for
// free: r2c then yields w′·r2c(x), c2r yields c2r(w·x). Since w·w′ = 1, the pullback of a
// weighted transform is the unweighted one of the other direction and vice versa.
#include <cmath>
#include <complex>
#include <string>
#include <vector>

#include "fft/fft.h"
#include "ops/api.h"
#include "ops/kernel.h"
#include "ops/taylor.h"
#include "ops/lanes.h"

namespace adj {
namespace {

Attrs fft_attrs(Ints i, double scale) {
  Attrs a;
  a.i = std::move(i);
  a.d = scale;
  return a;
}

// Multiplies `count` real scalars (a complex array as 2·size of them) by s.
template <class R>
void scale_in_place(R* p, int64_t count, double s) {
  if (s == 1) return;
  const R f = static_cast<R>(s);
  for (int64_t k = 0; k < count; ++k) p[k] *= f;
}

// Whether bin k of a length-n real transform stands for itself alone (bin 0 and, even n, bin n/2)
// rather than for itself and its conjugate mirror n−k.
inline bool edge_bin(int64_t k, int64_t n) { return k == 0 || 2 * k == n; }

// r2c's output [outer][n/2+1][inner] (complex, as 2 reals each) times s·w′: s on the edge bins,
// 2s on the middle ones (bins 1 … ⌈n/2⌉−1, one contiguous block per outer index).
template <class R>
void scale_bins(R* p, int64_t outer, int64_t n, int64_t inner, double s) {
  const int64_t m = n / 2 + 1, middle = (n - 1) / 2, row = 2 * inner;
  const R edge = static_cast<R>(s), twice = static_cast<R>(2 * s);
  for (int64_t o = 0; o < outer; ++o) {
    R* bins = p + o * m * row;
    for (int64_t i = 0; i < row; ++i) bins[i] *= edge;
    for (int64_t i = row, end = (1 + middle) * row; i < end; ++i) bins[i] *= twice;
    if (n % 2 == 0 && m > 1)
      for (int64_t i = (m - 1) * row; i < m * row; ++i) bins[i] *= edge;
  }
}

// y = c2r(x) [outer][n][inner] turned into s·c2r(w·x): halving the middle bins halves their
// part of the sum, y_j = X_0 + 2Σ Re(X_k e^(2πi·jk/n)) + (−1)^j X_{n/2} (the last for even n,
// real parts of the edge bins), so s·c2r(w·x)_j = (s/2)·(y_j + X_0 + (−1)^j X_{n/2}): in each
// lane, (s/2)·(y_j + a) on even j and (s/2)·(y_j + b) on odd j.
template <class R>
void halve_middle_bins(const R* x, R* y, int64_t outer, int64_t n, int64_t inner, double s) {
  const int64_t m = n / 2 + 1;
  const R half = static_cast<R>(s / 2);
  const bool even = n % 2 == 0;
  std::vector<R> a(static_cast<size_t>(inner)), b(static_cast<size_t>(inner));
  for (int64_t o = 0; o < outer; ++o) {
    const R* first = x + 2 * o * m * inner;       // bin 0 of each lane
    const R* last = first + 2 * (m - 1) * inner;  // bin n/2 (even n)
    for (int64_t i = 0; i < inner; ++i) {
      const R nyquist = even ? last[2 * i] : R(0);
      a[static_cast<size_t>(i)] = first[2 * i] + nyquist;
      b[static_cast<size_t>(i)] = first[2 * i] - nyquist;
    }
    R* ys = y + o * n * inner;
    if (inner == 1) {
      int64_t j = 0;
      for (; j + 1 < n; j += 2) ys[j] = half * (ys[j] + a[0]), ys[j + 1] = half * (ys[j + 1] + b[0]);
      if (j < n) ys[j] = half * (ys[j] + a[0]);
      continue;
    }
    for (int64_t j = 0; j < n; ++j) {
      R* row = ys + j * inner;
      const R* add = j % 2 ? b.data() : a.data();
      for (int64_t i = 0; i < inner; ++i) row[i] = half * (row[i] + add[i]);
    }
  }
}

// Calls f(R{}) with R the real scalar type of dtype dt (float for float32/complex64).
template <class F>
void dispatch_precision(DType dt, F&& f) {
  if (dt == DType::f32 || dt == DType::c64) f(float{});
  else f(double{});
}

// A nonempty output needs every lane length ≥ 1 (checked by the ops:: entry points).
bool empty_lanes(const Shape& s) { return shape_size(s) == 0; }

VRef c2c_eval(const Values& in, const Attrs& a) {
  const VRef& x = in[0];
  VRef y = empty(x->dtype, x->shape);
  if (empty_lanes(x->shape)) return y;
  const Lanes l = lanes_of(x->shape, a.i[0]);
  const fft::Direction dir = a.i[1] ? fft::Direction::Backward : fft::Direction::Forward;
  dispatch_precision(x->dtype, [&](auto r) {
    using R = decltype(r);
    fft::c2c<R>(x->template data<std::complex<R>>(), y->template data<std::complex<R>>(), l.outer, l.n, l.inner, dir);
    scale_in_place(y->template data<R>(), 2 * y->size, a.d);
  });
  return y;
}

VRef r2c_eval(const Values& in, const Attrs& a) {
  const VRef& x = in[0];
  const int64_t axis = a.i[0];
  Shape s = x->shape;
  const int64_t n = s[static_cast<size_t>(axis)];
  s[static_cast<size_t>(axis)] = n / 2 + 1;
  VRef y = empty(ops::complex_of(x->dtype), s);
  if (empty_lanes(x->shape)) return y;
  const Lanes l = lanes_of(x->shape, axis);
  dispatch_precision(x->dtype, [&](auto r) {
    using R = decltype(r);
    fft::r2c<R>(x->template data<R>(), y->template data<std::complex<R>>(), l.outer, l.n, l.inner);
    if (a.i[1]) scale_bins(y->template data<R>(), l.outer, n, l.inner, a.d);
    else scale_in_place(y->template data<R>(), 2 * y->size, a.d);
  });
  return y;
}

VRef c2r_eval(const Values& in, const Attrs& a) {
  const VRef& x = in[0];
  const int64_t axis = a.i[0], n = a.i[1];
  Shape s = x->shape;
  s[static_cast<size_t>(axis)] = n;
  VRef y = empty(ops::real_of(x->dtype), s);
  if (empty_lanes(s)) return y;
  const Lanes l = lanes_of(s, axis);
  dispatch_precision(x->dtype, [&](auto r) {
    using R = decltype(r);
    fft::c2r<R>(x->template data<std::complex<R>>(), y->template data<R>(), l.outer, l.n, l.inner);
    if (a.i[2]) halve_middle_bins(reinterpret_cast<const R*>(x->template data<std::complex<R>>()), y->template data<R>(), l.outer, n, l.inner, a.d);
    else scale_in_place(y->template data<R>(), y->size, a.d);
  });
  return y;
}

// all linear: ẏ = op(ẋ)
VRef c2c_jvp(const Ctx& c, const Values& t) { return apply(op_fft_c2c, {t[0]}, lanes::axes_shifted(c, 0, 1)); }
VRef r2c_jvp(const Ctx& c, const Values& t) { return apply(op_fft_r2c, {t[0]}, lanes::axes_shifted(c, 0, 1)); }
VRef c2r_jvp(const Ctx& c, const Values& t) { return apply(op_fft_c2r, {t[0]}, lanes::axes_shifted(c, 0, 1)); }

// x̄ = s·Fᴴ ȳ: the other direction, same scale
void c2c_vjp(const Ctx& c, const VRef& g, const std::vector<bool>&, Values& grads) {
  grads[0] = apply(op_fft_c2c, {g}, fft_attrs({c.attrs.i[0], c.attrs.i[1] ? 0 : 1}, c.attrs.d));
}
// x̄ = s·c2r(w·ȳ), w = (1, ½, …, ½, [1]); of the weighted r2c (w′ after it), s·c2r(ȳ)
void r2c_vjp(const Ctx& c, const VRef& g, const std::vector<bool>&, Values& grads) {
  const int64_t axis = c.attrs.i[0], n = c.in[0]->shape[static_cast<size_t>(axis)];
  grads[0] = apply(op_fft_c2r, {g}, fft_attrs({axis, n, c.attrs.i[1] ? 0 : 1}, c.attrs.d));
}
// x̄ = s·w′·r2c(ȳ), w′ = (1, 2, …, 2, [1]); of the weighted c2r (w before it), s·r2c(ȳ)
void c2r_vjp(const Ctx& c, const VRef& g, const std::vector<bool>&, Values& grads) {
  grads[0] = apply(op_fft_r2c, {g}, fft_attrs({c.attrs.i[0], c.attrs.i[2] ? 0 : 1}, c.attrs.d));
}

// The scale of a transform of length n: forward transforms carry 1, 1/√n or 1/n for norm
// backward/ortho/forward, inverse ones 1/n, 1/√n or 1 (NumPy's norm=).
double norm_scale(ops::FftNorm norm, int64_t n, bool inverse) {
  switch (norm) {
    case ops::FftNorm::Ortho: return 1 / std::sqrt(static_cast<double>(n));
    case ops::FftNorm::Forward: return inverse ? 1 : 1 / static_cast<double>(n);
    case ops::FftNorm::Backward: break;
  }
  return inverse ? 1 / static_cast<double>(n) : 1;
}

int64_t fft_axis(const VRef& x, int64_t axis, const char* what) {
  if (x->ndim() == 0) fail(ErrorKind::Argument, std::string(what) + ": needs an array of at least 1 dimension, got shape []");
  return normalize_axis(axis, x->ndim(), what);
}

void check_points(int64_t n, const Shape& s, const char* what) {
  if (n < 1)
    fail(ErrorKind::Argument, std::string(what) + ": invalid number of data points (" + std::to_string(n) + ") for shape " + shape_str(s));
}

}  // namespace

const OpDef op_fft_c2c{"fft_c2c", &c2c_eval, &c2c_jvp, &c2c_vjp, true, &taylor::linear};
const OpDef op_fft_r2c{"fft_r2c", &r2c_eval, &r2c_jvp, &r2c_vjp, true, &taylor::linear};
const OpDef op_fft_c2r{"fft_c2r", &c2r_eval, &c2r_jvp, &c2r_vjp, true, &taylor::linear};

VRef ops::fft(const VRef& x, int64_t axis, bool inverse, FftNorm norm) {
  const char* what = inverse ? "ifft" : "fft";
  const int64_t ax = fft_axis(x, axis, what);
  const int64_t n = x->shape[static_cast<size_t>(ax)];
  check_points(n, x->shape, what);
  const VRef z = is_complex(x->dtype) ? x : ops::cast(x, ops::complex_of(x->dtype));
  return apply(op_fft_c2c, {z}, fft_attrs({ax, inverse ? 1 : 0}, norm_scale(norm, n, inverse)));
}

VRef ops::rfft(const VRef& x, int64_t axis, FftNorm norm) {
  if (is_complex(x->dtype))
    fail(ErrorKind::DType, std::string("rfft: expected a real array, got ") + dtype_name(x->dtype) + " (use fft for complex input)");
  const int64_t ax = fft_axis(x, axis, "rfft");
  const int64_t n = x->shape[static_cast<size_t>(ax)];
  check_points(n, x->shape, "rfft");
  return apply(op_fft_r2c, {x}, fft_attrs({ax, 0}, norm_scale(norm, n, false)));
}

VRef ops::irfft(const VRef& x, int64_t n, int64_t axis, FftNorm norm) {
  const int64_t ax = fft_axis(x, axis, "irfft");
  const int64_t m = x->shape[static_cast<size_t>(ax)];
  const int64_t len = n < 0 ? 2 * (m - 1) : n;
  check_points(len, x->shape, "irfft");
  // the first len/2 + 1 bins, truncated or zero-padded as NumPy does
  const int64_t need = len / 2 + 1;
  VRef z = is_complex(x->dtype) ? x : ops::cast(x, ops::complex_of(x->dtype));
  if (m > need) z = ops::slice(z, 0, need, 1, ax);
  if (m < need) {
    Ints widths(2 * static_cast<size_t>(z->ndim()), 0);
    widths[2 * static_cast<size_t>(ax) + 1] = need - m;
    z = ops::pad(z, widths, 0);
  }
  return apply(op_fft_c2r, {z}, fft_attrs({ax, len, 0}, norm_scale(norm, len, true)));
}

}  // namespace adj
