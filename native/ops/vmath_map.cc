#include "ops/vmath_map.h"

#include "core/cpu_dispatch.h"
#include "ops/vmath.h"

namespace adj::vmath {
namespace {

// f must be an always-inline lambda too: what the AVX2 copy of the loop calls out of line is
// compiled for the baseline, element by element.
template <class T, class F>
void run(const T* __restrict x, T* __restrict y, int64_t n, bool baseline, F f) {
  const auto loop = [&]() __attribute__((always_inline)) {
    for (int64_t i = 0; i < n; ++i) y[i] = f(x[i]);
  };
  if (baseline) loop();
  else cpu::run_dispatched(loop);
}

}  // namespace

template <class T>
void map(Fn f, const T* x, T* y, int64_t n, bool baseline) {
  switch (f) {
    case Fn::exp: return run(x, y, n, baseline, [](T v) __attribute__((always_inline)) { return vmath::exp(v); });
    case Fn::expm1: return run(x, y, n, baseline, [](T v) __attribute__((always_inline)) { return vmath::expm1(v); });
    case Fn::tanh: return run(x, y, n, baseline, [](T v) __attribute__((always_inline)) { return vmath::tanh(v); });
    case Fn::sigmoid: return run(x, y, n, baseline, [](T v) __attribute__((always_inline)) { return vmath::sigmoid(v); });
  }
}

template void map(Fn, const float*, float*, int64_t, bool);
template void map(Fn, const double*, double*, int64_t, bool);

}  // namespace adj::vmath
