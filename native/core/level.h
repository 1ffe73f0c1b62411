// Transformation levels and tapes (Note [Levels] in value.h).
#pragma once
#include <deque>
#include <memory>
#include <vector>

#include "core/value.h"

namespace adj {

struct OpDef;

struct Attrs {
  Ints i;  // axes, shapes, permutations, slice bounds … as the op defines
  double d = 0;            // a scalar attribute
};

// One recorded primitive application. A leaf (an input being differentiated) has op == null.
// Note [Replay]: a tape is data — op, attributes, parent indices, and the constants among the
// inputs (`in` entries whose parent is -1) — so running every node's `eval` again in order with
// new leaf values, then the same sweep, replays forward and backward natively (compile()).
// Note [Tangent lanes]: a forward level's tangent is an ordinary Value of the primal's shape,
// or, at a batched level of k lanes, of shape [k, ...primal shape]: k directions pushed
// through one pass (ops/lanes.h). Elementwise kernels then run over all lanes at once.
struct Node {
  const OpDef* op = nullptr;
  Attrs attrs;
  Values in;        // primal inputs, one level down
  VRef out;                    // primal output, one level down
  PoolVector<int32_t> parents;  // node index per input on this tape, -1 for constants
  // What a rule defined outside the op table keeps for its pullback (Note [Custom rules] in
  // core/custom.h); null for the ops of the table.
  std::shared_ptr<const void> rule;
};

// Note [Tape lifetime]: a tape lives as long as its level, or longer while a vjp pullback
// holds it. Values of a reverse level name nodes by index and never own the tape, so an
// escaped value does not keep a tape alive; `resolve` strips its dead level instead.
// A deque: pushing never moves the recorded nodes. Its blocks come from the pools (a tape per
// gradient call would otherwise take several mallocs).
using Nodes = std::deque<Node, ArrayAllocator<Node>>;
struct Tape {
  Nodes nodes;
  ~Tape();
  int32_t push(Node&& n);
  void release(size_t i);  // drops what node i saved (and its rule)
};

// A Taylor level is a forward level whose tangent slot holds the Taylor coefficients x_1..x_K
// of s ↦ x(s) on a leading axis of K = lanes (Note [Taylor mode] in ops/taylor.h).
enum class LevelKind { Forward, Reverse, Taylor };

struct Level {
  Tag tag;
  LevelKind kind;
  std::shared_ptr<Tape> tape;  // reverse levels only
  int64_t lanes = 0;           // forward: 0, or k tangent lanes (Note [Tangent lanes]); Taylor: the order
  // A reverse level recording for compile (core/replay.h): ops without derivative rules
  // (comparisons, searches) are recorded too, since a replay must recompute them.
  bool record_all = false;
};

Tag open_level(LevelKind kind, int64_t lanes = 0, bool record_all = false);
// Closes `tag` and every level opened after it; returns the closed level.
Level close_level(Tag tag);
const Level* find_level(Tag tag);  // null when not active
size_t level_depth();
Tag innermost_tag();  // 0 when no level is open

// Reverse level: a leaf of the tape for `x`; forward level: x with tangent `t` (of x's shape,
// or [lanes, ...x's shape] at a batched level).
VRef watch(Tag tag, const VRef& x);
VRef make_dual(Tag tag, const VRef& x, const VRef& t);
// The shape of a tangent of a value of shape s at a level of `lanes` lanes (s itself for 0).
Shape lanes_shape(int64_t lanes, const Shape& s);
// The part of v below level `tag` (v itself when it does not belong to that level).
VRef lower(Tag tag, const VRef& v);
// The tangent of v at forward level `tag`, or null when v carries none.
VRef tangent_of(Tag tag, const VRef& v);

// Reverse sweep of `tape` from outputs `ys` (values of level `tag`; any other value has zero
// gradient) seeded with `seeds` (one per output; empty or null entries mean ones). Returns one
// cotangent per leaf value in `leaves` (zeros where no path reaches it). With retain=false the
// tape's saved values are released as the sweep passes them.
Values backward(Tape& tape, Tag tag, const Values& ys, const Values& seeds,
                           const Values& leaves, bool retain);

// What a sweep reads of the nodes it walks: a tape's own nodes, or (Note [Replay]) a program's
// nodes — op, attributes, parents, rule — with the values of one replay, which then needs no
// copy of the program's nodes.
class SweepNodes {
 public:
  virtual size_t size() const = 0;
  virtual const Node& node(size_t i) const = 0;  // op, attrs, parents, rule
  virtual const Values& in(size_t i) const = 0;
  virtual const VRef& out(size_t i) const = 0;
  virtual void release(size_t i) = 0;  // the sweep is past node i and needs none of its values

 protected:
  ~SweepNodes() = default;
};

// The same sweep on node indices: output k is node y_nodes[k] (−1: no path from the inputs)
// with value ys[k]; leaf k is node leaf_nodes[k] (−1: zero gradient shaped like leaves[k]).
Values backward_nodes(SweepNodes& nodes, const std::vector<int32_t>& y_nodes, const Values& ys, const Values& seeds,
                      const std::vector<int32_t>& leaf_nodes, const Values& leaves, bool retain);

}  // namespace adj
