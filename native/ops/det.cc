// Determinants of dense matrices by LU (native/linalg), and the inverse as a solve:
//   det         y = det A;        ẏ = y·tr(A⁻¹Ȧ);       Ā = ȳ·y·A⁻ᵀ
//   logabsdet   y = log|det A|;   ẏ = tr(A⁻¹Ȧ);         Ā = ȳ·A⁻ᵀ
// A singular A has det 0 and log|det| = −∞ (values, as NumPy); its derivative needs A⁻¹ and
// raises SingularMatrixError. inv(A) = solve(A, I), so its rules are the solve's.
#include <cmath>
#include <limits>
#include <string>
#include <utility>

#include "linalg/linalg.h"
#include "ops/api.h"
#include "ops/kernel.h"
#include "ops/taylor.h"

namespace adj {
namespace {

// f(LU) for a concrete square A, or `singular` when A has an exactly zero pivot.
template <class T, class F>
T from_lu(const VRef& a, T singular, F f) {
  try {
    return f(linalg::lu_factor(a->template data<T>(), a->shape[0]));
  } catch (const Error& e) {
    if (e.kind != ErrorKind::Singular) throw;
    return singular;
  }
}

VRef det_eval(const Values& in, const Attrs&) {
  VRef y = empty(in[0]->dtype, {});
  dispatch_real(in[0]->dtype, "det", [&](auto t) {
    using T = decltype(t);
    *y->template data<T>() = from_lu<T>(in[0], T(0), [](const linalg::DenseLU<T>& f) { return linalg::lu_det(f); });
  });
  return y;
}

VRef logabsdet_eval(const Values& in, const Attrs&) {
  VRef y = empty(in[0]->dtype, {});
  dispatch_real(in[0]->dtype, "slogdet", [&](auto t) {
    using T = decltype(t);
    *y->template data<T>() = from_lu<T>(in[0], -std::numeric_limits<T>::infinity(), [](const linalg::DenseLU<T>& f) {
      T sign, logabs;
      linalg::lu_slogdet(f, &sign, &logabs);
      return logabs;
    });
  });
  return y;
}

// tr(A⁻¹Ȧ) = Σ (A⁻ᵀ ⊙ Ȧ)
VRef trace_inv_times(const VRef& a, const VRef& da) { return ops::sum(ops::mul(ops::transpose(ops::inv(a), {}), da), {}, false); }

// Taylor mode: with B = A⁻¹ along the path (B_0 = A_0⁻¹, B_m = −B_0·Σ_{j=1..m} A_j·B_{m−j}),
// L = log|det A| has L′ = tr(B·A′), so L_k = (1/k)·Σ_{j=1..k} j·tr(B_{k−j}·A_j); det = e^L·sign
// then follows y′ = y·L′.
taylor::Series log_det_series(const Ctx& c, const Values& coeffs) {
  const taylor::Series a = taylor::series(c, coeffs, 0);
  taylor::Series b(a.size()), l(a.size());
  b[0] = ops::inv(a[0]);
  auto trace_of_product = [](const VRef& x, const VRef& y) { return ops::sum(ops::mul(ops::transpose(x, {}), y), {}, false); };
  for (size_t k = 1; k < a.size(); ++k) {
    if (k > 1) b[k - 1] = ops::neg(ops::matmul(b[0], taylor::cauchy_with(a, b, static_cast<int>(k) - 1, 1, ops::matmul)));
    VRef s;
    for (size_t j = 1; j <= k; ++j) s = ops::add_terms(s, taylor::scaled(trace_of_product(b[k - j], a[j]), double(j) / double(k)));
    l[k] = s;
  }
  return l;
}
VRef logabsdet_taylor(const OpDef&, const Ctx& c, const Values& coeffs) {
  taylor::Series l = log_det_series(c, coeffs);
  l[0] = c.out;
  return taylor::stacked(c, l);
}
VRef det_taylor(const OpDef&, const Ctx& c, const Values& coeffs) {
  const taylor::Series l = log_det_series(c, coeffs);
  taylor::Series y(l.size());
  y[0] = c.out;
  for (size_t k = 1; k < y.size(); ++k) y[k] = taylor::integral(l, y, static_cast<int>(k));
  return taylor::stacked(c, y);
}

VRef det_jvp(const Ctx& c, const Values& t) { return ops::mul(c.out, trace_inv_times(c.in[0], t[0])); }
void det_vjp(const Ctx& c, const VRef& g, const std::vector<bool>&, Values& grads) {
  grads[0] = ops::mul(ops::mul(g, c.out), ops::transpose(ops::inv(c.in[0]), {}));
}
VRef logabsdet_jvp(const Ctx& c, const Values& t) { return trace_inv_times(c.in[0], t[0]); }
void logabsdet_vjp(const Ctx& c, const VRef& g, const std::vector<bool>&, Values& grads) {
  grads[0] = ops::mul(g, ops::transpose(ops::inv(c.in[0]), {}));
}

void check_square(const char* what, const VRef& a) {
  if (a->ndim() != 2 || a->shape[0] != a->shape[1])
    fail(ErrorKind::Shape, std::string(what) + ": expected a square matrix, got shape " + shape_str(a->shape));
}

}  // namespace

const OpDef op_det{"det", &det_eval, &det_jvp, &det_vjp, false, &det_taylor};
const OpDef op_logabsdet{"logabsdet", &logabsdet_eval, &logabsdet_jvp, &logabsdet_vjp, false, &logabsdet_taylor};

VRef ops::det(const VRef& a) {
  check_square("det", a);
  return apply(op_det, {a});
}

std::pair<VRef, VRef> ops::slogdet(const VRef& a) {
  check_square("slogdet", a);
  // the sign is piecewise constant: computed from the concrete matrix, a constant to every level
  const VRef& ca = concrete(a);
  VRef sign = empty(ca->dtype, {});
  dispatch_real(ca->dtype, "slogdet", [&](auto t) {
    using T = decltype(t);
    *sign->template data<T>() = from_lu<T>(ca, T(0), [](const linalg::DenseLU<T>& f) {
      T s, logabs;
      linalg::lu_slogdet(f, &s, &logabs);
      return s;
    });
  });
  return {sign, apply(op_logabsdet, {a})};
}

VRef ops::inv(const VRef& a) {
  check_square("inv", a);
  VRef eye = zeros(a->dtype, a->shape);
  dispatch_real(a->dtype, "inv", [&](auto t) {
    using T = decltype(t);
    for (int64_t i = 0; i < a->shape[0]; ++i) eye->template data<T>()[i * a->shape[0] + i] = T(1);
  });
  return ops::solve(a, eye);
}

}  // namespace adj
