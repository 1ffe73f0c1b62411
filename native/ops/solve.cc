// Linear solves x = A⁻¹b with structured A, wrapping native/linalg (pure numerics) with rules.
// One template serves every structure; a Kind says how A is given and factored, how a tangent
// of A acts on x, and where the cotangent −b̄xᵀ lands in A's storage:
//   x = A⁻¹b;   ẋ = A⁻¹(ḃ − Ȧx);   b̄ = A⁻ᵀx̄;   Ā = −P(b̄xᵀ), P the projection on A's structure
// (transposed solves, Aᵀx = b, swap the roles: Ā = −P(x b̄ᵀ)). The transposed solve of the
// pullback reuses the factorization kept beside x (Note [Kept factorizations] in value.h) when
// everything is concrete; under an outer level it is an op like any other, so the rules nest.
// Nothing dense is formed for band structures: Ȧx and P(b̄xᵀ) are band_matvec and band_outer
// (banded.cc), O(n·bandwidth).
//
// Ops: solve (A), tridiagonal_solve (dl, d, du), cyclic_tridiagonal_solve (dl, d, du, lower,
// upper), banded_solve (ab), cholesky_banded_solve (ab, upper form), each followed by b.
// Attrs: i = {transpose, kl, ku} (banded: the band; cholesky: ku = k).
#include <algorithm>
#include <cstring>
#include <limits>
#include <memory>
#include <string>

#include "linalg/linalg.h"
#include "ops/api.h"
#include "ops/kernel.h"
#include "ops/taylor.h"

namespace adj {
namespace {

bool transposed(const Attrs& a) { return a.i[0] != 0; }

Attrs solve_attrs(bool transpose, int64_t kl = 0, int64_t ku = 0) {
  Attrs a;
  a.i = {transpose ? 1 : 0, kl, ku};
  return a;
}

// The row `r` of x ([n] or [n, k]) as a [1] / [1, k] region, and the region itself.
ops::Region row_region(const VRef& x, int64_t r) {
  ops::Region reg = {r, 1, 1};
  if (x->ndim() == 2) reg.insert(reg.end(), {0, 1, x->shape[1]});
  return reg;
}
VRef row_of(const VRef& x, int64_t r) { return ops::region_get(x, row_region(x, r)); }

// −Σ_c u[i,c]·v[j,c] for single entries of a structured A (the cyclic corners).
VRef minus_entry(const VRef& u, int64_t i, const VRef& v, int64_t j) {
  return ops::neg(ops::sum(ops::mul(row_of(u, i), row_of(v, j)), {}, false));
}

// Tridiagonal bands as a [3, n] band (kl = ku = 1): (du shifted right, d, dl).
VRef pack_tridiagonal(const VRef& dl, const VRef& d, const VRef& du) {
  return ops::stack({ops::pad(du, {1, 0}), d, ops::pad(dl, {0, 1})}, 0);
}
VRef band_row(const VRef& ab, int64_t r, int64_t from, int64_t to) {
  const int64_t n = ab->shape[1];
  return ops::slice(ops::reshape(ops::slice(ab, r, r + 1, 1, 0), {n}), from, to, 1, 0);
}

// −P(b̄xᵀ) (or −P(x b̄ᵀ) when transposed) in band storage.
VRef minus_band_outer(const VRef& bbar, const VRef& x, int64_t kl, int64_t ku, bool tr) {
  return ops::neg(tr ? ops::band_outer(x, bbar, kl, ku) : ops::band_outer(bbar, x, kl, ku));
}

VRef tangent_or_zero(const VRef& t, const VRef& like) { return t ? t : ops::zeros_like(like); }
bool any_of(const Values& t, size_t count) {
  for (size_t m = 0; m < count; ++m)
    if (t[m]) return true;
  return false;
}

// --- the kinds ------------------------------------------------------------------------------

struct DenseKind {
  static constexpr const char* name = "solve";
  static constexpr size_t nmat = 1;
  static const OpDef& op() { return op_solve; }
  template <class T> using Factor = linalg::DenseLU<T>;
  template <class T> static Factor<T> factor(const Values& in, const Attrs&, int64_t n) {
    return linalg::lu_factor(in[0]->template data<T>(), n);
  }
  template <class T> static void solve(const Factor<T>& f, T* b, int64_t nrhs, bool tr) { linalg::lu_solve(f, b, nrhs, tr); }
  // Ȧx (Ȧᵀx)
  static VRef tangent_product(const Ctx&, const Values& t, const VRef& x, bool tr) {
    return ops::matmul(tr ? ops::transpose(t[0], {}) : t[0], x);
  }
  // Ā = −b̄xᵀ (−x b̄ᵀ)
  static void matrix_cotangents(const Ctx&, const VRef& bbar, const VRef& x, bool tr, Values& grads) {
    const VRef &u = tr ? x : bbar, &v = tr ? bbar : x;
    grads[0] = ops::neg(x->ndim() == 1 ? ops::outer(u, v) : ops::matmul(u, ops::transpose(v, {})));
  }
};

struct TridiagonalKind {
  static constexpr const char* name = "tridiagonal_solve";
  static constexpr size_t nmat = 3;
  static const OpDef& op() { return op_tridiagonal_solve; }
  template <class T> using Factor = linalg::TridiagonalLU<T>;
  template <class T> static Factor<T> factor(const Values& in, const Attrs&, int64_t n) {
    return linalg::tridiagonal_factor(in[0]->template data<T>(), in[1]->template data<T>(), in[2]->template data<T>(), n);
  }
  template <class T> static void solve(const Factor<T>& f, T* b, int64_t nrhs, bool tr) { linalg::tridiagonal_solve(f, b, nrhs, tr); }
  static VRef tangent_product(const Ctx& c, const Values& t, const VRef& x, bool tr) {
    if (x->shape[0] == 0) return ops::zeros_like(x);
    const VRef band = pack_tridiagonal(tangent_or_zero(t[0], c.in[0]), tangent_or_zero(t[1], c.in[1]), tangent_or_zero(t[2], c.in[2]));
    return ops::band_matvec(band, x, 1, 1, tr);
  }
  static void matrix_cotangents(const Ctx& c, const VRef& bbar, const VRef& x, bool tr, Values& grads) {
    const int64_t n = x->shape[0];
    if (n == 0) {
      for (size_t m = 0; m < 3; ++m) grads[m] = ops::zeros_like(c.in[m]);
      return;
    }
    const VRef ab = minus_band_outer(bbar, x, 1, 1, tr);
    grads[0] = band_row(ab, 2, 0, n - 1);  // A[i+1][i]
    grads[1] = band_row(ab, 1, 0, n);
    grads[2] = band_row(ab, 0, 1, n);  // A[i][i+1]
  }
};

// The tridiagonal part plus the corners A[n−1][0] = lower, A[0][n−1] = upper (n ≥ 2).
struct CyclicKind {
  static constexpr const char* name = "cyclic_tridiagonal_solve";
  static constexpr size_t nmat = 5;
  static const OpDef& op() { return op_cyclic_tridiagonal_solve; }
  template <class T> using Factor = linalg::CyclicLU<T>;
  template <class T> static Factor<T> factor(const Values& in, const Attrs&, int64_t n) {
    return linalg::cyclic_factor(in[0]->template data<T>(), in[1]->template data<T>(), in[2]->template data<T>(),
                                 *in[3]->template data<T>(), *in[4]->template data<T>(), n);
  }
  template <class T> static void solve(const Factor<T>& f, T* b, int64_t nrhs, bool tr) { linalg::cyclic_solve(f, b, nrhs, tr); }
  static VRef tangent_product(const Ctx& c, const Values& t, const VRef& x, bool tr) {
    VRef y = TridiagonalKind::tangent_product(c, t, x, tr);
    const int64_t n = x->shape[0];
    if (n < 2) return y;
    // (Ȧx)[0] += U̇·x[n−1], (Ȧx)[n−1] += L̇·x[0]; transposed, the corners trade places
    const VRef &to_first = tr ? t[3] : t[4], &to_last = tr ? t[4] : t[3];
    if (to_first) y = ops::region_add(y, ops::mul(to_first, row_of(x, n - 1)), row_region(x, 0));
    if (to_last) y = ops::region_add(y, ops::mul(to_last, row_of(x, 0)), row_region(x, n - 1));
    return y;
  }
  static void matrix_cotangents(const Ctx& c, const VRef& bbar, const VRef& x, bool tr, Values& grads) {
    TridiagonalKind::matrix_cotangents(c, bbar, x, tr, grads);
    const int64_t n = x->shape[0];
    if (n < 2) {
      grads[3] = ops::zeros_like(c.in[3]);
      grads[4] = ops::zeros_like(c.in[4]);
      return;
    }
    // L̄ = −b̄[n−1]·x[0], Ū = −b̄[0]·x[n−1] (transposed: −x[n−1]·b̄[0], −x[0]·b̄[n−1])
    const VRef &u = tr ? x : bbar, &v = tr ? bbar : x;
    grads[3] = minus_entry(u, n - 1, v, 0);
    grads[4] = minus_entry(u, 0, v, n - 1);
  }
};

struct BandedKind {
  static constexpr const char* name = "banded_solve";
  static constexpr size_t nmat = 1;
  static const OpDef& op() { return op_banded_solve; }
  template <class T> using Factor = linalg::BandedLU<T>;
  template <class T> static void solve(const Factor<T>& f, T* b, int64_t nrhs, bool tr) { linalg::banded_solve(f, b, nrhs, tr); }
  // (factors and solves in one pass: see factor_then_solve)
  template <class T> static Factor<T> factor_solve(const Values& in, const Attrs& a, int64_t n, T* b, int64_t nrhs, bool tr) {
    return linalg::banded_factor_solve(in[0]->template data<T>(), a.i[1], a.i[2], n, b, nrhs, tr);
  }
  static VRef tangent_product(const Ctx& c, const Values& t, const VRef& x, bool tr) {
    return ops::band_matvec(t[0], x, c.attrs.i[1], c.attrs.i[2], tr);
  }
  static void matrix_cotangents(const Ctx& c, const VRef& bbar, const VRef& x, bool tr, Values& grads) {
    grads[0] = minus_band_outer(bbar, x, c.attrs.i[1], c.attrs.i[2], tr);
  }
};

// Symmetric A from its upper band ab[k + i − j][j] = A[i][j], i ≤ j (k = attrs ku). An
// off-diagonal entry stands for A[i][j] and A[j][i], so its cotangent sums both.
struct CholeskyBandedKind {
  static constexpr const char* name = "cholesky_banded_solve";
  static constexpr size_t nmat = 1;
  static const OpDef& op() { return op_cholesky_banded_solve; }
  template <class T> using Factor = linalg::BandedCholesky<T>;
  template <class T> static Factor<T> factor(const Values& in, const Attrs& a, int64_t n) {
    return linalg::cholesky_banded_factor(in[0]->template data<T>(), a.i[2], n);
  }
  template <class T> static void solve(const Factor<T>& f, T* b, int64_t nrhs, bool) { linalg::cholesky_banded_solve(f, b, nrhs); }
  // per band row: `diag` on the diagonal row k, `off` on the others; shaped [k+1, 1]
  static VRef row_weights(const VRef& like, int64_t k, double off, double diag) {
    VRef w = full(like->dtype, {k + 1, 1}, off);
    dispatch_real(like->dtype, name, [&](auto t) { w->template data<decltype(t)>()[k] = static_cast<decltype(t)>(diag); });
    return w;
  }
  // Ȧx = (upper band)·x + (strictly upper band)ᵀ·x
  static VRef tangent_product(const Ctx& c, const Values& t, const VRef& x, bool) {
    const int64_t k = c.attrs.i[2];
    const VRef strict = ops::mul(t[0], row_weights(t[0], k, 1, 0));
    return ops::add(ops::band_matvec(t[0], x, 0, k, false), ops::band_matvec(strict, x, 0, k, true));
  }
  static void matrix_cotangents(const Ctx& c, const VRef& bbar, const VRef& x, bool, Values& grads) {
    const int64_t k = c.attrs.i[2];
    const VRef both = ops::add(ops::band_outer(bbar, x, 0, k), ops::band_outer(x, bbar, 0, k));
    grads[0] = ops::neg(ops::mul(both, row_weights(both, k, 1, 0.5)));
  }
};

// --- the shared rules -----------------------------------------------------------------------

// The factorization of A, having solved b with it: K::factor then K::solve, or K::factor_solve
// for a Kind that solves as it factors.
template <class K, class T>
auto factor_then_solve(const Values& mats, const Attrs& a, int64_t n, T* b, int64_t nrhs, bool tr, int)
    -> decltype(K::template factor_solve<T>(mats, a, n, b, nrhs, tr)) {
  return K::template factor_solve<T>(mats, a, n, b, nrhs, tr);
}
template <class K, class T>
typename K::template Factor<T> factor_then_solve(const Values& mats, const Attrs& a, int64_t n, T* b, int64_t nrhs, bool tr, long) {
  auto f = K::template factor<T>(mats, a, n);
  K::template solve<T>(f, b, nrhs, tr);
  return f;
}

template <class K>
VRef solve_with(const Values& mats, const VRef& rhs, const Attrs& a, const void* kept) {
  VRef x = empty(rhs->dtype, rhs->shape);
  if (rhs->size) std::memcpy(x->storage->data, rhs->storage->data, rhs->storage->bytes);
  const int64_t n = rhs->shape[0];
  dispatch_real(rhs->dtype, K::name, [&](auto t) {
    using T = decltype(t);
    using F = typename K::template Factor<T>;
    if (kept) {
      K::template solve<T>(*static_cast<const F*>(kept), x->template data<T>(), columns(rhs), transposed(a));
      return;
    }
    // (the int argument prefers K::factor_solve where there is one)
    // (the factorization's header from the pool: a malloc per solve otherwise)
    x->kept = std::allocate_shared<F>(PoolAllocator<F>(), factor_then_solve<K, T>(mats, a, n, x->template data<T>(), columns(rhs), transposed(a), 0));
  });
  return x;
}

template <class K>
VRef solve_eval(const Values& in, const Attrs& a) {
  return solve_with<K>(Values(in.begin(), in.begin() + K::nmat), in[K::nmat], a, nullptr);
}

// A compiled replay whose matrix operands are all constants of the program solves the new
// right-hand side with the recording's factorization, and keeps it for the pullback.
template <class K>
VRef solve_replay(const Values& in, const Node& recorded) {
  const VRef& rhs = in[K::nmat];
  bool fixed = recorded.out && recorded.out->kept && rhs->dtype == recorded.out->dtype;
  for (size_t m = 0; m < K::nmat && fixed; ++m) fixed = recorded.parents[m] < 0;
  if (!fixed) return solve_eval<K>(in, recorded.attrs);
  VRef x = solve_with<K>({}, rhs, recorded.attrs, recorded.out->kept.get());
  x->kept = recorded.out->kept;
  return x;
}

// A⁻¹rhs (A⁻ᵀrhs): with the kept factorization when A, rhs and the output are concrete.
template <class K>
VRef solve_again(const Ctx& c, const VRef& rhs, bool tr) {
  Attrs a = c.attrs;
  a.i[0] = tr ? 1 : 0;
  bool concrete_mats = true;
  for (size_t m = 0; m < K::nmat; ++m) concrete_mats &= c.in[m]->tag == 0;
  if (concrete_mats && !rhs->tag && c.out->kept && rhs->dtype == c.out->dtype) return solve_with<K>({}, rhs, a, c.out->kept.get());
  Values in(c.in.begin(), c.in.begin() + K::nmat);
  in.push_back(rhs);
  return apply(K::op(), std::move(in), a);
}

// ẋ = A⁻¹(ḃ − Ȧx)
template <class K>
VRef solve_jvp(const Ctx& c, const Values& t) {
  const bool tr = transposed(c.attrs);
  VRef rhs = t[K::nmat];
  if (any_of(t, K::nmat)) {
    const VRef ax = K::tangent_product(c, t, c.out, tr);
    rhs = rhs ? ops::sub(rhs, ax) : ops::neg(ax);
  }
  return solve_again<K>(c, rhs, tr);
}

// b̄ = A⁻ᵀx̄; Ā = −P(b̄xᵀ)
template <class K>
void solve_vjp(const Ctx& c, const VRef& g, const std::vector<bool>& need, Values& grads) {
  const bool tr = transposed(c.attrs);
  const VRef bbar = solve_again<K>(c, g, !tr);
  if (need[K::nmat]) grads[K::nmat] = bbar;
  if (std::any_of(need.begin(), need.begin() + K::nmat, [](bool b) { return b; })) K::matrix_cotangents(c, bbar, c.out, tr, grads);
}

// Taylor mode: A(s)·x(s) = b(s) term by term, x_k = A_0⁻¹(b_k − Σ_{j=1..k} A_j·x_{k−j}), each
// solve reusing x_0's factorization.
template <class K>
VRef solve_taylor(const OpDef&, const Ctx& c, const Values& coeffs) {
  const bool tr = transposed(c.attrs);
  std::vector<taylor::Series> in;
  for (size_t i = 0; i <= K::nmat; ++i) in.push_back(taylor::series(c, coeffs, i));
  taylor::Series x(in[0].size());
  x[0] = c.out;
  Values dmats(K::nmat + 1);
  for (size_t k = 1; k < x.size(); ++k) {
    VRef rhs = in[K::nmat][k];
    for (size_t j = 1; j <= k; ++j) {
      bool any = false;
      for (size_t m = 0; m < K::nmat; ++m) any |= (dmats[m] = in[m][j]) != nullptr;
      if (!any) continue;
      const VRef ax = K::tangent_product(c, dmats, x[k - j], tr);
      rhs = rhs ? ops::sub(rhs, ax) : ops::neg(ax);
    }
    if (rhs) x[k] = solve_again<K>(c, rhs, tr);
  }
  return taylor::stacked(c, x);
}

template <class K>
constexpr OpDef solve_def() {
  return OpDef{K::name, &solve_eval<K>, &solve_jvp<K>, &solve_vjp<K>, false, &solve_taylor<K>, &solve_replay<K>};
}

// --- validation -----------------------------------------------------------------------------

std::string str(int64_t v) { return std::to_string(v); }

void expect_shape(const char* what, const char* name, const VRef& v, const Shape& want) {
  if (v->shape != want)
    fail(ErrorKind::Shape, std::string(what) + ": " + name + " has shape " + shape_str(v->shape) + ", expected " + shape_str(want));
}

}  // namespace

const OpDef op_solve = solve_def<DenseKind>();
const OpDef op_tridiagonal_solve = solve_def<TridiagonalKind>();
const OpDef op_cyclic_tridiagonal_solve = solve_def<CyclicKind>();
const OpDef op_banded_solve = solve_def<BandedKind>();
const OpDef op_cholesky_banded_solve = solve_def<CholeskyBandedKind>();

VRef ops::solve(const VRef& a, const VRef& b) {
  const int64_t n = rhs_rows("solve", "b", b);
  expect_shape("solve", "A", a, {n, n});
  return apply(op_solve, ops::promoted({a, b}), solve_attrs(false));
}

VRef ops::tridiagonal_solve(const VRef& dl, const VRef& d, const VRef& du, const VRef& b) {
  const int64_t n = rhs_rows("tridiagonalSolve", "b", b);
  const int64_t off = std::max<int64_t>(n - 1, 0);
  expect_shape("tridiagonalSolve", "dl", dl, {off});
  expect_shape("tridiagonalSolve", "d", d, {n});
  expect_shape("tridiagonalSolve", "du", du, {off});
  return apply(op_tridiagonal_solve, ops::promoted({dl, d, du, b}), solve_attrs(false));
}

VRef ops::cyclic_tridiagonal_solve(const VRef& dl, const VRef& d, const VRef& du, const VRef& lower, const VRef& upper,
                                   const VRef& b) {
  const int64_t n = rhs_rows("cyclicTridiagonalSolve", "b", b);
  const int64_t off = std::max<int64_t>(n - 1, 0);
  expect_shape("cyclicTridiagonalSolve", "dl", dl, {off});
  expect_shape("cyclicTridiagonalSolve", "d", d, {n});
  expect_shape("cyclicTridiagonalSolve", "du", du, {off});
  expect_shape("cyclicTridiagonalSolve", "lower", lower, {});
  expect_shape("cyclicTridiagonalSolve", "upper", upper, {});
  return apply(op_cyclic_tridiagonal_solve, ops::promoted({dl, d, du, lower, upper, b}), solve_attrs(false));
}

VRef ops::banded_solve(const VRef& ab, int64_t kl, int64_t ku, const VRef& b) {
  const int64_t n = rhs_rows("bandedSolve", "b", b);
  if (kl < 0 || ku < 0 || (n > 0 && (kl > n - 1 || ku > n - 1)))
    fail(ErrorKind::Shape, "bandedSolve: kl = " + str(kl) + " and ku = " + str(ku) + " must lie in [0, n − 1] for n = " + str(n));
  expect_shape("bandedSolve", "ab", ab, {kl + ku + 1, n});
  return apply(op_banded_solve, ops::promoted({ab, b}), solve_attrs(false, kl, ku));
}

VRef ops::cholesky_banded_solve(const VRef& ab, int64_t k, const VRef& b) {
  const int64_t n = rhs_rows("choleskyBandedSolve", "b", b);
  if (k < 0 || (n > 0 && k > n - 1))
    fail(ErrorKind::Shape, "choleskyBandedSolve: k = " + str(k) + " must lie in [0, n − 1] for n = " + str(n));
  expect_shape("choleskyBandedSolve", "ab", ab, {k + 1, n});
  return apply(op_cholesky_banded_solve, ops::promoted({ab, b}), solve_attrs(false, 0, k));
}

}  // namespace adj
