// Complex parts: the primitives real, imag, conj and complex(re, im), and the composites abs2
// and angle. Convention (DESIGN-NOTES § 6): the cotangent of z = x + iy for a real loss L is
// ∂L/∂x + i·∂L/∂y, so each rule below is the plain adjoint of a real-linear map of (x, y).
#include <complex>
#include <string>

#include "ops/api.h"
#include "ops/kernel.h"
#include "ops/taylor.h"
#include "ops/lanes.h"

namespace adj {
namespace {

// Calls f(R{}) with R the real scalar of complex dtype `dt` (float or double).
template <class F>
void dispatch_parts(DType dt, const char* what, F&& f) {
  if (dt == DType::c64) return f(float{});
  if (dt == DType::c128) return f(double{});
  fail(ErrorKind::DType, std::string(what) + ": expected a complex dtype, got " + dtype_name(dt));
}

// y = part(z) elementwise for a complex z; `Part` 0 takes the real parts, 1 the imaginary ones.
template <int Part>
VRef part_eval(const Values& in, const Attrs&) {
  const VRef& z = in[0];
  VRef y = empty(ops::real_of(z->dtype), z->shape);
  dispatch_parts(z->dtype, Part ? "imag" : "real", [&](auto r) {
    using R = decltype(r);
    const R* pz = z->template data<R>();  // interleaved (re, im)
    R* py = y->template data<R>();
    for (int64_t i = 0, n = z->size; i < n; ++i) py[i] = pz[2 * i + Part];
  });
  return y;
}

// real and imag are real-linear: ẏ = part(ż). Adjoints: real → z̄ = ḡ + 0i, imag → z̄ = 0 + iḡ.
template <int Part>
VRef part_jvp(const Ctx&, const Values& t) { return Part ? ops::imag(t[0]) : ops::real(t[0]); }
template <int Part>
void part_vjp(const Ctx&, const VRef& g, const std::vector<bool>&, Values& grads) {
  const VRef zero = ops::zeros_like(g);
  grads[0] = Part ? ops::complex(zero, g) : ops::complex(g, zero);
}

VRef conj_eval(const Values& in, const Attrs&) {
  const VRef& z = in[0];
  VRef y = empty(z->dtype, z->shape);
  dispatch_parts(z->dtype, "conj", [&](auto r) {
    using R = decltype(r);
    const std::complex<R>* pz = z->template data<std::complex<R>>();
    std::complex<R>* py = y->template data<std::complex<R>>();
    for (int64_t i = 0, n = z->size; i < n; ++i) py[i] = std::conj(pz[i]);
  });
  return y;
}
// conj is real-linear and its own adjoint: ẏ = conj(ż); z̄ = conj(ḡ)
VRef conj_jvp(const Ctx&, const Values& t) { return ops::conj(t[0]); }
void conj_vjp(const Ctx&, const VRef& g, const std::vector<bool>&, Values& grads) { grads[0] = ops::conj(g); }

// re and im have the same real dtype (ops::complex promotes); they broadcast (through
// broadcast_to on these concrete inputs when their shapes differ).
VRef complex_eval(const Values& in, const Attrs&) {
  const Shape s = broadcast_shapes(in[0]->shape, in[1]->shape, "complex");
  const VRef re = in[0]->shape == s ? in[0] : ops::broadcast_to(in[0], s);
  const VRef im = in[1]->shape == s ? in[1] : ops::broadcast_to(in[1], s);
  VRef y = empty(ops::complex_of(re->dtype), s);
  dispatch_real(re->dtype, "complex", [&](auto r) {
    using R = decltype(r);
    const R *pr = re->template data<R>(), *pi = im->template data<R>();
    std::complex<R>* py = y->template data<std::complex<R>>();
    for (int64_t i = 0, n = y->size; i < n; ++i) py[i] = {pr[i], pi[i]};
  });
  return y;
}

// ẏ = complex(ṙe, ïm) (absent tangents are zero); r̄e = Σ_bcast Re ḡ, īm = Σ_bcast Im ḡ
VRef complex_jvp(const Ctx& c, const Values& t) {
  const int64_t nd = c.out->ndim();
  VRef y = ops::complex(t[0] ? lanes::aligned(c, t[0], nd) : ops::zeros_like(c.in[0]),
                        t[1] ? lanes::aligned(c, t[1], nd) : ops::zeros_like(c.in[1]));
  const Shape want = lanes::of(c, c.out->shape);
  return y->shape == want ? y : ops::broadcast_to(y, want);
}
void complex_vjp(const Ctx& c, const VRef& g, const std::vector<bool>& need, Values& grads) {
  if (need[0]) grads[0] = ops::sum_to_shape(ops::real(g), c.in[0]->shape);
  if (need[1]) grads[1] = ops::sum_to_shape(ops::imag(g), c.in[1]->shape);
}

}  // namespace

const OpDef op_real{"real", &part_eval<0>, &part_jvp<0>, &part_vjp<0>, true, &taylor::linear};
const OpDef op_imag{"imag", &part_eval<1>, &part_jvp<1>, &part_vjp<1>, true, &taylor::linear};
const OpDef op_conj{"conj", &conj_eval, &conj_jvp, &conj_vjp, true, &taylor::linear};
const OpDef op_complex{"complex", &complex_eval, &complex_jvp, &complex_vjp, true, &taylor::linear};

DType ops::complex_of(DType dt) { return dt == DType::f32 || dt == DType::c64 ? DType::c64 : DType::c128; }
DType ops::real_of(DType dt) { return dt == DType::f32 || dt == DType::c64 ? DType::f32 : DType::f64; }

// On real operands: real(x) = x and conj(x) = x (no node), imag(x) = 0 (a constant).
VRef ops::real(const VRef& z) { return is_complex(z->dtype) ? apply(op_real, {z}) : z; }
VRef ops::imag(const VRef& z) { return is_complex(z->dtype) ? apply(op_imag, {z}) : ops::zeros_like(z); }
VRef ops::conj(const VRef& z) { return is_complex(z->dtype) ? apply(op_conj, {z}) : z; }

VRef ops::complex(const VRef& re, const VRef& im) {
  if (is_complex(re->dtype) || is_complex(im->dtype))
    fail(ErrorKind::DType, std::string("complex: re and im must be real, got ") + dtype_name(re->dtype) + " and " + dtype_name(im->dtype));
  return apply(op_complex, ops::promoted({re, im}));
}

// |z|² = (Re z)² + (Im z)² (x² on reals)
VRef ops::abs2(const VRef& z) {
  if (!is_complex(z->dtype)) return ops::square(z);
  return ops::add(ops::square(ops::real(z)), ops::square(ops::imag(z)));
}

// arg z = atan2(Im z, Re z): 0 or π on reals, as NumPy's angle
VRef ops::angle(const VRef& z) { return ops::atan2(ops::imag(z), ops::real(z)); }

}  // namespace adj
