// JS error construction. lib/errors.ts hands its error classes over at load time
// (setErrorClasses), so a core error reaches the user as e.g. a ShapeError created in JS,
// carrying a JS stack.
#include "core/per_thread.h"
#include <string>
#include <unordered_map>

#include "core/storage.h"
#include "napi/napi.h"

namespace adj::napi {

namespace {
struct ErrorClasses {
  std::unordered_map<std::string, napi_ref> by_kind;
};
ErrorClasses& classes() {
  return per_thread<ErrorClasses>();
}
}  // namespace

const char* error_kind_name(ErrorKind k) {
  switch (k) {
    case ErrorKind::Shape: return "Shape";
    case ErrorKind::DType: return "DType";
    case ErrorKind::Singular: return "SingularMatrix";
    case ErrorKind::Mutation: return "Mutation";
    case ErrorKind::NotDifferentiable: return "NotDifferentiable";
    case ErrorKind::Argument: return "Argument";
    case ErrorKind::Disposed: return "Disposed";
  }
  return "Argument";
}

void throw_error(napi_env env, const char* kind, const std::string& message) {
  bool pending = false;
  napi_is_exception_pending(env, &pending);
  if (pending) return;
  auto it = classes().by_kind.find(kind);
  napi_value msg, ctor, err;
  napi_create_string_utf8(env, message.c_str(), message.size(), &msg);
  if (it != classes().by_kind.end() && napi_get_reference_value(env, it->second, &ctor) == napi_ok && ctor &&
      napi_new_instance(env, ctor, 1, &msg, &err) == napi_ok) {
    napi_throw(env, err);
    return;
  }
  napi_create_error(env, nullptr, msg, &err);
  napi_throw(env, err);
}

void flush_external_memory(napi_env env) {
  MemoryStats& s = memory_stats();
  if (s.unreported > (1 << 20) || s.unreported < -(1 << 20)) {
    int64_t total = 0;
    napi_adjust_external_memory(env, s.unreported, &total);
    s.unreported = 0;
  }
}

namespace {
// setErrorClasses({Shape: ShapeError, ...})
napi_value set_error_classes(napi_env env, napi_callback_info info) {
  return guarded(env, [&]() -> napi_value {
    Args a(env, info);
    napi_value names;
    check(env, napi_get_property_names(env, a.argv[0], &names));
    uint32_t n = 0;
    check(env, napi_get_array_length(env, names, &n));
    for (uint32_t i = 0; i < n; ++i) {
      napi_value key, val;
      check(env, napi_get_element(env, names, i, &key));
      check(env, napi_get_property(env, a.argv[0], key, &val));
      char buf[64];
      size_t len = 0;
      check(env, napi_get_value_string_utf8(env, key, buf, sizeof buf, &len));
      napi_ref ref;
      check(env, napi_create_reference(env, val, 1, &ref));
      classes().by_kind[std::string(buf, len)] = ref;
    }
    return make_undefined(env);
  });
}
}  // namespace

std::vector<Export> error_exports() { return {{"setErrorClasses", set_error_classes}}; }

}  // namespace adj::napi
