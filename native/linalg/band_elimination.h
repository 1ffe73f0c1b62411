// Band LU with partial pivoting for small compile-time bandwidths (internal header), shared by
// the banded (kl = ku = 1, 2) and tridiagonal factorizations.
#pragma once
#include <cmath>
#include <cstdint>

#include "linalg/branch_free.h"
#include "linalg/checks.h"
#include "linalg/linalg.h"

namespace adj::linalg::detail {

// Gaussian elimination with partial pivoting (as LAPACK's gbtf2) into f's layout (f.n set and
// its arrays sized). The active frame — rows j…j+KL, columns j…j+KL+KU — lives in registers;
// the pivot row is chosen and exchanged with selects, not branches (branch_free.h).
// load_row(dst, r, c) writes A[r][c…c+KL+KU] (zero outside the matrix) to dst.
template <int KL, int KU, class T, class LoadRow>
[[gnu::always_inline]] inline void eliminate_small_band(BandedLU<T>& f, const LoadRow& load_row, const char* what) {
  constexpr int W = KL + KU + 1;  // U's row width after fill-in
  using Select = BranchFree<T>;
  using Mask = typename Select::Mask;
  const int64_t n = f.n;
  T* upper = f.upper.data();
  T* lower = f.lower.data();
  int32_t* offset = f.pivot_offset.data();

  T rows[KL + 1][W];  // rows[s][c] = A[j+s][j+c], partially eliminated
  for (int s = 0; s <= KL; ++s) load_row(rows[s], s, 0);
  for (int64_t j = 0; j < n; ++j) {
    // winner[s]: row j+s is the last of largest magnitude in column j (LAPACK takes the first;
    // any largest one gives the same growth bound).
    Mask winner[KL + 1];
    {
      T best = std::abs(rows[0][0]);
      Mask later = Mask{};
      Mask larger[KL + 1];
      for (int s = 1; s <= KL; ++s) {
        larger[s] = Select::greater_magnitude(rows[s][0], best);
        best = Select::choose(larger[s], std::abs(rows[s][0]), best);
      }
      for (int s = KL; s >= 1; --s) {
        winner[s] = larger[s] & ~later;
        later |= larger[s];
      }
      winner[0] = ~later;
    }
    T pivot_row[W];
    for (int c = 0; c < W; ++c) pivot_row[c] = rows[0][c];
    int32_t exchanged_with = 0;
    for (int s = 1; s <= KL; ++s) {
      for (int c = 0; c < W; ++c) {
        pivot_row[c] = Select::choose(winner[s], rows[s][c], pivot_row[c]);
        rows[s][c] = Select::choose(winner[s], rows[0][c], rows[s][c]);
      }
      exchanged_with += s * Select::test(winner[s]);
    }
    offset[j] = exchanged_with;
    const T pivot = pivot_row[0];
    if (pivot == T(0)) throw_singular(what, j);
    const T inv = T(1) / pivot;
    T* u = upper + j * W;
    u[0] = inv;
    for (int c = 1; c < W; ++c) u[c] = pivot_row[c] * inv;
    // Row j+s −= l_s · pivot row, shifted one column left for step j+1; rows past n−1 stay zero.
    for (int s = 1; s <= KL; ++s) {
      const T l = j + s < n ? rows[s][0] / pivot : T(0);
      lower[j * KL + s - 1] = l;
      for (int c = 1; c < W; ++c) rows[s - 1][c - 1] = rows[s][c] - l * pivot_row[c];
      rows[s - 1][W - 1] = T(0);
    }
    load_row(rows[KL], j + 1 + KL, j + 1);
  }
}

}  // namespace adj::linalg::detail
