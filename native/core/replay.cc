#include "core/replay.h"

#include <string>

#include "core/error.h"
#include "core/op.h"

namespace adj {

namespace {

void check_inputs(const Program& p, const Values& inputs) {
  if (inputs.size() != p.leaf_examples.size())
    fail(ErrorKind::Argument, "compiled function: expected " + std::to_string(p.leaf_examples.size()) + " input arrays, got " +
                                  std::to_string(inputs.size()));
  for (size_t k = 0; k < inputs.size(); ++k) {
    const VRef& x = inputs[k];
    const VRef& e = p.leaf_examples[k];
    if (x->shape != e->shape || x->dtype != e->dtype)
      fail(ErrorKind::Shape, "compiled function: input " + std::to_string(k) + " has shape " + shape_str(x->shape) + " " +
                                 dtype_name(x->dtype) + ", but it was compiled for " + shape_str(e->shape) + " " + dtype_name(e->dtype));
  }
}

// Runs every node's kernel on the new inputs; with `record`, also rebuilds the tape with the
// new values for a sweep. Returns each node's new output.
Values run(const Program& p, const Values& inputs, Tape* record) {
  const auto& nodes = p.tape->nodes;
  Values vals(nodes.size());
  for (size_t k = 0; k < p.leaf_nodes.size(); ++k) vals[static_cast<size_t>(p.leaf_nodes[k])] = inputs[k];
  for (size_t i = 0; i < nodes.size(); ++i) {
    const Node& n = nodes[i];
    Values in;
    if (n.op) {
      in.resize(n.in.size());
      for (size_t k = 0; k < in.size(); ++k) in[k] = n.parents[k] >= 0 ? vals[static_cast<size_t>(n.parents[k])] : n.in[k];
      vals[i] = n.op->eval(in, n.attrs);
    } else if (!vals[i]) {
      vals[i] = n.out;  // a leaf of the recording that is not an input of the program
    }
    if (record) {
      Node r;
      if (n.op) {
        r.op = n.op;
        r.attrs = n.attrs;
        r.parents = n.parents;
        r.in = std::move(in);
      }
      r.out = vals[i];
      record->push(std::move(r));
    }
  }
  return vals;
}

Values outputs_of(const Program& p, const Values& vals) {
  Values outs;
  for (size_t k = 0; k < p.out_nodes.size(); ++k)
    outs.push_back(p.out_nodes[k] >= 0 ? vals[static_cast<size_t>(p.out_nodes[k])] : p.out_constants[k]);
  return outs;
}

}  // namespace

Program make_program(Tag tag, const Values& outs, const Values& leaves) {
  const Level* l = find_level(tag);
  if (!l || l->kind != LevelKind::Reverse || !l->record_all) fail(ErrorKind::Argument, "compile: not a recording level");
  Program p;
  p.tape = l->tape;
  for (const VRef& v : leaves) {
    if (v->tag != tag || v->node < 0) fail(ErrorKind::Argument, "compile: an input is not a leaf of the recording");
    p.leaf_nodes.push_back(v->node);
    p.leaf_examples.push_back(v->primal);
  }
  for (const VRef& y0 : outs) {
    const VRef y = resolve(y0);
    const bool traced = y->tag == tag && y->node >= 0;
    p.out_nodes.push_back(traced ? y->node : -1);
    p.out_constants.push_back(traced ? nullptr : concrete(y));
  }
  for (const Node& n : p.tape->nodes)
    if (n.op && !n.op->eval)
      fail(ErrorKind::Argument, "compile: f calls a rule defined with defineRule, whose pullback runs in JS; call f directly");
  return p;
}

Values replay(const Program& p, const Values& inputs) {
  check_inputs(p, inputs);
  return outputs_of(p, run(p, inputs, nullptr));
}

Values replay_gradient(const Program& p, const Values& inputs, VRef* value) {
  check_inputs(p, inputs);
  if (p.out_nodes.empty()) fail(ErrorKind::Argument, "compiled function: grad needs f to return a scalar");
  Tape tape;
  const Values vals = run(p, inputs, &tape);
  const VRef y = outputs_of(p, vals)[0];
  if (y->size != 1 || is_complex(y->dtype))
    fail(ErrorKind::Shape, "compiled function: grad needs f to return a real scalar, got shape " + shape_str(y->shape) + " " +
                               dtype_name(y->dtype));
  if (value) *value = y;
  return backward_nodes(tape, {p.out_nodes[0]}, {y}, {}, p.leaf_nodes, inputs, false);
}

}  // namespace adj
