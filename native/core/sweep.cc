// The reverse sweep: one native walk over a tape, newest node first.
// Note [Sweep under outer levels]: the sweep runs after its own level has closed, so the
// pullback ops it applies are recorded by (or pushed through) whatever outer levels their
// operands belong to. That is how grad(grad(f)) and forward-over-reverse work without any
// special code: pullbacks are made of differentiable ops.
#include <string>

#include "core/error.h"
#include "core/op.h"
#include "ops/api.h"

namespace adj {

namespace {
// ct += g, in place when ct is a concrete array nobody else holds.
void accumulate(VRef& ct, const VRef& g) {
  if (!ct) {
    ct = g;
    return;
  }
  if (ct->shape != g->shape)
    fail(ErrorKind::Shape, std::string("internal: cotangent shape ") + shape_str(g->shape) + " does not match " + shape_str(ct->shape));
  ct = ops::add_accumulate(std::move(ct), g);
}

// A tape's nodes as the sweep sees them.
class TapeNodes final : public SweepNodes {
 public:
  explicit TapeNodes(Tape& tape) : tape_(tape) {}
  size_t size() const override { return tape_.nodes.size(); }
  const Node& node(size_t i) const override { return tape_.nodes[i]; }
  const Values& in(size_t i) const override { return tape_.nodes[i].in; }
  const VRef& out(size_t i) const override { return tape_.nodes[i].out; }
  void release(size_t i) override { tape_.release(i); }

 private:
  Tape& tape_;
};
}  // namespace

Values backward(Tape& tape, Tag tag, const Values& ys, const Values& seeds,
                           const Values& leaves, bool retain) {
  std::vector<int32_t> y_nodes, leaf_nodes;
  for (const VRef& y : ys) y_nodes.push_back(y->tag == tag ? y->node : -1);
  for (const VRef& leaf : leaves) leaf_nodes.push_back(leaf->tag == tag ? leaf->node : -1);
  // (a leaf's zero gradient takes the shape and dtype of its concrete array, shared by every level)
  TapeNodes nodes(tape);
  return backward_nodes(nodes, y_nodes, ys, seeds, leaf_nodes, leaves, retain);
}

Values backward_nodes(SweepNodes& nodes, const std::vector<int32_t>& y_nodes, const Values& ys, const Values& seeds,
                      const std::vector<int32_t>& leaf_nodes, const Values& leaves, bool retain) {
  Values ct(nodes.size());
  int32_t start = -1;
  for (size_t k = 0; k < ys.size(); ++k) {
    const VRef& y = ys[k];
    VRef s = k < seeds.size() ? seeds[k] : nullptr;
    if (s && s->shape != y->shape)
      fail(ErrorKind::Shape, "vjp: cotangent of shape " + shape_str(s->shape) + " does not match output " + std::to_string(k) +
                                 " of shape " + shape_str(y->shape));
    const int32_t node = y_nodes[k];
    if (node < 0) continue;  // an output that does not depend on the inputs
    if (!s) s = ops::ones_like(concrete(y));
    if (s->dtype != y->dtype) s = ops::cast(s, y->dtype);
    accumulate(ct[static_cast<size_t>(node)], s);
    if (node > start) start = node;
  }
  {
    Values grads;
    std::vector<bool> need;
    for (size_t i = static_cast<size_t>(start + 1); i-- > 0;) {
      const Node& n = nodes.node(i);
      // (a node without a pullback — a constant op a compiled tape replays, Note [Replay] —
      // passes nothing on)
      if (!n.op || !n.op->vjp || !ct[i]) {
        if (!retain && n.op) nodes.release(i);
        continue;
      }
      need.assign(n.parents.size(), false);
      bool any = false;
      for (size_t k = 0; k < n.parents.size(); ++k) {
        const int32_t p = n.parents[k];
        const OpDef* parent = p >= 0 ? nodes.node(static_cast<size_t>(p)).op : nullptr;
        any |= need[k] = p >= 0 && (!parent || parent->vjp);
      }
      if (any) {
        grads.assign(n.parents.size(), nullptr);
        VRef g = retain ? ct[i] : std::move(ct[i]);
        n.op->vjp(Ctx{nodes.in(i), nodes.out(i), n.attrs, n.rule.get()}, g, need, grads);
        for (size_t k = 0; k < n.parents.size(); ++k)
          if (need[k] && grads[k]) accumulate(ct[static_cast<size_t>(n.parents[k])], grads[k]);
      }
      if (!retain) {
        ct[i].reset();
        nodes.release(i);
      }
    }
  }
  Values out;
  out.reserve(leaves.size());
  for (size_t k = 0; k < leaves.size(); ++k) {
    VRef g;
    if (leaf_nodes[k] >= 0) g = ct[static_cast<size_t>(leaf_nodes[k])];
    if (!g) g = ops::zeros_like(concrete(leaves[k]));
    out.push_back(g);
  }
  return out;
}

}  // namespace adj
