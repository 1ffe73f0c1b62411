// The differentiable ops as C++ functions. Rules, composites and native/napi all call these;
// each goes through the dispatcher, so whatever they compute nests under every open level.
#pragma once
#include <cstdint>
#include <utility>
#include <vector>

#include "core/value.h"
#include "ops/table.h"

namespace adj::ops {

using Axes = Ints;

// A 0-d concrete value of `like`'s dtype.
VRef scalar_like(double v, const VRef& like);
VRef zeros_like(const VRef& x);  // concrete zeros of x's shape and dtype
VRef ones_like(const VRef& x);

#define ADJ_DECLARE_UNARY(name) VRef name(const VRef& x);
ADJ_UNARY_OPS(ADJ_DECLARE_UNARY)
#undef ADJ_DECLARE_UNARY
#define ADJ_DECLARE_BINARY(name) VRef name(const VRef& a, const VRef& b);
ADJ_BINARY_OPS(ADJ_DECLARE_BINARY)
#undef ADJ_DECLARE_BINARY

// s·(1 − y²), tanh's derivative at y = tanh x scaling s (y broadcast to s): one primitive
// for the product that tanh's rules take on traced values (as PyTorch's tanh_backward).
VRef tanh_grad(const VRef& y, const VRef& s);

// acc + g, reusing acc's storage when it is a concrete array held only here (sweep.cc).
VRef add_accumulate(VRef acc, const VRef& g);
// a + b for the terms of a tangent, where an absent (null) term is zero; null if both are.
VRef add_terms(const VRef& a, const VRef& b);

VRef where(const VRef& cond, const VRef& a, const VRef& b);
// Casts between any dtypes: real → complex embeds (zero imaginary part), complex → real takes
// the real part (NumPy's astype; its pullback embeds the real cotangent back).
VRef cast(const VRef& x, DType dt);
// The operands cast to their common dtype (promote() over all of them).
Values promoted(Values in);

// Complex parts (complex.cc). On real operands: real(x) = x, imag(x) = 0, conj(x) = x.
VRef real(const VRef& z);
VRef imag(const VRef& z);
VRef conj(const VRef& z);
VRef complex(const VRef& re, const VRef& im);  // re + i·im, broadcasting; complex of the wider precision
VRef abs2(const VRef& z);                      // |z|², real
VRef angle(const VRef& z);                     // arg z = atan2(im, re), real
DType complex_of(DType real_dt);               // float32 → complex64, float64 → complex128
DType real_of(DType dt);                       // complex64 → float32, complex128 → float64

// Reductions. Empty `axes` means all axes. Axes may be negative.
VRef sum(const VRef& x, const Axes& axes, bool keepdims);
VRef prod(const VRef& x, const Axes& axes, bool keepdims);
VRef max(const VRef& x, const Axes& axes, bool keepdims);
VRef min(const VRef& x, const Axes& axes, bool keepdims);
// Along one axis: element i is the product of all other elements of its lane (exact at zeros).
VRef prod_except(const VRef& x, int64_t axis);
VRef cumsum(const VRef& x, int64_t axis, bool reverse = false);
VRef mean(const VRef& x, const Axes& axes, bool keepdims);
VRef norm(const VRef& x, const Axes& axes, bool keepdims);
VRef logsumexp(const VRef& x, const Axes& axes, bool keepdims);
VRef diff(const VRef& x, int64_t axis);

// Discrete Fourier transforms along one axis (fft.cc). norm as NumPy's: the forward transform
// is scaled by 1, 1/√n or 1/n for Backward/Ortho/Forward, the inverse by 1/n, 1/√n or 1.
enum class FftNorm { Backward = 0, Ortho = 1, Forward = 2 };
VRef fft(const VRef& x, int64_t axis, bool inverse, FftNorm norm);  // real input is made complex
VRef rfft(const VRef& x, int64_t axis, FftNorm norm);                // real n → complex n/2+1
// complex → real of length n (n < 0: 2(m − 1) for m bins); bins beyond n/2 dropped, missing ones zero
VRef irfft(const VRef& x, int64_t n, int64_t axis, FftNorm norm);

// For ascending knots x, the segment [x_i, x_{i+1}] of each query (search.cc; a constant).
VRef segment_index(const VRef& x, const VRef& q);

// Piecewise polynomial (ppval.cc): dᵏ/dtᵏ of Σ_p coef[s, p]·(t − x_s)^p at each query t, with
// s = segment_index(x, t) and coef [segments, P].
VRef ppval(const VRef& coef, const VRef& x, const VRef& q, int64_t k);

// Linear solves (solve.cc; b is [n] or [n, k]) and dense determinants (det.cc).
VRef solve(const VRef& a, const VRef& b);
VRef tridiagonal_solve(const VRef& dl, const VRef& d, const VRef& du, const VRef& b);
// plus the corners A[n−1][0] = lower and A[0][n−1] = upper (0-d)
VRef cyclic_tridiagonal_solve(const VRef& dl, const VRef& d, const VRef& du, const VRef& lower, const VRef& upper,
                              const VRef& b);
VRef banded_solve(const VRef& ab, int64_t kl, int64_t ku, const VRef& b);  // ab: [kl+ku+1, n], SciPy's layout
VRef cholesky_banded_solve(const VRef& ab, int64_t k, const VRef& b);     // ab: [k+1, n], upper form
VRef det(const VRef& a);
std::pair<VRef, VRef> slogdet(const VRef& a);  // (sign, log|det|); the sign is a constant
VRef inv(const VRef& a);
// Band products (banded.cc): y = A x (Aᵀx), and the band part of u vᵀ in band storage.
VRef band_matvec(const VRef& ab, const VRef& x, int64_t kl, int64_t ku, bool transpose);
VRef band_outer(const VRef& u, const VRef& v, int64_t kl, int64_t ku);

// Linear. matmul follows NumPy: 1-D operands are promoted and the added axis removed;
// leading (batch) axes broadcast.
VRef matmul(const VRef& a, const VRef& b);
VRef dot(const VRef& a, const VRef& b);
VRef outer(const VRef& a, const VRef& b);

// Shape. reshape allows one -1.
VRef reshape(const VRef& x, const Shape& shape);
VRef transpose(const VRef& x, const Axes& perm);  // empty perm reverses the axes
VRef broadcast_to(const VRef& x, const Shape& shape);
VRef sum_to_shape(const VRef& x, const Shape& shape);  // the adjoint of broadcast_to
VRef concat(const Values& xs, int64_t axis);
VRef stack(const Values& xs, int64_t axis);
// widths: before/after per axis (2·ndim entries), padded with `value`.
VRef pad(const VRef& x, const Ints& widths, double value = 0);
VRef flip(const VRef& x, const Axes& axes);  // empty axes: all
VRef roll(const VRef& x, int64_t shift, int64_t axis);
VRef expand_dims(const VRef& x, int64_t axis);
VRef squeeze(const VRef& x, const Axes& axes);  // empty axes: every axis of length 1

// A strided region: per axis (start, step, count), 3·ndim entries, already normalized.
using Region = Ints;
VRef region_get(const VRef& x, const Region& r);
VRef region_set(const VRef& x, const VRef& v, const Region& r);  // v has the region's shape
VRef region_add(const VRef& x, const VRef& v, const Region& r);
VRef region_mul(const VRef& x, const VRef& v, const Region& r);
// NumPy-style slice along one axis (negative and out-of-range bounds clamped as NumPy does;
// stop = INT64_MAX means "to the end").
VRef slice(const VRef& x, int64_t start, int64_t stop, int64_t step, int64_t axis);
// Gather along `axis` (indices already normalized to [0, n)); output shape replaces that axis
// by indices.size(). take_add is its adjoint: scatter-add into zeros with axis length n.
VRef take(const VRef& x, const Ints& indices, int64_t axis);
VRef take_add(const VRef& g, const Ints& indices, int64_t axis, int64_t n);

}  // namespace adj::ops
