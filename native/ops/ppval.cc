// Piecewise polynomials: the evaluation every interpolant of lib/interp.ts ends in, as one op.
// C is [m, P]: row i holds the coefficients of segment [x_i, x_{i+1}] in δ = t − x_i; each
// query t_j falls in segment s_j = segment_index(x, t_j) (a constant, search.cc).
//   ppval    i = {k}      y_j = dᵏ/dδᵏ Σ_p C[s_j, p]·δ_j^p = Σ_{p≥k} C[s_j, p]·p!/(p−k)!·δ_j^(p−k)
//   ppval_t  i = {k, P}   its adjoint in C: C̄[i, p] = Σ_{j: s_j = i} g_j·p!/(p−k)!·δ_j^(p−k)
// Rules (B_k(δ) = p!/(p−k)!·δ^(p−k), and d/dδ B_k = B_{k+1}; δ moves with t and against x_s):
//   ppval:   ẏ = ppval_k(Ċ) + ppval_{k+1}(C)·(ṫ − ẋ_s);  C̄ = ppval_t,k(ȳ);
//            t̄ = ȳ·ppval_{k+1}(C);  x̄ = −scatter_s(t̄)
//   ppval_t: linear in g like ppval in C, with the same δ-dependence one order up.
#include <algorithm>
#include <array>
#include <string>
#include <vector>

#include "ops/api.h"
#include "ops/kernel.h"
#include "ops/knots.h"
#include "ops/taylor.h"

namespace adj {
namespace {

Attrs pp_attrs(int64_t k, int64_t p = 0) {
  Attrs a;
  a.i = {k, p};
  return a;
}

// Segments of the concrete queries (for the rules' gathers).
Ints segments(const VRef& x0, const VRef& q0) {
  const VRef &x = concrete(x0), &q = concrete(q0);
  Ints s(static_cast<size_t>(q->size));
  dispatch_real(x->dtype, "ppval", [&](auto t) {
    using T = decltype(t);
    fill_segments(x->template data<T>(), x->size, q->template data<T>(), q->size, s.data());
  });
  return s;
}

// p!/(p−k)! for p = 0..P−1 (zero below k)
template <class T>
ArrayVector<T> falling_factors(int64_t k, int64_t P) {
  ArrayVector<T> f(static_cast<size_t>(P), T(0));
  for (int64_t p = k; p < P; ++p) {
    double v = 1;
    for (int64_t j = p - k + 1; j <= p; ++j) v *= static_cast<double>(j);
    f[static_cast<size_t>(p)] = static_cast<T>(v);
  }
  return f;
}

// The number of polynomial terms a kernel loops over, Q = P − k: a compile-time constant for the
// interpolants' small cases, so the loops over terms unroll and a run's Q coefficients stay in
// registers across its queries; any other count at run time.
template <int64_t N>
struct FixedTerms {
  static constexpr int64_t value = N;
  template <class T>
  std::array<T, N> buffer() const { return {}; }
};
struct Terms {
  int64_t value;
  template <class T>
  ArrayVector<T> buffer() const { return ArrayVector<T>(static_cast<size_t>(value), T(0)); }
};
template <class F>
void with_terms(int64_t Q, F&& f) {
  switch (Q) {
    case 1: return f(FixedTerms<1>{});
    case 2: return f(FixedTerms<2>{});
    case 3: return f(FixedTerms<3>{});
    case 4: return f(FixedTerms<4>{});
    default: return f(Terms{Q});
  }
}

// What both kernels share: knots, queries, the row length P of C (or C̄), k and p!/(p−k)!.
template <class T>
struct PpArgs {
  const T *px, *pq;
  int64_t n, m, P, k;
  ArrayVector<T> factor;  // (pool-allocated: no malloc per op)
  PpArgs(const VRef& x, const VRef& q, int64_t k_, int64_t P_)
      : px(x->template data<T>()), pq(q->template data<T>()), n(x->size), m(q->size), P(P_), k(k_), factor(falling_factors<T>(k_, P_)) {}
};

// y_j = Σ_i a_i·δ_j^i with a_i = C[s, k + i]·(k + i)!/i!, per run of one segment s. The run's end
// is found first, so that the loop over its queries has a known count and vectorizes. Horner's
// rule starts from 0 rather than a_{Q−1} so that a NaN or infinite δ gives NaN for every Q.
template <class T, class N>
void ppval_runs(const PpArgs<T>& r, const T* pc, T* py, N terms) {
  auto a = terms.template buffer<T>();
  each_run(r.px, r.n, r.pq, r.m, [&](int64_t s, int64_t j0, auto in) {
    const int64_t j1 = run_end(r.pq, r.m, j0, in);
    for (int64_t i = 0; i < terms.value; ++i) a[i] = pc[s * r.P + r.k + i] * r.factor[r.k + i];
    const T xs = r.px[s];
    for (int64_t j = j0; j < j1; ++j) {
      const T d = r.pq[j] - xs;
      T acc = 0;
      for (int64_t i = terms.value - 1; i >= 0; --i) acc = acc * d + a[i];
      py[j] = acc;
    }
    return j1;
  });
}

// C̄[s, k + i] += (k + i)!/i!·Σ_{j in the run} g_j·δ_j^i, per run of one segment s. Each sum is
// one chain of additions in query order, so the loop goes query by query anyway and tests the
// run's end itself (cheaper than a separate pass).
template <class T, class N>
void ppval_t_runs(const PpArgs<T>& r, const T* pg, T* pc, N terms) {
  auto sum = terms.template buffer<T>();
  each_run(r.px, r.n, r.pq, r.m, [&](int64_t s, int64_t j0, auto in) {
    for (int64_t i = 0; i < terms.value; ++i) sum[i] = 0;
    const T xs = r.px[s];
    int64_t j = j0;
    do {
      const T d = r.pq[j] - xs;
      T power = pg[j];  // g_j·δ_j^i
      for (int64_t i = 0; i < terms.value; ++i) {
        sum[i] += power;
        power *= d;
      }
    } while (++j < r.m && in(r.pq[j]));
    for (int64_t i = 0; i < terms.value; ++i) pc[s * r.P + r.k + i] += sum[i] * r.factor[r.k + i];
    return j;
  });
}

VRef ppval_eval(const Values& in, const Attrs& a) {
  const VRef &c = in[0], &x = in[1], &q = in[2];
  const int64_t k = a.i[0], P = c->shape[1];
  VRef y = empty(q->dtype, q->shape);
  dispatch_real(q->dtype, "ppval", [&](auto t) {
    using T = decltype(t);
    T* py = y->template data<T>();
    if (k >= P) return std::fill(py, py + q->size, T(0));
    const PpArgs<T> r(x, q, k, P);
    with_terms(P - k, [&](auto terms) { ppval_runs(r, c->template data<T>(), py, terms); });
  });
  return y;
}

VRef ppval_t_eval(const Values& in, const Attrs& a) {
  const VRef &g = in[0], &x = in[1], &q = in[2];
  const int64_t k = a.i[0], P = a.i[1];
  VRef c = zeros(g->dtype, {x->size - 1, P});
  dispatch_real(g->dtype, "ppval", [&](auto t) {
    using T = decltype(t);
    if (k >= P) return;
    const PpArgs<T> r(x, q, k, P);
    with_terms(P - k, [&](auto terms) { ppval_t_runs(r, g->template data<T>(), c->template data<T>(), terms); });
  });
  return c;
}

// ṫ − ẋ_s (either may be absent), shaped like the queries
VRef delta_tangent(const VRef& x, const VRef& q, const VRef& dx, const VRef& dq) {
  if (!dx) return dq;
  const VRef moved = ops::reshape(ops::take(dx, segments(x, q), 0), q->shape);
  return dq ? ops::sub(dq, moved) : ops::neg(moved);
}
// −scatter_s(v): v (shaped like the queries) summed onto the left knot of each segment
VRef scatter_to_knots(const VRef& x, const VRef& q, const VRef& v) {
  return ops::neg(ops::take_add(ops::reshape(v, {q->size}), segments(x, q), 0, x->size));
}

VRef ppval_jvp(const Ctx& c, const Values& t) {
  const VRef &C = c.in[0], &x = c.in[1], &q = c.in[2];
  const int64_t k = c.attrs.i[0];
  VRef from_c = t[0] ? ops::ppval(t[0], x, q, k) : nullptr;
  const VRef d = delta_tangent(x, q, t[1], t[2]);
  VRef from_d = d ? ops::mul(ops::ppval(C, x, q, k + 1), d) : nullptr;
  return ops::add_terms(from_c, from_d);
}
void ppval_vjp(const Ctx& c, const VRef& g, const std::vector<bool>& need, Values& grads) {
  const VRef &C = c.in[0], &x = c.in[1], &q = c.in[2];
  const int64_t k = c.attrs.i[0];
  if (need[0]) grads[0] = apply(op_ppval_t, {g, x, q}, pp_attrs(k, C->shape[1]));
  if (need[1] || need[2]) {
    const VRef tbar = ops::mul(g, ops::ppval(C, x, q, k + 1));
    if (need[2]) grads[2] = tbar;
    if (need[1]) grads[1] = scatter_to_knots(x, q, tbar);
  }
}

VRef ppval_t_jvp(const Ctx& c, const Values& t) {
  const VRef &g = c.in[0], &x = c.in[1], &q = c.in[2];
  const int64_t k = c.attrs.i[0], P = c.attrs.i[1];
  VRef from_g = t[0] ? apply(op_ppval_t, {t[0], x, q}, c.attrs) : nullptr;
  const VRef d = delta_tangent(x, q, t[1], t[2]);
  VRef from_d = d ? apply(op_ppval_t, {ops::mul(g, d), x, q}, pp_attrs(k + 1, P)) : nullptr;
  return ops::add_terms(from_g, from_d);
}
void ppval_t_vjp(const Ctx& c, const VRef& w, const std::vector<bool>& need, Values& grads) {
  const VRef &g = c.in[0], &x = c.in[1], &q = c.in[2];
  const int64_t k = c.attrs.i[0];
  if (need[0]) grads[0] = ops::ppval(w, x, q, k);
  if (need[1] || need[2]) {
    const VRef tbar = ops::mul(g, ops::ppval(w, x, q, k + 1));
    if (need[2]) grads[2] = tbar;
    if (need[1]) grads[1] = scatter_to_knots(x, q, tbar);
  }
}

}  // namespace

const OpDef op_ppval{"ppval", &ppval_eval, &ppval_jvp, &ppval_vjp, false, &taylor::linear_in_first};
const OpDef op_ppval_t{"ppval_t", &ppval_t_eval, &ppval_t_jvp, &ppval_t_vjp, false, &taylor::linear_in_first};

VRef ops::ppval(const VRef& coef, const VRef& x, const VRef& q, int64_t k) {
  check_knots("ppval", x);
  if (coef->ndim() != 2 || coef->shape[0] != x->shape[0] - 1)
    fail(ErrorKind::Shape, "ppval: coefficients of shape " + shape_str(coef->shape) + " do not match " +
                               std::to_string(x->shape[0] - 1) + " segments");
  if (k < 0) fail(ErrorKind::Argument, "ppval: derivative order " + std::to_string(k) + " is negative");
  return apply(op_ppval, ops::promoted({coef, x, q}), pp_attrs(k));
}

}  // namespace adj
