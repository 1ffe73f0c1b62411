// Tridiagonal LU with partial pivoting, eliminated from both ends at once ("twisted" or
// burn-at-both-ends order): the top half column by column downwards as LAPACK's gttrf, the bottom
// half upwards as gttrf on the reversed matrix, meeting in the middle. Every step still pivots
// between the two rows that hold its column, so this is Gaussian elimination with partial
// pivoting in the column order (0, n−1, 1, n−2, …) — backward stable like gttrf — and it gives
// the processor two independent recurrences to overlap, in the factorization and in both
// substitutions. Everything is branch-free (branch_free.h): the pivot pattern of an unstructured
// matrix is random.
#include <algorithm>
#include <cmath>

#include "core/cpu_dispatch.h"
#include "linalg/branch_free.h"
#include "linalg/checks.h"
#include "linalg/linalg.h"

namespace adj::linalg {

namespace {

// One direction of elimination. The active row holds (a0, a1) in its leading columns (c, c±1);
// eliminating column c against the next row (b0, b1, b2) in columns (c, c±1, c±2) stores the
// pivot row scaled by 1/pivot in `upper` and the multiplier (see TridiagonalLU).
template <class T>
struct Sweep {
  T a0, a1;

  [[gnu::always_inline]] void step(T b0, T b1, T b2, T* upper, T* multiplier, uint8_t* exchanged,
                                   int64_t column, const char* what) {
    using Select = detail::BranchFree<T>;
    const auto swap = Select::greater_magnitude(b0, a0);
    // Lane 0 keeps the rows, lane 1 exchanges them: both candidates are eliminated while the
    // comparison resolves, so the recurrence is a division, a product, a difference and a select.
    typedef T Pair __attribute__((vector_size(2 * sizeof(T))));
    const Pair multipliers = Pair{b0, a0} / Pair{a0, b0};
    const Pair next0 = Pair{b1, a1} - multipliers * Pair{a1, b1};
    const Pair next1 = Pair{b2, T(0)} - multipliers * Pair{T(0), b2};
    const T pivot = Select::choose(swap, b0, a0);
    if (pivot == T(0)) detail::throw_singular(what, column);
    const T inv = T(1) / pivot;
    upper[0] = inv;
    upper[1] = Select::choose(swap, b1, a1) * inv;
    upper[2] = Select::choose(swap, b2, T(0)) * inv;
    *multiplier = Select::choose(swap, multipliers[1], multipliers[0]);
    *exchanged = Select::test(swap);
    a0 = Select::choose(swap, next0[1], next0[0]);
    a1 = Select::choose(swap, next1[1], next1[0]);
  }
};

// One step of the forward substitution, mirroring Sweep::step on a right-hand side: `pending`
// is the active row's value, `next` the next row's; returns the pivot row's value.
template <class T>
[[gnu::always_inline]] inline T forward_step(T& pending, T next, T multiplier, uint8_t exchanged) {
  using Select = detail::BranchFree<T>;
  const auto swap = Select::from_bool(exchanged);
  const T pivot = Select::choose(swap, next, pending);
  pending = Select::choose(swap, pending, next) - multiplier * pivot;
  return pivot;
}

// The transpose of forward_step on the pair (value at the pivot row, value at the next row).
template <class T>
[[gnu::always_inline]] inline void transposed_forward_step(T& at_pivot, T& at_next, T multiplier, uint8_t exchanged) {
  using Select = detail::BranchFree<T>;
  const auto swap = Select::from_bool(exchanged);
  const T v = at_pivot - multiplier * at_next;
  const T next = at_next;
  at_pivot = Select::choose(swap, next, v);
  at_next = Select::choose(swap, v, next);
}

// Solves with one right-hand side x (stride `stride` between equations); the factorization's rows
// 0…m come from the top sweep, m+2…n−1 from the bottom one, row m+1 is the last pivot.
template <class T>
[[gnu::always_inline]] inline void solve_one(const TridiagonalLU<T>& f, T* x, int64_t stride, bool transpose) {
  const int64_t n = f.n, m = f.split;
  const T* l = f.multipliers.data();
  const uint8_t* ex = f.exchanged.data();
  auto X = [&](int64_t i) -> T& { return x[i * stride]; };
  auto R = [&](int64_t i) { return f.upper.data() + 3 * i; };
  if (n == 1) {
    X(0) *= R(0)[0];
    return;
  }
  const int64_t top = m, bottom = n - m - 2;  // regular steps of each sweep
  if (!transpose) {
    // y = M b: the two sweeps (disjoint rows), then the meeting step m on rows m, m+1.
    T up = X(0), down = X(n - 1);
    for (int64_t t = 0; t < std::max(top, bottom); ++t) {
      if (t < top) X(t) = forward_step(up, X(t + 1), l[t], ex[t]);
      if (t < bottom) {
        const int64_t k = n - 1 - t;
        X(k) = forward_step(down, X(k - 1), l[k], ex[k]);
      }
    }
    X(m) = forward_step(up, down, l[m], ex[m]);
    // R x = y: the last pivot, then back substitution outwards from the middle in both halves.
    X(m + 1) = up * R(m + 1)[0];
    X(m) = X(m) * R(m)[0] - R(m)[1] * X(m + 1);
    for (int64_t t = 0; t < std::max(top, bottom); ++t) {
      if (t < top) {
        const int64_t i = m - 1 - t;
        X(i) = X(i) * R(i)[0] - R(i)[2] * X(i + 2) - R(i)[1] * X(i + 1);
      }
      if (t < bottom) {
        const int64_t k = m + 2 + t;
        X(k) = X(k) * R(k)[0] - R(k)[2] * X(k - 2) - R(k)[1] * X(k - 1);
      }
    }
  } else {
    // Rᵀ z = b with R = D R̃ (D its diagonal): R̃ᵀ w = b left-looking in both halves towards the
    // middle, w_m and w_{m+1} last, then z = D⁻¹ w.
    T top1 = 0, top2 = 0, bottom1 = 0, bottom2 = 0;  // w of the previous two rows of each half
    for (int64_t t = 0; t < std::max(top, bottom); ++t) {
      if (t < top) {
        const T w = X(t) - (t >= 2 ? R(t - 2)[2] * top2 : T(0)) - (t >= 1 ? R(t - 1)[1] * top1 : T(0));
        X(t) = w * R(t)[0];
        top2 = top1, top1 = w;
      }
      if (t < bottom) {
        const int64_t k = n - 1 - t;
        const T w = X(k) - (t >= 2 ? R(k + 2)[2] * bottom2 : T(0)) - (t >= 1 ? R(k + 1)[1] * bottom1 : T(0));
        X(k) = w * R(k)[0];
        bottom2 = bottom1, bottom1 = w;
      }
    }
    // Row m meets top rows m−1, m−2 and bottom row m+2; row m+1 also row m and bottom row m+3.
    T wm = X(m);
    if (m >= 1) wm -= R(m - 1)[1] * top1;
    if (m >= 2) wm -= R(m - 2)[2] * top2;
    if (bottom >= 1) wm -= R(m + 2)[2] * bottom1;
    T wm1 = X(m + 1) - R(m)[1] * wm;
    if (m >= 1) wm1 -= R(m - 1)[2] * top1;
    if (bottom >= 1) wm1 -= R(m + 2)[1] * bottom1;
    if (bottom >= 2) wm1 -= R(m + 3)[2] * bottom2;
    X(m) = wm * R(m)[0];
    X(m + 1) = wm1 * R(m + 1)[0];
    // x = Mᵀ z: the meeting step first, then each sweep's steps in reverse.
    transposed_forward_step(X(m), X(m + 1), l[m], ex[m]);
    for (int64_t t = std::max(top, bottom) - 1; t >= 0; --t) {
      if (t < top) transposed_forward_step(X(t), X(t + 1), l[t], ex[t]);
      if (t < bottom) {
        const int64_t k = n - 1 - t;
        transposed_forward_step(X(k), X(k - 1), l[k], ex[k]);
      }
    }
  }
}

}  // namespace

template <class T>
TridiagonalLU<T> tridiagonal_factor(const T* dl, const T* d, const T* du, int64_t n) {
  constexpr const char* what = "tridiagonal_factor";
  detail::check_order(what, n);
  TridiagonalLU<T> f;
  f.n = n;
  if (n == 0) return f;
  f.upper.assign(detail::checked_size(what, n, 3), T(0));
  f.multipliers.assign(n, T(0));
  f.exchanged.assign(n, 0);
  T* upper = f.upper.data();
  T* l = f.multipliers.data();
  uint8_t* ex = f.exchanged.data();
  if (n == 1) {
    if (d[0] == T(0)) detail::throw_singular(what, 0);
    upper[0] = T(1) / d[0];
    return f;
  }
  // Top sweep: columns 0…m−1 (row i+1 is (dl[i], d[i+1], du[i+1]) from column i). Bottom sweep:
  // columns n−1 down to m+2 (row k−1 is (du[k−1], d[k−1], dl[k−2]) from column k, leftwards).
  const int64_t m = (n - 2) / 2, top = m, bottom = n - m - 2;
  f.split = m;
  cpu::run_dispatched([&]() __attribute__((always_inline)) {
    Sweep<T> up{d[0], du[0]}, down{d[n - 1], dl[n - 2]};
    for (int64_t t = 0; t < std::max(top, bottom); ++t) {
      if (t < top) up.step(dl[t], d[t + 1], du[t + 1], upper + 3 * t, l + t, ex + t, t, what);
      if (t < bottom) {
        const int64_t k = n - 1 - t;
        down.step(du[k - 1], d[k - 1], dl[k - 2], upper + 3 * k, l + k, ex + k, k, what);
      }
    }
    // The sweeps meet: the top's active row m (columns m, m+1) against the bottom's active row
    // m+1, whose leading column is m+1 — seen from the top it is (column m, m+1) = (a1, a0).
    up.step(down.a1, down.a0, T(0), upper + 3 * m, l + m, ex + m, m, what);
    if (up.a0 == T(0)) detail::throw_singular(what, m + 1);
    upper[3 * (m + 1)] = T(1) / up.a0;
  });
  return f;
}

template <class T>
void tridiagonal_solve(const TridiagonalLU<T>& f, T* b, int64_t nrhs, bool transpose) {
  detail::check_rhs_count("tridiagonal_solve", f.n, nrhs);
  if (f.n == 0) return;
  // Right-hand sides one at a time: each pass is latency-bound, not bandwidth-bound.
  cpu::run_dispatched([&]() __attribute__((always_inline)) {
    for (int64_t r = 0; r < nrhs; ++r) solve_one(f, b + r, nrhs, transpose);
  });
}

template TridiagonalLU<float> tridiagonal_factor(const float*, const float*, const float*, int64_t);
template TridiagonalLU<double> tridiagonal_factor(const double*, const double*, const double*, int64_t);
template void tridiagonal_solve(const TridiagonalLU<float>&, float*, int64_t, bool);
template void tridiagonal_solve(const TridiagonalLU<double>&, double*, int64_t, bool);

}  // namespace adj::linalg
