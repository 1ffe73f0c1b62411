// Tridiagonal LU with partial pivoting (Gaussian elimination as LAPACK's gttrf), producing the
// kl = ku = 1 BandedLU so that the band substitutions solve with it.
#include <cmath>

#include "linalg/band_substitution.h"
#include "linalg/checks.h"
#include "linalg/linalg.h"

namespace adj::linalg {

template <class T>
TridiagonalLU<T> tridiagonal_factor(const T* dl, const T* d, const T* du, int64_t n) {
  constexpr const char* what = "tridiagonal_factor";
  detail::check_order(what, n);
  TridiagonalLU<T> t;
  BandedLU<T>& f = t.lu;
  f.n = n;
  f.kl = f.ku = 1;
  if (n == 0) return t;
  f.upper.assign(detail::checked_size(what, n, 3), T(0));
  f.lower.assign(n, T(0));
  f.pivot_offset.assign(n, 0);
  T* upper = f.upper.data();
  T* lower = f.lower.data();
  int32_t* offset = f.pivot_offset.data();

  // The active row i has entries (a0, a1) in columns i, i+1 (rows below have not been touched
  // yet); the next row is (dl[i], d[i+1], du[i+1]) in columns i…i+2. Branch-free: the pivot
  // choice is data-dependent and would mispredict half the time on unstructured matrices.
  T a0 = d[0];
  T a1 = n > 1 ? du[0] : T(0);
  for (int64_t i = 0; i + 1 < n; ++i) {
    const T b0 = dl[i], b1 = d[i + 1], b2 = i + 2 < n ? du[i + 1] : T(0);
    const bool swap = std::abs(b0) > std::abs(a0);
    // Both candidate multipliers are divided at once, off the critical path of the selection.
    const T keep_multiplier = b0 / a0, swap_multiplier = a0 / b0;
    const T l = swap ? swap_multiplier : keep_multiplier;
    const T pivot = swap ? b0 : a0;
    const T p1 = swap ? b1 : a1, p2 = swap ? b2 : T(0);  // pivot row, columns i+1, i+2
    const T o1 = swap ? a1 : b1, o2 = swap ? T(0) : b2;  // the other row
    if (pivot == T(0)) detail::throw_singular(what, i);
    const T inv = T(1) / pivot;
    upper[3 * i] = inv;
    upper[3 * i + 1] = p1 * inv;
    upper[3 * i + 2] = p2 * inv;
    lower[i] = l;
    offset[i] = swap;
    a0 = o1 - l * p1;
    a1 = o2 - l * p2;
  }
  if (a0 == T(0)) detail::throw_singular(what, n - 1);
  upper[3 * (n - 1)] = T(1) / a0;
  return t;
}

template <class T>
void tridiagonal_solve(const TridiagonalLU<T>& t, T* b, int64_t nrhs, bool transpose) {
  detail::check_rhs_count("tridiagonal_solve", t.lu.n, nrhs);
  detail::band_lu_solve(t.lu, b, nrhs, transpose);
}

template TridiagonalLU<float> tridiagonal_factor(const float*, const float*, const float*, int64_t);
template TridiagonalLU<double> tridiagonal_factor(const double*, const double*, const double*, int64_t);
template void tridiagonal_solve(const TridiagonalLU<float>&, float*, int64_t, bool);
template void tridiagonal_solve(const TridiagonalLU<double>&, double*, int64_t, bool);

}  // namespace adj::linalg
