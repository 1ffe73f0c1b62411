// C[m×n] = A[m×k]·B[k×n], row-major, either operand possibly read transposed in place (a
// pullback's ḡBᵀ and Aᵀḡ): the kernels under op_matmul (internal header). Small
// products — a network's layers, k and n from 1 to a few hundred — are register-blocked
// loops run with AVX2 when the CPU has it; large real ones go to the packed kernel of the
// dense LU. No zero of A is skipped: 0·∞ must stay NaN as in any other product.
#pragma once
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <type_traits>
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

// A matrix operand read in place: element (i, j) at p[i·rs + j·cs]. A transposed operand is
// the stored matrix with its strides swapped, so that pullbacks (ḡBᵀ, Aᵀḡ) need no copy.
template <class T> struct Operand {
  const T* p;
  int64_t rs, cs;
  const T& operator()(int64_t i, int64_t j) const { return p[i * rs + j * cs]; }
  Operand rows_from(int64_t i) const { return {p + i * rs, rs, cs}; }
};

// n = 1 (a matrix times a vector, b contiguous). Rows of A contiguous: each row a dot
// product, kLanes partial sums; else A is stored transposed (columns contiguous) and C
// accumulates one column of A per element of b.
template <class T>
inline __attribute__((always_inline)) void matvec(Operand<T> a, const T* b, T* c, int64_t m, int64_t k) {
  using V = typename Vec32<T>::type;
  constexpr int L = kLanes<T>;
  if (a.cs != 1) {
    std::fill(c, c + m, T(0));
    for (int64_t p = 0; p < k; ++p) {
      const T* ap = a.p + p * a.cs;
      for (int64_t i = 0; i < m; ++i) c[i] += ap[i] * b[p];
    }
    return;
  }
  for (int64_t i = 0; i < m; ++i) {
    const T* ai = a.p + i * a.rs;
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
template <class T, int NV, int R, bool Whole>
inline __attribute__((always_inline)) void narrow_rows(Operand<T> a, const T* bp, T* c, int64_t k, int64_t n) {
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
      const T x = a(r, p);
#pragma GCC unroll 8
      for (int v = 0; v < NV; ++v) acc[r][v] += x * bv[v];
    }
  }
  // a row of C from its accumulators: whole vectors stored from the registers (Whole is a
  // template parameter: the lanes' run-time indices of a partial row would put every
  // accumulator through memory)
#pragma GCC unroll 8
  for (int r = 0; r < R; ++r) {
    if constexpr (Whole) {
#pragma GCC unroll 8
      for (int v = 0; v < NV; ++v) std::memcpy(c + r * n + v * L, &acc[r][v], sizeof(V));
    } else {
      for (int64_t j = 0; j < n; ++j) c[r * n + j] = acc[r][j / L][j % L];
    }
  }
}

// n ≤ NV·kLanes (a narrow B): blocks of R rows of C (R·NV accumulators and NV vectors of B
// within the 16 vector registers), B read in place when its rows are contiguous whole vectors,
// else from a copy padded to them.
template <class T, int NV>
inline __attribute__((always_inline)) void narrow(Operand<T> a, Operand<T> b, T* c, int64_t m, int64_t k, int64_t n) {
  constexpr int L = kLanes<T>;
  constexpr int R = NV == 1 ? 4 : NV == 2 ? 4 : NV == 3 ? 4 : 2;
  const bool whole = n == NV * L;
  const T* bp = b.p;
  if (!whole || b.cs != 1 || b.rs != n) {
    // (a plain T buffer: an allocator of the vector type would not be told its alignment)
    thread_local std::vector<T> padded;
    if (padded.size() < static_cast<size_t>(k * NV * L)) padded.resize(static_cast<size_t>(k * NV * L));
    T* row = padded.data();  // each row of B, then zeros up to NV vectors
    for (int64_t p = 0; p < k; ++p, row += NV * L) {
      for (int64_t j = 0; j < n; ++j) row[j] = b(p, j);
      std::fill(row + n, row + NV * L, T(0));
    }
    bp = padded.data();
  }
  const auto blocks = [&](auto whole) __attribute__((always_inline)) {
    int64_t i = 0;
    for (; i + R <= m; i += R) narrow_rows<T, NV, R, whole>(a.rows_from(i), bp, c + i * n, k, n);
    for (; i < m; ++i) narrow_rows<T, NV, 1, whole>(a.rows_from(i), bp, c + i * n, k, n);
  };
  if (whole) blocks(std::true_type{});
  else blocks(std::false_type{});
}

// B as a row-major [k×n] array: b itself, or a copy of it in `scratch`.
template <class T>
const T* row_major(Operand<T> b, int64_t k, int64_t n, std::vector<T>& scratch) {
  if (b.cs == 1 && b.rs == n) return b.p;
  scratch.resize(static_cast<size_t>(k * n));
  for (int64_t p = 0; p < k; ++p)
    for (int64_t j = 0; j < n; ++j) scratch[static_cast<size_t>(p * n + j)] = b(p, j);
  return scratch.data();
}

// Any n: i-k-j order makes the inner loop a contiguous axpy over a row of B into a row of C;
// blocking over k and j keeps the touched panel of B in cache while every row of A passes.
template <class T>
inline __attribute__((always_inline)) void axpy_rows(Operand<T> a, const T* __restrict b, T* __restrict c,
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
          const T aip = a(i, p);
          const T* bp = b + p * n + j0;
          for (int64_t j = 0; j < jn; ++j) ci[j] += aip * bp[j];
        }
      }
    }
  }
}

template <class T>
inline __attribute__((always_inline)) void small_real(Operand<T> a, Operand<T> b, T* c, int64_t m, int64_t k, int64_t n,
                                                      const T* b_rows) {
  constexpr int L = kLanes<T>;
  if (n == 1) matvec(a, b.p, c, m, k);  // (a column B is contiguous stored either way)
  else if (n <= L) narrow<T, 1>(a, b, c, m, k, n);
  else if (n <= 2 * L) narrow<T, 2>(a, b, c, m, k, n);
  else if (n <= 3 * L) narrow<T, 3>(a, b, c, m, k, n);
  else if (n <= 4 * L) narrow<T, 4>(a, b, c, m, k, n);
  else axpy_rows(a, b_rows, c, m, k, n);
}

}  // namespace adj::gemm_detail

namespace adj {

// C[m×n] = op(A)·op(B), row-major, where op(A) = A (a: [m×k]) or, with ta, Aᵀ (a: [k×m]), and
// op(B) = B (b: [k×n]) or, with tb, Bᵀ (b: [n×k]).
template <class T>
void gemm(const T* a, const T* b, T* c, int64_t m, int64_t k, int64_t n, bool ta = false, bool tb = false) {
  if (m == 0 || n == 0) return;  // an empty C (whose operands may have no storage at all)
  using gemm_detail::Operand;
  const Operand<T> av = ta ? Operand<T>{a, 1, m} : Operand<T>{a, k, 1};
  const Operand<T> bv = tb ? Operand<T>{b, 1, k} : Operand<T>{b, n, 1};
  constexpr int64_t kPackedFrom = 64 * 64 * 64;  // below this, packing costs more than it saves
  // B as row-major rows where the kernel needs them (the axpy and packed kernels)
  std::vector<T> scratch;
  const bool narrow = !is_complex_v<T> && n <= 4 * gemm_detail::kLanes<T> && m * n * k < kPackedFrom;
  const T* b_rows = narrow ? nullptr : gemm_detail::row_major(bv, k, n, scratch);
  if constexpr (is_complex_v<T>) {
    gemm_detail::axpy_rows(av, b_rows, c, m, k, n);
  } else if (m * n * k < kPackedFrom) {
    cpu::run_dispatched([&]() __attribute__((always_inline)) { gemm_detail::small_real(av, bv, c, m, k, n, b_rows); });
  } else {
    // the packed kernel computes C −= A·B: from C = 0, then C = −C (exact)
    std::fill(c, c + m * n, T(0));
    linalg::detail::multiply_subtract<T>(m, n, k, {av.p, av.rs, av.cs}, b_rows, n, c, n);
    for (int64_t i = 0; i < m * n; ++i) c[i] = -c[i];
  }
}

}  // namespace adj
