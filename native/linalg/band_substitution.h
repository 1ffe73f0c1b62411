// Triangular substitutions on the band factors of linalg.h (internal header, shared by the
// banded, cyclic and banded-Cholesky solvers). b is [n, nrhs] row-major.
#pragma once
#include <algorithm>
#include <cstdint>
#include <type_traits>
#include <utility>

#include "linalg/branch_free.h"
#include "linalg/linalg.h"

namespace adj::linalg::detail {

// L U x = b (or its transpose) for a factorization checked by the caller; defined in banded_lu.cc.
template <class T> void band_lu_solve(const BandedLU<T>& f, T* b, int64_t nrhs, bool transpose);

// Σ_k a[k] x[k] over k < count in four interleaved partial sums: with one right-hand side the
// substitutions below are dot products, and a single running sum would wait a multiply-add
// latency per term.
template <class T>
T dot(const T* a, const T* x, int64_t count) {
  T partial[4] = {};
  int64_t k = 0;
  for (; k + 4 <= count; k += 4)
    for (int t = 0; t < 4; ++t) partial[t] += a[k + t] * x[k + t];
  for (; k < count; ++k) partial[0] += a[k] * x[k];
  return (partial[0] + partial[1]) + (partial[2] + partial[3]);
}

// U x = b by back substitution; U's row i is (1/U_ii, U_i,i+1/U_ii, …) in `upper` (row width w),
// so x_i = b_i/U_ii − Σ_c (U_i,i+c/U_ii) x_{i+c} needs no division.
template <class T>
void solve_upper(const T* upper, int64_t w, int64_t n, T* b, int64_t nrhs) {
  for (int64_t i = n - 1; i >= 0; --i) {
    const T* u = upper + i * w;
    T* x = b + i * nrhs;
    const int64_t m = std::min(w - 1, n - 1 - i);
    if (nrhs == 1) {
      x[0] = x[0] * u[0] - dot(u + 1, x + 1, m);
      continue;
    }
    for (int64_t r = 0; r < nrhs; ++r) x[r] *= u[0];
    for (int64_t c = 1; c <= m; ++c) {
      const T* xc = b + (i + c) * nrhs;
      for (int64_t r = 0; r < nrhs; ++r) x[r] -= u[c] * xc[r];
    }
  }
}

// Uᵀ z = b with U = D Ũ (D = diag U): Ũᵀ y = b by forward substitution, then z = D⁻¹ y.
template <class T>
void solve_upper_transposed(const T* upper, int64_t w, int64_t n, T* b, int64_t nrhs) {
  for (int64_t i = 0; i < n; ++i) {
    const T* u = upper + i * w;
    T* y = b + i * nrhs;
    const int64_t m = std::min(w - 1, n - 1 - i);
    for (int64_t c = 1; c <= m; ++c) {
      T* yc = b + (i + c) * nrhs;
      for (int64_t r = 0; r < nrhs; ++r) yc[r] -= u[c] * y[r];
    }
    for (int64_t r = 0; r < nrhs; ++r) y[r] *= u[0];
  }
}

// Applies L⁻¹ of a band LU: at step i, exchange rows i and i + offset[i], then eliminate rows
// i+1…i+kl with step i's multipliers.
template <class T>
void solve_lower(const T* lower, const int32_t* offset, int64_t kl, int64_t n, T* b, int64_t nrhs) {
  for (int64_t i = 0; i < n; ++i) {
    T* y = b + i * nrhs;
    if (offset[i] != 0) std::swap_ranges(y, y + nrhs, b + (i + offset[i]) * nrhs);
    const T* l = lower + i * kl;
    const int64_t m = std::min(kl, n - 1 - i);
    for (int64_t s = 1; s <= m; ++s) {
      T* ys = b + (i + s) * nrhs;
      for (int64_t r = 0; r < nrhs; ++r) ys[r] -= l[s - 1] * y[r];
    }
  }
}

// Applies L⁻ᵀ: the transposed steps of solve_lower in reverse order.
template <class T>
void solve_lower_transposed(const T* lower, const int32_t* offset, int64_t kl, int64_t n, T* b, int64_t nrhs) {
  for (int64_t i = n - 1; i >= 0; --i) {
    T* y = b + i * nrhs;
    const T* l = lower + i * kl;
    const int64_t m = std::min(kl, n - 1 - i);
    if (nrhs == 1) {
      y[0] -= dot(l, y + 1, m);
    } else {
      for (int64_t s = 1; s <= m; ++s) {
        const T* ys = b + (i + s) * nrhs;
        for (int64_t r = 0; r < nrhs; ++r) y[r] -= l[s - 1] * ys[r];
      }
    }
    if (offset[i] != 0) std::swap_ranges(y, y + nrhs, b + (i + offset[i]) * nrhs);
  }
}

// ---- One right-hand side with compile-time bandwidths: the band of pending values lives in
// registers, and row exchanges are selects (the pivot pattern of a general matrix is random, so
// branches on it would mispredict). The factor's rows past n−1 hold zeros, so the loops need no
// bounds at the matrix's end.

// x ← L⁻¹ x as solve_lower, for kl = KL.
template <class T, int KL>
[[gnu::always_inline]] inline void solve_lower_1(const T* lower, const int32_t* offset, int64_t n, T* x) {
  T pending[KL + 1];  // rows i…i+KL
  for (int s = 0; s <= KL; ++s) pending[s] = s < n ? x[s] : T(0);
  for (int64_t i = 0; i < n; ++i) {
    const int32_t off = offset[i];
    T pivot = pending[0];
    for (int s = 1; s <= KL; ++s) {
      const auto exchange = BranchFree<T>::from_bool(off == s);
      const T value = pending[s];
      pending[s] = BranchFree<T>::choose(exchange, pending[0], value);
      pivot = BranchFree<T>::choose(exchange, value, pivot);
    }
    x[i] = pivot;
    for (int s = 1; s <= KL; ++s) pending[s - 1] = pending[s] - lower[i * KL + s - 1] * pivot;
    pending[KL] = i + KL + 1 < n ? x[i + KL + 1] : T(0);
  }
}

// x ← L⁻ᵀ x as solve_lower_transposed, for kl = KL.
template <class T, int KL>
[[gnu::always_inline]] inline void solve_lower_transposed_1(const T* lower, const int32_t* offset, int64_t n, T* x) {
  T later[KL + 1] = {};  // rows i…i+KL; rows past n−1 read as zero
  for (int64_t i = n - 1; i >= 0; --i) {
    T v = x[i];
    for (int s = KL; s >= 1; --s) v -= lower[i * KL + s - 1] * later[s];
    const int32_t off = offset[i];
    T first = v;
    for (int s = 1; s <= KL; ++s) {
      const auto exchange = BranchFree<T>::from_bool(off == s);
      const T value = later[s];
      later[s] = BranchFree<T>::choose(exchange, v, value);
      first = BranchFree<T>::choose(exchange, value, first);
    }
    later[0] = first;
    if (i + KL < n) x[i + KL] = later[KL];  // no later step touches row i+KL
    for (int s = KL; s >= 1; --s) later[s] = later[s - 1];
  }
  for (int s = 1; s <= KL && s <= n; ++s) x[s - 1] = later[s];
}

// x ← U⁻¹ x as solve_upper, for W super-diagonals (row width W+1).
template <class T, int W>
[[gnu::always_inline]] inline void solve_upper_1(const T* upper, int64_t n, T* x) {
  T next[W] = {};  // x_{i+1} … x_{i+W}
  for (int64_t i = n - 1; i >= 0; --i) {
    const T* u = upper + i * (W + 1);
    T xi = x[i] * u[0];
    for (int c = W; c >= 1; --c) xi -= u[c] * next[c - 1];  // x_{i+1} last: the short dependency
    for (int c = W - 1; c >= 1; --c) next[c] = next[c - 1];
    next[0] = xi;
    x[i] = xi;
  }
}

// x ← U⁻ᵀ x as solve_upper_transposed, for W super-diagonals: y_i = x_i − Σ_c Ũ[i−c][i] y_{i−c}
// (left-looking, so y_{i−1} enters last), then x_i = y_i / U_ii.
template <class T, int W>
[[gnu::always_inline]] inline void solve_upper_transposed_1(const T* upper, int64_t n, T* x) {
  T previous[W] = {};  // y_{i−1} … y_{i−W}
  auto step = [&](int64_t i, auto guarded) {
    T yi = x[i];
    for (int c = W; c >= 1; --c)
      if (!decltype(guarded)::value || i >= c) yi -= upper[(i - c) * (W + 1) + c] * previous[c - 1];
    for (int c = W - 1; c >= 1; --c) previous[c] = previous[c - 1];
    previous[0] = yi;
    x[i] = yi * upper[i * (W + 1)];
  };
  const int64_t head = std::min<int64_t>(W, n);
  for (int64_t i = 0; i < head; ++i) step(i, std::true_type{});
  for (int64_t i = head; i < n; ++i) step(i, std::false_type{});
}

}  // namespace adj::linalg::detail
