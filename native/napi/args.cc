#include <cmath>
#include <string>

#include "core/error.h"
#include "napi/napi.h"

namespace adj::napi {

void check(napi_env env, napi_status s) {
  if (s == napi_ok) return;
  bool pending = false;
  napi_is_exception_pending(env, &pending);
  if (!pending) {
    const napi_extended_error_info* info = nullptr;
    napi_get_last_error_info(env, &info);
    throw_error(env, "Argument", std::string("invalid argument: ") + (info && info->error_message ? info->error_message : "N-API call failed"));
  }
  throw JsPending{};
}

Args::Args(napi_env e, napi_callback_info info) : env(e) {
  argc = 8;  // napi_get_cb_info fills the argv slots past the actual count with undefined
  check(env, napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr));
}

double Args::num(size_t i) const {
  double v = 0;
  if (napi_get_value_double(env, argv[i], &v) != napi_ok) fail(ErrorKind::Argument, "expected a number for argument " + std::to_string(i));
  return v;
}

int64_t Args::i64(size_t i) const {
  double v = num(i);
  if (!(std::fabs(v) <= 9007199254740992.0) || v != std::trunc(v))
    fail(ErrorKind::Argument, "expected an integer for argument " + std::to_string(i) + ", got " + std::to_string(v));
  return static_cast<int64_t>(v);
}

bool Args::boolean(size_t i) const {
  bool v = false;
  napi_get_value_bool(env, argv[i], &v);
  return v;
}

std::string Args::str(size_t i) const {
  size_t len = 0;
  if (napi_get_value_string_utf8(env, argv[i], nullptr, 0, &len) != napi_ok) fail(ErrorKind::Argument, "expected a string");
  std::string s(len, '\0');
  napi_get_value_string_utf8(env, argv[i], s.data(), len + 1, &len);
  return s;
}

uint32_t Args::length(size_t i) const {
  uint32_t n = 0;
  if (napi_get_array_length(env, argv[i], &n) != napi_ok) fail(ErrorKind::Argument, "expected an array for argument " + std::to_string(i));
  return n;
}

napi_value Args::at(size_t i, uint32_t k) const {
  napi_value v;
  check(env, napi_get_element(env, argv[i], k, &v));
  return v;
}

std::vector<double> Args::doubles(size_t i) const {
  uint32_t n = length(i);
  std::vector<double> r(n);
  for (uint32_t k = 0; k < n; ++k)
    if (napi_get_value_double(env, at(i, k), &r[k]) != napi_ok) fail(ErrorKind::Argument, "expected an array of numbers");
  return r;
}

Ints Args::ints(size_t i) const {
  std::vector<double> d = doubles(i);
  Ints r(d.size());
  for (size_t k = 0; k < d.size(); ++k) {
    if (!(std::fabs(d[k]) <= 9007199254740992.0) || d[k] != std::trunc(d[k]))
      fail(ErrorKind::Argument, "expected integers, got " + std::to_string(d[k]));
    r[k] = static_cast<int64_t>(d[k]);
  }
  return r;
}

bool Args::is_nullish(size_t i) const {
  napi_valuetype t;
  napi_typeof(env, argv[i], &t);
  return t == napi_null || t == napi_undefined;
}

napi_value make_number(napi_env env, double v) {
  napi_value r;
  napi_create_double(env, v, &r);
  return r;
}

napi_value make_undefined(napi_env env) {
  napi_value r;
  napi_get_undefined(env, &r);
  return r;
}

void export_all(napi_env env, napi_value exports, const std::vector<Export>& list) {
  for (const Export& e : list) {
    napi_value fn;
    napi_create_function(env, e.name, NAPI_AUTO_LENGTH, e.fn, nullptr, &fn);
    napi_set_named_property(env, exports, e.name, fn);
  }
}

}  // namespace adj::napi
