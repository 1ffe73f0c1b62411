#include "ops/taylor.h"

#include <string>

#include "core/error.h"
#include "ops/lanes.h"

namespace adj::taylor {

namespace {
[[noreturn]] void no_rule(const OpDef& op, const std::string& why) {
  fail(ErrorKind::NotDifferentiable, std::string("taylor: ") + op.name + " has no Taylor-mode rule " + why);
}

size_t varying(const Values& coeffs) {
  size_t n = 0;
  for (const VRef& t : coeffs) n += t != nullptr;
  return n;
}
}  // namespace

VRef coefficients(const OpDef& op, const Ctx& c, const Values& coeffs) {
  // order 1: y_1 = f′(x_0)·x_1, the jvp of the coefficients as tangents of one lane
  if (c.lanes == 1 && op.jvp) return jvp_lanes(op, c, coeffs);
  if (!op.taylor) no_rule(op, "(its inputs carry Taylor coefficients)");
  return lanes::checked(op, c, op.taylor(op, c, coeffs), "Taylor coefficients");
}

Series series(const Ctx& c, const Values& coeffs, size_t i) {
  Series x(static_cast<size_t>(c.lanes + 1));
  x[0] = c.in[i];
  if (coeffs[i])
    for (int64_t k = 1; k <= c.lanes; ++k) x[static_cast<size_t>(k)] = lanes::lane(coeffs[i], k - 1);
  return x;
}

VRef stacked(const Ctx& c, const Series& y) {
  Values terms;
  bool any = false;
  for (size_t k = 1; k < y.size(); ++k) any |= y[k] != nullptr;
  if (!any) return nullptr;
  for (size_t k = 1; k < y.size(); ++k) {
    VRef t = y[k] ? y[k] : ops::zeros_like(concrete(c.out));
    terms.push_back(t->shape == c.out->shape ? t : ops::broadcast_to(t, c.out->shape));  // operands may broadcast
  }
  return ops::stack(terms, 0);
}

VRef scaled(const VRef& v, double s) { return !v || s == 1 ? v : ops::mul(v, ops::scalar_like(s, v)); }

VRef power_step(const Series& u, const Series& g, int k, const VRef& b) {
  VRef r;
  for (int j = 1; j <= k; ++j) {
    if (!u[static_cast<size_t>(j)] || !g[static_cast<size_t>(k - j)]) continue;
    // ((b+1)·j − k)/k = b·j/k + (j − k)/k
    VRef w = scaled(b, double(j) / k);
    if (j != k) w = shifted(double(j - k) / k, w);
    r = ops::add_terms(r, ops::mul(w, ops::mul(u[static_cast<size_t>(j)], g[static_cast<size_t>(k - j)])));
  }
  return r ? ops::div(r, u[0]) : r;
}

VRef linear(const OpDef& op, const Ctx& c, const Values& coeffs) { return jvp_lanes(op, c, coeffs); }

VRef separately_linear(const OpDef& op, const Ctx& c, const Values& coeffs) {
  if (varying(coeffs) > 1) no_rule(op, "for several inputs carrying coefficients at once");
  return jvp_lanes(op, c, coeffs);
}

VRef bilinear(const OpDef& op, const Ctx& c, const Values& coeffs) {
  if (varying(coeffs) <= 1) return jvp_lanes(op, c, coeffs);
  const Series a = series(c, coeffs, 0), b = series(c, coeffs, 1);
  Series y(a.size());
  auto product = [&](const VRef& u, const VRef& v) {
    Values in = c.in;
    in[0] = u;
    in[1] = v;
    return apply(op, std::move(in), c.attrs);
  };
  for (int k = 1; k <= c.lanes; ++k) y[static_cast<size_t>(k)] = cauchy_with(a, b, k, 0, product);
  return stacked(c, y);
}

VRef linear_in_first(const OpDef& op, const Ctx& c, const Values& coeffs) {
  for (size_t i = 1; i < coeffs.size(); ++i)
    if (coeffs[i]) no_rule(op, "for input " + std::to_string(i) + " carrying coefficients (only input 0 may)");
  return jvp_lanes(op, c, coeffs);
}

}  // namespace adj::taylor
