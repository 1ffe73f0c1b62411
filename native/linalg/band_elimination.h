// Band LU with partial pivoting (internal header), shared by the banded and cyclic
// factorizations; each supplies the rows of its matrix through a loader.
#pragma once
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <type_traits>
#include <vector>

#include "core/cpu_dispatch.h"
#include "linalg/branch_free.h"
#include "linalg/checks.h"
#include "linalg/linalg.h"

namespace adj::linalg::detail {

// Gaussian elimination with partial pivoting (as LAPACK's gbtf2) into f's layout (f.n set and
// its arrays sized). The active frame — rows j…j+KL, columns j…j+KL+KU — lives in registers;
// the pivot row is chosen and exchanged with selects, not branches (branch_free.h).
// load_row(dst, r, c) writes A[r][c…c+KL+KU] (zero outside the matrix) to dst. With Forward,
// x (one right-hand side) goes through the same exchanges and eliminations and ends as L⁻¹x.
template <int KL, int KU, bool Forward, class T, class LoadRow>
[[gnu::always_inline]] inline void eliminate_small_band(BandedLU<T>& f, const LoadRow& load_row, T* x,
                                                        const char* what) {
  constexpr int W = KL + KU + 1;  // U's row width after fill-in
  using Select = BranchFree<T>;
  using Mask = typename Select::Mask;
  const int64_t n = f.n;
  T* upper = f.upper.data();
  T* lower = f.lower.data();
  int32_t* offset = f.pivot_offset.data();

  T rows[KL + 1][W];  // rows[s][c] = A[j+s][j+c], partially eliminated
  for (int s = 0; s <= KL; ++s) load_row(rows[s], s, 0);
  T rhs[KL + 1] = {};  // x[j+s] likewise (Forward only; the rhs of rows past n−1 stays zero)
  if (Forward)
    for (int s = 0; s <= KL && s < n; ++s) rhs[s] = x[s];
  for (int64_t j = 0; j < n; ++j) {
    // winner[s] (s ≥ 1): row j+s is the pivot — the first row of largest magnitude in column j,
    // as in LAPACK: larger than every row before it and not smaller than any after it. All
    // comparisons are independent, so the choice costs one comparison's latency.
    Mask winner[KL + 1];
    for (int s = 1; s <= KL; ++s) {
      winner[s] = ~Mask{};
      for (int t = 0; t <= KL; ++t) {
        if (t < s) winner[s] &= Select::greater_magnitude(rows[s][0], rows[t][0]);
        if (t > s) winner[s] &= ~Select::greater_magnitude(rows[t][0], rows[s][0]);
      }
    }
    T pivot_row[W];
    for (int c = 0; c < W; ++c) pivot_row[c] = rows[0][c];
    T pivot_rhs = rhs[0];
    int32_t exchanged_with = 0;
    for (int s = 1; s <= KL; ++s) {
      for (int c = 0; c < W; ++c) {
        pivot_row[c] = Select::choose(winner[s], rows[s][c], pivot_row[c]);
        rows[s][c] = Select::choose(winner[s], rows[0][c], rows[s][c]);
      }
      if (Forward) {
        pivot_rhs = Select::choose(winner[s], rhs[s], pivot_rhs);
        rhs[s] = Select::choose(winner[s], rhs[0], rhs[s]);
      }
      exchanged_with += s * Select::test(winner[s]);
    }
    offset[j] = exchanged_with;
    const T pivot = pivot_row[0];
    if (pivot == T(0)) throw_singular(what, j);
    // Row j+s −= l_s · pivot row, shifted one column left for step j+1; rows past n−1 stay zero.
    // (The multipliers are divided before 1/pivot: they are on the recurrence, it is not.)
    for (int s = 1; s <= KL; ++s) {
      const T l = j + s < n ? rows[s][0] / pivot : T(0);
      lower[j * KL + s - 1] = l;
      for (int c = 1; c < W; ++c) rows[s - 1][c - 1] = rows[s][c] - l * pivot_row[c];
      rows[s - 1][W - 1] = T(0);
      if (Forward) rhs[s - 1] = rhs[s] - l * pivot_rhs;
    }
    const T inv = T(1) / pivot;
    T* u = upper + j * W;
    u[0] = inv;
    for (int c = 1; c < W; ++c) u[c] = pivot_row[c] * inv;
    load_row(rows[KL], j + 1 + KL, j + 1);
    if (Forward) {
      x[j] = pivot_rhs;
      rhs[KL] = j + 1 + KL < n ? x[j + 1 + KL] : T(0);
    }
  }
}

// Gaussian elimination with partial pivoting on the band, row-oriented, for any bandwidths.
// The active frame holds rows j…j+kl restricted to columns j…j+w−1 (w = kl+ku+1: U's row
// width after fill-in); slot s holds row j+s, rows past n−1 are zero. Eliminating column j
// shifts every row one column left, so the frame slides with j and each row is loaded once.
// x, if not null, is one right-hand side taken through L⁻¹ alongside (as eliminate_small_band).
template <class T, class LoadRow>
[[gnu::always_inline]] inline void eliminate_band(BandedLU<T>& f, const LoadRow& load_row, T* x, const char* what) {
  const int64_t n = f.n, kl = f.kl, w = f.kl + f.ku + 1;
  std::vector<T> frame((kl + 1) * w, T(0));
  std::vector<T*> slot(kl + 1);
  for (int64_t s = 0; s <= kl; ++s) slot[s] = frame.data() + s * w;
  for (int64_t s = 0; s <= kl; ++s) load_row(slot[s], s, 0);
  std::vector<T> rhs(x ? kl + 1 : 0, T(0));  // x[j+s], partially eliminated
  if (x) std::copy_n(x, std::min(kl + 1, n), rhs.begin());

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
    if (x) std::swap(rhs[0], rhs[p]);
    f.pivot_offset[j] = int32_t(p);
    const T* pivot_row = slot[0];
    if (pivot_row[0] == T(0)) throw_singular(what, j);
    const T inv = T(1) / pivot_row[0];
    T* u = f.upper.data() + j * w;
    u[0] = inv;
    for (int64_t c = 1; c < w; ++c) u[c] = pivot_row[c] * inv;
    T* l = f.lower.data() + j * kl;
    for (int64_t s = 1; s <= kl; ++s) {
      // Row j+s −= l · pivot row, stored shifted one column left for step j+1.
      T* row = slot[s];
      const T ls = s <= m ? row[0] * inv : T(0);  // as gbtf2; rows past n−1 keep exact zeros
      l[s - 1] = ls;
      for (int64_t c = 1; c < w; ++c) row[c - 1] = row[c] - ls * pivot_row[c];
      row[w - 1] = T(0);
      if (x) rhs[s] -= ls * rhs[0];
    }
    T* freed = slot[0];
    for (int64_t s = 0; s < kl; ++s) slot[s] = slot[s + 1];
    slot[kl] = freed;
    load_row(freed, j + 1 + kl, j + 1);
    if (x) {
      x[j] = rhs[0];
      for (int64_t s = 0; s < kl; ++s) rhs[s] = rhs[s + 1];
      rhs[kl] = j + 1 + kl < n ? x[j + 1 + kl] : T(0);
    }
  }
}

// The band LU of the n×n matrix with kl sub- and ku super-diagonals whose row r, from column c
// on, load_row(dst, r, c) writes to dst[0…kl+ku] (zero outside the matrix and the band).
// prepare(f) runs once f's arrays are allocated, before any row is loaded: it may stage row r in
// f.upper's row r, which the elimination overwrites only after loading it. forward, if not
// null, is one right-hand side (n values) overwritten with L⁻¹ forward: the first half of the
// solve, done while the rows it needs are in registers rather than in a second pass over L.
template <class T, class Prepare, class LoadRow>
BandedLU<T> factor_band(int64_t n, int64_t kl, int64_t ku, const Prepare& prepare, const LoadRow& load_row,
                        const char* what, T* forward = nullptr) {
  check_order(what, n);
  check_bandwidth(what, "kl", kl, n);
  check_bandwidth(what, "ku", ku, n);
  BandedLU<T> f;
  f.n = n;
  f.kl = kl;
  f.ku = ku;
  if (n == 0) return f;
  // (left unset: the elimination writes every entry of the three)
  f.upper.resize(checked_size(what, n, kl + ku + 1));
  f.lower.resize(checked_size(what, n, kl));
  f.pivot_offset.resize(n);
  prepare(f);
  auto small = [&](auto k, auto with_forward) {
    cpu::run_dispatched([&]() __attribute__((always_inline)) {
      eliminate_small_band<decltype(k)::value, decltype(k)::value, decltype(with_forward)::value>(f, load_row, forward,
                                                                                                 what);
    });
  };
  auto small_band = [&](auto k) { forward ? small(k, std::true_type{}) : small(k, std::false_type{}); };
  if (kl == 2 && ku == 2)
    small_band(std::integral_constant<int, 2>{});
  else if (kl == 1 && ku == 1)
    small_band(std::integral_constant<int, 1>{});
  else
    cpu::run_dispatched([&]() __attribute__((always_inline)) { eliminate_band(f, load_row, forward, what); });
  return f;
}

}  // namespace adj::linalg::detail
