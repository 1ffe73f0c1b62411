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
  // The same, laid out [j−1][p] (set only where s can be 1). In the fixed-length kernels each
  // part is duplicated, (re, re) pairs and then the (im, im) pairs ((radix−1)·m complex elements
  // each): vectors of them load ready for the complex products of lanes with their own
  // twiddles, without the two shuffles of interleaved ones (~5% of a small transform). Not in
  // the generic passes: at larger lengths the doubled table costs more in cache misses.
  const T* twiddles_by_column;
  const T* odd_roots;           // odd radix: (cos, ±sin)(2π·jk/radix), [j−1][k−1], j, k ≤ radix/2
  int64_t m;
  int64_t s;
  int radix;
};

// The radices of 2^twos, largest first: `big` (16, or 8 when not radix16) as often as fits, the
// rest as 8 and/or 4 (never 16·2 or 8·2: radix 2 only for n = 2). Except when n is 2^twos alone
// (`whole`) with radix16: then 16s and up to three 8s where they make it up (64 = 8·8, 512 =
// 8·8·8 and 1024 = 16·8·8 beat 16·4, 16·8·4 and 16·16·4 by 5–20%: a radix-4 pass costs a whole
// sweep for little arithmetic; with odd factors after them, 16·4 stayed faster on AVX-512).
// Shared by the planner and the fixed-length kernels, which must agree on the passes.
struct Radices {
  int count = 0;
  int r[64 / 3 + 1] = {};
  // r[0]·…·r[i−1]: the stride s of pass i.
  constexpr int64_t stride_of(int i) const {
    int64_t s = 1;
    for (int k = 0; k < i; ++k) s *= r[k];
    return s;
  }
};
constexpr Radices power_of_two_radices(int twos, bool radix16, bool whole) {
  Radices out;
  const int eights = (4 - twos % 4) % 4;
  if (whole && radix16 && 3 * eights <= twos) {
    for (int i = 0; i < (twos - 3 * eights) / 4; ++i) out.r[out.count++] = 16;
    for (int i = 0; i < eights; ++i) out.r[out.count++] = 8;
    return out;
  }
  const int big = radix16 ? 16 : 8, big_log2 = radix16 ? 4 : 3;
  int bigs = twos / big_log2, rest = twos % big_log2;
  if (rest == 1 && bigs) --bigs, rest += big_log2;
  for (int i = 0; i < bigs; ++i) out.r[out.count++] = big;
  if (rest == 5 || rest == 3) out.r[out.count++] = 8, rest -= 3;
  if (rest == 4) out.r[out.count++] = 4, rest -= 2;
  if (rest == 2) out.r[out.count++] = 4;
  if (rest == 1) out.r[out.count++] = 2;
  return out;
}

// Powers of two 2^1 … 2^kFixedMaxLog2 have fixed-length kernels: the whole transform of one
// contiguous column, in the passes of power_of_two_radices(log2 n, true, true), every stride a
// compile-time constant. At these lengths the index arithmetic of the generic passes costs about
// as much as the butterflies.
constexpr int kFixedMaxLog2 = 10;
constexpr int kMaxFixedPasses = 3;  // 2^9 = 8·8·8, 2^10 = 16·8·8
// twiddles[0]: the first pass's twiddles_by_column, twiddles[1 + i]: pass i's twiddles. scratch:
// 2n complex elements, not overlapping in or out; in == out is allowed.
template <class T>
using FixedFn = void (*)(const T* in, T* out, T* scratch, const T* const* twiddles);

template <class T>
struct Kernels {
  using PassFn = void (*)(const PassArgs<T>&);
  const char* isa;
  PassFn pass[2][kRadixKinds];  // [inverse][radix kind]
  FixedFn<T> fixed[2][kFixedMaxLog2 + 1];  // [inverse][log2 n], nullptr for n = 1
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
