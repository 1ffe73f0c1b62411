// The elementwise math self-test (native/ops/vmath_selftest.h), for test/vmath.test.ts: errors
// of a fraction of an ulp need a reference more precise than JS's doubles.
#include <string>

#include "core/error.h"
#include "napi/napi.h"
#include "ops/vmath_selftest.h"

namespace adj::napi {

namespace {

vmath::Fn function_named(const std::string& name) {
  if (name == "exp") return vmath::Fn::exp;
  if (name == "expm1") return vmath::Fn::expm1;
  if (name == "tanh") return vmath::Fn::tanh;
  if (name == "sigmoid") return vmath::Fn::sigmoid;
  throw Error(ErrorKind::Argument, "mathSelftest: unknown function '" + name + "'");
}

// mathSelftest(fn, single, lo, hi, count, seed) → [max ulp error dispatched, baseline, worst x]
napi_value math_selftest(napi_env env, napi_callback_info info) {
  return guarded(env, [&] {
    Args a(env, info);
    const vmath::Fn f = function_named(a.str(0));
    const double lo = a.num(2), hi = a.num(3);
    const int64_t count = a.i64(4);
    if (!(lo <= hi) || count < 0) throw Error(ErrorKind::Argument, "mathSelftest: bad range or count");
    const vmath::SelftestResult r = vmath::selftest(f, a.boolean(1), lo, hi, count, static_cast<uint64_t>(a.i64(5)));
    napi_value arr;
    check(env, napi_create_array_with_length(env, 3, &arr));
    check(env, napi_set_element(env, arr, 0, make_number(env, r.dispatched)));
    check(env, napi_set_element(env, arr, 1, make_number(env, r.baseline)));
    check(env, napi_set_element(env, arr, 2, make_number(env, r.worst_x)));
    return arr;
  });
}

}  // namespace

std::vector<Export> math_exports() { return {{"mathSelftest", math_selftest}}; }

}  // namespace adj::napi
