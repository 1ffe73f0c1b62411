// Chooses the kernel table once per process: the widest instruction set the CPU (and OS)
// supports, unless ADJ_FFT_ISA names another one (for tests and benchmarks).
#include <cstdlib>
#include <cstring>

#include "fft/kernels.h"

namespace adj::fft {
namespace {

bool cpu_has(const char* isa) {
#if defined(__x86_64__)
  __builtin_cpu_init();
  if (!std::strcmp(isa, "avx512")) return __builtin_cpu_supports("avx512f");
  if (!std::strcmp(isa, "avx2")) return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  if (!std::strcmp(isa, "sse2")) return true;
#endif
  return !std::strcmp(isa, "scalar");
}

template <class T>
const Kernels<T>* choose() {
  T* tag = nullptr;
  const Kernels<T>* by_width[] = {avx512_kernels(tag), avx2_kernels(tag), sse2_kernels(tag),
                                  scalar_kernels(tag)};
  const char* wanted = std::getenv("ADJ_FFT_ISA");
  for (const Kernels<T>* k : by_width) {
    if (k && cpu_has(k->isa) && (!wanted || !std::strcmp(wanted, k->isa))) return k;
  }
  return scalar_kernels(tag);
}

}  // namespace

template <>
const Kernels<float>& kernels<float>() {
  static const Kernels<float>* const chosen = choose<float>();
  return *chosen;
}

template <>
const Kernels<double>& kernels<double>() {
  static const Kernels<double>* const chosen = choose<double>();
  return *chosen;
}

}  // namespace adj::fft
