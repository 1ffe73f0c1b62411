// compile() (lib/transforms.ts): recording a program and replaying it (Note [Replay] in
// core/replay.h). Programs live in a per-thread table under an id until released.
#include <map>

#include "core/error.h"
#include "core/per_thread.h"
#include "core/replay.h"
#include "napi/handles.h"
#include "napi/napi.h"

namespace adj::napi {

namespace {

struct Programs {
  std::map<int64_t, Program> by_id;
  int64_t next = 1;
};
Programs& programs() { return per_thread<Programs>(); }

const Program& program_arg(const Args& a, size_t i) {
  auto it = programs().by_id.find(a.i64(i));
  if (it == programs().by_id.end()) fail(ErrorKind::Argument, "compiled function: its program has been released");
  return it->second;
}

// compileOpen() → the tag of a new recording level
napi_value compile_open(napi_env env, napi_callback_info) {
  return guarded(env, [&] { return make_number(env, open_level(LevelKind::Reverse, 0, true)); });
}

// compileClose(tag, outs[], leaves[], keep) → program id; closes the level
napi_value compile_close(napi_env env, napi_callback_info info) {
  return guarded(env, [&] {
    Args a(env, info);
    const Tag tag = static_cast<Tag>(a.i64(0));
    Program p = make_program(tag, handle_values(a, 1), handle_values(a, 2));
    close_through(tag);
    Programs& ps = programs();
    const int64_t id = ps.next++;
    ps.by_id.emplace(id, std::move(p));
    return make_number(env, static_cast<double>(id));
  });
}

// The inputs of a replay (argument i), or false when one is traced by an active transformation
// (the caller then runs f itself).
bool concrete_inputs(const Args& a, size_t i, Values& inputs) {
  inputs = handle_values(a, i);
  for (VRef& v : inputs)
    if ((v = resolve(v))->tag) return false;
  return true;
}

// The single input of a replay (argument i, a handle), or false when it is traced.
bool concrete_input(const Args& a, size_t i, Values& inputs) {
  inputs = {resolve(get(a.num(i)))};
  return !inputs[0]->tag;
}

// replayCall(id, inputs[], shells[]) → output handles, or undefined for traced inputs
napi_value replay_call(napi_env env, napi_callback_info info) {
  return guarded(env, [&] {
    Args a(env, info);
    Values inputs;
    if (!concrete_inputs(a, 1, inputs)) return make_undefined(env);
    return put_all(a, 2, replay(program_arg(a, 0), inputs));
  });
}

// replayCallOne(id, input, shell) → the output handle, or undefined for a traced input:
// replayCall for the common case of one input array and one output, without arrays
napi_value replay_call_one(napi_env env, napi_callback_info info) {
  return guarded(env, [&] {
    Args a(env, info);
    Values inputs;
    if (!concrete_input(a, 1, inputs)) return make_undefined(env);
    return make_number(env, put(env, a.argv[2], replay(program_arg(a, 0), inputs).at(0)));
  });
}

// replayGradient(id, inputs[], shells[]) → [value, gradient per input] handles, or undefined
// for traced inputs
napi_value replay_gradient_binding(napi_env env, napi_callback_info info) {
  return guarded(env, [&] {
    Args a(env, info);
    Values inputs;
    if (!concrete_inputs(a, 1, inputs)) return make_undefined(env);
    VRef value;
    Values grads = replay_gradient(program_arg(a, 0), inputs, &value);
    grads.insert(grads.begin(), value);
    return put_all(a, 2, grads);
  });
}

// replayGradientOne(id, input, shell) → the gradient handle, or undefined for a traced input:
// replayGradient for the common case of one input array when the value is not wanted
napi_value replay_gradient_one(napi_env env, napi_callback_info info) {
  return guarded(env, [&] {
    Args a(env, info);
    Values inputs;
    if (!concrete_input(a, 1, inputs)) return make_undefined(env);
    return make_number(env, put(env, a.argv[2], replay_gradient(program_arg(a, 0), inputs, nullptr)[0]));
  });
}

// programRelease(id)
napi_value program_release(napi_env env, napi_callback_info info) {
  return guarded(env, [&] {
    Args a(env, info);
    programs().by_id.erase(a.i64(0));
    return make_undefined(env);
  });
}

}  // namespace

std::vector<Export> compile_exports() {
  return {{"compileOpen", compile_open},
          {"compileClose", compile_close},
          {"replayCall", replay_call},
          {"replayCallOne", replay_call_one},
          {"replayGradient", replay_gradient_binding},
          {"replayGradientOne", replay_gradient_one},
          {"programRelease", program_release}};
}

}  // namespace adj::napi
