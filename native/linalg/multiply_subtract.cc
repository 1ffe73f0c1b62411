// C −= A·B by packed register-blocked micro-kernels (the Goto/BLIS scheme): B is packed in
// panels of NR columns and A in panels of MR rows, sized for the caches, so the micro-kernel
// streams both from L1/L2 while an MR×NR block of C stays in registers. An AVX2+FMA micro-kernel
// is chosen at run time when the CPU has it; the portable one otherwise.
#include "linalg/multiply_subtract.h"

#include <algorithm>
#include <vector>

#include "core/cpu_dispatch.h"
#ifdef ADJ_X86_DISPATCH
#include <immintrin.h>
#endif

namespace adj::linalg::detail {

namespace {

constexpr int64_t kDepthBlock = 256;  // KC: a KC×NR panel of B stays in L1
constexpr int64_t kRowBlock = 96;     // MC: an MC×KC block of A stays in L2
constexpr int64_t kColBlock = 2048;   // NC: a KC×NC block of B stays in L3

// Subtracts the MR×NR block `acc` from C, clipped to rows × cols at C's edges.
template <class T, int MR, int NR>
void subtract_block(const T (&acc)[MR][NR], T* c, int64_t ldc, int64_t rows, int64_t cols) {
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t j = 0; j < cols; ++j) c[r * ldc + j] -= acc[r][j];
}

// Portable micro-kernel: C[MR×NR] −= Ap·Bp over depth k (Ap: MR per depth, Bp: NR per depth).
template <class T>
struct PortableKernel {
  static constexpr int kRows = 4, kCols = 16 / sizeof(T) * 2;  // two SSE2 vectors wide
  static void run(int64_t k, const T* ap, const T* bp, T* c, int64_t ldc, int64_t rows, int64_t cols) {
    T acc[kRows][kCols] = {};
    for (int64_t d = 0; d < k; ++d)
      for (int r = 0; r < kRows; ++r)
        for (int j = 0; j < kCols; ++j) acc[r][j] += ap[d * kRows + r] * bp[d * kCols + j];
    subtract_block(acc, c, ldc, rows, cols);
  }
};

#ifdef ADJ_X86_DISPATCH
// AVX2+FMA micro-kernels: 6 rows × 2 vectors of accumulators (12 of the 16 ymm registers).
struct Avx2Double {
  static constexpr int kRows = 6, kCols = 8;
  __attribute__((target("avx2,fma"))) static void run(int64_t k, const double* ap, const double* bp, double* c,
                                                      int64_t ldc, int64_t rows, int64_t cols) {
    __m256d acc[kRows][2];
    for (auto& row : acc) row[0] = row[1] = _mm256_setzero_pd();
    for (int64_t d = 0; d < k; ++d) {
      const __m256d b0 = _mm256_loadu_pd(bp + d * kCols), b1 = _mm256_loadu_pd(bp + d * kCols + 4);
      for (int r = 0; r < kRows; ++r) {
        const __m256d a = _mm256_broadcast_sd(ap + d * kRows + r);
        acc[r][0] = _mm256_fmadd_pd(a, b0, acc[r][0]);
        acc[r][1] = _mm256_fmadd_pd(a, b1, acc[r][1]);
      }
    }
    if (rows == kRows && cols == kCols) {
      for (int r = 0; r < kRows; ++r) {
        double* cr = c + r * ldc;
        _mm256_storeu_pd(cr, _mm256_sub_pd(_mm256_loadu_pd(cr), acc[r][0]));
        _mm256_storeu_pd(cr + 4, _mm256_sub_pd(_mm256_loadu_pd(cr + 4), acc[r][1]));
      }
      return;
    }
    double block[kRows][kCols];
    for (int r = 0; r < kRows; ++r) _mm256_storeu_pd(block[r], acc[r][0]), _mm256_storeu_pd(block[r] + 4, acc[r][1]);
    subtract_block(block, c, ldc, rows, cols);
  }
};

struct Avx2Float {
  static constexpr int kRows = 6, kCols = 16;
  __attribute__((target("avx2,fma"))) static void run(int64_t k, const float* ap, const float* bp, float* c,
                                                      int64_t ldc, int64_t rows, int64_t cols) {
    __m256 acc[kRows][2];
    for (auto& row : acc) row[0] = row[1] = _mm256_setzero_ps();
    for (int64_t d = 0; d < k; ++d) {
      const __m256 b0 = _mm256_loadu_ps(bp + d * kCols), b1 = _mm256_loadu_ps(bp + d * kCols + 8);
      for (int r = 0; r < kRows; ++r) {
        const __m256 a = _mm256_broadcast_ss(ap + d * kRows + r);
        acc[r][0] = _mm256_fmadd_ps(a, b0, acc[r][0]);
        acc[r][1] = _mm256_fmadd_ps(a, b1, acc[r][1]);
      }
    }
    if (rows == kRows && cols == kCols) {
      for (int r = 0; r < kRows; ++r) {
        float* cr = c + r * ldc;
        _mm256_storeu_ps(cr, _mm256_sub_ps(_mm256_loadu_ps(cr), acc[r][0]));
        _mm256_storeu_ps(cr + 8, _mm256_sub_ps(_mm256_loadu_ps(cr + 8), acc[r][1]));
      }
      return;
    }
    float block[kRows][kCols];
    for (int r = 0; r < kRows; ++r) _mm256_storeu_ps(block[r], acc[r][0]), _mm256_storeu_ps(block[r] + 8, acc[r][1]);
    subtract_block(block, c, ldc, rows, cols);
  }
};

template <class T> struct Avx2Kernel;
template <> struct Avx2Kernel<double> : Avx2Double {};
template <> struct Avx2Kernel<float> : Avx2Float {};
#endif

// Packs A[m×k] into panels of MR rows, each stored depth-major (MR values per depth), zero-padded.
template <class T, int MR>
void pack_a(int64_t m, int64_t k, StridedMatrix<T> a, T* out) {
  for (int64_t i0 = 0; i0 < m; i0 += MR) {
    const int64_t rows = std::min<int64_t>(MR, m - i0);
    for (int64_t d = 0; d < k; ++d) {
      for (int64_t r = 0; r < rows; ++r) out[r] = a(i0 + r, d);
      for (int64_t r = rows; r < MR; ++r) out[r] = T(0);
      out += MR;
    }
  }
}

// Packs B[k×p] into panels of NR columns, each stored depth-major (NR values per depth), zero-padded.
template <class T, int NR>
void pack_b(int64_t k, int64_t p, const T* b, int64_t ldb, T* out) {
  for (int64_t j0 = 0; j0 < p; j0 += NR) {
    const int64_t cols = std::min<int64_t>(NR, p - j0);
    for (int64_t d = 0; d < k; ++d) {
      const T* src = b + d * ldb + j0;
      for (int64_t c = 0; c < cols; ++c) out[c] = src[c];
      for (int64_t c = cols; c < NR; ++c) out[c] = T(0);
      out += NR;
    }
  }
}

template <class T, class Kernel>
void blocked_multiply_subtract(int64_t m, int64_t p, int64_t k, StridedMatrix<T> a, const T* b, int64_t ldb, T* c,
                               int64_t ldc) {
  constexpr int MR = Kernel::kRows, NR = Kernel::kCols;
  std::vector<T> packed_b(size_t(std::min(k, kDepthBlock)) * ((std::min(p, kColBlock) + NR - 1) / NR * NR));
  std::vector<T> packed_a(size_t(std::min(k, kDepthBlock)) * ((std::min(m, kRowBlock) + MR - 1) / MR * MR));
  for (int64_t jc = 0; jc < p; jc += kColBlock) {
    const int64_t nc = std::min(kColBlock, p - jc);
    for (int64_t dc = 0; dc < k; dc += kDepthBlock) {
      const int64_t kc = std::min(kDepthBlock, k - dc);
      pack_b<T, NR>(kc, nc, b + dc * ldb + jc, ldb, packed_b.data());
      for (int64_t ic = 0; ic < m; ic += kRowBlock) {
        const int64_t mc = std::min(kRowBlock, m - ic);
        pack_a<T, MR>(mc, kc, a.block(ic, dc), packed_a.data());
        for (int64_t jr = 0; jr < nc; jr += NR)
          for (int64_t ir = 0; ir < mc; ir += MR)
            Kernel::run(kc, packed_a.data() + ir * kc, packed_b.data() + jr * kc, c + (ic + ir) * ldc + jc + jr, ldc,
                        std::min<int64_t>(MR, mc - ir), std::min<int64_t>(NR, nc - jr));
      }
    }
  }
}

}  // namespace

template <class T>
void multiply_subtract(int64_t m, int64_t p, int64_t k, StridedMatrix<T> a, const T* b, int64_t ldb, T* c,
                       int64_t ldc) {
  if (m <= 0 || p <= 0 || k <= 0) return;
#ifdef ADJ_X86_DISPATCH
  if (cpu::has_avx2_fma()) return blocked_multiply_subtract<T, Avx2Kernel<T>>(m, p, k, a, b, ldb, c, ldc);
#endif
  blocked_multiply_subtract<T, PortableKernel<T>>(m, p, k, a, b, ldb, c, ldc);
}

template void multiply_subtract(int64_t, int64_t, int64_t, StridedMatrix<float>, const float*, int64_t, float*,
                                int64_t);
template void multiply_subtract(int64_t, int64_t, int64_t, StridedMatrix<double>, const double*, int64_t,
                                double*, int64_t);

}  // namespace adj::linalg::detail
