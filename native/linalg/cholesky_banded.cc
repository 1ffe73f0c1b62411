// Band Cholesky A = UᵀU for symmetric positive definite A (as LAPACK's pbtrf/pbtrs, upper form).
#include <algorithm>
#include <cmath>
#include <type_traits>

#include "core/cpu_dispatch.h"
#include "linalg/band_substitution.h"
#include "linalg/checks.h"
#include "linalg/linalg.h"

namespace adj::linalg {

template <class T>
BandedCholesky<T> cholesky_banded_factor(const T* ab, int64_t k, int64_t n) {
  constexpr const char* what = "cholesky_banded_factor";
  detail::check_order(what, n);
  detail::check_bandwidth(what, "k", k, n);
  BandedCholesky<T> f;
  f.n = n;
  f.k = k;
  if (n == 0) return f;
  const int64_t w = k + 1;
  // Row i of `upper` first holds A[i][i…i+k], then is overwritten by U's row i (scaled).
  f.upper.assign(detail::checked_size(what, n, w), T(0));
  T* upper = f.upper.data();
  for (int64_t i = 0; i < n; ++i)
    for (int64_t c = 0; c < w && i + c < n; ++c) upper[i * w + c] = ab[(k - c) * n + i + c];

  for (int64_t i = 0; i < n; ++i) {
    T* row = upper + i * w;
    const T a = row[0];
    if (a <= T(0)) detail::throw_not_positive_definite(what, i, double(a));
    // U_ii = √a_ii, U_i,j = a_ij / U_ii; the trailing rows lose the outer product of U's row i.
    const T inv_a = T(1) / a;
    const T inv_sqrt = T(1) / std::sqrt(a);
    const int64_t m = std::min(k, n - 1 - i);
    for (int64_t c1 = 1; c1 <= m; ++c1) {
      // A[i+c1][i+c2] −= U_i,i+c1 U_i,i+c2 = a_i,i+c1 a_i,i+c2 / a_ii.
      T* trailing = upper + (i + c1) * w - c1;
      const T scale = row[c1] * inv_a;
      for (int64_t c2 = c1; c2 <= m; ++c2) trailing[c2] -= scale * row[c2];
    }
    row[0] = inv_sqrt;
    for (int64_t c = 1; c <= m; ++c) row[c] *= inv_a;  // U_i,i+c / U_ii = a_i,i+c / a_ii
  }
  return f;
}

template <class T>
void cholesky_banded_solve(const BandedCholesky<T>& f, T* b, int64_t nrhs) {
  detail::check_rhs_count("cholesky_banded_solve", f.n, nrhs);
  if (f.n == 0 || nrhs == 0) return;
  // A x = Uᵀ(U x) = b: forward with Uᵀ, then back substitution with U.
  auto solve_1 = [&](auto k) {
    cpu::run_dispatched([&]() __attribute__((always_inline)) {
      detail::solve_upper_transposed_1<T, decltype(k)::value>(f.upper.data(), f.n, b);
      detail::solve_upper_1<T, decltype(k)::value>(f.upper.data(), f.n, b);
    });
  };
  if (nrhs == 1 && f.k == 1) return solve_1(std::integral_constant<int, 1>{});
  if (nrhs == 1 && f.k == 2) return solve_1(std::integral_constant<int, 2>{});
  detail::solve_upper_transposed(f.upper.data(), f.k + 1, f.n, b, nrhs);
  detail::solve_upper(f.upper.data(), f.k + 1, f.n, b, nrhs);
}

template BandedCholesky<float> cholesky_banded_factor(const float*, int64_t, int64_t);
template BandedCholesky<double> cholesky_banded_factor(const double*, int64_t, int64_t);
template void cholesky_banded_solve(const BandedCholesky<float>&, float*, int64_t);
template void cholesky_banded_solve(const BandedCholesky<double>&, double*, int64_t);

}  // namespace adj::linalg
