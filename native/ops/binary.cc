// Elementwise binary primitives with NumPy broadcasting. As in unary.cc, each op is a struct
// with its kernel `f(a, b)` and partial derivatives `da(a, b, y)`, `db(a, b, y)` written once;
// the rules are ẏ = da·ȧ + db·ḃ and ā = Σ_bcast ḡ·da, b̄ = Σ_bcast ḡ·db. add and sub are
// linear and get their own rules (no multiplication by a constant one).
#include <cmath>

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
ADJ_COMPARISON(less, a < b)
ADJ_COMPARISON(greater, a > b)
ADJ_COMPARISON(equal, a == b)

struct B_add {
  static constexpr const char* name = "add";
  static constexpr bool complex = true;
  template <class T> static T f(T a, T b) { return a + b; }
};
struct B_sub {
  static constexpr const char* name = "sub";
  static constexpr bool complex = true;
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
      for (int64_t i = 0, n = y->size; i < n; ++i) py[i] = Op::f(pa[i], s);
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

template <class Op>
VRef binary_jvp(const Ctx& c, const Values& t) {
  // ẏ = da·ȧ + db·ḃ, each term broadcast to the output
  const int64_t nd = c.out->ndim();
  VRef ya = t[0] ? ops::mul(lanes::aligned(c, t[0], nd), Op::da(V(c.in[0]), V(c.in[1]), V(c.out))) : nullptr;
  VRef yb = t[1] ? ops::mul(lanes::aligned(c, t[1], nd), Op::db(V(c.in[0]), V(c.in[1]), V(c.out))) : nullptr;
  return tangent_of_output(c, ya, yb);
}

template <class Op>
void binary_vjp(const Ctx& c, const VRef& g, const std::vector<bool>& need, Values& grads) {
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

// Taylor mode (Note [Taylor mode] in taylor.h). a/b: y_k = (a_k − Σ_{j≥1} b_j·y_{k−j}) / b_0.
VRef div_taylor(const OpDef& op, const Ctx& c, const Values& coeffs) {
  if (!coeffs[1]) return taylor::linear(op, c, coeffs);
  const Series a = taylor::series(c, coeffs, 0), b = taylor::series(c, coeffs, 1);
  Series y(a.size());
  y[0] = c.out;
  for (size_t k = 1; k < y.size(); ++k) {
    VRef s = taylor::cauchy(b, y, static_cast<int>(k), 1);
    y[k] = ops::div(a[k] ? ops::sub(a[k], s) : ops::neg(s), b[0]);
  }
  return taylor::stacked(c, y);
}

// aᵇ: with b fixed, y′/y = b·a′/a (a power series); else y = exp(b·log a), y′ = y·(b·log a)′.
VRef pow_taylor(const OpDef&, const Ctx& c, const Values& coeffs) {
  const Series a = taylor::series(c, coeffs, 0), b = taylor::series(c, coeffs, 1);
  const size_t n = a.size();
  Series y(n);
  y[0] = c.out;
  if (!coeffs[1]) {
    const VRef b_plus_1 = ops::add(c.in[1], ops::scalar_like(1, c.in[1]));
    for (size_t k = 1; k < n; ++k) y[k] = taylor::power_step(a, y, static_cast<int>(k), b_plus_1);
    return taylor::stacked(c, y);
  }
  Series inv_a(n), log_a(n), exponent(n);  // 1/a, log a, b·log a
  inv_a[0] = ops::div(ops::scalar_like(1, a[0]), a[0]);
  log_a[0] = ops::log(a[0]);
  for (size_t k = 1; k < n; ++k) {
    const int kk = static_cast<int>(k);
    if (k > 1) inv_a[k - 1] = taylor::power_step(a, inv_a, kk - 1, -1);
    log_a[k] = taylor::integral(a, inv_a, kk);
    exponent[k] = taylor::cauchy(b, log_a, kk);
    y[k] = taylor::integral(exponent, y, kk);
  }
  return taylor::stacked(c, y);
}

// a² + b² as a series up to term n − 1.
Series sum_of_squares(const Series& a, const Series& b) {
  Series d(a.size());
  for (size_t k = 0; k < d.size(); ++k)
    d[k] = ops::add_terms(taylor::cauchy(a, a, static_cast<int>(k)), taylor::cauchy(b, b, static_cast<int>(k)));
  return d;
}

// atan2(a, b): y′ = a′·p − b′·q with p = b/d, q = a/d, d = a² + b².
VRef atan2_taylor(const OpDef&, const Ctx& c, const Values& coeffs) {
  const Series a = taylor::series(c, coeffs, 0), b = taylor::series(c, coeffs, 1), d = sum_of_squares(a, b);
  const size_t n = a.size();
  Series y(n), inv_d(n), p(n), q(n);
  y[0] = c.out;
  inv_d[0] = ops::div(ops::scalar_like(1, d[0]), d[0]);
  for (size_t k = 1; k < n; ++k) {
    const int m = static_cast<int>(k) - 1;
    if (m > 0) inv_d[static_cast<size_t>(m)] = taylor::power_step(d, inv_d, m, -1);
    p[static_cast<size_t>(m)] = taylor::cauchy(b, inv_d, m);
    q[static_cast<size_t>(m)] = taylor::cauchy(a, inv_d, m);
    VRef from_b = taylor::integral(b, q, static_cast<int>(k));
    y[k] = ops::add_terms(taylor::integral(a, p, static_cast<int>(k)), from_b ? ops::neg(from_b) : nullptr);
  }
  return taylor::stacked(c, y);
}

// hypot(a, b) = √d: y′ = d′·g with g = 1/(2y).
VRef hypot_taylor(const OpDef&, const Ctx& c, const Values& coeffs) {
  const Series d = sum_of_squares(taylor::series(c, coeffs, 0), taylor::series(c, coeffs, 1));
  Series y(d.size()), g(d.size());
  y[0] = c.out;
  g[0] = ops::div(ops::scalar_like(0.5, c.out), c.out);
  for (size_t k = 1; k < y.size(); ++k) {
    if (k > 1) g[k - 1] = taylor::power_step(y, g, static_cast<int>(k) - 1, -1);
    y[k] = taylor::integral(d, g, static_cast<int>(k));
  }
  return taylor::stacked(c, y);
}

// Operands of different dtypes are promoted (float32∘float64 → float64; real∘complex → complex
// of the wider precision) before dispatch.
template <const OpDef& Def>
VRef apply_promoted(const VRef& a, const VRef& b) {
  if (a->dtype == b->dtype) return apply(Def, {a, b});
  DType dt = promote(a->dtype, b->dtype);
  return apply(Def, {a->dtype == dt ? a : ops::cast(a, dt), b->dtype == dt ? b : ops::cast(b, dt)});
}

}  // namespace

const OpDef op_add{"add", &binary_eval<B_add>, &linear_jvp<+1>, &linear_vjp<+1>, true, &taylor::linear};
const OpDef op_sub{"sub", &binary_eval<B_sub>, &linear_jvp<-1>, &linear_vjp<-1>, true, &taylor::linear};
#define ADJ_DEFINE_SMOOTH(name, taylor_rule) \
  const OpDef op_##name{#name, &binary_eval<B_##name>, &binary_jvp<B_##name>, &binary_vjp<B_##name>, true, taylor_rule};
ADJ_DEFINE_SMOOTH(mul, &taylor::bilinear) ADJ_DEFINE_SMOOTH(div, &div_taylor) ADJ_DEFINE_SMOOTH(pow, &pow_taylor)
ADJ_DEFINE_SMOOTH(atan2, &atan2_taylor) ADJ_DEFINE_SMOOTH(hypot, &hypot_taylor)
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

VRef ops::add_terms(const VRef& a, const VRef& b) { return a && b ? ops::add(a, b) : a ? a : b; }

VRef ops::add_accumulate(VRef acc, const VRef& g) {
  if (acc->tag || g->tag || acc.use_count() != 1 || acc->storage.use_count() != 1 || acc->dtype != g->dtype ||
      acc->shape != g->shape)
    return ops::add(acc, g);
  dispatch_any(acc->dtype, "add", [&](auto t) {
    using T = decltype(t);
    T* pa = acc->template data<T>();
    const T* pg = g->template data<T>();
    for (int64_t i = 0, n = acc->size; i < n; ++i) pa[i] += pg[i];
  });
  return acc;
}

}  // namespace adj
