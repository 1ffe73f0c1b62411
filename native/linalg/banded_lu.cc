// General band LU with partial pivoting (Gaussian elimination as LAPACK's gbtrf/gbtrs).
#include <cmath>
#include <vector>

#include "linalg/band_elimination.h"
#include "linalg/band_substitution.h"
#include "linalg/checks.h"
#include "linalg/cpu_dispatch.h"
#include "linalg/linalg.h"

namespace adj::linalg {

namespace {

// Gaussian elimination with partial pivoting on the band, row-oriented, for any bandwidths.
// The active frame holds rows j…j+kl restricted to columns j…j+w−1 (w = kl+ku+1: U's row
// width after fill-in); slot s holds row j+s, rows past n−1 are zero. Eliminating column j
// shifts every row one column left, so the frame slides with j and each row is loaded once.
template <class T, class LoadRow>
void eliminate_band(BandedLU<T>& f, const LoadRow& load_row, const char* what) {
  const int64_t n = f.n, kl = f.kl, w = f.kl + f.ku + 1;
  std::vector<T> frame((kl + 1) * w, T(0));
  std::vector<T*> slot(kl + 1);
  for (int64_t s = 0; s <= kl; ++s) slot[s] = frame.data() + s * w;
  for (int64_t s = 0; s <= kl; ++s) load_row(slot[s], s, 0);

  for (int64_t j = 0; j < n; ++j) {
    const int64_t m = std::min(kl, n - 1 - j);  // rows below j that exist
    // The first row of largest magnitude in column j (conditional moves, not branches: the
    // winner of an unstructured matrix is random).
    int64_t p = 0;
    T best = std::abs(slot[0][0]);
    for (int64_t s = 1; s <= kl; ++s) {
      const T candidate = std::abs(slot[s][0]);
      const bool larger = candidate > best;
      best = larger ? candidate : best;
      p = larger ? s : p;
    }
    std::swap(slot[0], slot[p]);
    f.pivot_offset[j] = int32_t(p);
    const T* pivot_row = slot[0];
    if (pivot_row[0] == T(0)) detail::throw_singular(what, j);
    const T inv = T(1) / pivot_row[0];
    T* u = f.upper.data() + j * w;
    u[0] = inv;
    for (int64_t c = 1; c < w; ++c) u[c] = pivot_row[c] * inv;
    T* l = f.lower.data() + j * kl;
    for (int64_t s = 1; s <= kl; ++s) {
      // Row j+s −= l · pivot row, stored shifted one column left for step j+1.
      T* row = slot[s];
      const T ls = s <= m ? row[0] / pivot_row[0] : T(0);  // rows past n−1 keep exact zeros
      l[s - 1] = ls;
      for (int64_t c = 1; c < w; ++c) row[c - 1] = row[c] - ls * pivot_row[c];
      row[w - 1] = T(0);
    }
    T* freed = slot[0];
    for (int64_t s = 0; s < kl; ++s) slot[s] = slot[s + 1];
    slot[kl] = freed;
    load_row(freed, j + 1 + kl, j + 1);
  }
}

}  // namespace

namespace detail {

template <class T>
BandedLU<T> band_lu_factor(const T* ab, int64_t kl, int64_t ku, int64_t n, const char* what) {
  check_order(what, n);
  check_bandwidth(what, "kl", kl, n);
  check_bandwidth(what, "ku", ku, n);
  BandedLU<T> f;
  f.n = n;
  f.kl = kl;
  f.ku = ku;
  if (n == 0) return f;
  f.upper.assign(checked_size(what, n, kl + ku + 1), T(0));
  f.lower.assign(checked_size(what, n, kl), T(0));
  f.pivot_offset.assign(n, 0);
  // A[r][c0 + t] is on diagonal ku + r − c0 − t of the band; inside the matrix (r + ku < n) and
  // from column r − kl on, all of them are.
  auto load_row = [&](T* dst, int64_t r, int64_t c0) {
    const int64_t w = kl + ku + 1;
    if (r + ku < n && r - c0 == kl) {
      for (int64_t t = 0; t < w; ++t) dst[t] = ab[(kl + ku - t) * n + c0 + t];
      return;
    }
    for (int64_t t = 0; t < w; ++t) {
      const int64_t c = c0 + t, diagonal = ku + r - c;
      dst[t] = r < n && c < n && diagonal >= 0 && diagonal <= kl + ku ? ab[diagonal * n + c] : T(0);
    }
  };
  if (kl == 2 && ku == 2)
    run_dispatched([&]() __attribute__((always_inline)) { eliminate_small_band<2, 2>(f, load_row, what); });
  else if (kl == 1 && ku == 1)
    run_dispatched([&]() __attribute__((always_inline)) { eliminate_small_band<1, 1>(f, load_row, what); });
  else
    eliminate_band(f, load_row, what);
  return f;
}

template BandedLU<float> band_lu_factor(const float*, int64_t, int64_t, int64_t, const char*);
template BandedLU<double> band_lu_factor(const double*, int64_t, int64_t, int64_t, const char*);

}  // namespace detail

template <class T>
BandedLU<T> banded_factor(const T* ab, int64_t kl, int64_t ku, int64_t n) {
  return detail::band_lu_factor(ab, kl, ku, n, "banded_factor");
}

namespace detail {

template <class T, int KL, int KU>
void band_lu_solve_1(const BandedLU<T>& f, T* x, bool transpose) {
  run_dispatched([&]() __attribute__((always_inline)) {
    if (!transpose) {
      solve_lower_1<T, KL>(f.lower.data(), f.pivot_offset.data(), f.n, x);
      solve_upper_1<T, KL + KU>(f.upper.data(), f.n, x);
    } else {
      solve_upper_transposed_1<T, KL + KU>(f.upper.data(), f.n, x);
      solve_lower_transposed_1<T, KL>(f.lower.data(), f.pivot_offset.data(), f.n, x);
    }
  });
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

template BandedLU<float> banded_factor(const float*, int64_t, int64_t, int64_t);
template BandedLU<double> banded_factor(const double*, int64_t, int64_t, int64_t);
template void banded_solve(const BandedLU<float>&, float*, int64_t, bool);
template void banded_solve(const BandedLU<double>&, double*, int64_t, bool);

}  // namespace adj::linalg
