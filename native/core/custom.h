// Note [Custom rules]: a rule defined from JS (ad.defineRule) is recorded on a reverse tape as
// a node of op_custom whose Node::rule holds a CustomRule; its pullback is the only place the
// native sweep calls back into JS. The napi layer implements CustomRule (it owns the JS
// function and knows how to call it); the core only sees this interface.
#pragma once
#include <memory>

#include "core/level.h"
#include "core/value.h"

namespace adj {

struct CustomRule {
  virtual ~CustomRule() = default;
  // The cotangents of the node's inputs (null entries: no cotangent) for output cotangent g.
  virtual Values pullback(const VRef& g, const Values& inputs) const = 0;
};

// Records a custom node on the reverse level `tag`: `inputs` are the rule's arguments (values
// of that level or below), `y` its primal output one level below. Returns y at the level.
VRef record_custom(Tag tag, const Values& inputs, const VRef& y, std::shared_ptr<const CustomRule> rule);

}  // namespace adj
