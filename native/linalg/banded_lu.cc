// General band LU with partial pivoting (Gaussian elimination as LAPACK's gbtrf/gbtrs).
#include <cmath>
#include <cstring>

#include "linalg/band_substitution.h"
#include "linalg/checks.h"
#include "linalg/linalg.h"

namespace adj::linalg {

namespace {

// A[i][j] from SciPy band storage, zero outside the band or the matrix.
template <class T>
T band_entry(const T* ab, int64_t kl, int64_t ku, int64_t n, int64_t i, int64_t j) {
  if (i < 0 || i >= n || j < 0 || j >= n || j - i > ku || i - j > kl) return T(0);
  return ab[(ku + i - j) * n + j];
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
  const int64_t w = kl + ku + 1;  // U's row width after fill-in
  f.upper.assign(checked_size(what, n, w), T(0));
  f.lower.assign(checked_size(what, n, kl), T(0));
  f.pivot_offset.assign(n, 0);

  // The active frame: rows j…j+kl restricted to columns j…j+w−1 (slot s holds row j+s; rows past
  // n−1 stay zero). Elimination shifts every row one column left, so the frame slides with j.
  std::vector<T> frame((kl + 1) * w, T(0));
  std::vector<T*> slot(kl + 1);
  for (int64_t s = 0; s <= kl; ++s) slot[s] = frame.data() + s * w;
  auto load_row = [&](T* dst, int64_t row, int64_t first_col) {
    for (int64_t c = 0; c < w; ++c) dst[c] = band_entry(ab, kl, ku, n, row, first_col + c);
  };
  for (int64_t s = 0; s <= kl; ++s) load_row(slot[s], s, 0);

  for (int64_t j = 0; j < n; ++j) {
    const int64_t m = std::min(kl, n - 1 - j);  // rows below j that exist
    int64_t p = 0;
    T best = std::abs(slot[0][0]);
    for (int64_t s = 1; s <= m; ++s)
      if (std::abs(slot[s][0]) > best) best = std::abs(slot[s][0]), p = s;
    std::swap(slot[0], slot[p]);
    f.pivot_offset[j] = int32_t(p);
    const T* pivot_row = slot[0];
    if (pivot_row[0] == T(0)) throw_singular(what, j);
    const T inv = T(1) / pivot_row[0];
    T* u = f.upper.data() + j * w;
    u[0] = inv;
    for (int64_t c = 1; c < w; ++c) u[c] = pivot_row[c] * inv;
    T* l = f.lower.data() + j * kl;
    for (int64_t s = 1; s <= m; ++s) {
      // Row j+s −= l · pivot row, stored shifted one column left for step j+1.
      T* row = slot[s];
      const T ls = row[0] * inv;
      l[s - 1] = ls;
      for (int64_t c = 1; c < w; ++c) row[c - 1] = row[c] - ls * pivot_row[c];
      row[w - 1] = T(0);
    }
    T* freed = slot[0];
    for (int64_t s = 0; s < kl; ++s) slot[s] = slot[s + 1];
    slot[kl] = freed;
    load_row(freed, j + 1 + kl, j + 1);
  }
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

template <class T>
void band_lu_solve(const BandedLU<T>& f, T* b, int64_t nrhs, bool transpose) {
  if (f.n == 0 || nrhs == 0) return;
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
