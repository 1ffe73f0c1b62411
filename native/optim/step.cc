#include "optim/step.h"

#include <cmath>

namespace adj::optim {

template <class T>
void step(Rule r, const Hyper& h, int64_t n, const T* p, const T* g, const T* s0a, const T* s0b, T* p1, T* s1a, T* s1b) {
  const T lr = T(h.lr), b1 = T(h.beta1), b2 = T(h.beta2), eps = T(h.eps), c1 = T(h.c1), c2 = T(h.c2);
  switch (r) {
    case Rule::Sgd:  // p − lr·g
      for (int64_t i = 0; i < n; ++i) p1[i] = p[i] + g[i] * -lr;
      break;
    case Rule::Momentum:  // v ← β·v + g; p − lr·v
    case Rule::Nesterov:  // … p − lr·(g + β·v)
      for (int64_t i = 0; i < n; ++i) {
        const T v = s0a[i] * b1 + g[i];
        s1a[i] = v;
        p1[i] = p[i] + (r == Rule::Nesterov ? g[i] + v * b1 : v) * -lr;
      }
      break;
    case Rule::RmsProp:  // s ← ρ·s + (1 − ρ)·g²; p − lr·g/(√s + ε)
      for (int64_t i = 0; i < n; ++i) {
        const T s = s0a[i] * b1 + g[i] * g[i] * (T(1) - b1);
        s1a[i] = s;
        p1[i] = p[i] + g[i] / (std::sqrt(s) + eps) * -lr;
      }
      break;
    case Rule::Adam:  // m ← β₁m + (1 − β₁)g; v ← β₂v + (1 − β₂)g²; p − lr·m̂/(√v̂ + ε)
      for (int64_t i = 0; i < n; ++i) {
        const T m = s0a[i] * b1 + g[i] * (T(1) - b1);
        const T v = s0b[i] * b2 + g[i] * g[i] * (T(1) - b2);
        s1a[i] = m;
        s1b[i] = v;
        p1[i] = p[i] + m * c1 / (std::sqrt(v * c2) + eps) * -lr;
      }
      break;
  }
}

template void step(Rule, const Hyper&, int64_t, const float*, const float*, const float*, const float*, float*, float*, float*);
template void step(Rule, const Hyper&, int64_t, const double*, const double*, const double*, const double*, double*, double*,
                   double*);

}  // namespace adj::optim
