// Plans: how a transform of one length and direction is computed, built once, cached and
// immutable afterwards. Complex data is interleaved (re, im) arrays of T, viewed as [n][s0]
// (s0 independent transforms side by side).
#pragma once
#include <cstdint>
#include <memory>
#include <vector>

#include "fft/aligned.h"
#include "fft/kernels.h"

namespace adj::fft {

template <class T>
struct Pass {
  int radix;
  int64_t m;  // sub-length after this pass (the pass works on sub-transforms of length radix·m)
  typename Kernels<T>::PassFn run;
  AlignedVector<T> twiddles, twiddles_by_column, odd_roots;  // see PassArgs
};

template <class T>
struct Plan;

// n = n1·n2 for lengths too big for cache: length-n1 transforms down the columns of the
// [n1][n2] input in blocks of a few columns, twiddles W_n^{k1·j2}, then length-n2 transforms
// along k1's rows, written out transposed (execute.cc).
template <class T>
struct FourStep {
  int64_t n1 = 0, n2 = 0;
  std::shared_ptr<const Plan<T>> columns, rows;
  AlignedVector<T> twiddles;  // W_n^{k1·j2}, [j2][k1]
};

// Bluestein: y_k = c_k·Σ_j (x_j·c_j)·conj(c_{k−j}) with the chirp c_j = exp(∓πi·j²/n), the
// convolution done by FFTs of a smooth length m ≥ 2n − 1.
template <class T>
struct Bluestein {
  int64_t m = 0;
  std::shared_ptr<const Plan<T>> forward, backward;
  AlignedVector<T> chirp;            // c_j, j < n
  AlignedVector<T> kernel_spectrum;  // FFT_m(conj(c_j) for |j| < n, zero elsewhere) / m
};

template <class T>
struct Plan {
  enum class Algo { Stockham, FourStep, Bluestein };
  Algo algo = Algo::Stockham;
  int64_t n = 1;
  bool inverse = false;
  const Kernels<T>* kernels = nullptr;
  std::vector<Pass<T>> passes;
  // The fixed-length kernel that runs these passes on one column (kernels.h), or nullptr, and
  // its tables (pointing into passes).
  FixedFn<T> fixed = nullptr;
  std::vector<const T*> fixed_twiddles;
  FourStep<T> four_step;
  Bluestein<T> bluestein;
};

// The cached plan of the length-n complex transform (exp(+2πi…) when inverse).
template <class T>
std::shared_ptr<const Plan<T>> complex_plan(int64_t n, bool inverse);

// Complex elements of scratch that execute() needs for this s0.
template <class T>
int64_t scratch_size(const Plan<T>& plan, int64_t s0);

// out = DFT of each of the s0 interleaved columns of in ([n][s0]); in == out is allowed.
// scratch: scratch_size(plan, s0) complex elements, not overlapping in or out.
template <class T>
void execute(const Plan<T>& plan, const T* in, T* out, int64_t s0, T* scratch);

// This thread's scratch buffer, at least `complex_count` complex elements (grown, never shrunk).
template <class T>
T* thread_scratch(int64_t complex_count);

// Bluestein pieces (bluestein.cc).
template <class T>
void build_bluestein(Plan<T>& plan, int64_t m);
template <class T>
void execute_bluestein(const Plan<T>& plan, const T* in, T* out, T* scratch);
template <class T>
int64_t bluestein_scratch(const Plan<T>& plan);

// Estimated cost of a plan of length n (arbitrary units ~ flops), or a negative value when the
// mixed-radix codelets cannot factor n.
double mixed_radix_cost(int64_t n);

}  // namespace adj::fft
