// Levels for the transformations of lib/transforms.ts (Note [Levels] in core/value.h).
// A reverse level, once closed, keeps {tape, output, leaves} under its tag until the sweep
// (grad) or the pullback (vjp) is done with it: the level's own handles are gone by then.
#include "core/per_thread.h"
#include <map>
#include <string>

#include "core/error.h"
#include "core/level.h"
#include "napi/handles.h"
#include "napi/napi.h"
#include "ops/api.h"

namespace adj::napi {

namespace {

struct ClosedTape {
  std::shared_ptr<Tape> tape;
  Values outs;
  Values leaves;
};
std::map<Tag, ClosedTape>& closed_tapes() {
  return per_thread<std::map<Tag, ClosedTape>>();
}

Tag tag_arg(const Args& a, size_t i) { return static_cast<Tag>(a.i64(i)); }

}  // namespace

Level close_through(Tag tag) {
  if (!find_level(tag)) fail(ErrorKind::Argument, "transformation level " + std::to_string(tag) + " is not open");
  for (;;) {
    Level l = close_level(innermost_tag());
    release_level(l.tag);
    if (l.tag == tag) return l;
  }
}

namespace {

// levelOpen(kind: 0 forward, 1 reverse, 2 Taylor; lanes?: k tangent lanes of a forward level,
// the order of a Taylor level) → tag
napi_value level_open(napi_env env, napi_callback_info info) {
  return guarded(env, [&] {
    Args a(env, info);
    const int64_t kind = a.i64(0), lanes = a.is_nullish(1) ? 0 : a.i64(1);
    if (kind < 0 || kind > 2) fail(ErrorKind::Argument, "levelOpen: kind must be 0, 1 or 2");
    return make_number(env, open_level(kind == 1 ? LevelKind::Reverse : kind == 2 ? LevelKind::Taylor : LevelKind::Forward, lanes));
  });
}

// levelClose(tag): closes (also every level opened after it) and drops its handles.
napi_value level_close(napi_env env, napi_callback_info info) {
  return guarded(env, [&] {
    Args a(env, info);
    Tag tag = tag_arg(a, 0);
    if (find_level(tag)) close_through(tag);
    return make_undefined(env);
  });
}

// watch(shell, tag, h) → a leaf of the reverse level
napi_value watch_binding(napi_env env, napi_callback_info info) {
  return guarded(env, [&] {
    Args a(env, info);
    return make_number(env, put(env, a.argv[0], watch(tag_arg(a, 1), get(a.num(2)))));
  });
}

// watchNumber(shell, tag, value, dtypeCode) → a leaf of the reverse level for a JS number (a
// 0-d array of that dtype), in one call
napi_value watch_number(napi_env env, napi_callback_info info) {
  return guarded(env, [&] {
    Args a(env, info);
    const int64_t code = a.i64(3);
    if (code < 0 || code > 1) fail(ErrorKind::DType, "watchNumber: a JS number is watched as float32 or float64");
    return make_number(env, put(env, a.argv[0], watch(tag_arg(a, 1), full(static_cast<DType>(code), {}, a.num(2)))));
  });
}

// dual(shell, tag, h, ht) → h with tangent ht at the forward level
napi_value dual(napi_env env, napi_callback_info info) {
  return guarded(env, [&] {
    Args a(env, info);
    const VRef& x = get(a.num(2));
    VRef t = get(a.num(3));
    if (t->dtype != x->dtype) t = ops::cast(t, x->dtype);
    return make_number(env, put(env, a.argv[0], make_dual(tag_arg(a, 1), x, t)));
  });
}

// lower(shell, tag, h) → the part of h below the level
napi_value lower_binding(napi_env env, napi_callback_info info) {
  return guarded(env, [&] {
    Args a(env, info);
    return make_number(env, put(env, a.argv[0], lower(tag_arg(a, 1), get(a.num(2)))));
  });
}

// tangent(shell, tag, h) → h's tangent at the forward level (zeros when it has none)
napi_value tangent(napi_env env, napi_callback_info info) {
  return guarded(env, [&] {
    Args a(env, info);
    const VRef& v = get(a.num(2));
    const Tag tag = tag_arg(a, 1);
    VRef t = tangent_of(tag, v);
    if (!t) {
      const Level* l = find_level(tag);
      const VRef& x = concrete(v);
      t = zeros(x->dtype, lanes_shape(l ? l->lanes : 0, x->shape));
    }
    return make_number(env, put(env, a.argv[0], t));
  });
}

// With an api name (argument i: grad, valueAndGrad), the one output must be a real scalar.
void check_scalar_output(const Args& a, size_t i, const Values& outs) {
  if (a.is_nullish(i)) return;
  const std::string api = a.str(i);
  const VRef& y = outs.at(0);
  if (y->size != 1) fail(ErrorKind::Shape, api + ": f must return a scalar, got a tensor of shape " + shape_str(y->shape));
  if (is_complex(y->dtype)) fail(ErrorKind::DType, api + ": f must return a real scalar, got " + dtype_name(y->dtype));
}

// Closes the reverse level of argument 0 and sweeps it from `outs` (argument 3 names the api
// for the scalar-output check): gradient and gradientOne.
Values sweep_closing(const Args& a, const Values& outs, const Values& leaves) {
  const Tag tag = tag_arg(a, 0);
  check_scalar_output(a, 3, outs);
  Level l = close_through(tag);
  if (l.kind != LevelKind::Reverse) fail(ErrorKind::Argument, "gradient: not a reverse level");
  return backward(*l.tape, tag, outs, {}, leaves, false);
}

// gradient(tag, outs[], leaves[], api, shells[], keep) → gradient handles: close, sweep and
// release in one call (grad and valueAndGrad, whose tape serves one sweep).
napi_value gradient(napi_env env, napi_callback_info info) {
  return guarded(env, [&] {
    Args a(env, info);
    return put_all(a, 4, sweep_closing(a, handle_values(a, 1), handle_values(a, 2)));
  });
}

// gradientOne(tag, out, leaf, api, shell, keep) → the gradient handle: gradient for the common
// case of one output and one leaf, without arrays
napi_value gradient_one(napi_env env, napi_callback_info info) {
  return guarded(env, [&] {
    Args a(env, info);
    return make_number(env, put(env, a.argv[4], sweep_closing(a, {get(a.num(1))}, {get(a.num(2))})[0]));
  });
}

// reverseClose(tag, outs[], leaves[], api | null, keep): closes the reverse level, keeping what
// the sweep needs (vjp).
napi_value reverse_close(napi_env env, napi_callback_info info) {
  return guarded(env, [&] {
    Args a(env, info);
    Tag tag = tag_arg(a, 0);
    ClosedTape c;
    c.outs = handle_values(a, 1);
    c.leaves = handle_values(a, 2);
    check_scalar_output(a, 3, c.outs);
    Level l = close_through(tag);
    if (l.kind != LevelKind::Reverse) fail(ErrorKind::Argument, "reverseClose: not a reverse level");
    c.tape = l.tape;
    closed_tapes()[tag] = std::move(c);
    return make_undefined(env);
  });
}

// reverseSweep(tag, seeds[] | null (ones), retain, shells[]) → gradient handles, one per leaf
napi_value reverse_sweep(napi_env env, napi_callback_info info) {
  return guarded(env, [&] {
    Args a(env, info);
    auto it = closed_tapes().find(tag_arg(a, 0));
    if (it == closed_tapes().end()) fail(ErrorKind::Argument, "pullback: its tape has been released");
    ClosedTape& c = it->second;
    Values seeds = a.is_nullish(1) ? Values{} : handle_values(a, 1);
    if (!seeds.empty() && seeds.size() != c.outs.size())
      fail(ErrorKind::Argument, "pullback: expected " + std::to_string(c.outs.size()) + " cotangents, got " + std::to_string(seeds.size()));
    return put_all(a, 3, backward(*c.tape, it->first, c.outs, seeds, c.leaves, a.boolean(2)));
  });
}

// tapeRelease(tag)
napi_value tape_release(napi_env env, napi_callback_info info) {
  return guarded(env, [&] {
    Args a(env, info);
    closed_tapes().erase(tag_arg(a, 0));
    return make_undefined(env);
  });
}

}  // namespace

std::vector<Export> transform_exports() {
  return {{"levelOpen", level_open}, {"levelClose", level_close},     {"watch", watch_binding},
          {"dual", dual},            {"lower", lower_binding},        {"tangent", tangent},
          {"reverseClose", reverse_close}, {"reverseSweep", reverse_sweep}, {"tapeRelease", tape_release},
          {"gradient", gradient}, {"gradientOne", gradient_one}, {"watchNumber", watch_number}};
}

}  // namespace adj::napi
