// Shape primitives: reshape, transpose, broadcast_to, concat, pad, flip, roll.
// reshape only relabels storage; every other kernel is a strided copy over bytes (one helper,
// below, also used by index.cc), so they need nothing more for complex dtypes. The rules are
// data movement as well: each op's tangent is the op applied to the tangent, and its pullback
// is the adjoint movement (inverse permutation, interior region, sum over broadcast axes …).
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <functional>
#include <string>
#include <type_traits>

#include "core/error.h"
#include "ops/api.h"
#include "ops/kernel.h"
#include "ops/taylor.h"
#include "ops/lanes.h"

namespace adj {

// ---------------------------------------------------------------------------------------------
// Strided data movement, shared with index.cc (which declares these three functions).
// An operand is given as a base offset and per-axis strides, both in elements; strides may be
// negative (flip, negative region steps) or zero (broadcast).
namespace strided {

namespace {

// A two-operand loop after coalescing.
struct Loop {
  Shape n, sd, ss;  // lengths, destination strides, source strides
  int64_t bd = 0, bs = 0;
};

// Drops length-1 axes and merges neighbours that are contiguous in both operands, so a block
// that is contiguous in memory becomes one run (one memcpy) whatever its rank. Returns false
// when there is nothing to visit (a zero-length axis): callers then never form a pointer.
bool coalesce(Loop& L, const Shape& shape, int64_t bd, const Shape& sd, int64_t bs, const Shape& ss) {
  L.bd = bd;
  L.bs = bs;
  for (int64_t len : shape)
    if (len == 0) return false;
  L.n.reserve(shape.size());
  L.sd.reserve(shape.size());
  L.ss.reserve(shape.size());
  for (size_t k = 0; k < shape.size(); ++k) {
    if (shape[k] == 1) continue;
    if (!L.n.empty() && L.sd.back() == sd[k] * shape[k] && L.ss.back() == ss[k] * shape[k]) {
      L.n.back() *= shape[k];
      L.sd.back() = sd[k];
      L.ss.back() = ss[k];
    } else {
      L.n.push_back(shape[k]);
      L.sd.push_back(sd[k]);
      L.ss.push_back(ss[k]);
    }
  }
  return true;
}

// Visits every index of the first m axes of L (odometer order): f(dst_offset, src_offset).
template <class F>
void walk(const Loop& L, size_t m, F&& f) {
  Shape idx(m, 0);
  int64_t od = L.bd, os = L.bs;
  for (;;) {
    f(od, os);
    size_t k = m;
    for (; k > 0; --k) {
      const size_t a = k - 1;
      if (++idx[a] < L.n[a]) {
        od += L.sd[a];
        os += L.ss[a];
        break;
      }
      idx[a] = 0;
      od -= L.sd[a] * (L.n[a] - 1);
      os -= L.ss[a] * (L.n[a] - 1);
    }
    if (k == 0) return;
  }
}

// run(dst_offset, src_offset, count, dst_step, src_step) for each run along the innermost axis.
template <class F>
void runs(const Loop& L, F&& run) {
  if (L.n.empty()) {  // a single element (0-d, or every axis of length 1)
    run(L.bd, L.bs, int64_t{1}, int64_t{1}, int64_t{1});
    return;
  }
  const size_t last = L.n.size() - 1;
  walk(L, last, [&](int64_t od, int64_t os) { run(od, os, L.n[last], L.sd[last], L.ss[last]); });
}

// n contiguous copies of the element at s (a broadcast run: the pullback of a sum spreads a
// scalar over its input): the element is read once and the stores form a loop the compiler
// vectorizes.
template <size_t E>
void fill_run(char* d, const char* s, int64_t n) {
  using Word = std::conditional_t<E % 8 == 0, uint64_t, uint32_t>;
  constexpr size_t kWords = E / sizeof(Word);
  Word v[kWords];
  std::memcpy(v, s, E);
  for (int64_t i = 0; i < n; ++i)
    for (size_t w = 0; w < kWords; ++w) std::memcpy(d + (static_cast<size_t>(i) * kWords + w) * sizeof(Word), &v[w], sizeof(Word));
}

// Element copies with the element size known at compile time: memcpy of a constant size is a
// single move, and going through memcpy keeps the byte view free of aliasing questions.
template <size_t E>
void copy_run(char* d, const char* s, int64_t od, int64_t os, int64_t n, int64_t sd, int64_t ss) {
  if (sd == 1 && ss == 1) {
    std::memcpy(d + od * int64_t(E), s + os * int64_t(E), static_cast<size_t>(n) * E);
    return;
  }
  if (sd == 1 && ss == 0) {
    fill_run<E>(d + od * int64_t(E), s + os * int64_t(E), n);
    return;
  }
  for (int64_t i = 0; i < n; ++i) std::memcpy(d + (od + i * sd) * int64_t(E), s + (os + i * ss) * int64_t(E), E);
}

// A transposing copy reads one operand with a large stride; done naively, every element read
// touches a new cache line. Square tiles whose side spans two cache lines (128 bytes) keep the
// lines of both operands resident while a tile is copied.
template <size_t E>
constexpr int64_t kTile = 128 / E;
constexpr int64_t kMinTiled = 8;  // below this, tiling costs more than it saves

// One tile [r0, r1) × [c0, c1) of the plane below, element by element.
template <size_t E>
void copy_tile(char* d, const char* s, int64_t od, int64_t os, int64_t r0, int64_t r1, int64_t c0, int64_t c1, int64_t rd,
               int64_t cs) {
  for (int64_t c = c0; c < c1; ++c) {
    char* dp = d + (od + r0 * rd + c) * int64_t(E);
    const char* sp = s + (os + r0 + c * cs) * int64_t(E);
    for (int64_t r = r0; r < r1; ++r, dp += rd * int64_t(E), sp += E) std::memcpy(dp, sp, E);
  }
}

// The same tile of 8-byte elements (double, complex64) in 2×2 blocks: two 16-byte loads along
// the source's contiguous axis, an interleave, two 16-byte stores along the destination's —
// half the instructions of element-wise copies (a PINN step's matmul pullbacks transpose
// ~10⁴ elements). The vectors only move bits. An odd last row or column goes element-wise.
void copy_tile_pairs(char* d, const char* s, int64_t od, int64_t os, int64_t r0, int64_t r1, int64_t c0, int64_t c1,
                     int64_t rd, int64_t cs) {
  typedef uint64_t Pair __attribute__((vector_size(16)));
  constexpr int64_t E = 8;
  const int64_t r2 = r1 - ((r1 - r0) & 1), c2 = c1 - ((c1 - c0) & 1);
  for (int64_t c = c0; c < c2; c += 2) {
    char* dp = d + (od + r0 * rd + c) * E;
    const char* sp = s + (os + r0 + c * cs) * E;  // column c from row r0; column c + 1 is cs further
    for (int64_t r = r0; r < r2; r += 2, dp += 2 * rd * E, sp += 2 * E) {
      Pair a, b;
      std::memcpy(&a, sp, sizeof a);           // (r, c), (r + 1, c)
      std::memcpy(&b, sp + cs * E, sizeof b);  // (r, c + 1), (r + 1, c + 1)
      const Pair row0 = {a[0], b[0]}, row1 = {a[1], b[1]};
      std::memcpy(dp, &row0, sizeof row0);
      std::memcpy(dp + rd * E, &row1, sizeof row1);
    }
  }
  if (r2 < r1) copy_tile<8>(d, s, od, os, r2, r1, c0, c2, rd, cs);
  if (c2 < c1) copy_tile<8>(d, s, od, os, r0, r1, c2, c1, rd, cs);
}

// The plane of axes (r, c): destination strides (rd, 1), source strides (1, cs). The inner loop
// runs along the source's contiguous axis (measured slightly faster than the reverse).
template <size_t E>
void copy_plane_tiled(char* d, const char* s, int64_t od, int64_t os, int64_t R, int64_t C, int64_t rd, int64_t cs) {
  for (int64_t r0 = 0; r0 < R; r0 += kTile<E>) {
    const int64_t r1 = std::min(R, r0 + kTile<E>);
    for (int64_t c0 = 0; c0 < C; c0 += kTile<E>) {
      const int64_t c1 = std::min(C, c0 + kTile<E>);
      if constexpr (E == 8) copy_tile_pairs(d, s, od, os, r0, r1, c0, c1, rd, cs);
      else copy_tile<E>(d, s, od, os, r0, r1, c0, c1, rd, cs);
    }
  }
}

// The axis along which the source is contiguous when the innermost (destination-contiguous)
// axis is not, i.e. the loop is a transpose of those two axes; -1 when tiling does not apply.
int64_t transposed_axis(const Loop& L) {
  const size_t r = L.n.size();
  if (r < 2) return -1;
  const size_t last = r - 1;
  if (L.sd[last] != 1 || L.ss[last] == 1 || L.ss[last] == 0 || L.n[last] < kMinTiled) return -1;
  for (size_t j = 0; j < last; ++j)
    if (L.ss[j] == 1 && L.n[j] >= kMinTiled) return static_cast<int64_t>(j);
  return -1;
}

template <size_t E>
void copy_loop(char* d, const char* s, const Loop& L) {
  const int64_t j = transposed_axis(L);
  if (j < 0) {
    runs(L, [&](int64_t od, int64_t os, int64_t n, int64_t sd, int64_t ss) { copy_run<E>(d, s, od, os, n, sd, ss); });
    return;
  }
  const size_t last = L.n.size() - 1, sj = static_cast<size_t>(j);
  Loop outer;  // every axis but the tiled pair
  outer.bd = L.bd;
  outer.bs = L.bs;
  for (size_t k = 0; k < last; ++k) {
    if (k == sj) continue;
    outer.n.push_back(L.n[k]);
    outer.sd.push_back(L.sd[k]);
    outer.ss.push_back(L.ss[k]);
  }
  walk(outer, outer.n.size(), [&](int64_t od, int64_t os) {
    copy_plane_tiled<E>(d, s, od, os, L.n[sj], L.n[last], L.sd[sj], L.ss[last]);
  });
}

template <class F>
void with_element_size(size_t e, F&& f) {
  switch (e) {
    case 4: return f(std::integral_constant<size_t, 4>{});
    case 8: return f(std::integral_constant<size_t, 8>{});
    case 16: return f(std::integral_constant<size_t, 16>{});
    default: break;
  }
  fail(ErrorKind::DType, "internal: no copy kernel for elements of " + std::to_string(e) + " bytes");
}

// The element count when strides `st` walk `shape` as one row-major block (length-1 axes
// aside), else −1. Most copies of small arrays (a slice of a vector, a concat along the first
// axis, a pad of a vector) are such a block on both sides, and then need no loop at all.
int64_t block_size(const Shape& shape, const Shape& st) {
  int64_t n = 1;
  for (size_t k = shape.size(); k-- > 0;) {
    if (shape[k] == 1) continue;
    if (st[k] != n) return -1;
    n *= shape[k];
  }
  return n;
}

}  // namespace

// dst[dbase + Σ i_k·dstr_k] = src[sbase + Σ i_k·sstr_k] for every index i of `shape`.
void copy(void* dst, int64_t dbase, const Shape& dstr, const void* src, int64_t sbase, const Shape& sstr,
          const Shape& shape, size_t esize) {
  for (int64_t len : shape)
    if (len == 0) return;  // nothing to copy: no pointer is formed
  const int64_t n = block_size(shape, dstr);
  if (n >= 0 && block_size(shape, sstr) == n) {
    const auto e = static_cast<int64_t>(esize);
    std::memcpy(static_cast<char*>(dst) + dbase * e, static_cast<const char*>(src) + sbase * e, static_cast<size_t>(n * e));
    return;
  }
  Loop L;
  if (!coalesce(L, shape, dbase, dstr, sbase, sstr)) return;
  with_element_size(esize, [&](auto e) {
    copy_loop<decltype(e)::value>(static_cast<char*>(dst), static_cast<const char*>(src), L);
  });
}

// The same walk for kernels that compute (index.cc's region_add / region_mul): run(dst_offset,
// src_offset, count, dst_step, src_step) for each innermost run, offsets and steps in elements.
void for_each_run(int64_t dbase, const Shape& dstr, int64_t sbase, const Shape& sstr, const Shape& shape,
                  const std::function<void(int64_t, int64_t, int64_t, int64_t, int64_t)>& run) {
  Loop L;
  if (coalesce(L, shape, dbase, dstr, sbase, sstr)) runs(L, run);
}

// The size of a shape built from caller-supplied numbers: negative lengths and sizes whose
// byte count would not fit in int64 are refused (ShapeError) before anything is allocated.
int64_t checked_size(const Shape& s, const char* what) {
  constexpr int64_t kMax = INT64_MAX / 16;  // room for the widest element (complex128)
  // A zero-length axis does not excuse the others: shape_size multiplies them all, as NumPy
  // refuses (2⁶², 2⁶², 0) too.
  int64_t n = 1;
  bool zero = false;
  for (int64_t len : s) {
    if (len < 0) fail(ErrorKind::Shape, std::string(what) + ": negative dimension " + std::to_string(len) + " in shape " + shape_str(s));
    if (len == 0) {
      zero = true;
      continue;
    }
    if (__builtin_mul_overflow(n, len, &n) || n > kMax)
      fail(ErrorKind::Shape, std::string(what) + ": shape " + shape_str(s) + " is too large");
  }
  return zero ? 0 : n;
}

}  // namespace strided

namespace {

// Copies all of contiguous `x` into contiguous `y` from element offset `base` on (y's strides).
void copy_into(const VRef& y, int64_t base, const VRef& x) {
  strided::copy(y->storage->data, base, contiguous_strides(y->shape), x->storage->data, 0, contiguous_strides(x->shape),
                x->shape, dtype_size(x->dtype));
}

// A contiguous y of `shape` read from x through `strides` starting at element `base`.
VRef gather_strided(const VRef& x, const Shape& shape, int64_t base, const Shape& strides) {
  VRef y = empty(x->dtype, shape);
  strided::copy(y->storage->data, 0, contiguous_strides(shape), x->storage->data, base, strides, shape,
                dtype_size(x->dtype));
  return y;
}

// The whole of x as a region (start 0, step 1, count = length per axis), to be narrowed.
ops::Region whole_region(const Shape& s) {
  ops::Region r;
  for (int64_t len : s) r.insert(r.end(), {0, 1, len});
  return r;
}

Shape axes_of(const Attrs& a) { return Shape(a.i.begin(), a.i.end()); }

// --- reshape ------------------------------------------------------------- attrs: i = shape
VRef reshape_eval(const Values& in, const Attrs& a) { return alias(in[0], a.i); }
// reshape is linear: ẏ = reshape(ẋ), x̄ = reshape(ḡ, shape of x)
VRef reshape_jvp(const Ctx& c, const Values& t) { return ops::reshape(t[0], lanes::of(c, c.out->shape)); }
void reshape_vjp(const Ctx& c, const VRef& g, const std::vector<bool>&, Values& grads) {
  grads[0] = ops::reshape(g, c.in[0]->shape);
}

// --- transpose ------------------------------------------------ attrs: i = perm (normalized)
VRef transpose_eval(const Values& in, const Attrs& a) {
  const VRef& x = in[0];
  const Shape xs = contiguous_strides(x->shape);
  Shape shape(a.i.size()), strides(a.i.size());
  for (size_t k = 0; k < a.i.size(); ++k) {
    shape[k] = x->shape[static_cast<size_t>(a.i[k])];
    strides[k] = xs[static_cast<size_t>(a.i[k])];
  }
  return gather_strided(x, shape, 0, strides);
}
// ẏ = transpose(ẋ, perm)
VRef transpose_jvp(const Ctx& c, const Values& t) {
  if (!c.lanes) return ops::transpose(t[0], c.attrs.i);
  ops::Axes perm{0};  // the lanes stay in front
  for (int64_t p : c.attrs.i) perm.push_back(p + 1);
  return ops::transpose(t[0], perm);
}
// x̄ = transpose(ḡ, perm⁻¹)
void transpose_vjp(const Ctx& c, const VRef& g, const std::vector<bool>&, Values& grads) {
  ops::Axes inverse(c.attrs.i.size());
  for (size_t k = 0; k < inverse.size(); ++k) inverse[static_cast<size_t>(c.attrs.i[k])] = static_cast<int64_t>(k);
  grads[0] = ops::transpose(g, inverse);
}

// --- broadcast_to ----------------------------------------------------------- attrs: i = shape
VRef broadcast_to_eval(const Values& in, const Attrs& a) {
  return gather_strided(in[0], a.i, 0, broadcast_strides(in[0]->shape, a.i));
}
// ẏ = broadcast_to(ẋ); x̄ = Σ of ḡ over the broadcast axes
VRef broadcast_to_jvp(const Ctx& c, const Values& t) {
  return ops::broadcast_to(lanes::aligned(c, t[0], c.out->ndim()), lanes::of(c, c.out->shape));
}
void broadcast_to_vjp(const Ctx& c, const VRef& g, const std::vector<bool>&, Values& grads) {
  grads[0] = ops::sum_to_shape(g, c.in[0]->shape);
}

// --- concat ------------------------------------------------- attrs: i = {axis (normalized)}
VRef concat_eval(const Values& in, const Attrs& a) {
  const size_t axis = static_cast<size_t>(a.i[0]);
  Shape shape = in[0]->shape;
  shape[axis] = 0;
  for (const VRef& x : in) shape[axis] += x->shape[axis];
  VRef y = empty(in[0]->dtype, shape);
  // (an input that is one block of y — unit axes before `axis` — is a single memcpy in
  // strided::copy)
  const int64_t step = contiguous_strides(shape)[axis];
  int64_t at = 0;
  for (const VRef& x : in) {
    copy_into(y, at * step, x);
    at += x->shape[axis];
  }
  return y;
}
// ẏ = concat of the tangents (zeros for inputs without one)
VRef concat_jvp(const Ctx& c, const Values& t) {
  Values parts(t.size());
  bool any = false;
  for (size_t k = 0; k < t.size(); ++k) {
    any |= static_cast<bool>(t[k]);
    parts[k] = t[k] ? t[k] : ops::zeros_like(c.in[k]);
  }
  return any ? ops::concat(parts, c.attrs.i[0]) : nullptr;
}
// x̄_k = the piece of ḡ that x_k filled
void concat_vjp(const Ctx& c, const VRef& g, const std::vector<bool>& need, Values& grads) {
  const size_t axis = static_cast<size_t>(c.attrs.i[0]);
  ops::Region r = whole_region(g->shape);
  int64_t at = 0;
  for (size_t k = 0; k < c.in.size(); ++k) {
    const int64_t len = c.in[k]->shape[axis];
    if (need[k]) {
      r[3 * axis] = at;
      r[3 * axis + 2] = len;
      grads[k] = ops::region_get(g, r);
    }
    at += len;
  }
}

// --- pad ------------------------------- attrs: i = widths (before, after per axis), d = value
VRef pad_eval(const Values& in, const Attrs& a) {
  const VRef& x = in[0];
  Shape shape = x->shape;
  for (size_t k = 0; k < shape.size(); ++k) shape[k] += a.i[2 * k] + a.i[2 * k + 1];
  VRef y = full(x->dtype, shape, a.d);
  const Shape ys = contiguous_strides(shape);
  int64_t base = 0;
  for (size_t k = 0; k < shape.size(); ++k) base += a.i[2 * k] * ys[k];
  if (x->size) copy_into(y, base, x);
  return y;
}
// ẏ = pad(ẋ, widths, 0): the padding is constant
VRef pad_jvp(const Ctx& c, const Values& t) { return ops::pad(t[0], c.attrs.i, 0); }
// x̄ = the interior of ḡ
void pad_vjp(const Ctx& c, const VRef& g, const std::vector<bool>&, Values& grads) {
  ops::Region r = whole_region(c.in[0]->shape);
  for (size_t k = 0; k < c.in[0]->shape.size(); ++k) r[3 * k] = c.attrs.i[2 * k];
  grads[0] = ops::region_get(g, r);
}

// --- flip ----------------------------------------- attrs: i = axes (normalized, distinct)
VRef flip_eval(const Values& in, const Attrs& a) {
  const VRef& x = in[0];
  Shape strides = contiguous_strides(x->shape);
  int64_t base = 0;
  for (int64_t ax : a.i) {
    const size_t k = static_cast<size_t>(ax);
    if (x->shape[k] > 0) base += (x->shape[k] - 1) * strides[k];  // start at the last element
    strides[k] = -strides[k];
  }
  return gather_strided(x, x->shape, base, strides);
}
// flip is linear and its own adjoint: ẏ = flip(ẋ), x̄ = flip(ḡ)
VRef flip_jvp(const Ctx& c, const Values& t) { return ops::flip(t[0], axes_of(c.attrs)); }
void flip_vjp(const Ctx& c, const VRef& g, const std::vector<bool>&, Values& grads) {
  grads[0] = ops::flip(g, axes_of(c.attrs));
}

// --- roll ------------------------------------- attrs: i = {shift in [0, length), axis}
VRef roll_eval(const Values& in, const Attrs& a) {
  const VRef& x = in[0];
  const int64_t s = a.i[0];
  const size_t axis = static_cast<size_t>(a.i[1]);
  const int64_t n = x->shape[axis];
  VRef y = empty(x->dtype, x->shape);
  const Shape st = contiguous_strides(x->shape);
  // y[s:] = x[:n−s] and y[:s] = x[n−s:], each a block copy along the axis
  Shape part = x->shape;
  part[axis] = n - s;
  strided::copy(y->storage->data, s * st[axis], st, x->storage->data, 0, st, part, dtype_size(x->dtype));
  part[axis] = s;
  strided::copy(y->storage->data, 0, st, x->storage->data, (n - s) * st[axis], st, part, dtype_size(x->dtype));
  return y;
}
// roll is linear; its adjoint rolls back: ẏ = roll(ẋ, s), x̄ = roll(ḡ, −s)
VRef roll_jvp(const Ctx& c, const Values& t) { return ops::roll(t[0], c.attrs.i[0], c.attrs.i[1]); }
void roll_vjp(const Ctx& c, const VRef& g, const std::vector<bool>&, Values& grads) {
  grads[0] = ops::roll(g, -c.attrs.i[0], c.attrs.i[1]);
}

}  // namespace

const OpDef op_reshape{"reshape", &reshape_eval, &reshape_jvp, &reshape_vjp, true, &taylor::linear};
const OpDef op_transpose{"transpose", &transpose_eval, &transpose_jvp, &transpose_vjp, true, &taylor::linear};
const OpDef op_broadcast_to{"broadcast_to", &broadcast_to_eval, &broadcast_to_jvp, &broadcast_to_vjp, true, &taylor::linear};
const OpDef op_concat{"concat", &concat_eval, &concat_jvp, &concat_vjp, false, &taylor::linear};
const OpDef op_pad{"pad", &pad_eval, &pad_jvp, &pad_vjp, false, &taylor::linear};
const OpDef op_flip{"flip", &flip_eval, &flip_jvp, &flip_vjp, false, &taylor::linear};
const OpDef op_roll{"roll", &roll_eval, &roll_jvp, &roll_vjp, false, &taylor::linear};

// ---------------------------------------------------------------------------------------------
// Public functions: validate, normalize into attrs, dispatch.

VRef ops::reshape(const VRef& x, const Shape& shape) {
  auto mismatch = [&](const std::string& why) {
    fail(ErrorKind::Shape, "reshape: cannot reshape array of shape " + shape_str(x->shape) + " (size " +
                               std::to_string(x->size) + ") into shape " + shape_str(shape) + why);
  };
  Shape target = shape;
  size_t infer = target.size();
  for (size_t k = 0; k < target.size(); ++k) {
    if (target[k] == -1) {
      if (infer != target.size()) mismatch(": only one dimension can be -1");
      infer = k;
      target[k] = 1;
    } else if (target[k] < 0) {
      mismatch(": invalid dimension " + std::to_string(target[k]));
    }
  }
  const int64_t known = strided::checked_size(target, "reshape");
  if (infer != target.size()) {
    if (known == 0) mismatch(": the -1 is ambiguous next to a zero-length dimension");
    if (x->size % known) mismatch("");
    target[infer] = x->size / known;
  } else if (known != x->size) {
    mismatch("");
  }
  if (target == x->shape) return x;  // an alias of itself: nothing to record
  Attrs a;
  a.i = std::move(target);
  return apply(op_reshape, {x}, a);
}

VRef ops::transpose(const VRef& x, const Axes& perm) {
  const int64_t nd = x->ndim();
  Attrs a;
  if (perm.empty()) {
    for (int64_t k = nd; k-- > 0;) a.i.push_back(k);
  } else {
    auto bad = [&] {
      fail(ErrorKind::Argument, "transpose: perm " + shape_str(perm) + " is not a permutation of the axes of an array with ndim " +
                                    std::to_string(nd));
    };
    if (static_cast<int64_t>(perm.size()) != nd) bad();
    std::vector<bool> seen(perm.size(), false);
    for (int64_t p : perm) {
      const int64_t q = p < 0 ? p + nd : p;
      if (q < 0 || q >= nd || seen[static_cast<size_t>(q)]) bad();
      seen[static_cast<size_t>(q)] = true;
      a.i.push_back(q);
    }
  }
  return apply(op_transpose, {x}, a);
}

VRef ops::broadcast_to(const VRef& x, const Shape& shape) {
  auto bad = [&] {
    fail(ErrorKind::Shape, "broadcast_to: cannot broadcast shape " + shape_str(x->shape) + " to shape " + shape_str(shape));
  };
  strided::checked_size(shape, "broadcast_to");
  if (shape.size() < x->shape.size()) bad();
  const size_t off = shape.size() - x->shape.size();
  for (size_t k = 0; k < x->shape.size(); ++k)
    if (x->shape[k] != 1 && x->shape[k] != shape[off + k]) bad();
  Attrs a;
  a.i = shape;
  return apply(op_broadcast_to, {x}, a);
}

VRef ops::concat(const Values& xs, int64_t axis) {
  if (xs.empty()) fail(ErrorKind::Argument, "concat: needs at least one array");
  const Shape& s0 = xs[0]->shape;
  if (s0.empty()) fail(ErrorKind::Shape, "concat: zero-dimensional arrays cannot be concatenated (input 0 has shape [])");
  const int64_t ax = normalize_axis(axis, xs[0]->ndim(), "concat");
  DType dt = xs[0]->dtype;
  for (size_t k = 1; k < xs.size(); ++k) {
    const Shape& s = xs[k]->shape;
    bool ok = s.size() == s0.size();
    for (size_t d = 0; ok && d < s.size(); ++d) ok = static_cast<int64_t>(d) == ax || s[d] == s0[d];
    if (!ok)
      fail(ErrorKind::Shape, "concat: input " + std::to_string(k) + " has shape " + shape_str(s) + ", incompatible with input 0 of shape " +
                                 shape_str(s0) + " (all sizes must match except along axis " + std::to_string(ax) + ")");
    dt = promote(dt, xs[k]->dtype);
  }
  Shape out = s0;
  int64_t& len = out[static_cast<size_t>(ax)];
  len = 0;
  for (const VRef& x : xs)
    if (__builtin_add_overflow(len, x->shape[static_cast<size_t>(ax)], &len))
      fail(ErrorKind::Shape, "concat: the result along axis " + std::to_string(ax) + " is too large");
  strided::checked_size(out, "concat");
  Values in;
  in.reserve(xs.size());
  for (const VRef& x : xs) in.push_back(x->dtype == dt ? x : ops::cast(x, dt));
  Attrs a;
  a.i = {ax};
  return apply(op_concat, std::move(in), a);
}

VRef ops::pad(const VRef& x, const Ints& widths, double value) {
  const size_t nd = x->shape.size();
  if (widths.size() != 2 * nd)
    fail(ErrorKind::Argument, "pad: widths has " + std::to_string(widths.size()) + " entries, expected 2·ndim = " +
                                  std::to_string(2 * nd) + " for shape " + shape_str(x->shape));
  Shape out = x->shape;
  for (size_t k = 0; k < nd; ++k) {
    const int64_t lo = widths[2 * k], hi = widths[2 * k + 1];
    if (lo < 0 || hi < 0)
      fail(ErrorKind::Argument, "pad: widths (" + std::to_string(lo) + ", " + std::to_string(hi) + ") for axis " + std::to_string(k) +
                                    " must be non-negative");
    if (__builtin_add_overflow(out[k], lo, &out[k]) || __builtin_add_overflow(out[k], hi, &out[k]))
      fail(ErrorKind::Shape, "pad: widths for axis " + std::to_string(k) + " make shape " + shape_str(x->shape) + " too large");
  }
  strided::checked_size(out, "pad");
  Attrs a;
  a.i = widths;
  a.d = value;
  return apply(op_pad, {x}, a);
}

VRef ops::flip(const VRef& x, const Axes& axes) {
  const int64_t nd = x->ndim();
  Attrs a;
  if (axes.empty()) {
    for (int64_t k = 0; k < nd; ++k) a.i.push_back(k);
  } else {
    std::vector<bool> seen(static_cast<size_t>(nd), false);
    for (int64_t ax : axes) {
      const int64_t k = normalize_axis(ax, nd, "flip");
      if (seen[static_cast<size_t>(k)])
        fail(ErrorKind::Argument, "flip: repeated axis " + std::to_string(ax) + " in axes " + shape_str(axes));
      seen[static_cast<size_t>(k)] = true;
      a.i.push_back(k);
    }
  }
  return apply(op_flip, {x}, a);
}

VRef ops::roll(const VRef& x, int64_t shift, int64_t axis) {
  const int64_t ax = normalize_axis(axis, x->ndim(), "roll");
  const int64_t n = x->shape[static_cast<size_t>(ax)];
  // NumPy semantics: any shift, taken modulo the length (C++ % keeps the sign of the dividend)
  int64_t s = n == 0 ? 0 : shift % n;
  if (s < 0) s += n;
  Attrs a;
  a.i = {s, ax};
  return apply(op_roll, {x}, a);
}

}  // namespace adj
