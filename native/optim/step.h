// The training-loop optimizers of lib/optim.ts fused into one pass per parameter array (pure
// numerics, no AD): an update written with ops costs ~15 array ops per parameter leaf, which
// dominates a small network's step. The formulas are exactly those of lib/optim.ts.
#pragma once
#include <cstdint>

namespace adj::optim {

enum class Rule { Sgd = 0, Momentum = 1, Nesterov = 2, RmsProp = 3, Adam = 4 };
constexpr int kRules = 5;
// The number of moment arrays a rule keeps (momentum: v; RMSProp: s; Adam: m, v).
constexpr int moments(Rule r) { return r == Rule::Sgd ? 0 : r == Rule::Adam ? 2 : 1; }

struct Hyper {
  double lr;
  double beta1;  // momentum β, RMSProp ρ, Adam β₁
  double beta2;  // Adam β₂
  double eps;
  double c1, c2;  // Adam's bias corrections 1/(1 − β₁ᵗ), 1/(1 − β₂ᵗ)
};

// New parameters p1 and moments s1/s2 (n elements each; the moments unused by `r` may be null)
// from parameters p, gradients g and moments s0a/s0b.
template <class T>
void step(Rule r, const Hyper& h, int64_t n, const T* p, const T* g, const T* s0a, const T* s0b, T* p1, T* s1a, T* s1b);

}  // namespace adj::optim
