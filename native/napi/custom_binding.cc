// ad.defineRule's native half (Note [Custom rules] in core/custom.h): recording a rule's node
// on a reverse tape, and calling its JS pullback from inside the native sweep. The JS side
// (lib/rules.ts) passes an adapter function that reads the cotangent with customPending(),
// runs the user's pullback and returns one handle (or null) per input.
#include <algorithm>
#include <string>

#include "core/custom.h"
#include "core/error.h"
#include "core/per_thread.h"
#include "napi/handles.h"
#include "napi/napi.h"

namespace adj::napi {

namespace {

// The cotangent the running adapter reads with customPending().
VRef& pending() {
  return per_thread<VRef>();
}

// Set when the environment is torn down: JS references can no longer be deleted then.
bool& env_gone() {
  return per_thread<bool>();
}

class JsRule final : public CustomRule {
 public:
  JsRule(napi_env env, napi_value adapter, std::string name) : env_(env), name_(std::move(name)) {
    check(env, napi_create_reference(env, adapter, 1, &adapter_));
  }
  ~JsRule() override {
    if (!env_gone()) napi_delete_reference(env_, adapter_);
  }
  JsRule(const JsRule&) = delete;
  JsRule& operator=(const JsRule&) = delete;

  Values pullback(const VRef& g, const Values& inputs) const override {
    pending() = g;
    napi_value fn, global, result;
    check(env_, napi_get_reference_value(env_, adapter_, &fn));
    check(env_, napi_get_global(env_, &global));
    const napi_status st = napi_call_function(env_, global, fn, 0, nullptr, &result);
    pending().reset();
    if (st != napi_ok) throw JsPending{};  // the adapter threw: the exception is pending in JS
    Values out(inputs.size());
    for (size_t k = 0; k < inputs.size(); ++k) {
      napi_value e;
      napi_valuetype type;
      check(env_, napi_get_element(env_, result, static_cast<uint32_t>(k), &e));
      check(env_, napi_typeof(env_, e, &type));
      if (type != napi_number) continue;  // null: no cotangent
      double h = 0;
      check(env_, napi_get_value_double(env_, e, &h));
      const VRef& ct = get(h);
      const VRef& x = inputs[k];
      if (ct->shape != x->shape || ct->dtype != x->dtype)
        fail(ErrorKind::Shape, "rule '" + name_ + "': cotangent " + std::to_string(k) + " has shape " + shape_str(ct->shape) + " " +
                                   dtype_name(ct->dtype) + ", but argument " + std::to_string(k) + " has shape " + shape_str(x->shape) +
                                   " " + dtype_name(x->dtype));
      out[k] = ct;
    }
    return out;
  }

 private:
  napi_env env_;
  napi_ref adapter_ = nullptr;
  std::string name_;
};

// topLevel(handles[]) → [tag, kind, below, lanes]: the innermost active level among them
// ([0, -1]: none; kind 0 forward, 1 reverse, 2 Taylor), the innermost one left once that level is
// stripped (0: the lowered values are concrete), and its tangent lanes (0: not batched)
napi_value top_level(napi_env env, napi_callback_info info) {
  return guarded(env, [&] {
    Args a(env, info);
    const Values vs = handle_values(a, 0);
    Tag top = 0, below = 0;
    for (const VRef& v : vs) top = std::max(top, resolve(v)->tag);
    for (const VRef& v : vs) {
      const VRef r = resolve(v);
      below = std::max(below, r->tag == top && top ? resolve(r->primal)->tag : r->tag);
    }
    const Level* l = top ? find_level(top) : nullptr;
    napi_value arr;
    check(env, napi_create_array_with_length(env, 4, &arr));
    check(env, napi_set_element(env, arr, 0, make_number(env, top)));
    check(env, napi_set_element(env, arr, 1, make_number(env, !l ? -1 : l->kind == LevelKind::Reverse ? 1 : l->kind == LevelKind::Taylor ? 2 : 0)));
    check(env, napi_set_element(env, arr, 2, make_number(env, below)));
    check(env, napi_set_element(env, arr, 3, make_number(env, static_cast<double>(l ? l->lanes : 0))));
    return arr;
  });
}

// customRecord(shell, tag, inputs[], y, adapter, name) → the rule's output at the level
napi_value custom_record(napi_env env, napi_callback_info info) {
  return guarded(env, [&] {
    Args a(env, info);
    auto rule = std::make_shared<const JsRule>(env, a.argv[4], a.str(5));
    VRef y = record_custom(static_cast<Tag>(a.i64(1)), handle_values(a, 2), get(a.num(3)), std::move(rule));
    return make_number(env, put(env, a.argv[0], std::move(y)));
  });
}

// customPending(shell) → the cotangent the running pullback adapter was called for
napi_value custom_pending(napi_env env, napi_callback_info info) {
  return guarded(env, [&] {
    Args a(env, info);
    if (!pending()) fail(ErrorKind::Argument, "customPending: no rule pullback is running");
    return make_number(env, put(env, a.argv[0], pending()));
  });
}

}  // namespace

std::vector<Export> custom_exports(napi_env env) {
  napi_add_env_cleanup_hook(env, [](void*) { env_gone() = true; }, nullptr);
  return {{"topLevel", top_level}, {"customRecord", custom_record}, {"customPending", custom_pending}};
}

}  // namespace adj::napi
