// SSE2 kernels: the x86-64 baseline, so no target pragma is needed.
#include <cstdint>

#include "fft/kernels.h"

#if defined(__x86_64__)
#include "fft/codelets.h"
#include "fft/vec_sse2.h"

namespace adj::fft {
namespace {
constexpr Kernels<float> kSse2F32 = make_kernels<Sse2F32>("sse2");
constexpr Kernels<double> kSse2F64 = make_kernels<Sse2F64>("sse2");
}  // namespace
const Kernels<float>* sse2_kernels(float*) { return &kSse2F32; }
const Kernels<double>* sse2_kernels(double*) { return &kSse2F64; }
}  // namespace adj::fft
#else
namespace adj::fft {
const Kernels<float>* sse2_kernels(float*) { return nullptr; }
const Kernels<double>* sse2_kernels(double*) { return nullptr; }
}  // namespace adj::fft
#endif
