// optimStep: one fused update of every parameter array of a training-loop optimizer
// (native/optim/step.h), for lib/optim.ts; and the quasi-Newton kernels of optim.minimize
// (native/optim/quasi_newton.h) on lib/minimize.ts's Float64Arrays.
#include <cmath>
#include <string>

#include "core/error.h"
#include "napi/handles.h"
#include "napi/napi.h"
#include "optim/quasi_newton.h"
#include "optim/step.h"

namespace adj::napi {

namespace {

// optimStep(shells[]) with the argument buffer holding [rule, leaves, lr, β₁, β₂, ε, c₁, c₂] and
// then the handles of the params, the grads and the moments (as many lists as the rule has),
// leaves of each → handles [p′…, a′…, b′…] filled into the shells, or undefined when some array is
// traced by a transformation or the arrays of a leaf differ in shape or dtype (lib/optim.ts then
// updates with differentiable ops).
napi_value optim_step(napi_env env, napi_callback_info info) {
  return guarded(env, [&] {
    Args a(env, info);
    constexpr size_t kHeader = 8;
    const ArgBuffer& b = buffer_of(kHeader);
    const auto rule = static_cast<optim::Rule>(buffered_count(b.data[0], optim::kRules - 1, "optimStep rule"));
    const int nm = optim::moments(rule);
    const auto lists = static_cast<size_t>(2 + nm);
    const auto leaves = static_cast<size_t>(buffered_count(b.data[1], (b.length - kHeader) / lists, "optimStep leaf count"));
    const optim::Hyper h{b.data[2], b.data[3], b.data[4], b.data[5], b.data[6], b.data[7]};
    auto list = [&](size_t k) {
      Values v;
      v.reserve(leaves);
      for (size_t i = 0; i < leaves; ++i) v.push_back(get(b.data[kHeader + k * leaves + i]));
      return v;
    };
    const Values p = list(0), g = list(1);
    const Values sa = nm >= 1 ? list(2) : Values{}, sb = nm >= 2 ? list(3) : Values{};
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
    if (a.length(0) != out.size()) fail(ErrorKind::Argument, "optimStep: expected " + std::to_string(out.size()) + " shells");
    return put_all(a, 0, out);
  });
}

// The doubles of the Float64Array argument i, which must hold n of them (n < 0: any count).
struct F64 {
  double* data;
  int64_t length;
};
F64 f64_arg(const Args& a, size_t i, const char* api, int64_t n = -1) {
  napi_typedarray_type type;
  size_t length = 0;
  void* data = nullptr;
  if (napi_get_typedarray_info(a.env, a.argv[i], &type, &length, &data, nullptr, nullptr) != napi_ok || type != napi_float64_array)
    fail(ErrorKind::Argument, std::string(api) + ": expected a Float64Array for argument " + std::to_string(i));
  const auto len = static_cast<int64_t>(length);
  if (n >= 0 && len != n)
    fail(ErrorKind::Argument, std::string(api) + ": argument " + std::to_string(i) + " has " + std::to_string(len) + " elements, expected " + std::to_string(n));
  return {static_cast<double*>(data), len};
}

napi_value make_bool(napi_env env, bool v) {
  napi_value r;
  check(env, napi_get_boolean(env, v, &r));
  return r;
}

// The history m of the L-BFGS memory argument 0 for vectors of n.
int64_t lbfgs_memory(const F64& mem, int64_t n, const char* api) {
  const int64_t m = optim::lbfgs_history(mem.length, n);
  if (m < 1) fail(ErrorKind::Argument, std::string(api) + ": the memory's length fits no history for vectors of " + std::to_string(n));
  // the ring's header indexes the pairs: a bad one would read and write out of bounds
  const double size = mem.data[0], oldest = mem.data[1];
  if (!(size >= 0 && size <= static_cast<double>(m) && size == std::trunc(size) && oldest >= 0 && oldest < static_cast<double>(m) &&
        oldest == std::trunc(oldest)))
    fail(ErrorKind::Argument, std::string(api) + ": corrupt memory header (size " + std::to_string(size) + ", oldest " + std::to_string(oldest) + ")");
  return m;
}

// lbfgsPush(memory, x0, x1, g0, g1) → whether the pair was recorded
napi_value lbfgs_push(napi_env env, napi_callback_info info) {
  return guarded(env, [&] {
    Args a(env, info);
    const F64 mem = f64_arg(a, 0, "lbfgsPush"), x0 = f64_arg(a, 1, "lbfgsPush");
    const int64_t n = x0.length, m = lbfgs_memory(mem, n, "lbfgsPush");
    const F64 x1 = f64_arg(a, 2, "lbfgsPush", n), g0 = f64_arg(a, 3, "lbfgsPush", n), g1 = f64_arg(a, 4, "lbfgsPush", n);
    return make_bool(env, optim::lbfgs_push(mem.data, n, m, x0.data, x1.data, g0.data, g1.data));
  });
}

// lbfgsDirection(memory, g, d): d ← −H g
napi_value lbfgs_direction(napi_env env, napi_callback_info info) {
  return guarded(env, [&] {
    Args a(env, info);
    const F64 mem = f64_arg(a, 0, "lbfgsDirection"), g = f64_arg(a, 1, "lbfgsDirection");
    const int64_t n = g.length, m = lbfgs_memory(mem, n, "lbfgsDirection");
    optim::lbfgs_direction(mem.data, n, m, g.data, f64_arg(a, 2, "lbfgsDirection", n).data);
    return make_undefined(env);
  });
}

// bfgsDirection(H, g, d): d ← −H g
napi_value bfgs_direction(napi_env env, napi_callback_info info) {
  return guarded(env, [&] {
    Args a(env, info);
    const F64 g = f64_arg(a, 1, "bfgsDirection");
    const int64_t n = g.length;
    optim::bfgs_direction(f64_arg(a, 0, "bfgsDirection", n * n).data, n, g.data, f64_arg(a, 2, "bfgsDirection", n).data);
    return make_undefined(env);
  });
}

// bfgsUpdate(H, x0, x1, g0, g1, first, work) → whether H was updated
napi_value bfgs_update(napi_env env, napi_callback_info info) {
  return guarded(env, [&] {
    Args a(env, info);
    const F64 x0 = f64_arg(a, 1, "bfgsUpdate");
    const int64_t n = x0.length;
    const F64 H = f64_arg(a, 0, "bfgsUpdate", n * n), x1 = f64_arg(a, 2, "bfgsUpdate", n), g0 = f64_arg(a, 3, "bfgsUpdate", n),
              g1 = f64_arg(a, 4, "bfgsUpdate", n), work = f64_arg(a, 6, "bfgsUpdate", 3 * n);
    return make_bool(env, optim::bfgs_update(H.data, n, x0.data, x1.data, g0.data, g1.data, a.boolean(5), work.data));
  });
}

}  // namespace

std::vector<Export> optim_exports() {
  return {{"optimStep", optim_step}, {"lbfgsPush", lbfgs_push}, {"lbfgsDirection", lbfgs_direction},
          {"bfgsDirection", bfgs_direction}, {"bfgsUpdate", bfgs_update}};
}

}  // namespace adj::napi
