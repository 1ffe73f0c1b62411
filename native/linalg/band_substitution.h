// Triangular substitutions on the band factors of linalg.h (internal header, shared by the
// banded, tridiagonal, cyclic and banded-Cholesky solvers). b is [n, nrhs] row-major.
#pragma once
#include <algorithm>
#include <cstdint>
#include <utility>

#include "linalg/linalg.h"

namespace adj::linalg::detail {

// Band LU of SciPy band storage (see banded_factor); errors are reported as coming from `what`.
template <class T>
BandedLU<T> band_lu_factor(const T* ab, int64_t kl, int64_t ku, int64_t n, const char* what);

// L U x = b (or its transpose) for a factorization checked by the caller; defined in banded_lu.cc.
template <class T> void band_lu_solve(const BandedLU<T>& f, T* b, int64_t nrhs, bool transpose);

// U x = b by back substitution; U's row i is (1/U_ii, U_i,i+1/U_ii, …) in `upper` (row width w),
// so x_i = b_i/U_ii − Σ_c (U_i,i+c/U_ii) x_{i+c} needs no division.
template <class T>
void solve_upper(const T* upper, int64_t w, int64_t n, T* b, int64_t nrhs) {
  for (int64_t i = n - 1; i >= 0; --i) {
    const T* u = upper + i * w;
    T* x = b + i * nrhs;
    for (int64_t r = 0; r < nrhs; ++r) x[r] *= u[0];
    const int64_t m = std::min(w - 1, n - 1 - i);
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
    for (int64_t s = 1; s <= m; ++s) {
      const T* ys = b + (i + s) * nrhs;
      for (int64_t r = 0; r < nrhs; ++r) y[r] -= l[s - 1] * ys[r];
    }
    if (offset[i] != 0) std::swap_ranges(y, y + nrhs, b + (i + offset[i]) * nrhs);
  }
}

}  // namespace adj::linalg::detail
