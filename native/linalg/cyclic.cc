// Cyclic (periodic-corner) tridiagonal systems via the interleaving permutation
// (0, n−1, 1, n−2, 2, …): it makes every index adjacent (cyclically) to at most positions ±2
// away, so P A Pᵀ is a band matrix with kl = ku = 2, solved by band LU with partial pivoting.
#include <algorithm>

#include "linalg/band_elimination.h"
#include "linalg/band_substitution.h"
#include "linalg/checks.h"
#include "linalg/linalg.h"

namespace adj::linalg {

namespace {

// Position of index i in the interleaved order (0, n−1, 1, n−2, …).
int64_t interleaved_position(int64_t i, int64_t n) { return 2 * i < n ? 2 * i : 2 * (n - 1 - i) + 1; }

// Index at position p of the interleaved order.
int64_t interleaved_index(int64_t p, int64_t n) { return p % 2 == 0 ? p / 2 : n - 1 - p / 2; }

}  // namespace

template <class T>
CyclicLU<T> cyclic_factor(const T* dl, const T* d, const T* du, T lower, T upper, int64_t n) {
  detail::check_order("cyclic_factor", n);
  CyclicLU<T> f;
  if (n == 0) return f;
  // Row p of P A Pᵀ from column q0 on: the (at most four) entries of original row i = index(p),
  // placed at their interleaved columns; for n = 2 the corners add to the off-diagonals.
  const int64_t bw = std::min<int64_t>(2, n - 1);
  auto load_row = [=](T* dst, int64_t p, int64_t q0) {
    std::fill(dst, dst + 2 * bw + 1, T(0));
    if (p >= n) return;
    const int64_t i = interleaved_index(p, n);
    auto add = [&](int64_t j, T v) {
      const int64_t q = interleaved_position(j, n) - q0;
      if (q >= 0 && q <= 2 * bw) dst[q] += v;
    };
    add(i, d[i]);
    if (i >= 1) add(i - 1, dl[i - 1]);
    if (i + 1 < n) add(i + 1, du[i]);
    if (n > 1 && i == n - 1) add(0, lower);
    if (n > 1 && i == 0) add(n - 1, upper);
  };
  // A zero pivot is reported at its elimination step in the interleaved order.
  f.lu = detail::factor_band<T>(n, bw, bw, [](BandedLU<T>&) {}, load_row, "cyclic_factor");
  return f;
}

template <class T>
void cyclic_solve(const CyclicLU<T>& f, T* b, int64_t nrhs, bool transpose) {
  const int64_t n = f.lu.n;
  detail::check_rhs_count("cyclic_solve", n, nrhs);
  if (n == 0 || nrhs == 0) return;
  // A x = b ⇔ (P A Pᵀ)(P x) = P b, and likewise for Aᵀ.
  std::vector<T> permuted(n * nrhs);
  for (int64_t p = 0; p < n; ++p)
    for (int64_t r = 0; r < nrhs; ++r) permuted[p * nrhs + r] = b[interleaved_index(p, n) * nrhs + r];
  detail::band_lu_solve(f.lu, permuted.data(), nrhs, transpose);
  for (int64_t p = 0; p < n; ++p)
    for (int64_t r = 0; r < nrhs; ++r) b[interleaved_index(p, n) * nrhs + r] = permuted[p * nrhs + r];
}

template CyclicLU<float> cyclic_factor(const float*, const float*, const float*, float, float, int64_t);
template CyclicLU<double> cyclic_factor(const double*, const double*, const double*, double, double, int64_t);
template void cyclic_solve(const CyclicLU<float>&, float*, int64_t, bool);
template void cyclic_solve(const CyclicLU<double>&, double*, int64_t, bool);

}  // namespace adj::linalg
