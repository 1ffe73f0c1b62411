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

// visit(p, i) for every position p and its index i (the left half, then the right half).
template <class Visit>
void for_each_interleaved(int64_t n, const Visit& visit) {
  for (int64_t i = 0; 2 * i < n; ++i) visit(2 * i, i);
  for (int64_t i = 0; 2 * i + 1 < n; ++i) visit(2 * i + 1, n - 1 - i);
}

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
  // Away from the ends and the middle, row p of P A Pᵀ is [a, 0, d_i, 0, b] from column p − 2
  // (the neighbours of i are two positions away): those rows are staged in f.upper straight
  // from the diagonals; the rest (i = 0, n − 1 and the two middle indices, or all of a small
  // matrix) through load_row.
  const T* rows = nullptr;
  auto stage = [&](BandedLU<T>& lu) {
    if (n < 8) return;
    T* out = lu.upper.data();
    rows = out;
    for (int64_t i = 1; 2 * i < n; ++i) {  // left half: i at 2i, i − 1 at 2i − 2, i + 1 at 2i + 2
      T* row = out + 2 * i * 5;
      row[0] = dl[i - 1], row[1] = T(0), row[2] = d[i], row[3] = T(0), row[4] = du[i];
    }
    for (int64_t i = 1; 2 * i + 1 < n; ++i) {  // right half: n−1−i at 2i + 1, its right neighbour at 2i − 1
      const int64_t r = n - 1 - i;
      T* row = out + (2 * i + 1) * 5;
      row[0] = du[r], row[1] = T(0), row[2] = d[r], row[3] = T(0), row[4] = dl[r - 1];
    }
    const int64_t middle = (n - 1) / 2;
    for (int64_t i : {int64_t(0), n - 1, middle, middle + 1}) {
      const int64_t p = interleaved_position(i, n);
      load_row(out + p * 5, p, p - 2);
    }
  };
  auto staged_row = [&](T* dst, int64_t p, int64_t q0) {
    if (rows && p < n && p - q0 == 2) {
      std::copy_n(rows + p * 5, 5, dst);
      return;
    }
    load_row(dst, p, q0);
  };
  // A zero pivot is reported at its elimination step in the interleaved order.
  f.lu = detail::factor_band<T>(n, bw, bw, stage, staged_row, "cyclic_factor");
  return f;
}

template <class T>
void cyclic_solve(const CyclicLU<T>& f, T* b, int64_t nrhs, bool transpose) {
  const int64_t n = f.lu.n;
  detail::check_rhs_count("cyclic_solve", n, nrhs);
  if (n == 0 || nrhs == 0) return;
  // A x = b ⇔ (P A Pᵀ)(P x) = P b, and likewise for Aᵀ.
  // (One right-hand side, the common case, moves scalars rather than calling memmove per row.)
  ArrayVector<T> permuted(static_cast<size_t>(n * nrhs));
  T* pb = permuted.data();
  if (nrhs == 1) for_each_interleaved(n, [&](int64_t p, int64_t i) { pb[p] = b[i]; });
  else for_each_interleaved(n, [&](int64_t p, int64_t i) { std::copy_n(b + i * nrhs, nrhs, pb + p * nrhs); });
  detail::band_lu_solve(f.lu, pb, nrhs, transpose);
  if (nrhs == 1) for_each_interleaved(n, [&](int64_t p, int64_t i) { b[i] = pb[p]; });
  else for_each_interleaved(n, [&](int64_t p, int64_t i) { std::copy_n(pb + p * nrhs, nrhs, b + i * nrhs); });
}

template CyclicLU<float> cyclic_factor(const float*, const float*, const float*, float, float, int64_t);
template CyclicLU<double> cyclic_factor(const double*, const double*, const double*, double, double, int64_t);
template void cyclic_solve(const CyclicLU<float>&, float*, int64_t, bool);
template void cyclic_solve(const CyclicLU<double>&, double*, int64_t, bool);

}  // namespace adj::linalg
