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

const OpDef op_det{"det", &det_eval, &det_jvp, &det_vjp};
const OpDef op_logabsdet{"logabsdet", &logabsdet_eval, &logabsdet_jvp, &logabsdet_vjp};

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
