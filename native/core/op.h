// A primitive: forward kernel, tangent rule and pullback, registered once (native/ops).
#pragma once
#include <vector>

#include "core/level.h"
#include "core/value.h"

namespace adj {

// What a rule sees: primal inputs and output one level below the level being handled.
struct Ctx {
  const Values& in;
  const VRef& out;
  const Attrs& attrs;
  const void* rule = nullptr;  // a custom node's rule (Node::rule), else null
  int64_t lanes = 0;           // jvp at a batched level: tangents carry k leading lanes (ops/lanes.h)
};

// Computes the output from concrete inputs.
using EvalFn = VRef (*)(const Values& in, const Attrs& attrs);
// Tangent of the output from input tangents (null = zero tangent); may return null (zero).
using JvpFn = VRef (*)(const Ctx& c, const Values& tangents);
// Cotangents of the inputs flagged in `need` from the output cotangent `g` (null = zero).
using VjpFn = void (*)(const Ctx& c, const VRef& g, const std::vector<bool>& need, Values& grads);
struct OpDef;
// Taylor coefficients 1..K of the output ([K, ...out shape]) from the inputs' ([K, ...], null
// for an input without coefficients); K = c.lanes (Note [Taylor mode] in ops/taylor.h).
using TaylorFn = VRef (*)(const OpDef& op, const Ctx& c, const Values& coeffs);
// A compiled replay's kernel (core/replay.cc), given the recorded node: an op may reuse what
// the recorded output kept (Note [Kept factorizations]) for the inputs that are constants of
// the program (recorded.parents[k] < 0), which are the recording's own values.
using ReplayFn = VRef (*)(const Values& in, const Node& recorded);
// The output y and its tangent t in one pass (Note [Fused forward] in dual/forward.h), from
// concrete inputs and tangents (null = zero, at least one not), `lanes` as in Ctx. Returns
// false, computing nothing, for operands it does not take (dtype, broadcasting); the
// dispatcher then runs eval and jvp.
using DualFn = bool (*)(const Values& in, const Values& tangents, int64_t lanes, VRef& y, VRef& t);

struct OpDef {
  const char* name;
  EvalFn eval;
  JvpFn jvp;  // null: not differentiable (result is a constant to every level)
  VjpFn vjp;
  // The jvp takes tangents with a leading lane axis (Ctx::lanes) and returns one; else a
  // batched level runs it once per lane (ops/lanes.h).
  bool lane_jvp = false;
  // null: Taylor mode stops at this op with an error naming it (no coefficient rule).
  TaylorFn taylor = nullptr;
  // null: a replay runs eval.
  ReplayFn replay = nullptr;
  // null: a forward level runs eval, then jvp.
  DualFn dual = nullptr;
};

// The dispatcher (Note [Dispatch] in dispatch.cc).
VRef apply(const OpDef& op, Values in, const Attrs& attrs = {});

// Strips every level: the concrete value (stopGradient).
VRef stop_gradient(const VRef& v);

}  // namespace adj
