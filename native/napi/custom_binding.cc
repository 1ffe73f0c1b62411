// ad.defineRule's native half (Note [Custom rules] in core/custom.h): recording a rule's node
// on a reverse tape, and calling its JS pullback from inside the native sweep. The JS side
// (lib/rules.ts) passes an adapter function that reads the cotangent with customPending(),
// runs the user's pullback and leaves one handle (or NaN) per input in the argument buffer.
#include <algorithm>
#include <cmath>
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
    // the adapter left one handle per input in the argument buffer (customRecord checked that
    // they fit), NaN for no cotangent
    const ArgBuffer& b = arg_buffer();
    Values out(inputs.size());
    for (size_t k = 0; k < inputs.size(); ++k) {
      if (std::isnan(b.data[k])) continue;
      const VRef& ct = get(b.data[k]);
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

// The innermost active level among some values, as topLevel reports it.
struct Top {
  Tag tag = 0;
  double kind = -1;
  Tag below = 0;
  double lanes = 0;
};

template <class Value>
Top top_of(size_t n, Value value) {
  Top t;
  for (size_t k = 0; k < n; ++k) t.tag = std::max(t.tag, resolve(value(k))->tag);
  for (size_t k = 0; k < n; ++k) {
    const VRef r = resolve(value(k));
    t.below = std::max(t.below, r->tag == t.tag && t.tag ? resolve(r->primal)->tag : r->tag);
  }
  if (const Level* l = t.tag ? find_level(t.tag) : nullptr) {
    t.kind = l->kind == LevelKind::Reverse ? 1 : l->kind == LevelKind::Taylor ? 2 : 0;
    t.lanes = static_cast<double>(l->lanes);
  }
  return t;
}

// topLevel(handles[]) → [tag, kind, below, lanes]: the innermost active level among them
// ([0, -1]: none; kind 0 forward, 1 reverse, 2 Taylor), the innermost one left once that level is
// stripped (0: the lowered values are concrete), and its tangent lanes (0: not batched)
napi_value top_level(napi_env env, napi_callback_info info) {
  return guarded(env, [&] {
    Args a(env, info);
    const Values vs = handle_values(a, 0);
    const Top t = top_of(vs.size(), [&](size_t k) -> const VRef& { return vs[k]; });
    napi_value arr;
    check(env, napi_create_array_with_length(env, 4, &arr));
    check(env, napi_set_element(env, arr, 0, make_number(env, t.tag)));
    check(env, napi_set_element(env, arr, 1, make_number(env, t.kind)));
    check(env, napi_set_element(env, arr, 2, make_number(env, t.below)));
    check(env, napi_set_element(env, arr, 3, make_number(env, t.lanes)));
    return arr;
  });
}

// topLevelb(n): topLevel of the n handles in the argument buffer, written back to its first four
// entries — a rule call's hot path, where building the result array cost more than the rest
// of the call (Note [Argument buffer])
napi_value top_level_buffered(napi_env env, napi_callback_info info) {
  return guarded(env, [&] {
    Args a(env, info);
    const ArgBuffer& b = arg_buffer();
    const int64_t n = a.i64(0);
    if (b.length < 4 || n < 0 || static_cast<size_t>(n) > b.length) fail(ErrorKind::Argument, "topLevelb: the handle count exceeds the argument buffer");
    const Top t = top_of(static_cast<size_t>(n), [&](size_t k) -> const VRef& { return get(b.data[k]); });
    b.data[0] = t.tag;
    b.data[1] = t.kind;
    b.data[2] = t.below;
    b.data[3] = t.lanes;
    return make_undefined(env);
  });
}

// customRecord(shell, tag, n, y, adapter, name) → the rule's output at the level; the handles
// of its n inputs are in the argument buffer
napi_value custom_record(napi_env env, napi_callback_info info) {
  return guarded(env, [&] {
    Args a(env, info);
    const ArgBuffer& b = arg_buffer();
    const int64_t n = a.i64(2);
    if (n < 0 || static_cast<size_t>(n) > b.length) fail(ErrorKind::Argument, "customRecord: the input count exceeds the argument buffer");
    Values inputs;
    inputs.reserve(static_cast<size_t>(n));
    for (int64_t k = 0; k < n; ++k) inputs.push_back(get(b.data[k]));
    auto rule = std::make_shared<const JsRule>(env, a.argv[4], a.str(5));
    VRef y = record_custom(static_cast<Tag>(a.i64(1)), inputs, get(a.num(3)), std::move(rule));
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
  return {{"topLevel", top_level}, {"topLevelb", top_level_buffered}, {"customRecord", custom_record}, {"customPending", custom_pending}};
}

}  // namespace adj::napi
