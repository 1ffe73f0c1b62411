// AVX-512F kernels. Every header is included before the target pragma, so only the code of
// codelets.h / vec_avx512.h (all internal linkage) is compiled for AVX-512; the two exported
// functions after `pop_options` are baseline code returning constant tables, and are called
// only when dispatch.cc has seen AVX-512F on the CPU.
#include <immintrin.h>

#include <cstdint>

#include "fft/kernels.h"

#if defined(__x86_64__)
#pragma GCC push_options
#pragma GCC target("avx512f,avx2,fma")
#include "fft/codelets.h"
#include "fft/vec_avx512.h"

namespace adj::fft {
namespace {
constexpr Kernels<float> kAvx512F32 = make_kernels<Avx512F32>("avx512");
constexpr Kernels<double> kAvx512F64 = make_kernels<Avx512F64>("avx512");
}  // namespace
}  // namespace adj::fft
#pragma GCC pop_options

namespace adj::fft {
const Kernels<float>* avx512_kernels(float*) { return &kAvx512F32; }
const Kernels<double>* avx512_kernels(double*) { return &kAvx512F64; }
}  // namespace adj::fft
#else
namespace adj::fft {
const Kernels<float>* avx512_kernels(float*) { return nullptr; }
const Kernels<double>* avx512_kernels(double*) { return nullptr; }
}  // namespace adj::fft
#endif
