// The elementwise loops over ops/vmath.h, run with the widest instruction set the CPU has
// (AVX2+FMA or the baseline, core/cpu_dispatch.h). One place for them: the unary ops and the
// accuracy self-test (ops/vmath_selftest.cc) run the same code.
#pragma once
#include <cstdint>

namespace adj::vmath {

enum class Fn { exp, expm1, tanh, sigmoid };

// y[i] = f(x[i]) for i < n, T = float or double; x and y do not overlap. `baseline` keeps the
// loop on the baseline ISA even where the CPU has AVX2 (the self-test measures both paths).
template <class T>
void map(Fn f, const T* x, T* y, int64_t n, bool baseline = false);

}  // namespace adj::vmath
