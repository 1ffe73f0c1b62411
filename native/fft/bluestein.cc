// Bluestein's chirp-z algorithm, for lengths whose prime factors the codelets lack or handle
// slowly. With jk = (j² + k² − (k−j)²)/2,
//   y_k = Σ_j x_j·exp(∓2πi·jk/n) = c_k·Σ_j (x_j·c_j)·conj(c_{k−j}),  c_j = exp(∓πi·j²/n),
// a linear convolution of length 2n − 1, done as a circular one of a smooth length m.
//
// Why and when (the planner's cost estimate, planner.cc): a pass of odd prime radix p costs
// ~2p flops per point, so a length with a large prime factor p costs ~2p·n in mixed radix,
// while Bluestein costs two length-m FFTs (m ≤ ~4n, ~4.25·log2 m flops per point each) plus
// three pointwise products. The planner computes both estimates and takes the smaller: in
// practice Bluestein for prime factors above ~50, and always above kMaxOddRadix.
#include <algorithm>
#include <vector>

#include "fft/plan.h"
#include "fft/twiddle.h"

namespace adj::fft {

template <class T>
void build_bluestein(Plan<T>& plan, int64_t m) {
  Bluestein<T>& bs = plan.bluestein;
  const int64_t n = plan.n;
  bs.m = m;
  bs.forward = complex_plan<T>(m, false);
  bs.backward = complex_plan<T>(m, true);
  bs.chirp.resize(2 * n);
  // j² mod 2n exactly (as 128-bit), so the chirp angle π·j²/n is reduced without rounding.
  const std::vector<T> roots = twiddle_table<T>(2 * n, plan.inverse);
  for (int64_t j = 0; j < n; ++j) {
    const auto square = static_cast<int64_t>(static_cast<__int128>(j) * j % (2 * n));
    std::copy(&roots[2 * square], &roots[2 * square] + 2, &bs.chirp[2 * j]);
  }
  AlignedVector<T> kernel(2 * m, T(0));
  const T scale = T(1) / static_cast<T>(m);
  for (int64_t j = 0; j < n; ++j) {
    const T re = bs.chirp[2 * j] * scale, im = -bs.chirp[2 * j + 1] * scale;
    kernel[2 * j] = re, kernel[2 * j + 1] = im;
    if (j) kernel[2 * (m - j)] = re, kernel[2 * (m - j) + 1] = im;
  }
  bs.kernel_spectrum.resize(2 * m);
  AlignedVector<T> scratch(2 * scratch_size(*bs.forward, 1));
  execute(*bs.forward, kernel.data(), bs.kernel_spectrum.data(), 1, scratch.data());
}

template <class T>
int64_t bluestein_scratch(const Plan<T>& plan) {
  const Bluestein<T>& bs = plan.bluestein;
  return bs.m + std::max(scratch_size(*bs.forward, 1), scratch_size(*bs.backward, 1));
}

template <class T>
void execute_bluestein(const Plan<T>& plan, const T* in, T* out, T* scratch) {
  const Bluestein<T>& bs = plan.bluestein;
  const int64_t n = plan.n;
  T* a = scratch;
  T* rest = a + 2 * bs.m;
  plan.kernels->multiply(a, in, bs.chirp.data(), n);
  std::fill(a + 2 * n, a + 2 * bs.m, T(0));
  execute(*bs.forward, a, a, 1, rest);
  plan.kernels->multiply(a, a, bs.kernel_spectrum.data(), bs.m);
  execute(*bs.backward, a, a, 1, rest);
  plan.kernels->multiply(out, a, bs.chirp.data(), n);
}

template void build_bluestein<float>(Plan<float>&, int64_t);
template void build_bluestein<double>(Plan<double>&, int64_t);
template int64_t bluestein_scratch<float>(const Plan<float>&);
template int64_t bluestein_scratch<double>(const Plan<double>&);
template void execute_bluestein<float>(const Plan<float>&, const float*, float*, float*);
template void execute_bluestein<double>(const Plan<double>&, const double*, double*, double*);

}  // namespace adj::fft
