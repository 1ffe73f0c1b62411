// Note [Replay]: compile() records f once at a reverse level that also records the ops without
// derivative rules (Level::record_all), so the tape is the whole computation from the inputs:
// op, attributes, parent node per input, and the constants among the inputs. A replay runs
// every node's kernel again in order on new input values — no JS, no dispatch, no levels —
// into a frame of per-node values and, for a gradient, sweeps the program's own nodes with
// those values (SweepNodes in core/level.h): nothing of the program is copied per replay.
// An op may replay with the recorded node at hand (OpDef::replay): a solve whose matrix
// operands are constants of the program reuses the recording's factorization.
// What f computed in JS from input values (an .item() in a branch, a loop bound) was fixed at
// recording: data-dependent control flow is the caller's responsibility.
#pragma once
#include <memory>
#include <vector>

#include "core/level.h"

namespace adj {

// One replay's values: each node's inputs (what its kernel and its pullback see) and output.
struct Frame {
  std::vector<Values> in;
  Values out;
};

struct Program {
  std::shared_ptr<Tape> tape;       // the recorded nodes (their inputs: the example values)
  std::vector<int32_t> leaf_nodes;  // the node of each input leaf
  Values leaf_examples;             // the shapes and dtypes new inputs must have
  std::vector<int32_t> out_nodes;   // the node of each output; −1 for a constant output
  Values out_constants;             // an output's value when it does not depend on the inputs
  // The frame of the last replay, emptied of its values, so that the next replay reuses its
  // per-node input lists instead of allocating them again.
  mutable std::unique_ptr<Frame> spare;
};

// The program of the (still open) recording level `tag`, with inputs `leaves` and outputs
// `outs` (values of that level or constants). Fails for nodes a replay cannot run (custom rules).
Program make_program(Tag tag, const Values& outs, const Values& leaves);

// The outputs of f for new inputs (same shapes and dtypes as the examples, concrete).
Values replay(const Program& p, const Values& inputs);
// Output 0 (a real scalar) and its gradient with respect to every input, by one forward replay
// and one sweep.
Values replay_gradient(const Program& p, const Values& inputs, VRef* value);

}  // namespace adj
