// Run-time choice of instruction set for the hot kernels: linear algebra, elementwise math
// (internal header). The library is built for the baseline ISA; a kernel written as an
// always-inline lambda is compiled a second time inside an AVX2+FMA function and that copy runs
// when the CPU has them. Only the lambda's body (and the always-inline helpers it calls) get the
// wider ISA: nothing with external linkage is compiled for it, so the linker can never pick an
// AVX2 copy of a shared inline function.
#pragma once

namespace adj::cpu {

// ADJ_PORTABLE_ONLY (a test build's define) keeps every kernel on the baseline ISA.
#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__)) && !defined(ADJ_PORTABLE_ONLY)
#define ADJ_X86_DISPATCH 1  // AVX2+FMA kernels exist (x86 intrinsics may be used)

inline bool has_avx2_fma() {
  static const bool has = [] {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  }();
  return has;
}

template <class Kernel>
__attribute__((target("avx2,fma"))) void run_avx2_fma(const Kernel& kernel) {
  kernel();
}

// kernel: a lambda declared `[&]() __attribute__((always_inline)) { … }`.
template <class Kernel>
void run_dispatched(const Kernel& kernel) {
  if (has_avx2_fma())
    run_avx2_fma(kernel);
  else
    kernel();
}

#else

inline bool has_avx2_fma() { return false; }

template <class Kernel>
void run_dispatched(const Kernel& kernel) {
  kernel();
}

#endif

}  // namespace adj::cpu
