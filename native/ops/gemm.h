// C[m×n] = A[m×k]·B[k×n], row-major: the kernels under op_matmul (internal header). Small
// products — a network's layers, k and n from 1 to a few hundred — are register-blocked
// loops run with AVX2 when the CPU has it; large real ones go to the packed kernel of the
// dense LU. No zero of A is skipped: 0·∞ must stay NaN as in any other product.
#pragma once
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <vector>

#include "core/cpu_dispatch.h"
#include "linalg/multiply_subtract.h"
#include "ops/kernel.h"

namespace adj::gemm_detail {

// 32 bytes of T as a GCC vector (one AVX2 register; two SSE2 ones on the baseline path).
template <class T> struct Vec32 {
  typedef T type __attribute__((vector_size(32)));
};
template <class T> constexpr int kLanes = 32 / sizeof(T);

// n = 1 (a matrix times a vector): each row a dot product, kLanes partial sums.
template <class T>
inline __attribute__((always_inline)) void matvec(const T* a, const T* b, T* c, int64_t m, int64_t k) {
  using V = typename Vec32<T>::type;
  constexpr int L = kLanes<T>;
  for (int64_t i = 0; i < m; ++i) {
    const T* ai = a + i * k;
    V acc = {};
    int64_t p = 0;
    for (; p + L <= k; p += L) {
      V x, y;
      std::memcpy(&x, ai + p, sizeof(V));
      std::memcpy(&y, b + p, sizeof(V));
      acc += x * y;
    }
    T s = 0;
    for (int l = 0; l < L; ++l) s += acc[l];
    for (; p < k; ++p) s += ai[p] * b[p];
    c[i] = s;
  }
}

// R rows of C = A·B for a narrow B (bp: rows of NV whole vectors), held in R·NV vector
// accumulators over the whole depth: each vector of B loaded feeds R multiply-adds. (The loops
// over rows and vectors are unrolled so that the accumulators live in registers.)
template <class T, int NV, int R>
inline __attribute__((always_inline)) void narrow_rows(const T* a, const T* bp, T* c, int64_t k, int64_t n, bool whole) {
  using V = typename Vec32<T>::type;
  constexpr int L = kLanes<T>;
  V acc[R][NV];
#pragma GCC unroll 8
  for (int r = 0; r < R; ++r)
#pragma GCC unroll 8
    for (int v = 0; v < NV; ++v) acc[r][v] = V{};
  for (int64_t p = 0; p < k; ++p) {
    V bv[NV];
#pragma GCC unroll 8
    for (int v = 0; v < NV; ++v) std::memcpy(&bv[v], bp + (p * NV + v) * L, sizeof(V));
#pragma GCC unroll 8
    for (int r = 0; r < R; ++r) {
      const T x = a[r * k + p];
#pragma GCC unroll 8
      for (int v = 0; v < NV; ++v) acc[r][v] += x * bv[v];
    }
  }
  // a row of C from its accumulators (whole vectors: a fixed-size copy, no library call)
#pragma GCC unroll 8
  for (int r = 0; r < R; ++r) {
    if (whole) std::memcpy(c + r * n, acc[r], sizeof(V) * NV);
    else for (int64_t j = 0; j < n; ++j) c[r * n + j] = acc[r][j / L][j % L];
  }
}

// n ≤ NV·kLanes (a narrow B): blocks of R rows of C (R·NV accumulators and NV vectors of B
// within the 16 vector registers), B read in place when its rows are whole vectors, else from
// a copy padded to them.
template <class T, int NV>
inline __attribute__((always_inline)) void narrow(const T* a, const T* b, T* c, int64_t m, int64_t k, int64_t n) {
  constexpr int L = kLanes<T>;
  constexpr int R = NV == 1 ? 4 : NV == 2 ? 4 : NV == 3 ? 3 : 2;
  const bool whole = n == NV * L;
  const T* bp = b;
  if (!whole) {
    // (a plain T buffer: an allocator of the vector type would not be told its alignment)
    thread_local std::vector<T> padded;
    if (padded.size() < static_cast<size_t>(k * NV * L)) padded.resize(static_cast<size_t>(k * NV * L));
    T* row = padded.data();  // each row of B, then zeros up to NV vectors
    for (int64_t p = 0; p < k; ++p, row += NV * L) {
      std::memcpy(row, b + p * n, static_cast<size_t>(n) * sizeof(T));
      std::fill(row + n, row + NV * L, T(0));
    }
    bp = padded.data();
  }
  int64_t i = 0;
  for (; i + R <= m; i += R) narrow_rows<T, NV, R>(a + i * k, bp, c + i * n, k, n, whole);
  for (; i < m; ++i) narrow_rows<T, NV, 1>(a + i * k, bp, c + i * n, k, n, whole);
}

// Any n: i-k-j order makes the inner loop a contiguous axpy over a row of B into a row of C;
// blocking over k and j keeps the touched panel of B in cache while every row of A passes.
template <class T>
inline __attribute__((always_inline)) void axpy_rows(const T* __restrict a, const T* __restrict b, T* __restrict c,
                                                     int64_t m, int64_t k, int64_t n) {
  constexpr int64_t kBlockK = 128, kBlockN = 512;
  std::fill(c, c + m * n, T(0));
  for (int64_t j0 = 0; j0 < n; j0 += kBlockN) {
    const int64_t jn = std::min(kBlockN, n - j0);
    for (int64_t k0 = 0; k0 < k; k0 += kBlockK) {
      const int64_t k1 = std::min(k, k0 + kBlockK);
      for (int64_t i = 0; i < m; ++i) {
        T* ci = c + i * n + j0;
        for (int64_t p = k0; p < k1; ++p) {
          const T aip = a[i * k + p];
          const T* bp = b + p * n + j0;
          for (int64_t j = 0; j < jn; ++j) ci[j] += aip * bp[j];
        }
      }
    }
  }
}

template <class T>
inline __attribute__((always_inline)) void small_real(const T* a, const T* b, T* c, int64_t m, int64_t k, int64_t n) {
  constexpr int L = kLanes<T>;
  if (n == 1) matvec(a, b, c, m, k);
  else if (n <= L) narrow<T, 1>(a, b, c, m, k, n);
  else if (n <= 2 * L) narrow<T, 2>(a, b, c, m, k, n);
  else if (n <= 3 * L) narrow<T, 3>(a, b, c, m, k, n);
  else if (n <= 4 * L) narrow<T, 4>(a, b, c, m, k, n);
  else axpy_rows(a, b, c, m, k, n);
}

}  // namespace adj::gemm_detail

namespace adj {

template <class T>
void gemm(const T* a, const T* b, T* c, int64_t m, int64_t k, int64_t n) {
  if (m == 0 || n == 0) return;  // an empty C (whose operands may have no storage at all)
  constexpr int64_t kPackedFrom = 64 * 64 * 64;  // below this, packing costs more than it saves
  if constexpr (is_complex_v<T>) {
    gemm_detail::axpy_rows(a, b, c, m, k, n);
  } else if (m * n * k < kPackedFrom) {
    cpu::run_dispatched([&]() __attribute__((always_inline)) { gemm_detail::small_real(a, b, c, m, k, n); });
  } else {
    // the packed kernel computes C −= A·B: from C = 0, then C = −C (exact)
    std::fill(c, c + m * n, T(0));
    linalg::detail::multiply_subtract<T>(m, n, k, {a, k, 1}, b, n, c, n);
    for (int64_t i = 0; i < m * n; ++i) c[i] = -c[i];
  }
}

}  // namespace adj
