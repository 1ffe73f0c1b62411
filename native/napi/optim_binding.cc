// optimStep: one fused update of every parameter array of a training-loop optimizer
// (native/optim/step.h), for lib/optim.ts.
#include <string>

#include "core/error.h"
#include "napi/handles.h"
#include "napi/napi.h"
#include "optim/step.h"

namespace adj::napi {

namespace {

// optimStep(rule, [lr, β₁, β₂, ε, c₁, c₂], params[], grads[], momentsA[] | null, momentsB[] | null,
// shells[]) → handles [p′…, a′…, b′…] filled into the shells, or undefined when some array is traced
// by a transformation or the arrays of a leaf differ in shape or dtype (lib/optim.ts then
// updates with differentiable ops).
napi_value optim_step(napi_env env, napi_callback_info info) {
  return guarded(env, [&] {
    Args a(env, info);
    const int64_t rule_index = a.i64(0);
    if (rule_index < 0 || rule_index >= optim::kRules) fail(ErrorKind::Argument, "optimStep: unknown rule");
    const auto rule = static_cast<optim::Rule>(rule_index);
    double hyper[6];
    for (uint32_t k = 0; k < 6; ++k) {
      napi_value e;
      check(env, napi_get_element(env, a.argv[1], k, &e));
      check(env, napi_get_value_double(env, e, &hyper[k]));
    }
    const optim::Hyper h{hyper[0], hyper[1], hyper[2], hyper[3], hyper[4], hyper[5]};
    const int nm = optim::moments(rule);
    const Values p = handle_values(a, 2), g = handle_values(a, 3);
    const Values sa = nm >= 1 ? handle_values(a, 4) : Values{}, sb = nm >= 2 ? handle_values(a, 5) : Values{};
    const size_t leaves = p.size();
    if (g.size() != leaves || (nm >= 1 && sa.size() != leaves) || (nm >= 2 && sb.size() != leaves))
      fail(ErrorKind::Argument, "optimStep: params, grads and moments differ in length");
    auto fusable = [&](const VRef& x, const VRef& like) {
      return resolve(x)->tag == 0 && x->shape == like->shape && x->dtype == like->dtype;
    };
    for (size_t i = 0; i < leaves; ++i) {
      if (resolve(p[i])->tag || (p[i]->dtype != DType::f32 && p[i]->dtype != DType::f64) || !fusable(g[i], p[i]) ||
          (nm >= 1 && !fusable(sa[i], p[i])) || (nm >= 2 && !fusable(sb[i], p[i])))
        return make_undefined(env);
    }
    Values out;
    out.reserve(leaves * static_cast<size_t>(1 + nm));
    for (size_t i = 0; i < leaves; ++i) out.push_back(empty(p[i]->dtype, p[i]->shape));
    for (int m = 0; m < nm; ++m)
      for (size_t i = 0; i < leaves; ++i) out.push_back(empty(p[i]->dtype, p[i]->shape));
    for (size_t i = 0; i < leaves; ++i) {
      auto run = [&](auto t) {
        using T = decltype(t);
        auto in = [](const Values& v, size_t k) { return v.empty() ? nullptr : concrete(v[k])->template data<T>(); };
        auto res = [&](int m) { return m < nm ? out[leaves * static_cast<size_t>(1 + m) + i]->template data<T>() : nullptr; };
        optim::step<T>(rule, h, p[i]->size, concrete(p[i])->template data<T>(), concrete(g[i])->template data<T>(), in(sa, i),
                       in(sb, i), out[i]->template data<T>(), res(0), res(1));
      };
      if (p[i]->dtype == DType::f32) run(float{});
      else run(double{});
    }
    return put_all(a, 6, out);
  });
}

}  // namespace

std::vector<Export> optim_exports() { return {{"optimStep", optim_step}}; }

}  // namespace adj::napi
