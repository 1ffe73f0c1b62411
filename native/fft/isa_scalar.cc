// Portable kernels (one complex number per "vector"): the fallback off x86-64.
#include <cstdint>

#include "fft/codelets.h"

namespace adj::fft {
namespace {
constexpr Kernels<float> kScalarF32 = make_kernels<ScalarVec<float>>("scalar");
constexpr Kernels<double> kScalarF64 = make_kernels<ScalarVec<double>>("scalar");
}  // namespace

const Kernels<float>* scalar_kernels(float*) { return &kScalarF32; }
const Kernels<double>* scalar_kernels(double*) { return &kScalarF64; }

}  // namespace adj::fft
