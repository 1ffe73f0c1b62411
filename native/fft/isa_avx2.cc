// AVX2+FMA kernels. Every header is included before the target pragma, so only the code of
// codelets.h / vec_avx2.h (all internal linkage) is compiled for AVX2; the two exported
// functions after `pop_options` are baseline code returning constant tables, and are called
// only when dispatch.cc has seen AVX2 and FMA on the CPU.
#include <immintrin.h>

#include <cstdint>

#include "fft/kernels.h"

#if defined(__x86_64__)
#pragma GCC push_options
#pragma GCC target("avx2,fma")
#include "fft/codelets.h"
#include "fft/vec_avx2.h"

namespace adj::fft {
namespace {
constexpr Kernels<float> kAvx2F32 = make_kernels<Avx2F32>("avx2");
constexpr Kernels<double> kAvx2F64 = make_kernels<Avx2F64>("avx2");
}  // namespace
}  // namespace adj::fft
#pragma GCC pop_options

namespace adj::fft {
const Kernels<float>* avx2_kernels(float*) { return &kAvx2F32; }
const Kernels<double>* avx2_kernels(double*) { return &kAvx2F64; }
}  // namespace adj::fft
#else
namespace adj::fft {
const Kernels<float>* avx2_kernels(float*) { return nullptr; }
const Kernels<double>* avx2_kernels(double*) { return nullptr; }
}  // namespace adj::fft
#endif
