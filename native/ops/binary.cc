// Elementwise binary primitives with NumPy broadcasting. As in unary.cc, each op is a struct
// with its kernel `f(a, b)` and partial derivatives `da(a, b, y)`, `db(a, b, y)` written once;
// the rules are ẏ = da·ȧ + db·ḃ and ā = Σ_bcast ḡ·da, b̄ = Σ_bcast ḡ·db. add and sub are
// linear and get their own rules (no multiplication by a constant one).
#include <array>
#include <cmath>
#include <type_traits>

#include "dual/forward.h"
#include "dual/taylor.h"
#include "ops/kernel.h"
#include "ops/lanes.h"
#include "ops/taylor.h"
#include "ops/scalar_math.h"

namespace adj {
namespace {

using namespace m;  // NOLINT: formulas read as maths
using taylor::Series;

#define ADJ_BINARY_FULL(name_, complex_, fexpr, daexpr, dbexpr)                                       \
  struct B_##name_ {                                                                                  \
    static constexpr const char* name = #name_;                                                       \
    static constexpr bool complex = complex_;                                                         \
    static constexpr bool linear = false;                                                             \
    template <class T> static T f(T a, T b) { return fexpr; }                                         \
    template <class T> static T da([[maybe_unused]] const T& a, [[maybe_unused]] const T& b, [[maybe_unused]] const T& y) { return daexpr; } \
    template <class T> static T db([[maybe_unused]] const T& a, [[maybe_unused]] const T& b, [[maybe_unused]] const T& y) { return dbexpr; } \
  };
// Real functions, and the field operations that also take complex arrays.
#define ADJ_BINARY(name_, fexpr, daexpr, dbexpr) ADJ_BINARY_FULL(name_, false, fexpr, daexpr, dbexpr)
#define ADJ_FIELD_OP(name_, fexpr, daexpr, dbexpr) ADJ_BINARY_FULL(name_, true, fexpr, daexpr, dbexpr)
#define ADJ_COMPARISON(name_, fexpr)                            \
  struct B_##name_ {                                            \
    static constexpr const char* name = #name_;                 \
    static constexpr bool complex = false;                      \
    template <class T> static T f(T a, T b) { return T(fexpr); } \
  };

// The derivative of pow in b needs log a, which is −inf at a = 0 where y = 0 (b > 0); the
// inner where keeps the unselected branch finite so that nested derivatives do not see NaN.
template <class T> T pow_db(const T& a, const T& y) {
  T zero = eq(a, constant(0, a));
  return where(zero, constant(0, a), y * log(where(zero, constant(1, a), a)));
}
template <class T> T pow_da(const T& a, const T& b) {
  return where(eq(b, constant(0, b)), constant(0, b), b * pow(a, b - constant(1, b)));
}
// hypot's derivative a/y is 0/0 at the origin; take 0 there (a subgradient).
template <class T> T safe_ratio(const T& a, const T& y) {
  return a / where(eq(y, constant(0, y)), constant(1, y), y);
}

ADJ_FIELD_OP(mul, a * b, b, a)                                      // d(ab) = b da + a db
ADJ_FIELD_OP(div, a / b, constant(1, b) / b, -(y / b))              // d(a/b) = da/b − (a/b²) db
ADJ_BINARY(pow, std::pow(a, b), pow_da(a, b), pow_db(a, y))         // d aᵇ = b aᵇ⁻¹ da + aᵇ log a db
ADJ_BINARY(atan2, std::atan2(a, b), b / (a * a + b * b), -(a / (a * a + b * b)))  // d atan2(a,b) = (b da − a db)/(a²+b²)
// Ties split the derivative evenly between the operands, as JAX does.
ADJ_BINARY(maximum, std::isnan(a) || a > b ? a : b, gt(a, b) + 0.5 * eq(a, b), gt(b, a) + 0.5 * eq(a, b))
ADJ_BINARY(minimum, std::isnan(a) || a < b ? a : b, gt(b, a) + 0.5 * eq(a, b), gt(a, b) + 0.5 * eq(a, b))
ADJ_BINARY(hypot, std::hypot(a, b), safe_ratio(a, y), safe_ratio(b, y))  // d√(a²+b²) = (a da + b db)/y
// tanh_grad(a, b) = b·(1 − a²): d = −2ab da + (1 − a²) db
ADJ_FIELD_OP(tanh_grad, b * (T(1) - a * a), -((a + a) * b), constant(1, a) - a * a)
ADJ_COMPARISON(less, a < b)
ADJ_COMPARISON(greater, a > b)
ADJ_COMPARISON(equal, a == b)

struct B_add {
  static constexpr const char* name = "add";
  static constexpr bool complex = true;
  static constexpr bool linear = true;
  template <class T> static T f(T a, T b) { return a + b; }
};
struct B_sub {
  static constexpr const char* name = "sub";
  static constexpr bool complex = true;
  static constexpr bool linear = true;
  template <class T> static T f(T a, T b) { return a - b; }
};
#undef ADJ_BINARY
#undef ADJ_FIELD_OP
#undef ADJ_BINARY_FULL
#undef ADJ_COMPARISON

template <class Op>
VRef binary_eval(const Values& in, const Attrs&) {
  const VRef &a = in[0], &b = in[1];
  VRef y = empty(a->dtype, broadcast_shapes(a->shape, b->shape, Op::name));
  dispatch<Op::complex>(a->dtype, Op::name, [&](auto t) {
    using T = decltype(t);
    T* py = y->template data<T>();
    if (b->size == 1 && a->shape == y->shape) {  // tensor ∘ scalar, the common case
      const T* pa = a->template data<T>();
      const T s = *b->template data<T>();
      run_elementwise<T>([&]() __attribute__((always_inline)) {
        for (int64_t i = 0, n = y->size; i < n; ++i) py[i] = Op::f(pa[i], s);
      });
      return;
    }
    map_broadcast<T, 2>(py, y->shape, {a->template data<T>(), b->template data<T>()}, {&a->shape, &b->shape},
                        [](T u, T v) { return Op::f(u, v); });
  });
  return y;
}

// Σ_bcast s·conj(∂y/∂(operand k)), summed back to that operand's shape: the pullback (the
// conjugate is the identity on reals).
template <class Op, int K>
VRef scaled_partial(const Ctx& c, const VRef& s) {
  const VRef &a = c.in[0], &b = c.in[1], &y = c.out;
  const Shape& target = c.in[K]->shape;
  if (!a->tag && !b->tag && !y->tag && !s->tag) {
    VRef r = empty(y->dtype, y->shape);
    dispatch<Op::complex>(y->dtype, Op::name, [&](auto t) {
      using T = decltype(t);
      map_broadcast<T, 4>(r->template data<T>(), y->shape,
                          {s->template data<T>(), a->template data<T>(), b->template data<T>(), y->template data<T>()},
                          {&s->shape, &a->shape, &b->shape, &y->shape}, [](T sv, T av, T bv, T yv) {
                            if constexpr (K == 0) return sv * conj(Op::template da<T>(av, bv, yv));
                            else return sv * conj(Op::template db<T>(av, bv, yv));
                          });
    });
    return ops::sum_to_shape(r, target);
  }
  V d = K == 0 ? Op::da(V(a), V(b), V(y)) : Op::db(V(a), V(b), V(y));
  return ops::sum_to_shape(ops::mul(s, conj(d)), target);
}

// A sum of tangent terms, broadcast to the output's tangent shape.
VRef tangent_of_output(const Ctx& c, const VRef& ya, const VRef& yb) {
  VRef r = ops::add_terms(ya, yb);
  const Shape want = lanes::of(c, c.out->shape);
  return r->shape == want ? r : ops::broadcast_to(r, want);
}

// The rule of the fused pass (Note [Fused forward] in dual/forward.h) for each set of operands
// carrying tangents: ȧ·∂a + ḃ·∂b as binary_jvp adds them; the linear ops add tangents.
template <class Op>
struct DualRule {
  template <class T, class D>
  __attribute__((always_inline)) D operator()(T y, T da, const D& a, T db, const D& b) const {
    if constexpr (Op::linear) return Op::f(a, b);
    else return chain(y, da, a, db, b);
  }
  template <class T, class D>
  __attribute__((always_inline)) D operator()(T y, T d, const D& x) const { return chain(y, d, x); }
};

// Whether the pass below takes these operands (with their tangents, null = none) for an output
// of `shape`: real, of one dtype, each of the output's shape or one element without a tangent
// (a fixed exponent, a scale).
inline bool dual_operands(const VRef& a, const VRef& ta, const VRef& b, const VRef& tb, const Shape& shape) {
  const auto fits = [&](const VRef& v, const VRef& t) {
    return !v->tag && v->dtype == a->dtype && (v->shape == shape ? !t || (!t->tag && t->dtype == v->dtype) : v->size == 1 && !t);
  };
  return !is_complex(a->dtype) && fits(a, ta) && fits(b, tb);
}

// The fused pass (Note [Fused forward] in dual/forward.h) into r, the tangent of y with k lanes:
// with `Eval`, y = f(a, b) is computed too, else y is the op's output already. The concrete
// jvp runs the same pass, so that the partials and their sum round alike in both.
template <class Op, bool Eval>
void dual_pass(const VRef& a, const VRef& ta, const VRef& b, const VRef& tb, const VRef& y, int64_t k, const VRef& r) {
  dispatch_real(y->dtype, Op::name, [&](auto z) {
    using T = decltype(z);
    const T *pa = a->template data<T>(), *pb = b->template data<T>();
    T* py = y->template data<T>();
    const bool held_a = a->shape != y->shape, held_b = b->shape != y->shape;
    const auto run = [&](auto with_a, auto with_b, auto tangents) {
      constexpr bool A = decltype(with_a)::value, B = decltype(with_b)::value;
      // (y first, in a loop of its own: the partials' loop is then the same code either way)
      auto values = [&](int64_t i0, int64_t m, [[maybe_unused]] auto* d) __attribute__((always_inline)) {
        if constexpr (Eval)
          for (int64_t j = 0; j < m; ++j) py[i0 + j] = Op::f(pa[held_a ? 0 : i0 + j], pb[held_b ? 0 : i0 + j]);
        if constexpr (!Op::linear)
          for (int64_t j = 0; j < m; ++j) {
            const T av = pa[held_a ? 0 : i0 + j], bv = pb[held_b ? 0 : i0 + j], yv = py[i0 + j];
            if constexpr (A) d[0][j] = Op::template da<T>(av, bv, yv);
            if constexpr (B) d[A ? 1 : 0][j] = Op::template db<T>(av, bv, yv);
          }
      };
      DualRule<Op> rule;
      dual::forward<T>(y->size, k, py, tangents, r->template data<T>(), values, rule);
    };
    using Yes = std::true_type;
    using No = std::false_type;
    if (ta && tb) run(Yes{}, Yes{}, std::array<const T*, 2>{ta->template data<T>(), tb->template data<T>()});
    else if (ta) run(Yes{}, No{}, std::array<const T*, 1>{ta->template data<T>()});
    else run(No{}, Yes{}, std::array<const T*, 1>{tb->template data<T>()});
  });
}

// y = f(a, b) and ẏ in one pass (OpDef::dual), for the operands dual_operands takes.
template <class Op>
bool binary_dual(const Values& in, const Values& t, int64_t lanes, VRef& y, VRef& r) {
  const VRef &a = in[0], &b = in[1];
  const Shape shape = broadcast_shapes(a->shape, b->shape, Op::name);
  if (!dual_operands(a, t[0], b, t[1], shape)) return false;
  // a linear op passes a lone tangent through as it is, with no pass over it
  if constexpr (Op::linear)
    if (!t[0] || !t[1]) return false;
  y = empty(a->dtype, shape);
  r = empty(a->dtype, lanes_shape(lanes, shape));
  dual_pass<Op, true>(a, t[0], b, t[1], y, lanes ? lanes : 1, r);
  return true;
}

// ẏ = ȧ·da + ḃ·db of concrete operands in one kernel over the output's tangent: the fused
// pass without y, or (broadcasting, complex) a map over every operand broadcast to it.
template <class Op>
VRef concrete_jvp(const Ctx& c, const VRef& ta, const VRef& tb) {
  const VRef &a = c.in[0], &b = c.in[1], &y = c.out;
  const Shape shape = lanes::of(c, y->shape);
  VRef r = empty(y->dtype, shape);
  if (dual_operands(a, ta, b, tb, y->shape)) {
    dual_pass<Op, false>(a, ta, b, tb, y, c.lanes ? c.lanes : 1, r);
    return r;
  }
  dispatch<Op::complex>(y->dtype, Op::name, [&](auto z) {
    using T = decltype(z);
    T* pr = r->template data<T>();
    const T *pa = a->template data<T>(), *pb = b->template data<T>(), *py = y->template data<T>();
    if (ta && tb)
      map_broadcast<T, 5>(pr, shape, {ta->template data<T>(), tb->template data<T>(), pa, pb, py},
                          {&ta->shape, &tb->shape, &a->shape, &b->shape, &y->shape}, [](T u, T v, T av, T bv, T yv) {
                            return u * Op::template da<T>(av, bv, yv) + v * Op::template db<T>(av, bv, yv);
                          });
    else if (ta)
      map_broadcast<T, 4>(pr, shape, {ta->template data<T>(), pa, pb, py}, {&ta->shape, &a->shape, &b->shape, &y->shape},
                          [](T u, T av, T bv, T yv) { return u * Op::template da<T>(av, bv, yv); });
    else
      map_broadcast<T, 4>(pr, shape, {tb->template data<T>(), pa, pb, py}, {&tb->shape, &a->shape, &b->shape, &y->shape},
                          [](T v, T av, T bv, T yv) { return v * Op::template db<T>(av, bv, yv); });
  });
  return r;
}

template <class Op>
VRef binary_jvp(const Ctx& c, const Values& t) {
  // ẏ = da·ȧ + db·ḃ, each term broadcast to the output
  const int64_t nd = c.out->ndim();
  const VRef ta = t[0] ? lanes::aligned(c, t[0], nd) : nullptr;
  const VRef tb = t[1] ? lanes::aligned(c, t[1], nd) : nullptr;
  const auto concrete = [&](const VRef& v) { return !v || (!v->tag && v->dtype == c.out->dtype); };
  if (concrete(c.in[0]) && concrete(c.in[1]) && concrete(c.out) && concrete(ta) && concrete(tb))
    return concrete_jvp<Op>(c, ta, tb);
  VRef ya = ta ? ops::mul(ta, Op::da(V(c.in[0]), V(c.in[1]), V(c.out))) : nullptr;
  VRef yb = tb ? ops::mul(tb, Op::db(V(c.in[0]), V(c.in[1]), V(c.out))) : nullptr;
  return tangent_of_output(c, ya, yb);
}

template <class Op>
void binary_vjp(const Ctx& c, const VRef& g, const std::vector<bool>& need, Values& grads) {
  const VRef &a = c.in[0], &b = c.in[1], &y = c.out;
  if (need[0] && need[1] && !a->tag && !b->tag && !y->tag && !g->tag && a->shape == y->shape && b->shape == y->shape &&
      g->shape == y->shape) {
    // both cotangents of concrete operands without broadcasting: one pass over the four arrays
    VRef ra = empty(y->dtype, y->shape), rb = empty(y->dtype, y->shape);
    dispatch<Op::complex>(y->dtype, Op::name, [&](auto t) {
      using T = decltype(t);
      const T *pa = a->template data<T>(), *pb = b->template data<T>(), *py = y->template data<T>(), *pg = g->template data<T>();
      T *qa = ra->template data<T>(), *qb = rb->template data<T>();
      run_elementwise<T>([&]() __attribute__((always_inline)) {
        for (int64_t i = 0, n = y->size; i < n; ++i) {
          qa[i] = pg[i] * conj(Op::template da<T>(pa[i], pb[i], py[i]));
          qb[i] = pg[i] * conj(Op::template db<T>(pa[i], pb[i], py[i]));
        }
      });
    });
    grads[0] = ra;
    grads[1] = rb;
    return;
  }
  if (need[0]) grads[0] = scaled_partial<Op, 0>(c, g);
  if (need[1]) grads[1] = scaled_partial<Op, 1>(c, g);
}

// The linear ops: ẏ = ȧ ± ḃ; ā = Σ_bcast ḡ, b̄ = ±Σ_bcast ḡ.
template <int Sign>
VRef linear_jvp(const Ctx& c, const Values& t) {
  const int64_t nd = c.out->ndim();
  VRef ta = t[0] ? lanes::aligned(c, t[0], nd) : nullptr;
  VRef tb = t[1] ? lanes::aligned(c, t[1], nd) : nullptr;
  return tangent_of_output(c, ta, tb && Sign < 0 ? ops::neg(tb) : tb);
}
template <int Sign>
void linear_vjp(const Ctx& c, const VRef& g, const std::vector<bool>& need, Values& grads) {
  if (need[0]) grads[0] = ops::sum_to_shape(g, c.in[0]->shape);
  if (need[1]) {
    VRef gb = ops::sum_to_shape(g, c.in[1]->shape);
    grads[1] = Sign < 0 ? ops::neg(gb) : gb;
  }
}

// Taylor mode (Note [Taylor mode] in taylor.h). Each rule computes y_1..y_order from the
// operands' series (and y_0), written once over the series type: op by op on differentiable
// values, or element by element on native Taylor<T, K> series when nothing is traced by
// another level and no operand broadcasts.

// a/b: y_k = (a_k − Σ_{j≥1} b_j·y_{k−j}) / b_0.
template <class S>
void div_terms(const S& a, const S& b, S& y, int order) {
  using namespace taylor;  // NOLINT: recurrences read as maths
  for (int k = 1; k <= order; ++k) y[static_cast<size_t>(k)] = over(minus(a[static_cast<size_t>(k)], cauchy(b, y, k, 1)), b[0]);
}

// aᵇ with b varying: y = exp(b·log a), y′ = y·(b·log a)′.
template <class S>
void pow_terms(const S& a, const S& b, S& y, int order) {
  using namespace taylor;  // NOLINT
  const size_t n = static_cast<size_t>(order) + 1;
  S inv_a(n), log_a(n), exponent(n);  // 1/a, log a, b·log a
  inv_a[0] = ratio(1, a[0]);
  log_a[0] = logarithm(a[0]);
  for (int k = 1; k <= order; ++k) {
    const size_t kk = static_cast<size_t>(k);
    if (k > 1) inv_a[kk - 1] = power_step(a, inv_a, k - 1, -1);
    log_a[kk] = integral(a, inv_a, k);
    exponent[kk] = cauchy(b, log_a, k);
    y[kk] = integral(exponent, y, k);
  }
}

// a² + b² as a series up to term `order`.
template <class S>
S sum_of_squares(const S& a, const S& b, int order) {
  S d(static_cast<size_t>(order) + 1);
  for (int k = 0; k <= order; ++k) d[static_cast<size_t>(k)] = taylor::plus(taylor::cauchy(a, a, k), taylor::cauchy(b, b, k));
  return d;
}

// atan2(a, b): y′ = a′·p − b′·q with p = b/d, q = a/d, d = a² + b².
template <class S>
void atan2_terms(const S& a, const S& b, S& y, int order) {
  using namespace taylor;  // NOLINT
  const S d = sum_of_squares(a, b, order);
  const size_t n = static_cast<size_t>(order) + 1;
  S inv_d(n), p(n), q(n);
  inv_d[0] = ratio(1, d[0]);
  for (int k = 1; k <= order; ++k) {
    const int m = k - 1;
    if (m > 0) inv_d[static_cast<size_t>(m)] = power_step(d, inv_d, m, -1);
    p[static_cast<size_t>(m)] = cauchy(b, inv_d, m);
    q[static_cast<size_t>(m)] = cauchy(a, inv_d, m);
    y[static_cast<size_t>(k)] = minus(integral(a, p, k), integral(b, q, k));
  }
}

// hypot(a, b) = √d: y′ = d′·g with g = 1/(2y).
template <class S>
void hypot_terms(const S& a, const S& b, S& y, int order) {
  using namespace taylor;  // NOLINT
  const S d = sum_of_squares(a, b, order);
  S g(d.size());
  g[0] = ratio(0.5, y[0]);
  for (int k = 1; k <= order; ++k) {
    if (k > 1) g[static_cast<size_t>(k - 1)] = power_step(y, g, k - 1, -1);
    y[static_cast<size_t>(k)] = integral(d, g, k);
  }
}

// y_1..y_order by `terms(a, b, y, order)`: natively when it can (see above), else op by op.
template <bool Complex, class Terms>
VRef binary_taylor(const OpDef& op, const Ctx& c, const Values& coeffs, Terms terms) {
  const int order = static_cast<int>(c.lanes);
  const VRef &a = c.in[0], &b = c.in[1], &y = c.out;
  // an operand has y's shape, or is one element without coefficients (a fixed exponent)
  const auto native_operand = [&](const VRef& v, const VRef& t) {
    return !v->tag && (v->shape == y->shape ? !t || (!t->tag && t->dtype == y->dtype) : v->size == 1 && !t);
  };
  if (order <= kNativeTaylorOrder && !y->tag && native_operand(a, coeffs[0]) && native_operand(b, coeffs[1])) {
    VRef r = empty(y->dtype, lanes::of(c, y->shape));
    dispatch<Complex>(y->dtype, op.name, [&](auto t) {
      using T = decltype(t);
      using S = Taylor<T, kNativeTaylorOrder>;
      const T *pa = a->template data<T>(), *pb = b->template data<T>(), *py = y->template data<T>();
      const T* ca = coeffs[0] ? coeffs[0]->template data<T>() : nullptr;
      const T* cb = coeffs[1] ? coeffs[1]->template data<T>() : nullptr;
      T* pr = r->template data<T>();
      const int64_t n = y->size;
      const size_t terms_n = static_cast<size_t>(order) + 1;
      for (int64_t i = 0; i < n; ++i) {
        S as(terms_n), bs(terms_n), ys(terms_n);
        as[0] = pa[a->size == 1 ? 0 : i];
        bs[0] = pb[b->size == 1 ? 0 : i];
        ys[0] = py[i];
        for (int k = 1; k <= order; ++k) {
          if (ca) as[static_cast<size_t>(k)] = ca[(k - 1) * n + i];
          if (cb) bs[static_cast<size_t>(k)] = cb[(k - 1) * n + i];
        }
        terms(as, bs, ys, order);
        for (int k = 1; k <= order; ++k) pr[(k - 1) * n + i] = ys[static_cast<size_t>(k)];
      }
    });
    return r;
  }
  const Series sa = taylor::series(c, coeffs, 0), sb = taylor::series(c, coeffs, 1);
  Series sy(sa.size());
  sy[0] = y;
  terms(sa, sb, sy, order);
  return taylor::stacked(c, sy);
}

#define ADJ_SERIES_RULE(fn) [](const auto& a, const auto& b, auto& y, int order) { fn(a, b, y, order); }

// a·b: y_k = Σ_j a_j·b_{k−j} (one varying operand: the lane path).
template <class S>
void product_terms(const S& a, const S& b, S& y, int order) {
  for (int k = 1; k <= order; ++k) y[static_cast<size_t>(k)] = taylor::cauchy(a, b, k);
}

VRef mul_taylor(const OpDef& op, const Ctx& c, const Values& coeffs) {
  if (!coeffs[0] || !coeffs[1]) return taylor::linear(op, c, coeffs);
  return binary_taylor<true>(op, c, coeffs, ADJ_SERIES_RULE(product_terms));
}

VRef div_taylor(const OpDef& op, const Ctx& c, const Values& coeffs) {
  if (!coeffs[1]) return taylor::linear(op, c, coeffs);
  return binary_taylor<true>(op, c, coeffs, ADJ_SERIES_RULE(div_terms));
}

VRef atan2_taylor(const OpDef& op, const Ctx& c, const Values& coeffs) {
  return binary_taylor<false>(op, c, coeffs, ADJ_SERIES_RULE(atan2_terms));
}

VRef hypot_taylor(const OpDef& op, const Ctx& c, const Values& coeffs) {
  return binary_taylor<false>(op, c, coeffs, ADJ_SERIES_RULE(hypot_terms));
}

// b·(1 − a²): y_k = Σ_j b_j·d_{k−j} with d = 1 − a² term by term.
template <class S>
void tanh_grad_terms(const S& a, const S& b, S& y, int order) {
  using namespace taylor;  // NOLINT
  S d(static_cast<size_t>(order) + 1);
  d[0] = shifted(1, negate(cauchy(a, a, 0)));
  for (int k = 1; k <= order; ++k) d[static_cast<size_t>(k)] = negate(cauchy(a, a, k));
  for (int k = 1; k <= order; ++k) y[static_cast<size_t>(k)] = cauchy(b, d, k);
}

VRef tanh_grad_taylor(const OpDef& op, const Ctx& c, const Values& coeffs) {
  if (!coeffs[0]) return taylor::linear(op, c, coeffs);  // linear in b
  return binary_taylor<true>(op, c, coeffs, ADJ_SERIES_RULE(tanh_grad_terms));
}

// aᵇ with b fixed: y′/y = b·a′/a, a power series (defined for a < 0 too).
template <class S>
void pow_fixed_terms(const S& a, const S& b, S& y, int order) {
  for (int k = 1; k <= order; ++k) y[static_cast<size_t>(k)] = taylor::power_step(a, y, k, b[0]);
}

VRef pow_taylor(const OpDef& op, const Ctx& c, const Values& coeffs) {
  if (coeffs[1]) return binary_taylor<false>(op, c, coeffs, ADJ_SERIES_RULE(pow_terms));
  return binary_taylor<false>(op, c, coeffs, ADJ_SERIES_RULE(pow_fixed_terms));
}
#undef ADJ_SERIES_RULE

// Operands of different dtypes are promoted (float32∘float64 → float64; real∘complex → complex
// of the wider precision) before dispatch.
template <const OpDef& Def>
VRef apply_promoted(const VRef& a, const VRef& b) {
  if (a->dtype == b->dtype) return apply(Def, {a, b});
  DType dt = promote(a->dtype, b->dtype);
  return apply(Def, {a->dtype == dt ? a : ops::cast(a, dt), b->dtype == dt ? b : ops::cast(b, dt)});
}

}  // namespace

const OpDef op_add{"add", &binary_eval<B_add>, &linear_jvp<+1>, &linear_vjp<+1>, true, &taylor::linear, nullptr, &binary_dual<B_add>};
const OpDef op_sub{"sub", &binary_eval<B_sub>, &linear_jvp<-1>, &linear_vjp<-1>, true, &taylor::linear, nullptr, &binary_dual<B_sub>};
#define ADJ_DEFINE_SMOOTH(name, taylor_rule)                                                                          \
  const OpDef op_##name{#name, &binary_eval<B_##name>, &binary_jvp<B_##name>, &binary_vjp<B_##name>, true, taylor_rule, \
                        nullptr, &binary_dual<B_##name>};
ADJ_DEFINE_SMOOTH(mul, &mul_taylor) ADJ_DEFINE_SMOOTH(div, &div_taylor) ADJ_DEFINE_SMOOTH(pow, &pow_taylor)
ADJ_DEFINE_SMOOTH(atan2, &atan2_taylor) ADJ_DEFINE_SMOOTH(hypot, &hypot_taylor) ADJ_DEFINE_SMOOTH(tanh_grad, &tanh_grad_taylor)
// piecewise linear: each coefficient follows the selected operand
ADJ_DEFINE_SMOOTH(maximum, &taylor::linear) ADJ_DEFINE_SMOOTH(minimum, &taylor::linear)
#undef ADJ_DEFINE_SMOOTH
const OpDef op_less{"less", &binary_eval<B_less>, nullptr, nullptr};
const OpDef op_greater{"greater", &binary_eval<B_greater>, nullptr, nullptr};
const OpDef op_equal{"equal", &binary_eval<B_equal>, nullptr, nullptr};

#define ADJ_DEFINE_BINARY(name) \
  VRef ops::name(const VRef& a, const VRef& b) { return apply_promoted<op_##name>(a, b); }
ADJ_BINARY_OPS(ADJ_DEFINE_BINARY)
#undef ADJ_DEFINE_BINARY

VRef ops::tanh_grad(const VRef& y, const VRef& s) { return apply_promoted<op_tanh_grad>(y, s); }

VRef ops::add_terms(const VRef& a, const VRef& b) { return a && b ? ops::add(a, b) : a ? a : b; }

VRef ops::add_accumulate(VRef acc, const VRef& g) {
  if (acc->tag || g->tag || acc.use_count() != 1 || acc->storage.use_count() != 1 || acc->dtype != g->dtype ||
      acc->shape != g->shape)
    return ops::add(acc, g);
  dispatch_any(acc->dtype, "add", [&](auto t) {
    using T = decltype(t);
    T* pa = acc->template data<T>();
    const T* pg = g->template data<T>();
    run_elementwise<T>([&]() __attribute__((always_inline)) {
      for (int64_t i = 0, n = acc->size; i < n; ++i) pa[i] += pg[i];
    });
  });
  return acc;
}

}  // namespace adj
