#include "core/replay.h"

#include <deque>
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

// The program's spare frame for the length of one replay (a new one if another replay holds
// it), sized to the program and given back emptied — also on a throw — so that the program
// keeps no replay's values alive.
class FrameLease {
 public:
  explicit FrameLease(const Program& p) : p_(p), f_(p.spare ? std::move(p.spare) : std::make_unique<Frame>()) {
    f_->in.resize(p.tape->nodes.size());
    f_->out.resize(p.tape->nodes.size());
  }
  ~FrameLease() {
    for (Values& in : f_->in) in.clear();  // (clear keeps each list's capacity for the next replay)
    for (VRef& v : f_->out) v.reset();
    p_.spare = std::move(f_);
  }
  FrameLease(const FrameLease&) = delete;
  FrameLease& operator=(const FrameLease&) = delete;
  Frame& operator*() const { return *f_; }
  Frame* operator->() const { return f_.get(); }

 private:
  const Program& p_;
  std::unique_ptr<Frame> f_;
};

// The program's nodes with one replay's values, for the sweep.
class ReplayNodes final : public SweepNodes {
 public:
  ReplayNodes(const Program& p, Frame& f) : nodes_(p.tape->nodes), f_(f) {}
  size_t size() const override { return nodes_.size(); }
  const Node& node(size_t i) const override { return nodes_[i]; }
  const Values& in(size_t i) const override { return f_.in[i]; }
  const VRef& out(size_t i) const override { return f_.out[i]; }
  void release(size_t i) override {
    f_.in[i].clear();
    f_.out[i].reset();
  }

 private:
  const Nodes& nodes_;
  Frame& f_;
};

// Runs every node's kernel on the new inputs into f. A gradient keeps each node's inputs for
// its pullback; a call drops them as soon as the kernel has run.
void run(const Program& p, const Values& inputs, Frame& f, bool keep_inputs) {
  const auto& nodes = p.tape->nodes;
  for (size_t k = 0; k < p.leaf_nodes.size(); ++k) f.out[static_cast<size_t>(p.leaf_nodes[k])] = inputs[k];
  for (size_t i = 0; i < nodes.size(); ++i) {
    const Node& n = nodes[i];
    if (n.op) {
      Values& in = f.in[i];
      in.resize(n.in.size());
      for (size_t k = 0; k < in.size(); ++k) in[k] = n.parents[k] >= 0 ? f.out[static_cast<size_t>(n.parents[k])] : n.in[k];
      f.out[i] = n.op->replay ? n.op->replay(in, n) : n.op->eval(in, n.attrs);
      if (!keep_inputs) in.clear();
    } else if (!f.out[i]) {
      f.out[i] = n.out;  // a leaf of the recording that is not an input of the program
    }
  }
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
  FrameLease f(p);
  run(p, inputs, *f, false);
  return outputs_of(p, f->out);
}

Values replay_gradient(const Program& p, const Values& inputs, VRef* value) {
  check_inputs(p, inputs);
  if (p.out_nodes.empty()) fail(ErrorKind::Argument, "compiled function: grad needs f to return a scalar");
  FrameLease f(p);
  run(p, inputs, *f, true);
  const VRef y = outputs_of(p, f->out)[0];
  if (y->size != 1 || is_complex(y->dtype))
    fail(ErrorKind::Shape, "compiled function: grad needs f to return a real scalar, got shape " + shape_str(y->shape) + " " +
                               dtype_name(y->dtype));
  if (value) *value = y;
  ReplayNodes nodes(p, *f);
  return backward_nodes(nodes, {p.out_nodes[0]}, {y}, {}, p.leaf_nodes, inputs, false);
}

}  // namespace adj
