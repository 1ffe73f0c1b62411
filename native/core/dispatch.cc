// Note [Dispatch]: an op applied to values of mixed levels is handled by the highest active
// level among its inputs. That level computes the primal by applying the same op to the
// inputs' lower parts (so lower levels see it in turn), then records a tape node (reverse)
// or computes the tangent with the op's jvp rule (forward). A value of a lower level is a
// constant to a higher one; this is what keeps nested levels free of perturbation confusion.
// With no level involved the op is a direct kernel call. An elementwise op at a forward level
// whose operands and tangents are all concrete computes both in one pass (Note [Fused forward]
// in dual/forward.h); a traced operand takes the general path, so nesting is unchanged.
#include <cstdlib>
#include <cstring>

#include "core/op.h"
#include "ops/lanes.h"
#include "ops/taylor.h"

namespace adj {

namespace {
// ADJ_FUSED_FORWARD=0 turns the fused path off (tests compare it with the two-kernel path;
// benchmarks measure both), read once per process.
bool fused_forward_enabled() {
  static const bool enabled = [] {
    const char* v = std::getenv("ADJ_FUSED_FORWARD");
    return !v || std::strcmp(v, "0") != 0;
  }();
  return enabled;
}

// The value of `op` at forward level `level` by op.dual, or null when an operand or a tangent
// is traced by another level or op.dual declines.
VRef fused_forward(const OpDef& op, const Level& level, const Values& lowered, const Values& tangents) {
  for (size_t i = 0; i < lowered.size(); ++i)
    if (lowered[i]->tag || (tangents[i] && tangents[i]->tag)) return nullptr;
  VRef y, t;
  if (!op.dual(lowered, tangents, level.lanes, y, t)) return nullptr;
  VRef r = traced(level.tag, std::move(y));
  r->tangent = std::move(t);
  return r;
}
}  // namespace

VRef apply(const OpDef& op, Values in, const Attrs& attrs) {
  Tag top = 0;
  for (VRef& v : in) {
    if (v->tag) v = resolve(v);
    if (v->tag > top) top = v->tag;
  }
  if (top == 0) return op.eval(in, attrs);

  const Level* level = find_level(top);
  Values lowered(in.size());
  for (size_t i = 0; i < in.size(); ++i) lowered[i] = in[i]->tag == top ? in[i]->primal : in[i];
  Values tangents;
  bool any = false;
  if (level->kind != LevelKind::Reverse) {
    tangents.resize(in.size());
    for (size_t i = 0; i < in.size(); ++i) {
      if (in[i]->tag == top && in[i]->tangent) {
        tangents[i] = in[i]->tangent;
        any = true;
      }
    }
    if (any && level->kind == LevelKind::Forward && op.dual && fused_forward_enabled())
      if (VRef r = fused_forward(op, *level, lowered, tangents)) return r;
  }
  // (with every lowered operand concrete, the kernel itself: apply would copy the list first)
  bool concrete_operands = true;
  for (const VRef& v : lowered) concrete_operands &= v->tag == 0;
  VRef y = concrete_operands ? op.eval(lowered, attrs) : apply(op, lowered, attrs);
  // not differentiable: a constant to every level — except to a level recording for a replay
  if (!op.jvp && !level->record_all) return y;

  if (level->kind != LevelKind::Reverse) {
    if (!any) return y;
    const Ctx c{lowered, y, attrs, nullptr, level->lanes};
    VRef t = level->kind == LevelKind::Taylor ? taylor::coefficients(op, c, tangents)
             : level->lanes                   ? jvp_lanes(op, c, tangents)
                                              : op.jvp(c, tangents);
    if (!t) return y;
    VRef r = traced(top, std::move(y));
    r->tangent = std::move(t);
    return r;
  }
  Node n;
  n.op = &op;
  n.attrs = attrs;
  n.parents.resize(in.size());
  for (size_t i = 0; i < in.size(); ++i) n.parents[i] = in[i]->tag == top ? in[i]->node : -1;
  n.in = std::move(lowered);
  n.out = y;
  VRef r = traced(top, std::move(y));
  r->node = level->tape->push(std::move(n));
  return r;
}

VRef stop_gradient(const VRef& v) { return concrete(v); }

}  // namespace adj
