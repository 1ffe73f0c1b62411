// Products with band matrices in SciPy's band storage (ab is [kl+ku+1, n], ab[ku + i − j][j] =
// A[i][j]), O(n·bandwidth) each. Together they close under differentiation, which is what the
// band solvers' rules are made of (solve.cc):
//   band_matvec  i = {kl, ku, transpose}   y = A x (or Aᵀx), x of shape [n] or [n, k]
//   band_outer   i = {kl, ku}              the band part of u vᵀ: ab[ku + i − j][j] = Σ_r u[i,r]·v[j,r]
// band_matvec is bilinear in (ab, x): ẏ = Ȧx + Aẋ; x̄ = Aᵀȳ (A ȳ when transposed) and
// āb = band_outer(ȳ, x) (band_outer(x, ȳ) when transposed). band_outer is bilinear in (u, v):
// the output is linear in each, with ū = G v and v̄ = Gᵀ u for the band matrix G of ḡ.
#include <algorithm>
#include <string>

#include "ops/api.h"
#include "ops/kernel.h"
#include "ops/taylor.h"

namespace adj {
namespace {

Attrs band_attrs(int64_t kl, int64_t ku, int64_t transpose = 0) {
  Attrs a;
  a.i = {kl, ku, transpose};
  return a;
}

// y = A x or Aᵀ x: y[i] = Σ_j A[i][j] x[j] over the band.
VRef band_matvec_eval(const Values& in, const Attrs& a) {
  const VRef &ab = in[0], &x = in[1];
  const int64_t kl = a.i[0], ku = a.i[1], n = x->shape[0], k = columns(x);
  const bool tr = a.i[2] != 0;
  VRef y = zeros(x->dtype, x->shape);
  dispatch_real(x->dtype, "band_matvec", [&](auto t) {
    using T = decltype(t);
    const T *pa = ab->template data<T>(), *px = x->template data<T>();
    T* py = y->template data<T>();
    for (int64_t r = 0; r < kl + ku + 1; ++r) {
      const int64_t off = ku - r;  // diagonal r holds A[j − off][j]
      const T* diag = pa + r * n;
      for (int64_t j = std::max<int64_t>(0, off); j < std::min(n, n + off); ++j) {
        const int64_t i = j - off;
        const T aij = diag[j];
        const int64_t row = tr ? j : i, col = tr ? i : j;
        for (int64_t c = 0; c < k; ++c) py[row * k + c] += aij * px[col * k + c];
      }
    }
  });
  return y;
}

// ab[ku + i − j][j] = Σ_c u[i,c]·v[j,c] inside the matrix, 0 outside.
VRef band_outer_eval(const Values& in, const Attrs& a) {
  const VRef &u = in[0], &v = in[1];
  const int64_t kl = a.i[0], ku = a.i[1], n = u->shape[0], k = columns(u);
  VRef ab = zeros(u->dtype, {kl + ku + 1, n});
  dispatch_real(u->dtype, "band_outer", [&](auto t) {
    using T = decltype(t);
    const T *pu = u->template data<T>(), *pv = v->template data<T>();
    T* pab = ab->template data<T>();
    for (int64_t r = 0; r < kl + ku + 1; ++r) {
      const int64_t off = ku - r;
      for (int64_t j = std::max<int64_t>(0, off); j < std::min(n, n + off); ++j) {
        const int64_t i = j - off;
        T s = 0;
        for (int64_t c = 0; c < k; ++c) s += pu[i * k + c] * pv[j * k + c];
        pab[r * n + j] = s;
      }
    }
  });
  return ab;
}

// ẏ = band_matvec(ȧb, x) + band_matvec(ab, ẋ)
VRef band_matvec_jvp(const Ctx& c, const Values& t) {
  const int64_t kl = c.attrs.i[0], ku = c.attrs.i[1];
  const bool tr = c.attrs.i[2] != 0;
  VRef from_ab = t[0] ? ops::band_matvec(t[0], c.in[1], kl, ku, tr) : nullptr;
  VRef from_x = t[1] ? ops::band_matvec(c.in[0], t[1], kl, ku, tr) : nullptr;
  return ops::add_terms(from_ab, from_x);
}
// āb = band_outer(ḡ, x) (transposed: band_outer(x, ḡ)); x̄ = band_matvec(ab, ḡ) the other way
void band_matvec_vjp(const Ctx& c, const VRef& g, const std::vector<bool>& need, Values& grads) {
  const int64_t kl = c.attrs.i[0], ku = c.attrs.i[1];
  const bool tr = c.attrs.i[2] != 0;
  if (need[0]) grads[0] = tr ? ops::band_outer(c.in[1], g, kl, ku) : ops::band_outer(g, c.in[1], kl, ku);
  if (need[1]) grads[1] = ops::band_matvec(c.in[0], g, kl, ku, !tr);
}

// ȧb = band_outer(u̇, v) + band_outer(u, v̇)
VRef band_outer_jvp(const Ctx& c, const Values& t) {
  const int64_t kl = c.attrs.i[0], ku = c.attrs.i[1];
  VRef from_u = t[0] ? ops::band_outer(t[0], c.in[1], kl, ku) : nullptr;
  VRef from_v = t[1] ? ops::band_outer(c.in[0], t[1], kl, ku) : nullptr;
  return ops::add_terms(from_u, from_v);
}
// ū = G v, v̄ = Gᵀ u with G the band matrix stored in ḡ
void band_outer_vjp(const Ctx& c, const VRef& g, const std::vector<bool>& need, Values& grads) {
  const int64_t kl = c.attrs.i[0], ku = c.attrs.i[1];
  if (need[0]) grads[0] = ops::band_matvec(g, c.in[1], kl, ku, false);
  if (need[1]) grads[1] = ops::band_matvec(g, c.in[0], kl, ku, true);
}

void check_band(const char* what, const Shape& ab, int64_t kl, int64_t ku, int64_t n) {
  if (kl < 0 || ku < 0 || ab.size() != 2 || ab[0] != kl + ku + 1 || ab[1] != n)
    fail(ErrorKind::Shape, std::string(what) + ": band storage of shape " + shape_str(ab) + " does not fit kl = " + std::to_string(kl) +
                               ", ku = " + std::to_string(ku) + " and n = " + std::to_string(n) + " (expected [" +
                               std::to_string(kl + ku + 1) + "," + std::to_string(n) + "])");
}

}  // namespace

const OpDef op_band_matvec{"band_matvec", &band_matvec_eval, &band_matvec_jvp, &band_matvec_vjp, false, &taylor::bilinear};
const OpDef op_band_outer{"band_outer", &band_outer_eval, &band_outer_jvp, &band_outer_vjp, false, &taylor::bilinear};

VRef ops::band_matvec(const VRef& ab, const VRef& x, int64_t kl, int64_t ku, bool transpose) {
  check_band("band_matvec", ab->shape, kl, ku, rhs_rows("band_matvec", "x", x));
  return apply(op_band_matvec, ops::promoted({ab, x}), band_attrs(kl, ku, transpose ? 1 : 0));
}

VRef ops::band_outer(const VRef& u, const VRef& v, int64_t kl, int64_t ku) {
  rhs_rows("band_outer", "u", u);
  if (u->shape != v->shape)
    fail(ErrorKind::Shape, "band_outer: operands of shapes " + shape_str(u->shape) + " and " + shape_str(v->shape) + " differ");
  if (kl < 0 || ku < 0) fail(ErrorKind::Argument, "band_outer: kl and ku must be non-negative");
  return apply(op_band_outer, ops::promoted({u, v}), band_attrs(kl, ku));
}

}  // namespace adj
