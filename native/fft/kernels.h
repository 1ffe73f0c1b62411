// The table of vectorised kernels one instruction set provides (isa_*.cc), and the choice of
// the table for this CPU (dispatch.cc). Complex data is interleaved (re, im) arrays of T.
#pragma once
#include <cstdint>

namespace adj::fft {

// Radices with a dedicated butterfly; kRadixOdd is any other odd prime up to kMaxOddRadix.
enum RadixKind : int {
  kRadix2, kRadix3, kRadix4, kRadix5, kRadix7, kRadix8, kRadix11, kRadix13, kRadix16, kRadixOdd, kRadixKinds
};
constexpr int kMaxOddRadix = 97;

// One Stockham pass over a sub-transform of length L = radix·m, with stride s between the
// interleaved independent transforms:
//   out[q + s·(radix·p + j)] = W_L^{jp} · Σ_k in[q + s·(p + k·m)]·ω_radix^{jk}
// for p < m, q < s, j < radix (W_L = exp(∓2πi/L), sign from the plan's direction).
template <class T>
struct PassArgs {
  const T* in;
  T* out;
  const T* twiddles;            // W_L^{jp}, laid out [p][j−1]
  const T* twiddles_by_column;  // the same, laid out [j−1][p]; set only where s can be 1
  const T* odd_roots;           // odd radix: (cos, ±sin)(2π·jk/radix), [j−1][k−1], j, k ≤ radix/2
  int64_t m;
  int64_t s;
  int radix;
};

template <class T>
struct Kernels {
  using PassFn = void (*)(const PassArgs<T>&);
  const char* isa;
  PassFn pass[2][kRadixKinds];  // [inverse][radix kind]
  // y[i] = a[i]·b[i] for i < count (complex).
  void (*multiply)(T* y, const T* a, const T* b, int64_t count);
  // Even-n real transforms (real.cc), on `width` columns whose bin k is k·row complex elements
  // from the column start: [0] r2c: the bins X_0..X_h from the length-h packed spectrum Z;
  // [1] c2r: Z from the half spectrum X. twiddles: exp(∓2πi·k/n), k ≤ h/2. in == out allowed.
  void (*real_post[2])(const T* in, int64_t in_row, T* out, int64_t out_row, int64_t h, int64_t width,
                       const T* twiddles);
};

// The kernel table for this CPU, chosen once (ADJ_FFT_ISA=scalar|sse2|avx2|avx512 overrides).
template <class T>
const Kernels<T>& kernels();

// Per instruction set tables; the x86 ones return nullptr when not compiled for x86-64.
const Kernels<float>* scalar_kernels(float*);
const Kernels<double>* scalar_kernels(double*);
const Kernels<float>* sse2_kernels(float*);
const Kernels<double>* sse2_kernels(double*);
const Kernels<float>* avx2_kernels(float*);
const Kernels<double>* avx2_kernels(double*);
const Kernels<float>* avx512_kernels(float*);
const Kernels<double>* avx512_kernels(double*);

}  // namespace adj::fft
