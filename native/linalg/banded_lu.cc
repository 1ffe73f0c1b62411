// General band LU with partial pivoting (Gaussian elimination as LAPACK's gbtrf/gbtrs).
#include <algorithm>
#include <cmath>
#include <type_traits>
#include <vector>

#include "core/cpu_dispatch.h"
#include "linalg/band_elimination.h"
#include "linalg/band_substitution.h"
#include "linalg/checks.h"
#include "linalg/linalg.h"

namespace adj::linalg {

namespace {

// banded_factor, taking `forward` (one right-hand side, or null) through L⁻¹ as it goes.
template <class T>
BandedLU<T> factor_rows(const T* ab, int64_t kl, int64_t ku, int64_t n, T* forward) {
  const int64_t w = kl + ku + 1;
  // A[r][c], zero outside the band and the matrix: diagonal ku + r − c of ab.
  auto entry = [ab, kl, ku, n](int64_t r, int64_t c) {
    const int64_t diagonal = ku + r - c;
    return r < n && c >= 0 && c < n && diagonal >= 0 && diagonal <= kl + ku ? ab[diagonal * n + c] : T(0);
  };
  constexpr const char* what = "banded_factor";
  // The elimination reads the matrix by rows, ab holds it by diagonals: reading a row straight
  // from ab touches w lines n·sizeof(T) apart (the same cache set when n is a power of two).
  // Narrow bands are read in place all the same (inside the matrix, row r from column r − kl is
  // one entry of each diagonal).
  if (w <= 5) {
    auto load_row = [=](T* dst, int64_t r, int64_t c0) {
      if (r + ku < n && r - c0 == kl) {
        for (int64_t t = 0; t < w; ++t) dst[t] = ab[(kl + ku - t) * n + c0 + t];
        return;
      }
      for (int64_t t = 0; t < w; ++t) dst[t] = entry(r, c0 + t);
    };
    return detail::factor_band<T>(n, kl, ku, [](BandedLU<T>&) {}, load_row, what, forward);
  }
  // Wide bands are first copied row-wise into f.upper, in blocks of rows, row r from column r − kl.
  const T* rows = nullptr;
  auto stage = [&](BandedLU<T>& f) {
    T* out = f.upper.data();
    constexpr int64_t kBlock = 64;
    for (int64_t r0 = 0; r0 < n; r0 += kBlock)
      for (int64_t t = 0; t < w; ++t) {
        const T* diagonal = ab + (kl + ku - t) * n;  // holds A[r][r − kl + t]
        for (int64_t r = r0; r < std::min(n, r0 + kBlock); ++r) {
          const int64_t c = r - kl + t;
          out[r * w + t] = c >= 0 && c < n ? diagonal[c] : T(0);
        }
      }
    rows = out;
  };
  auto load_row = [&](T* dst, int64_t r, int64_t c0) {
    if (r < n && r - c0 == kl) {
      std::copy_n(rows + r * w, w, dst);
      return;
    }
    for (int64_t t = 0; t < w; ++t) dst[t] = entry(r, c0 + t);
  };
  return detail::factor_band<T>(n, kl, ku, stage, load_row, what, forward);
}

}  // namespace

template <class T>
BandedLU<T> banded_factor(const T* ab, int64_t kl, int64_t ku, int64_t n) {
  return factor_rows<T>(ab, kl, ku, n, nullptr);
}

namespace detail {

template <class T, int KL, int KU>
void band_lu_solve_1(const BandedLU<T>& f, T* x, bool transpose) {
  cpu::run_dispatched([&]() __attribute__((always_inline)) {
    if (!transpose) {
      solve_lower_1<T, KL>(f.lower.data(), f.pivot_offset.data(), f.n, x);
      solve_upper_1<T, KL + KU>(f.upper.data(), f.n, x);
    } else {
      solve_upper_transposed_1<T, KL + KU>(f.upper.data(), f.n, x);
      solve_lower_transposed_1<T, KL>(f.lower.data(), f.pivot_offset.data(), f.n, x);
    }
  });
}

// x ← U⁻¹x (one right-hand side): the second half of the solve.
template <class T>
void band_upper_solve_1(const BandedLU<T>& f, T* x) {
  auto with_width = [&](auto w) {
    cpu::run_dispatched([&]() __attribute__((always_inline)) { solve_upper_1<T, decltype(w)::value>(f.upper.data(), f.n, x); });
  };
  if (f.kl == 1 && f.ku == 1) return with_width(std::integral_constant<int, 2>{});
  if (f.kl == 2 && f.ku == 2) return with_width(std::integral_constant<int, 4>{});
  solve_upper(f.upper.data(), f.kl + f.ku + 1, f.n, x, 1);
}

template <class T>
void band_lu_solve(const BandedLU<T>& f, T* b, int64_t nrhs, bool transpose) {
  if (f.n == 0 || nrhs == 0) return;
  if (nrhs == 1 && f.kl == 1 && f.ku == 1) return band_lu_solve_1<T, 1, 1>(f, b, transpose);
  if (nrhs == 1 && f.kl == 2 && f.ku == 2) return band_lu_solve_1<T, 2, 2>(f, b, transpose);
  const int64_t w = f.kl + f.ku + 1;
  if (!transpose) {
    solve_lower(f.lower.data(), f.pivot_offset.data(), f.kl, f.n, b, nrhs);
    solve_upper(f.upper.data(), w, f.n, b, nrhs);
  } else {
    solve_upper_transposed(f.upper.data(), w, f.n, b, nrhs);
    solve_lower_transposed(f.lower.data(), f.pivot_offset.data(), f.kl, f.n, b, nrhs);
  }
}

template void band_lu_solve(const BandedLU<float>&, float*, int64_t, bool);
template void band_lu_solve(const BandedLU<double>&, double*, int64_t, bool);

}  // namespace detail

template <class T>
void banded_solve(const BandedLU<T>& f, T* b, int64_t nrhs, bool transpose) {
  detail::check_rhs_count("banded_solve", f.n, nrhs);
  detail::band_lu_solve(f, b, nrhs, transpose);
}

template <class T>
BandedLU<T> banded_factor_solve(const T* ab, int64_t kl, int64_t ku, int64_t n, T* b, int64_t nrhs, bool transpose) {
  detail::check_rhs_count("banded_factor_solve", n, nrhs);
  if (nrhs != 1 || transpose) {
    BandedLU<T> f = banded_factor(ab, kl, ku, n);
    detail::band_lu_solve(f, b, nrhs, transpose);
    return f;
  }
  BandedLU<T> f = factor_rows(ab, kl, ku, n, b);
  if (n > 0) detail::band_upper_solve_1(f, b);
  return f;
}

template BandedLU<float> banded_factor(const float*, int64_t, int64_t, int64_t);
template BandedLU<double> banded_factor(const double*, int64_t, int64_t, int64_t);
template void banded_solve(const BandedLU<float>&, float*, int64_t, bool);
template void banded_solve(const BandedLU<double>&, double*, int64_t, bool);
template BandedLU<float> banded_factor_solve(const float*, int64_t, int64_t, int64_t, float*, int64_t, bool);
template BandedLU<double> banded_factor_solve(const double*, int64_t, int64_t, int64_t, double*, int64_t, bool);

}  // namespace adj::linalg
