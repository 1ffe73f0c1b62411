// where(cond, a, b) and dtype casts.
#include <string>

#include "ops/kernel.h"
#include "ops/taylor.h"
#include "ops/lanes.h"
#include "ops/scalar_math.h"

namespace adj {
namespace {

// Attrs: none. cond, nonzero meaning "take a", has the (real) dtype of a and b (ops::where
// casts it); all three broadcast.
VRef where_eval(const Values& in, const Attrs&) {
  const VRef &c = in[0], &a = in[1], &b = in[2];
  Shape s = broadcast_shapes(broadcast_shapes(c->shape, a->shape, "where"), b->shape, "where");
  VRef y = empty(a->dtype, s);
  dispatch_real(a->dtype, "where", [&](auto t) {
    using T = decltype(t);
    map_broadcast<T, 3>(y->template data<T>(), s, {c->template data<T>(), a->template data<T>(), b->template data<T>()},
                        {&c->shape, &a->shape, &b->shape}, [](T cv, T av, T bv) { return cv != 0 ? av : bv; });
  });
  return y;
}

// ẏ = where(c, ȧ, ḃ)
VRef where_jvp(const Ctx& c, const Values& t) {
  if (!t[1] && !t[2]) return nullptr;
  const int64_t nd = c.out->ndim();
  VRef ta = t[1] ? lanes::aligned(c, t[1], nd) : ops::zeros_like(c.in[1]);
  VRef tb = t[2] ? lanes::aligned(c, t[2], nd) : ops::zeros_like(c.in[2]);
  VRef r = ops::where(c.in[0], ta, tb);
  const Shape want = lanes::of(c, c.out->shape);
  return r->shape == want ? r : ops::broadcast_to(r, want);
}

// ā = Σ_bcast where(c, ḡ, 0), b̄ = Σ_bcast where(c, 0, ḡ)
void where_vjp(const Ctx& c, const VRef& g, const std::vector<bool>& need, Values& grads) {
  VRef zero = ops::scalar_like(0, g);
  if (need[1]) grads[1] = ops::sum_to_shape(ops::where(c.in[0], g, zero), c.in[1]->shape);
  if (need[2]) grads[2] = ops::sum_to_shape(ops::where(c.in[0], zero, g), c.in[2]->shape);
}

// One element converted: complex → real keeps the real part, real → complex has im = 0.
template <class D, class S>
D convert(S v) {
  if constexpr (is_complex_v<S> && !is_complex_v<D>) return static_cast<D>(v.real());
  else return static_cast<D>(v);
}

// Attrs: i = {target dtype}.
VRef cast_eval(const Values& in, const Attrs& attrs) {
  const VRef& x = in[0];
  DType to = static_cast<DType>(attrs.i[0]);
  VRef y = empty(to, x->shape);
  dispatch_any(x->dtype, "astype", [&](auto s) {
    using S = decltype(s);
    dispatch_any(to, "astype", [&](auto d) {
      using D = decltype(d);
      const S* px = x->template data<S>();
      D* py = y->template data<D>();
      for (int64_t i = 0, n = x->size; i < n; ++i) py[i] = convert<D>(px[i]);
    });
  });
  return y;
}

// ẏ = cast(ẋ); x̄ = cast(ḡ) back to x's dtype, so a gradient has its primal's dtype (for a
// real → complex cast that is Re ḡ, for complex → real the embedding: each the other's adjoint)
VRef cast_jvp(const Ctx& c, const Values& t) { return ops::cast(t[0], c.out->dtype); }
void cast_vjp(const Ctx& c, const VRef& g, const std::vector<bool>&, Values& grads) {
  grads[0] = ops::cast(g, c.in[0]->dtype);
}

}  // namespace

const OpDef op_where{"where", &where_eval, &where_jvp, &where_vjp, true, &taylor::linear};
const OpDef op_cast{"cast", &cast_eval, &cast_jvp, &cast_vjp, true, &taylor::linear};

VRef ops::where(const VRef& cond, const VRef& a, const VRef& b) {
  if (is_complex(cond->dtype)) fail(ErrorKind::DType, std::string("where: the condition must be real, got ") + dtype_name(cond->dtype));
  DType dt = promote(a->dtype, b->dtype);
  // complex a, b: the real and imaginary parts are selected apart
  if (is_complex(dt))
    return ops::complex(ops::where(cond, ops::real(a), ops::real(b)), ops::where(cond, ops::imag(a), ops::imag(b)));
  auto to = [&](const VRef& v) { return v->dtype == dt ? v : ops::cast(v, dt); };
  return apply(op_where, {to(cond), to(a), to(b)});
}

VRef ops::cast(const VRef& x, DType dt) {
  if (x->dtype == dt) return x;
  Attrs a;
  a.i = {static_cast<int64_t>(dt)};
  return apply(op_cast, {x}, a);
}

Values ops::promoted(Values in) {
  DType dt = in.at(0)->dtype;
  for (const VRef& v : in) dt = promote(dt, v->dtype);
  for (VRef& v : in) v = ops::cast(v, dt);
  return in;
}

VRef ops::scalar_like(double v, const VRef& like) { return full(like->dtype, {}, v); }
VRef ops::zeros_like(const VRef& x) { return zeros(x->dtype, x->shape); }
VRef ops::ones_like(const VRef& x) { return full(x->dtype, x->shape, 1.0); }

}  // namespace adj
