// Elementwise unary primitives. Each op is a struct: `f` is the kernel, `df(x, y)` the
// derivative in terms of the input x and output y, written once in the vocabulary of
// scalar_math.h. From df come both rules — jvp: ẏ = df·ẋ; vjp: x̄ = ḡ·df — as a fused kernel
// when every operand is concrete, or op by op (so the rule nests) when one belongs to a level.
#include <cmath>
#include <optional>
#include <type_traits>
#include <vector>

#include "ops/kernel.h"
#include "ops/scalar_math.h"
#include "dual/forward.h"
#include "dual/taylor.h"
#include "ops/taylor.h"
#include "ops/vmath_map.h"

namespace adj {
namespace {

using namespace m;  // NOLINT: formulas read as maths
constexpr double kTwoOverSqrtPi = 1.1283791670955126;

#define ADJ_UNARY_FULL(name_, complex_, fexpr, dfexpr)                          \
  struct U_##name_ {                                                            \
    static constexpr const char* name = #name_;                                 \
    static constexpr bool differentiable = true;                                \
    static constexpr bool complex = complex_;                                   \
    template <class T> static T f(T x) { return fexpr; }                        \
    template <class T> static T df([[maybe_unused]] const T& x, [[maybe_unused]] const T& y) { return dfexpr; } \
  };
// Real functions, and holomorphic ones that also take complex arrays (their formulas are
// written to compile for complex scalars too: constants through constant()).
#define ADJ_UNARY(name_, fexpr, dfexpr) ADJ_UNARY_FULL(name_, false, fexpr, dfexpr)
#define ADJ_HOLOMORPHIC(name_, fexpr, dfexpr) ADJ_UNARY_FULL(name_, true, fexpr, dfexpr)
#define ADJ_UNARY_CONST(name_, fexpr)                    \
  struct U_##name_ {                                     \
    static constexpr const char* name = #name_;          \
    static constexpr bool differentiable = false;        \
    static constexpr bool complex = false;               \
    template <class T> static T f(T x) { return fexpr; } \
    template <class T> static T df(const T& x, const T&) { return x; } \
  };

ADJ_HOLOMORPHIC(neg, -x, constant(-1, x))                        // d(−x) = −1
ADJ_UNARY(abs, std::abs(x), sign(x))                             // d|x| = sign x (0 at 0); complex: complex_abs
ADJ_UNARY_CONST(sign, T((x > 0) - (x < 0)))
ADJ_HOLOMORPHIC(sqrt, std::sqrt(x), constant(0.5, y) / y)        // d√x = 1/(2√x)
ADJ_UNARY(cbrt, std::cbrt(x), 1.0 / (3.0 * (y * y)))             // d∛x = 1/(3∛x²)
ADJ_HOLOMORPHIC(square, x * x, x + x)                            // d x² = 2x
ADJ_HOLOMORPHIC(exp, std::exp(x), y)                             // d eˣ = eˣ
ADJ_UNARY(expm1, std::expm1(x), y + 1.0)                         // d(eˣ−1) = eˣ
ADJ_HOLOMORPHIC(log, std::log(x), constant(1, x) / x)            // d log x = 1/x
ADJ_UNARY(log1p, std::log1p(x), 1.0 / (1.0 + x))                 // d log(1+x) = 1/(1+x)
ADJ_HOLOMORPHIC(sin, std::sin(x), cos(x))                        // d sin = cos
ADJ_HOLOMORPHIC(cos, std::cos(x), -sin(x))                       // d cos = −sin
ADJ_HOLOMORPHIC(tan, std::tan(x), constant(1, y) + y * y)        // d tan = 1 + tan²
ADJ_UNARY(asin, std::asin(x), 1.0 / sqrt(1.0 - x * x))           // d asin = 1/√(1−x²)
ADJ_UNARY(acos, std::acos(x), -1.0 / sqrt(1.0 - x * x))          // d acos = −1/√(1−x²)
ADJ_UNARY(atan, std::atan(x), 1.0 / (1.0 + x * x))               // d atan = 1/(1+x²)
ADJ_HOLOMORPHIC(sinh, std::sinh(x), cosh(x))                     // d sinh = cosh
ADJ_HOLOMORPHIC(cosh, std::cosh(x), sinh(x))                     // d cosh = sinh
ADJ_HOLOMORPHIC(tanh, std::tanh(x), constant(1, y) - y * y)      // d tanh = 1 − tanh²
ADJ_UNARY(asinh, std::asinh(x), 1.0 / sqrt(x * x + 1.0))         // d asinh = 1/√(x²+1)
ADJ_UNARY(acosh, std::acosh(x), 1.0 / (sqrt(x - 1.0) * sqrt(x + 1.0)))  // d acosh = 1/√(x²−1)
ADJ_UNARY(atanh, std::atanh(x), 1.0 / (1.0 - x * x))             // d atanh = 1/(1−x²)
ADJ_UNARY(sigmoid, m::sigmoid(x), y * (1.0 - y))                 // dσ = σ(1−σ)
ADJ_UNARY(softplus, std::max(x, T(0)) + std::log1p(std::exp(-std::abs(x))), m::sigmoid(x))  // d log(1+eˣ) = σ(x)
ADJ_UNARY(relu, std::max(x, T(0)), gt(x, constant(0, x)))        // d relu = [x > 0]
ADJ_UNARY(erf, std::erf(x), kTwoOverSqrtPi * exp(-(x * x)))      // d erf = 2/√π·e^(−x²)
ADJ_UNARY(erfc, std::erfc(x), -kTwoOverSqrtPi * exp(-(x * x)))   // d erfc = −2/√π·e^(−x²)
ADJ_UNARY_CONST(floor, std::floor(x))
ADJ_UNARY_CONST(ceil, std::ceil(x))
ADJ_UNARY_CONST(round, std::nearbyint(x))  // half to even, as NumPy
#undef ADJ_UNARY
#undef ADJ_HOLOMORPHIC
#undef ADJ_UNARY_FULL
#undef ADJ_UNARY_CONST

// Ops whose float and double kernels are vmath's vectorized loops (ops/vmath_map.h), the hot
// spots of tanh/sigmoid networks; f stays their scalar definition and the complex kernel of exp
// and tanh. (Formulas evaluated in loops on the baseline ISA keep std's functions: vmath's pay
// off on wide vectors.)
template <class Op> constexpr std::optional<vmath::Fn> kVmath = std::nullopt;
template <> constexpr std::optional<vmath::Fn> kVmath<U_exp> = vmath::Fn::exp;
template <> constexpr std::optional<vmath::Fn> kVmath<U_expm1> = vmath::Fn::expm1;
template <> constexpr std::optional<vmath::Fn> kVmath<U_tanh> = vmath::Fn::tanh;
template <> constexpr std::optional<vmath::Fn> kVmath<U_sigmoid> = vmath::Fn::sigmoid;

template <class Op>
VRef unary_eval(const Values& in, const Attrs&) {
  const VRef& x = in[0];
  VRef y = empty(x->dtype, x->shape);
  dispatch<Op::complex>(x->dtype, Op::name, [&](auto t) {
    using T = decltype(t);
    const T* px = x->template data<T>();
    T* py = y->template data<T>();
    if constexpr (kVmath<Op>.has_value() && std::is_floating_point_v<T>) vmath::map(*kVmath<Op>, px, py, x->size);
    else
      run_elementwise<T>([&]() __attribute__((always_inline)) {
        for (int64_t i = 0, n = x->size; i < n; ++i) py[i] = Op::template f<T>(px[i]);
      });
  });
  return y;
}

// An op whose derivative is a function of its output alone may have a primitive for s·df(y)
// that its rules apply to traced values: one node on a tape instead of df's formula and the
// product (three for tanh), and one pullback in a sweep over them.
// (A trait with a flag rather than a function pointer compared with nullptr: under
// -fsanitize=undefined that comparison is not a constant expression.)
template <class Op>
struct ScaledByDerivative {
  static constexpr bool exists = false;
};
template <>
struct ScaledByDerivative<U_tanh> {
  static constexpr bool exists = true;
  static VRef apply(const VRef& y, const VRef& s) { return ops::tanh_grad(y, s); }
};

// s·df(x, y) (jvp) or s·conj(df(x, y)) (vjp; the same on reals): the whole of both rules. A
// jvp's s may hold several tangent lanes ([k, ...x's shape], Note [Tangent lanes]): df is then
// computed once and each lane scaled by it.
template <class Op, bool Conj>
VRef scale_by_derivative(const VRef& x, const VRef& y, const VRef& s) {
  if (!x->tag && !y->tag && !s->tag) {
    VRef r = empty(x->dtype, s->shape);
    dispatch<Op::complex>(x->dtype, Op::name, [&](auto t) {
      using T = decltype(t);
      const T *px = x->template data<T>(), *py = y->template data<T>(), *ps = s->template data<T>();
      T* pr = r->template data<T>();
      const int64_t n = x->size;
      if (s->size == n) {
        run_elementwise<T>([&]() __attribute__((always_inline)) {
          for (int64_t i = 0; i < n; ++i) {
            const T d = Op::template df<T>(px[i], py[i]);
            pr[i] = ps[i] * (Conj ? conj(d) : d);
          }
        });
        return;
      }
      // (df computed as in the loop above, so that lanes and a single tangent round alike)
      std::vector<T> d(static_cast<size_t>(n));
      run_elementwise<T>([&]() __attribute__((always_inline)) {
        for (int64_t i = 0; i < n; ++i) d[static_cast<size_t>(i)] = Op::template df<T>(px[i], py[i]);
        for (int64_t l = 0; n && l < s->size / n; ++l)
          for (int64_t i = 0; i < n; ++i) pr[l * n + i] = ps[l * n + i] * d[static_cast<size_t>(i)];
      });
    });
    return r;
  }
  if constexpr (ScaledByDerivative<Op>::exists)
    if (!Conj || !is_complex(y->dtype)) return ScaledByDerivative<Op>::apply(y, s);
  V d = Op::df(V(x), V(y));
  return ops::mul(s, Conj ? conj(d) : d);
}

// y = f(x) and ẏ = df·ẋ in one pass (Note [Fused forward] in dual/forward.h): y as eval
// computes it, df as the jvp does. One tangent is left to eval and the jvp's single loop
// (ẋ·df with df inline), which measured fewer instructions than a pass through the blocks.
template <class Op>
bool unary_dual(const Values& in, const Values& t, int64_t lanes, VRef& y, VRef& r) {
  const VRef &x = in[0], &tx = t[0];
  if (lanes <= 1 || is_complex(x->dtype) || tx->dtype != x->dtype) return false;
  y = empty(x->dtype, x->shape);
  r = empty(x->dtype, tx->shape);
  dispatch_real(x->dtype, Op::name, [&](auto z) {
    using T = decltype(z);
    const T* px = x->template data<T>();
    T* py = y->template data<T>();
    auto values = [&](int64_t i0, int64_t m, auto* d) __attribute__((always_inline)) {
      if constexpr (kVmath<Op>.has_value()) vmath::map(*kVmath<Op>, px + i0, py + i0, m);
      else for (int64_t j = 0; j < m; ++j) py[i0 + j] = Op::template f<T>(px[i0 + j]);
      for (int64_t j = 0; j < m; ++j) d[0][j] = Op::template df<T>(px[i0 + j], py[i0 + j]);
    };
    auto rule = [](T yv, T df, const auto& dx) __attribute__((always_inline)) { return chain(yv, df, dx); };
    dual::forward<T, 1>(x->size, lanes, py, {tx->template data<T>()}, r->template data<T>(), values, rule);
  });
  return true;
}

template <class Op>
VRef unary_jvp(const Ctx& c, const Values& t) {
  return scale_by_derivative<Op, false>(c.in[0], c.out, t[0]);
}

template <class Op>
void unary_vjp(const Ctx& c, const VRef& g, const std::vector<bool>&, Values& grads) {
  grads[0] = scale_by_derivative<Op, true>(c.in[0], c.out, g);
}

// Taylor mode (Note [Taylor mode] in taylor.h): y′ = g·x′ with g = df along the path. Each
// smooth op gives term m ≥ 1 of g's series from x, y and g up to m − 1 (g_0 = df(x_0, y_0));
// `u` holds an auxiliary series the op extends as it goes. The terms are templates over the
// series, so the same recurrence runs op by op on differentiable values and element by
// element on native Taylor<T, K> series. neg, abs and relu are (piecewise) linear: their jvp
// maps every coefficient.
using taylor::Series;
template <class Op> constexpr bool kPiecewiseLinear = false;
template <> constexpr bool kPiecewiseLinear<U_neg> = true;
template <> constexpr bool kPiecewiseLinear<U_abs> = true;
template <> constexpr bool kPiecewiseLinear<U_relu> = true;

// 1 + x as a series, built once into u.
template <class S>
const S& one_plus(S& u, const S& x) {
  if (u.empty()) {
    for (size_t k = 0; k < x.size(); ++k) u.push_back(x[k]);
    u[0] = taylor::shifted(1, x[0]);
  }
  return u;
}
// σ − σ² as a series from σ's, extended into h up to term m − 1.
template <class S>
const S& logistic_slope(const S& s, S& h, int m) {
  for (int j = static_cast<int>(h.size()); j < m; ++j)
    h.push_back(taylor::minus(s[static_cast<size_t>(j)], taylor::cauchy(s, s, j)));
  return h;
}

template <class Op> struct GTerm;
#define ADJ_G_TERM(name_, expr)                                                                          \
  template <> struct GTerm<U_##name_> {                                                                  \
    template <class S>                                                                                   \
    static taylor::Coefficient<S> at([[maybe_unused]] const S& x, [[maybe_unused]] const S& y,           \
                                     [[maybe_unused]] const S& g, [[maybe_unused]] S& u, int m) {        \
      using namespace taylor; /* NOLINT: recurrences read as maths */                                    \
      return expr;                                                                                       \
    }                                                                                                    \
  };
ADJ_G_TERM(exp, y[m])                                                      // g = eˣ = y
ADJ_G_TERM(expm1, y[m])                                                    // g = eˣ = y + 1
ADJ_G_TERM(square, scaled(x[m], 2))                                        // g = 2x
ADJ_G_TERM(sqrt, power_step(y, g, m, -1))                                  // g = y⁻¹/2
ADJ_G_TERM(cbrt, power_step(y, g, m, -2))                                  // g = y⁻²/3
ADJ_G_TERM(log, power_step(x, g, m, -1))                                   // g = x⁻¹
ADJ_G_TERM(log1p, power_step(one_plus(u, x), g, m, -1))                    // g = (1 + x)⁻¹
ADJ_G_TERM(sin, negate(integral(x, y, m)))                                 // g = cos, cos′ = −sin·x′
ADJ_G_TERM(cos, negate(integral(x, y, m)))                                 // g = −sin, sin′ = cos·x′
ADJ_G_TERM(sinh, integral(x, y, m))                                        // g = cosh, cosh′ = sinh·x′
ADJ_G_TERM(cosh, integral(x, y, m))                                        // g = sinh, sinh′ = cosh·x′
ADJ_G_TERM(tan, cauchy(y, y, m))                                           // g = 1 + y²
ADJ_G_TERM(tanh, negate(cauchy(y, y, m)))                                  // g = 1 − y²
ADJ_G_TERM(sigmoid, minus(y[m], cauchy(y, y, m)))                          // g = y − y²
ADJ_G_TERM(atan, power_step(quadratic(u, x, 1, 1, m), g, m, -1))           // g = (1 + x²)⁻¹
ADJ_G_TERM(atanh, power_step(quadratic(u, x, 1, -1, m), g, m, -1))         // g = (1 − x²)⁻¹
ADJ_G_TERM(asin, power_step(quadratic(u, x, 1, -1, m), g, m, -0.5))        // g = (1 − x²)^−½
ADJ_G_TERM(acos, power_step(quadratic(u, x, 1, -1, m), g, m, -0.5))        // g = −(1 − x²)^−½
ADJ_G_TERM(asinh, power_step(quadratic(u, x, 1, 1, m), g, m, -0.5))        // g = (1 + x²)^−½
ADJ_G_TERM(acosh, power_step(quadratic(u, x, -1, 1, m), g, m, -0.5))       // g = (x² − 1)^−½
ADJ_G_TERM(erf, integral(quadratic(u, x, 0, -1, m), g, m))                 // g = c·e^(−x²): g′ = g·(−x²)′
ADJ_G_TERM(erfc, integral(quadratic(u, x, 0, -1, m), g, m))
ADJ_G_TERM(softplus, integral(x, logistic_slope(g, u, m), m))              // g = σ(x), σ′ = (σ − σ²)·x′
#undef ADJ_G_TERM

// y_1..y_order (and g up to order − 1) from x, y_0 and g_0.
template <class Op, class S>
void extend(const S& x, S& y, S& g, int order) {
  S u;
  for (int k = 1; k <= order; ++k) {
    if (k > 1) g[static_cast<size_t>(k - 1)] = GTerm<Op>::at(x, y, g, u, k - 1);
    y[static_cast<size_t>(k)] = taylor::integral(x, g, k);
  }
}

// The native path, when no value is traced by another level: every element's series in
// registers, one pass over the arrays (coefficients laid out [order, ...x's shape]).
template <class Op>
VRef unary_taylor_native(const Ctx& c, const VRef& coeffs) {
  const int order = static_cast<int>(c.lanes);
  const VRef &x = c.in[0], &y = c.out;
  VRef r = empty(y->dtype, coeffs->shape);
  dispatch<Op::complex>(y->dtype, Op::name, [&](auto t) {
    using T = decltype(t);
    using S = Taylor<T, kNativeTaylorOrder>;
    const T *px = x->template data<T>(), *py = y->template data<T>(), *pc = coeffs->template data<T>();
    T* pr = r->template data<T>();
    const int64_t n = y->size;
    for (int64_t i = 0; i < n; ++i) {
      S xs(static_cast<size_t>(order) + 1), ys(xs.size()), gs(xs.size());
      xs[0] = px[i];
      ys[0] = py[i];
      for (int k = 1; k <= order; ++k) xs[static_cast<size_t>(k)] = pc[(k - 1) * n + i];
      gs[0] = Op::template df<T>(xs[0], ys[0]);
      extend<Op>(xs, ys, gs, order);
      for (int k = 1; k <= order; ++k) pr[(k - 1) * n + i] = ys[static_cast<size_t>(k)];
    }
  });
  return r;
}

template <class Op>
VRef unary_taylor(const OpDef&, const Ctx& c, const Values& coeffs) {
  const VRef& cx = coeffs[0];
  if (cx && !cx->tag && !c.in[0]->tag && !c.out->tag && c.lanes <= kNativeTaylorOrder && cx->dtype == c.out->dtype)
    return unary_taylor_native<Op>(c, cx);
  const Series x = taylor::series(c, coeffs, 0);
  Series y(x.size()), g(x.size());
  y[0] = c.out;
  g[0] = Op::df(V(x[0]), V(y[0]));
  extend<Op>(x, y, g, static_cast<int>(c.lanes));
  return taylor::stacked(c, y);
}

template <class Op>
constexpr OpDef unary_def() {
  if constexpr (!Op::differentiable) return OpDef{Op::name, &unary_eval<Op>, nullptr, nullptr};
  else if constexpr (kPiecewiseLinear<Op>)
    return OpDef{Op::name, &unary_eval<Op>, &unary_jvp<Op>, &unary_vjp<Op>, true, &taylor::linear, nullptr, &unary_dual<Op>};
  else
    return OpDef{Op::name, &unary_eval<Op>, &unary_jvp<Op>, &unary_vjp<Op>, true, &unary_taylor<Op>, nullptr, &unary_dual<Op>};
}

}  // namespace

#define ADJ_DEFINE_UNARY(name) const OpDef op_##name = unary_def<U_##name>();
ADJ_UNARY_OPS(ADJ_DEFINE_UNARY)
#undef ADJ_DEFINE_UNARY
#define ADJ_DEFINE_UNARY(name) \
  VRef ops::name(const VRef& x) { return apply(op_##name, {x}); }
ADJ_UNARY_OPS_BUT_ABS(ADJ_DEFINE_UNARY)
#undef ADJ_DEFINE_UNARY

// |z| of a complex z is hypot(re z, im z) (real; derivative z/|z|, 0 at the origin), written
// with differentiable ops so that its rules nest.
VRef ops::abs(const VRef& x) {
  if (is_complex(x->dtype)) return ops::hypot(ops::real(x), ops::imag(x));
  return apply(op_abs, {x});
}

}  // namespace adj
