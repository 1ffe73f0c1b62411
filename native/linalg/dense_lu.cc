// Dense LU with partial pivoting: recursive (Toledo's) column splitting, so almost all the work
// is C −= A·B in the packed kernel, with whole-row exchanges (contiguous in row-major storage).
#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "linalg/checks.h"
#include "linalg/linalg.h"
#include "linalg/multiply_subtract.h"

namespace adj::linalg {

namespace {

using detail::StridedMatrix;

constexpr int64_t kLeafColumns = 16;  // narrower panels are eliminated column by column
constexpr int64_t kLeafOrder = 32;    // smaller triangles are solved by substitution

// Scaling by 1/pivot is exact enough and cheaper, unless 1/pivot would overflow (as LAPACK's getf2).
template <class T>
void divide_by_pivot(T* x, int64_t count, int64_t stride, T pivot) {
  if (std::abs(pivot) >= std::numeric_limits<T>::min()) {
    const T inv = T(1) / pivot;
    for (int64_t i = 0; i < count; ++i) x[i * stride] *= inv;
  } else {
    for (int64_t i = 0; i < count; ++i) x[i * stride] /= pivot;
  }
}

// A triangular matrix: t(i, k) for the k ≤ i (lower) or k ≥ i (upper) part; unit: diagonal is 1.
template <class T>
struct Triangle {
  StridedMatrix<T> t;
  bool lower, unit;
  Triangle block(int64_t i) const { return {t.block(i, i), lower, unit}; }
};

// X = T⁻¹ B by substitution; B is h×p row-major (leading dimension ldb), overwritten by X.
template <class T>
void substitute(const Triangle<T>& tri, int64_t h, T* b, int64_t ldb, int64_t p) {
  const StridedMatrix<T> t = tri.t;
  if (p == 1 && t.row_stride == 1) {
    // Column-oriented (t's columns are contiguous): finish x_k, then remove it from the rest.
    for (int64_t s = 0; s < h; ++s) {
      const int64_t k = tri.lower ? s : h - 1 - s;
      if (!tri.unit) b[k * ldb] /= t(k, k);
      const T xk = b[k * ldb];
      const int64_t lo = tri.lower ? k + 1 : 0, hi = tri.lower ? h : k;
      for (int64_t i = lo; i < hi; ++i) b[i * ldb] -= t(i, k) * xk;
    }
    return;
  }
  // Row-oriented: x_i = (b_i − Σ_k t(i,k) x_k) / t(i,i), vectorized along the p columns.
  for (int64_t s = 0; s < h; ++s) {
    const int64_t i = tri.lower ? s : h - 1 - s;
    T* xi = b + i * ldb;
    const int64_t lo = tri.lower ? 0 : i + 1, hi = tri.lower ? i : h;
    if (p == 1) {
      T sum = xi[0];
      for (int64_t k = lo; k < hi; ++k) sum -= t(i, k) * b[k * ldb];
      xi[0] = sum;
    } else {
      for (int64_t k = lo; k < hi; ++k) {
        const T tik = t(i, k);
        const T* xk = b + k * ldb;
        for (int64_t j = 0; j < p; ++j) xi[j] -= tik * xk[j];
      }
    }
    if (!tri.unit) divide_by_pivot(xi, p, 1, t(i, i));
  }
}

// X = T⁻¹ B, recursively halving T so that the off-diagonal blocks go through the packed kernel.
template <class T>
void solve_triangular(const Triangle<T>& tri, int64_t h, T* b, int64_t ldb, int64_t p) {
  if (h <= kLeafOrder || p < 8) return substitute(tri, h, b, ldb, p);
  const int64_t h1 = h / 2, h2 = h - h1;
  T* b2 = b + h1 * ldb;
  if (tri.lower) {
    // [T11 0; T21 T22]: X1 = T11⁻¹B1, X2 = T22⁻¹(B2 − T21 X1).
    solve_triangular(tri, h1, b, ldb, p);
    detail::multiply_subtract(h2, p, h1, tri.t.block(h1, 0), b, ldb, b2, ldb);
    solve_triangular(tri.block(h1), h2, b2, ldb, p);
  } else {
    // [T11 T12; 0 T22]: X2 = T22⁻¹B2, X1 = T11⁻¹(B1 − T12 X2).
    solve_triangular(tri.block(h1), h2, b2, ldb, p);
    detail::multiply_subtract(h1, p, h2, tri.t.block(0, h1), b2, ldb, b, ldb);
    solve_triangular(tri, h1, b, ldb, p);
  }
}

// Unblocked elimination of a narrow panel: columns c0…c0+nc−1 of rows c0…n−1 are copied to a
// contiguous buffer first, because in place their rows lie n apart (a power of two for the
// usual n, so they would all compete for the same few cache sets).
template <class T>
void factor_panel(T* a, int64_t n, int64_t c0, int64_t nc, int64_t* pivots) {
  const int64_t m = n - c0;
  std::vector<T> panel(m * nc);
  for (int64_t i = 0; i < m; ++i) std::copy_n(a + (c0 + i) * n + c0, nc, panel.data() + i * nc);
  for (int64_t j = 0; j < nc; ++j) {
    int64_t p = j;
    T best = std::abs(panel[j * nc + j]);
    for (int64_t i = j + 1; i < m; ++i)
      if (std::abs(panel[i * nc + j]) > best) best = std::abs(panel[i * nc + j]), p = i;
    pivots[c0 + j] = c0 + p;
    T* pivot_row = panel.data() + j * nc;
    if (p != j) {
      std::swap_ranges(pivot_row, pivot_row + nc, panel.data() + p * nc);
      // The same exchange outside the panel's columns.
      T* rj = a + (c0 + j) * n;
      T* rp = a + (c0 + p) * n;
      std::swap_ranges(rj, rj + c0, rp);
      std::swap_ranges(rj + c0 + nc, rj + n, rp + c0 + nc);
    }
    if (pivot_row[j] == T(0)) detail::throw_singular("lu_factor", c0 + j);
    divide_by_pivot(pivot_row + nc + j, m - j - 1, nc, pivot_row[j]);
    for (int64_t i = j + 1; i < m; ++i) {
      T* row = panel.data() + i * nc;
      const T l = row[j];
      for (int64_t c = j + 1; c < nc; ++c) row[c] -= l * pivot_row[c];
    }
  }
  for (int64_t i = 0; i < m; ++i) std::copy_n(panel.data() + i * nc, nc, a + (c0 + i) * n + c0);
}

// Factors columns c0…c0+nc−1 of rows c0…n−1 of a (n×n), exchanging whole rows.
template <class T>
void factor_columns(T* a, int64_t n, int64_t c0, int64_t nc, int64_t* pivots) {
  if (nc <= kLeafColumns) return factor_panel(a, n, c0, nc, pivots);
  // [A11 A12; A21 A22] split after h columns: factor the left, A12 ← L11⁻¹A12,
  // A22 ← A22 − L21·A12, factor the right.
  const int64_t h = nc / 2;
  factor_columns(a, n, c0, h, pivots);
  T* a12 = a + c0 * n + c0 + h;
  solve_triangular(Triangle<T>{{a + c0 * n + c0, n, 1}, true, true}, h, a12, n, nc - h);
  detail::multiply_subtract(n - c0 - h, nc - h, h, StridedMatrix<T>{a + (c0 + h) * n + c0, n, 1}, a12, n,
                            a12 + h * n, n);
  factor_columns(a, n, c0 + h, nc - h, pivots);
}

}  // namespace

template <class T>
DenseLU<T> lu_factor(const T* a, int64_t n) {
  detail::check_order("lu_factor", n);
  DenseLU<T> f;
  f.n = n;
  f.lu.assign(a, a + detail::checked_size("lu_factor", n, n));
  f.pivots.resize(n);
  if (n > 0) factor_columns(f.lu.data(), n, 0, n, f.pivots.data());
  return f;
}

template <class T>
void lu_solve(const DenseLU<T>& f, T* b, int64_t nrhs, bool transpose) {
  const int64_t n = f.n;
  detail::check_rhs_count("lu_solve", n, nrhs);
  if (n == 0 || nrhs == 0) return;
  const T* lu = f.lu.data();
  auto exchange = [&](int64_t i) {
    if (f.pivots[i] != i) std::swap_ranges(b + i * nrhs, b + (i + 1) * nrhs, b + f.pivots[i] * nrhs);
  };
  if (!transpose) {
    // A = Pᵀ L U: x = U⁻¹ L⁻¹ P b.
    for (int64_t i = 0; i < n; ++i) exchange(i);
    solve_triangular(Triangle<T>{{lu, n, 1}, true, true}, n, b, nrhs, nrhs);
    solve_triangular(Triangle<T>{{lu, n, 1}, false, false}, n, b, nrhs, nrhs);
  } else {
    // Aᵀ = Uᵀ Lᵀ P: x = Pᵀ L⁻ᵀ U⁻ᵀ b; the transposes are read through swapped strides.
    solve_triangular(Triangle<T>{{lu, 1, n}, true, false}, n, b, nrhs, nrhs);
    solve_triangular(Triangle<T>{{lu, 1, n}, false, true}, n, b, nrhs, nrhs);
    for (int64_t i = n - 1; i >= 0; --i) exchange(i);
  }
}

template <class T>
T lu_det(const DenseLU<T>& f) {
  T det = T(1);
  for (int64_t i = 0; i < f.n; ++i) det *= f.pivots[i] != i ? -f.lu[i * f.n + i] : f.lu[i * f.n + i];
  return det;
}

template <class T>
void lu_slogdet(const DenseLU<T>& f, T* sign, T* logabsdet) {
  T s = T(1), log_sum = T(0);
  for (int64_t i = 0; i < f.n; ++i) {
    const T u = f.lu[i * f.n + i];
    // u < 0 flips the sign; a NaN pivot makes the sign NaN (0 cannot occur: it throws in lu_factor).
    s *= u > T(0) ? T(1) : u < T(0) ? T(-1) : u;
    if (f.pivots[i] != i) s = -s;
    log_sum += std::log(std::abs(u));
  }
  *sign = s;
  *logabsdet = log_sum;
}

template <class T>
void lu_inverse(const DenseLU<T>& f, T* out) {
  const int64_t n = f.n;
  std::fill(out, out + n * n, T(0));
  for (int64_t i = 0; i < n; ++i) out[i * n + i] = T(1);
  lu_solve(f, out, n, false);
}

#define ADJ_LINALG_INSTANTIATE_DENSE(T)                        \
  template DenseLU<T> lu_factor(const T*, int64_t);            \
  template void lu_solve(const DenseLU<T>&, T*, int64_t, bool); \
  template T lu_det(const DenseLU<T>&);                        \
  template void lu_slogdet(const DenseLU<T>&, T*, T*);         \
  template void lu_inverse(const DenseLU<T>&, T*);
ADJ_LINALG_INSTANTIATE_DENSE(float)
ADJ_LINALG_INSTANTIATE_DENSE(double)
#undef ADJ_LINALG_INSTANTIATE_DENSE

}  // namespace adj::linalg
