// C −= A·B by packed register-blocked micro-kernels (the Goto/BLIS scheme): B is packed in
// panels of NR columns and A in panels of MR rows, sized for the caches, so the micro-kernel
// streams both from L1/L2 while an MR×NR block of C stays in registers.
#include "linalg/multiply_subtract.h"

#include <algorithm>
#include <cstring>
#include <vector>

namespace adj::linalg::detail {

namespace {

constexpr int64_t kDepthBlock = 256;  // KC: a KC×NR panel of B stays in L1
constexpr int64_t kRowBlock = 96;     // MC: an MC×KC block of A stays in L2
constexpr int64_t kColBlock = 2048;   // NC: a KC×NC block of B stays in L3

template <class T>
struct Tile {
  static constexpr int kRows = 6;                    // MR
  static constexpr int kCols = 32 / sizeof(T) * 2;   // NR: two 256-bit vectors
};

// Packs A[m×k] into panels of MR rows, each stored depth-major (MR values per depth), zero-padded.
template <class T>
void pack_a(int64_t m, int64_t k, StridedMatrix<T> a, T* out) {
  constexpr int MR = Tile<T>::kRows;
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
template <class T>
void pack_b(int64_t k, int64_t p, const T* b, int64_t ldb, T* out) {
  constexpr int NR = Tile<T>::kCols;
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

// The MR×NR block C −= Ap·Bp over depth k; `rows`, `cols` clip the block at C's edges.
template <class T>
inline void micro_kernel(int64_t k, const T* ap, const T* bp, T* c, int64_t ldc, int64_t rows, int64_t cols) {
  constexpr int MR = Tile<T>::kRows, NR = Tile<T>::kCols;
  T acc[MR][NR] = {};
  for (int64_t d = 0; d < k; ++d) {
    for (int r = 0; r < MR; ++r) {
      const T ar = ap[d * MR + r];
      for (int j = 0; j < NR; ++j) acc[r][j] += ar * bp[d * NR + j];
    }
  }
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t j = 0; j < cols; ++j) c[r * ldc + j] -= acc[r][j];
}

}  // namespace

template <class T>
void multiply_subtract(int64_t m, int64_t p, int64_t k, StridedMatrix<T> a, const T* b, int64_t ldb, T* c,
                       int64_t ldc) {
  if (m <= 0 || p <= 0 || k <= 0) return;
  constexpr int MR = Tile<T>::kRows, NR = Tile<T>::kCols;
  std::vector<T> packed_b(size_t(std::min(k, kDepthBlock)) * ((std::min(p, kColBlock) + NR - 1) / NR * NR));
  std::vector<T> packed_a(size_t(std::min(k, kDepthBlock)) * ((std::min(m, kRowBlock) + MR - 1) / MR * MR));
  for (int64_t jc = 0; jc < p; jc += kColBlock) {
    const int64_t nc = std::min(kColBlock, p - jc);
    for (int64_t dc = 0; dc < k; dc += kDepthBlock) {
      const int64_t kc = std::min(kDepthBlock, k - dc);
      pack_b(kc, nc, b + dc * ldb + jc, ldb, packed_b.data());
      for (int64_t ic = 0; ic < m; ic += kRowBlock) {
        const int64_t mc = std::min(kRowBlock, m - ic);
        pack_a(mc, kc, a.block(ic, dc), packed_a.data());
        for (int64_t jr = 0; jr < nc; jr += NR)
          for (int64_t ir = 0; ir < mc; ir += MR)
            micro_kernel(kc, packed_a.data() + ir * kc, packed_b.data() + jr * kc,
                         c + (ic + ir) * ldc + jc + jr, ldc, std::min<int64_t>(MR, mc - ir),
                         std::min<int64_t>(NR, nc - jr));
      }
    }
  }
}

template void multiply_subtract(int64_t, int64_t, int64_t, StridedMatrix<float>, const float*, int64_t, float*,
                                int64_t);
template void multiply_subtract(int64_t, int64_t, int64_t, StridedMatrix<double>, const double*, int64_t,
                                double*, int64_t);

}  // namespace adj::linalg::detail
