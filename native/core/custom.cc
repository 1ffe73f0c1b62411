#include "core/custom.h"

#include "core/error.h"
#include "core/op.h"

namespace adj {

namespace {
// x̄ = the rule's pullback (the node's CustomRule, Note [Custom rules])
void custom_vjp(const Ctx& c, const VRef& g, const std::vector<bool>& need, Values& grads) {
  Values cts = static_cast<const CustomRule*>(c.rule)->pullback(g, c.in);
  for (size_t k = 0; k < grads.size() && k < cts.size(); ++k)
    if (need[k]) grads[k] = cts[k];
}
}  // namespace

// Never dispatched (no eval, no tangent rule): custom nodes are made by record_custom only.
const OpDef op_custom{"custom_rule", nullptr, nullptr, &custom_vjp};

VRef record_custom(Tag tag, const Values& inputs, const VRef& y, std::shared_ptr<const CustomRule> rule) {
  const Level* level = find_level(tag);
  if (!level || level->kind != LevelKind::Reverse) fail(ErrorKind::Argument, "defineRule: level is not an open reverse level");
  Node n;
  n.op = &op_custom;
  n.parents.resize(inputs.size());
  n.in.reserve(inputs.size());
  for (size_t k = 0; k < inputs.size(); ++k) {
    const VRef x = resolve(inputs[k]);
    n.parents[k] = x->tag == tag ? x->node : -1;
    n.in.push_back(x->tag == tag ? x->primal : x);
  }
  n.out = y;
  n.rule = std::move(rule);
  VRef r = traced(tag, y);
  r->node = level->tape->push(std::move(n));
  return r;
}

}  // namespace adj
