// Matrix products. The primitive op_matmul takes a [..., m, k] and b [..., k, n] (both at
// least 2-D, one dtype) with broadcast batch axes; attrs: none. ops::matmul adds NumPy's 1-D
// promotion, ops::dot NumPy's dot conventions, ops::outer the flattened outer product.
#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "ops/api.h"
#include "ops/gemm.h"
#include "ops/kernel.h"
#include "ops/taylor.h"
#include "ops/lanes.h"

namespace adj {
namespace strided {
// shape.cc: the size of a shape, ShapeError when it overflows (an empty input can have huge
// dims, so the product of two may not fit).
int64_t checked_size(const Shape& s, const char* what);
}  // namespace strided

namespace {

using ops::Axes;

std::string both(const Shape& a, const Shape& b) { return "shapes " + shape_str(a) + " and " + shape_str(b); }

// The contracted lengths of a NumPy matmul: a's last axis and b's second-to-last (b's only
// axis when b is 1-D). Throws ShapeError naming both shapes.
void check_aligned(const Shape& a, const Shape& b, const char* what) {
  if (a.empty() || b.empty())
    fail(ErrorKind::Shape, std::string(what) + ": " + both(a, b) + ": operands must have at least 1 dimension");
  const int64_t ka = a.back(), kb = b.size() == 1 ? b[0] : b[b.size() - 2];
  if (ka != kb)
    fail(ErrorKind::Shape, std::string(what) + ": " + both(a, b) + " are not aligned (" + std::to_string(ka) + " != " + std::to_string(kb) + ")");
}

// The result shape of a NumPy matmul (1-D operands allowed): broadcast batch axes, then m and
// n, each only when its operand has a matrix axis for it.
Shape matmul_shape(const Shape& a, const Shape& b, const char* what) {
  check_aligned(a, b, what);
  const size_t ba = a.size() > 2 ? a.size() - 2 : 0, bb = b.size() > 2 ? b.size() - 2 : 0;
  const size_t nb = std::max(ba, bb);
  Shape r(nb);
  for (size_t i = 0; i < nb; ++i) {
    const int64_t da = i < nb - ba ? 1 : a[i - (nb - ba)];
    const int64_t db = i < nb - bb ? 1 : b[i - (nb - bb)];
    if (da != db && da != 1 && db != 1)
      fail(ErrorKind::Shape, std::string(what) + ": batch dimensions of " + both(a, b) + " do not broadcast (" +
                                 std::to_string(da) + " vs " + std::to_string(db) + ")");
    r[i] = da == 1 ? db : da;
  }
  if (a.size() >= 2) r.push_back(a[a.size() - 2]);
  if (b.size() >= 2) r.push_back(b.back());
  return r;
}

Shape batch_of(const Shape& s) { return Shape(s.begin(), s.end() - 2); }

VRef matmul_eval(const Values& in, const Attrs&) {
  const VRef &a = in[0], &b = in[1];
  if (a->ndim() < 2 || b->ndim() < 2 || a->dtype != b->dtype)
    fail(ErrorKind::Argument, "matmul: the primitive needs operands of at least 2 dimensions and one dtype, got " + both(a->shape, b->shape));
  const Shape os = matmul_shape(a->shape, b->shape, "matmul");
  strided::checked_size(os, "matmul");
  VRef y = empty(a->dtype, os);
  const int64_t m = a->shape[a->shape.size() - 2], k = a->shape.back(), n = b->shape.back();
  const Shape obatch = batch_of(y->shape);
  const Shape sa = broadcast_strides(batch_of(a->shape), obatch), sb = broadcast_strides(batch_of(b->shape), obatch);
  dispatch_any(a->dtype, "matmul", [&](auto t) {
    using T = decltype(t);
    const T* pa = a->template data<T>();
    const T* pb = b->template data<T>();
    T* py = y->template data<T>();
    const int64_t nb = shape_size(obatch);
    if (b->ndim() == 2 && batch_of(a->shape) == obatch) {
      // one B for every batch of A: the batches stacked are the rows of one product
      gemm(pa, pb, py, nb * m, k, n);
      return;
    }
    for (int64_t bi = 0; bi < nb; ++bi) {
      // the batch index's matrix offsets in a and b (0 along their broadcast axes)
      int64_t oa = 0, ob = 0, rest = bi;
      for (size_t d = obatch.size(); d-- > 0;) {
        const int64_t i = rest % obatch[d];
        rest /= obatch[d];
        oa += i * sa[d];
        ob += i * sb[d];
      }
      gemm(pa + oa * m * k, pb + ob * k * n, py + bi * m * n, m, k, n);
    }
  });
  return y;
}

// The conjugate transpose of the last two axes (the transpose on reals).
VRef mH(const VRef& x) {
  Axes perm(static_cast<size_t>(x->ndim()));
  for (size_t d = 0; d < perm.size(); ++d) perm[d] = static_cast<int64_t>(d);
  std::swap(perm[perm.size() - 2], perm[perm.size() - 1]);
  return ops::conj(ops::transpose(x, perm));
}

VRef mm(const VRef& a, const VRef& b) { return apply(op_matmul, {a, b}); }

// One term of the tangent, `tangent·other` (TangentLeft) or `other·tangent`, with the tangent's
// lanes kept in front (Note [Tangent lanes]): a matrix tangent is aligned so that its lanes
// broadcast as a leading batch axis; a vector tangent [k, n] becomes k rows or columns.
template <bool TangentLeft>
VRef matmul_term(const Ctx& c, const VRef& t, const VRef& other) {
  auto product = [](const VRef& l, const VRef& r) { return TangentLeft ? mm(l, r) : mm(r, l); };
  if (!c.lanes) return product(t, other);
  const int64_t nd = std::max(c.in[0]->ndim(), c.in[1]->ndim());
  VRef r;
  if (t->ndim() > 2 && !TangentLeft && other->ndim() == 2) {
    // A·Ṫ with lanes in Ṫ's batch: as (Ṫᵀ·Aᵀ)ᵀ, whose batches share one right operand, so
    // the lanes' rows form one product (the eval's fused path) instead of k matrix products
    const int64_t d = t->ndim();
    Axes swap(static_cast<size_t>(d));
    for (int64_t i = 0; i < d; ++i) swap[static_cast<size_t>(i)] = i;
    std::swap(swap[static_cast<size_t>(d - 2)], swap[static_cast<size_t>(d - 1)]);
    r = ops::transpose(mm(ops::transpose(t, swap), ops::transpose(other, {1, 0})), swap);
  } else if (t->ndim() > 2) r = product(lanes::aligned(c, t, nd), other);
  else if (other->ndim() == 1) r = mm(t, other);  // both vectors: [k, n]·[n] either way
  else if (other->ndim() == 2) {
    // a vector against a matrix: the k lanes as the rows of one product, [k, n]·B or [k, n]·Aᵀ
    Axes swap{1, 0};
    r = mm(t, TangentLeft ? other : ops::transpose(other, swap));
  } else {
    const int64_t n = t->shape[1];  // a vector against a matrix: as k rows (left) or columns (right)
    Shape s(static_cast<size_t>(other->ndim() + 1), 1);
    s[0] = c.lanes;
    s[s.size() - (TangentLeft ? 1 : 2)] = n;
    r = product(ops::reshape(t, s), other);
  }
  const Shape want = lanes::of(c, c.out->shape);
  return r->shape == want ? r : ops::reshape(r, want);
}

// d(AB) = ȦB + AḂ
VRef matmul_jvp(const Ctx& c, const Values& t) {
  VRef ya = t[0] ? matmul_term<true>(c, t[0], c.in[1]) : nullptr;
  VRef yb = t[1] ? matmul_term<false>(c, t[1], c.in[0]) : nullptr;
  return ops::add_terms(ya, yb);
}

// Ā = ḡBᵀ and B̄ = Aᵀḡ by gemm reading the transposed operand in place, for concrete real
// operands with one B for every batch of A (the eval's stacked rows; B̄ then sums over A's
// batches by itself). False when the operands are not of that kind.
bool matmul_vjp_direct(const Ctx& c, const VRef& g, const std::vector<bool>& need, Values& grads) {
  const VRef &a = c.in[0], &b = c.in[1];
  if (a->tag || b->tag || g->tag || is_complex(g->dtype) || a->dtype != g->dtype || b->dtype != g->dtype || b->ndim() != 2 ||
      batch_of(a->shape) != batch_of(g->shape))
    return false;
  const int64_t k = b->shape[0], n = b->shape[1], rows = shape_size(Shape(a->shape.begin(), a->shape.end() - 1));
  VRef da = need[0] ? empty(a->dtype, a->shape) : nullptr, db = need[1] ? empty(b->dtype, b->shape) : nullptr;
  dispatch_real(g->dtype, "matmul", [&](auto t) {
    using T = decltype(t);
    const T *pa = a->template data<T>(), *pb = b->template data<T>(), *pg = g->template data<T>();
    if (da) gemm(pg, pb, da->template data<T>(), rows, n, k, false, true);
    if (db) gemm(pa, pg, db->template data<T>(), k, rows, n, true, false);  // (zeros when rows = 0)
  });
  grads[0] = da;
  grads[1] = db;
  return true;
}

// Ā = ḡBᴴ, B̄ = Aᴴḡ (Bᵀ, Aᵀ on reals), each summed over the batch axes its operand was
// broadcast along
void matmul_vjp(const Ctx& c, const VRef& g, const std::vector<bool>& need, Values& grads) {
  if (matmul_vjp_direct(c, g, need, grads)) return;
  if (need[0]) grads[0] = ops::sum_to_shape(mm(g, mH(c.in[1])), c.in[0]->shape);
  if (need[1]) grads[1] = ops::sum_to_shape(mm(mH(c.in[0]), g), c.in[1]->shape);
}

// Both operands in their common dtype (float32∘float64 → float64).
std::pair<VRef, VRef> promoted_pair(const VRef& a, const VRef& b) {
  const Values ab = ops::promoted({a, b});
  return {ab[0], ab[1]};
}

}  // namespace

const OpDef op_matmul{"matmul", &matmul_eval, &matmul_jvp, &matmul_vjp, true, &taylor::bilinear};

VRef ops::matmul(const VRef& a0, const VRef& b0) {
  matmul_shape(a0->shape, b0->shape, "matmul");  // validates, naming the shapes as given
  const auto [a, b] = promoted_pair(a0, b0);
  // NumPy: a 1-D a is a row [1, k], a 1-D b a column [k, 1]; the added axes are removed after.
  const bool row = a->ndim() == 1, col = b->ndim() == 1;
  VRef y = apply(op_matmul, {row ? ops::expand_dims(a, 0) : a, col ? ops::expand_dims(b, 1) : b});
  if (row && col) return ops::squeeze(y, {-2, -1});
  if (row) return ops::squeeze(y, {-2});
  if (col) return ops::squeeze(y, {-1});
  return y;
}

VRef ops::dot(const VRef& a0, const VRef& b0) {
  if (a0->ndim() == 0 || b0->ndim() == 0) return ops::mul(a0, b0);  // NumPy: a scalar operand scales
  check_aligned(a0->shape, b0->shape, "dot");
  // Up to 2-D b, NumPy's dot and matmul agree (vector·vector is a 0-d inner product).
  if (b0->ndim() <= 2) return ops::matmul(a0, b0);
  // Otherwise dot contracts a's last axis with b's second-to-last and keeps every other axis of
  // both (no batch broadcasting): [P, k] · [k, B·n] with b's contracted axis moved first.
  const auto [a, b] = promoted_pair(a0, b0);
  const Shape& sa = a->shape;
  const Shape& sb = b->shape;
  const int64_t nb = b->ndim(), k = sa.back();
  Axes perm = {nb - 2};
  Shape out(sa.begin(), sa.end() - 1), rest;
  for (int64_t d = 0; d < nb; ++d) {
    if (d == nb - 2) continue;
    perm.push_back(d);
    out.push_back(sb[static_cast<size_t>(d)]);
    rest.push_back(sb[static_cast<size_t>(d)]);
  }
  strided::checked_size(out, "dot");
  const VRef a2 = ops::reshape(a, {strided::checked_size(Shape(sa.begin(), sa.end() - 1), "dot"), k});
  const VRef b2 = ops::reshape(ops::transpose(b, perm), {k, strided::checked_size(rest, "dot")});
  return ops::reshape(apply(op_matmul, {a2, b2}), out);
}

VRef ops::outer(const VRef& a0, const VRef& b0) {
  const auto [a, b] = promoted_pair(a0, b0);
  return ops::mul(ops::reshape(a, {a->size, 1}), ops::reshape(b, {1, b->size}));
}

}  // namespace adj
