// Linear-algebra kernels: dense, tridiagonal, cyclic-tridiagonal and banded LU with partial
// pivoting, and banded Cholesky. Pure numerics (the autodiff rules and bindings live elsewhere).
//
// Conventions: every matrix is row-major and contiguous; a right-hand side `b` is [n, nrhs]
// row-major (row i holds equation i's nrhs values) and is overwritten with the solution.
// `transpose = true` solves Aᵀx = b with the same factorization. Each factorization is a value
// type owning its storage, so the autodiff tape can keep it and reuse it in the backward pass.
// Errors (adj::Error from core/error.h): an exactly-zero pivot (or a non-positive Cholesky pivot)
// → ErrorKind::Singular naming the index; a negative or inconsistent size → ErrorKind::Shape.
// NaN input yields NaN output, never an error. n = 0 is a valid, empty system.
// Thread-safe: no shared mutable state. Explicitly instantiated for float and double.
#pragma once
#include <cstdint>
#include <vector>

#include "core/pool.h"

namespace adj::linalg {

// PA = LU, Gaussian elimination with partial pivoting (as LAPACK's getrf), blocked by recursive
// column halving (Toledo) so that almost all the work is a packed matrix-multiply kernel.
template <class T>
struct DenseLU {
  int64_t n = 0;
  ArrayVector<T> lu;            // n×n: L strictly below the diagonal (unit diagonal implied), U on/above
  ArrayVector<int64_t> pivots;  // n: step i exchanged rows i and pivots[i] (≥ i)
};

template <class T> DenseLU<T> lu_factor(const T* a, int64_t n);  // a: n×n, not modified
template <class T> void lu_solve(const DenseLU<T>& f, T* b, int64_t nrhs, bool transpose);
template <class T> T lu_det(const DenseLU<T>& f);
// sign ∈ {−1, +1} (NaN if a pivot is NaN) and log|det A|, which does not overflow like lu_det.
template <class T> void lu_slogdet(const DenseLU<T>& f, T* sign, T* logabsdet);
template <class T> void lu_inverse(const DenseLU<T>& f, T* out);  // out: n×n = A⁻¹

// Band LU with partial pivoting, as LAPACK's gbtrf: kl sub- and ku super-diagonals; pivoting
// widens U to kl + ku super-diagonals. The layout is internal (shared with the cyclic solver
// below), documented for debugging.
template <class T>
struct BandedLU {
  int64_t n = 0, kl = 0, ku = 0;
  // n rows of kl+ku+1: row i = (1/U[i][i], U[i][i+1]/U[i][i], …, U[i][i+kl+ku]/U[i][i]),
  // zero past column n−1.
  ArrayVector<T> upper;
  ArrayVector<T> lower;               // n rows of kl: step i's multipliers for rows i+1…i+kl, zero past row n−1
  ArrayVector<int32_t> pivot_offset;  // n: step i exchanged rows i and i + pivot_offset[i] (0 ≤ offset ≤ kl)
};

// ab: [kl+ku+1, n] row-major with ab[ku + i − j][j] = A[i][j] (SciPy's solve_banded layout);
// entries that fall outside the matrix are ignored. Requires 0 ≤ kl, ku ≤ max(n − 1, 0)
// (any kl, ku ≥ 0 when n = 0) and kl, ku < 2²⁹.
template <class T> BandedLU<T> banded_factor(const T* ab, int64_t kl, int64_t ku, int64_t n);
template <class T> void banded_solve(const BandedLU<T>& f, T* b, int64_t nrhs, bool transpose);
// banded_factor, then banded_solve with that factorization, in one call: with one right-hand
// side and transpose = false, b goes through L⁻¹ during the elimination (a pass over the factor
// fewer, which counts once the factor no longer fits in cache). The factorization is returned
// for later solves; after an error b holds partial results.
template <class T>
BandedLU<T> banded_factor_solve(const T* ab, int64_t kl, int64_t ku, int64_t n, T* b, int64_t nrhs, bool transpose);

// Tridiagonal LU with partial pivoting (as LAPACK's gttrf: one super-diagonal of fill-in), so it
// is stable without diagonal dominance. dl, du: n−1 entries, A[i+1][i] = dl[i], A[i][i+1] = du[i].
// The elimination runs from both ends towards the middle (see tridiagonal.cc).
template <class T>
struct TridiagonalLU {
  int64_t n = 0;
  int64_t split = 0;  // m: rows 0…m eliminated downwards, rows m+2…n−1 upwards, row m+1 last
  // n rows of 3: (1/pivot, U₁/pivot, U₂/pivot) of the step that produced the row, U₁ and U₂ being
  // the pivot row's entries one and two columns further from its sweep's start.
  ArrayVector<T> upper;
  ArrayVector<T> multipliers;      // n: that step's multiplier
  ArrayVector<uint8_t> exchanged;  // n: that step exchanged its two rows
};

template <class T> TridiagonalLU<T> tridiagonal_factor(const T* dl, const T* d, const T* du, int64_t n);
template <class T> void tridiagonal_solve(const TridiagonalLU<T>& f, T* b, int64_t nrhs, bool transpose);

// Cyclic (periodic) tridiagonal: the tridiagonal matrix above plus the corners
// A[n−1][0] = lower and A[0][n−1] = upper. For n = 2 the corners coincide with the
// off-diagonals and are added to them: A = [[d0, du0 + upper], [dl0 + lower, d1]].
// For n = 1 the matrix is [d0] (the corners are ignored).
// Method: the symmetric interleaving permutation (0, n−1, 1, n−2, 2, …) turns A into a band
// matrix with kl = ku = 2, factored by band LU with partial pivoting — backward stable like any
// partially pivoted LU, with none of the breakdowns of Sherman–Morrison splittings. A zero
// pivot is reported at its elimination step in that interleaved order.
template <class T>
struct CyclicLU {
  BandedLU<T> lu;  // of P A Pᵀ, P the interleaving permutation
};

template <class T>
CyclicLU<T> cyclic_factor(const T* dl, const T* d, const T* du, T lower, T upper, int64_t n);
template <class T> void cyclic_solve(const CyclicLU<T>& f, T* b, int64_t nrhs, bool transpose);

// A = UᵀU for symmetric positive definite A with k super-diagonals (as LAPACK's pbtrf, upper).
template <class T>
struct BandedCholesky {
  int64_t n = 0, k = 0;
  // n rows of k+1: row i = (1/U[i][i], U[i][i+1]/U[i][i], …, U[i][i+k]/U[i][i]), zero past column n−1.
  ArrayVector<T> upper;
};

// ab: [k+1, n] row-major with ab[k + i − j][j] = A[i][j] for i ≤ j (SciPy's solveh_banded upper
// layout); entries outside the matrix are ignored. Requires 0 ≤ k ≤ max(n − 1, 0) (any k ≥ 0 when n = 0).
template <class T> BandedCholesky<T> cholesky_banded_factor(const T* ab, int64_t k, int64_t n);
template <class T> void cholesky_banded_solve(const BandedCholesky<T>& f, T* b, int64_t nrhs);

}  // namespace adj::linalg
