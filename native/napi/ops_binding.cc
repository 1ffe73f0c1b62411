// The op list as seen from JS: generated from the X-macros of ops/table.h for the elementwise
// families (with a fast path each), and a table for the rest. opNames() exports the whole list;
// lib/ and the gradient-check table are tested against it.
#include <cmath>
#include <string>

#include "core/error.h"
#include "core/op.h"
#include "core/per_thread.h"
#include "napi/handles.h"
#include "napi/napi.h"
#include "ops/api.h"

namespace adj::napi {

namespace {
// A generic op's tensor inputs: references to the handle table's values, which nothing
// releases while the op runs (no JS runs before its result is put), so reading them takes no
// reference counts and the list no allocation.
class Ins {
 public:
  Ins(const VRef* const* refs, size_t n) : refs_(refs), n_(n) {}
  const VRef& operator[](size_t k) const { return *refs_[k]; }
  size_t size() const { return n_; }
  bool empty() const { return n_ == 0; }
  Values values() const {
    Values r;
    r.reserve(n_);
    for (size_t k = 0; k < n_; ++k) r.push_back(*refs_[k]);
    return r;
  }

 private:
  const VRef* const* refs_;
  size_t n_;
};

// The values of n handles, handle(k) for k < n, as Ins (on the stack for up to kInline).
template <class HandleAt, class Body>
napi_value with_ins(size_t n, const HandleAt& handle, const Body& body) {
  constexpr size_t kInline = 8;
  const VRef* inline_refs[kInline];
  PoolVector<const VRef*> more(n > kInline ? n : 0);
  const VRef** refs = n > kInline ? more.data() : inline_refs;
  for (size_t k = 0; k < n; ++k) refs[k] = &get(handle(k));
  return body(Ins(refs, n));
}

Ints tail(const Ints& v, size_t from) { return Ints(v.begin() + static_cast<std::ptrdiff_t>(std::min(from, v.size())), v.end()); }

// The integer values of an index tensor (any real dtype, levels stripped).
Ints index_list(const char* what, const VRef& idx) {
  const VRef& c = concrete(idx);
  Ints out(static_cast<size_t>(c->size));
  if (is_complex(c->dtype)) fail(ErrorKind::DType, std::string(what) + ": indices must be real, got " + dtype_name(c->dtype));
  for (int64_t k = 0; k < c->size; ++k) {
    const double v = c->dtype == DType::f32 ? c->data<float>()[k] : c->data<double>()[k];
    if (v != std::floor(v) || !(std::abs(v) < 9.0e15))
      fail(ErrorKind::Argument, std::string(what) + ": index " + std::to_string(v) + " at position " + std::to_string(k) + " is not an integer");
    out[static_cast<size_t>(k)] = static_cast<int64_t>(v);
  }
  return out;
}

ops::FftNorm fft_norm(int64_t code) {
  if (code < 0 || code > 2) fail(ErrorKind::Argument, "fft: unknown norm code " + std::to_string(code));
  return static_cast<ops::FftNorm>(code);
}

struct Generic {
  const char* name;
  int nin;       // number of tensor inputs, -1 = any (≥ 1)
  size_t nint;   // minimum number of integer attributes
  VRef (*call)(const Ins& in, const Ints& i, double d);
};

// Integer attribute layout per op: reductions {keepdims, axes…}; reshape-like {shape…};
// slice {start, stop, step, axis}; take {axis, indices…}; take_add {axis, n, indices…}.
const Generic kGeneric[] = {
    {"where", 3, 0, [](const Ins& x, const Ints&, double) { return ops::where(x[0], x[1], x[2]); }},
    {"cast", 1, 1, [](const Ins& x, const Ints& i, double) {
       if (i[0] < 0 || i[0] > 3) fail(ErrorKind::DType, "astype: unknown dtype code " + std::to_string(i[0]));
       return ops::cast(x[0], static_cast<DType>(i[0]));
     }},
    {"sum", 1, 1, [](const Ins& x, const Ints& i, double) { return ops::sum(x[0], tail(i, 1), i[0] != 0); }},
    {"prod", 1, 1, [](const Ins& x, const Ints& i, double) { return ops::prod(x[0], tail(i, 1), i[0] != 0); }},
    {"max", 1, 1, [](const Ins& x, const Ints& i, double) { return ops::max(x[0], tail(i, 1), i[0] != 0); }},
    {"min", 1, 1, [](const Ins& x, const Ints& i, double) { return ops::min(x[0], tail(i, 1), i[0] != 0); }},
    {"mean", 1, 1, [](const Ins& x, const Ints& i, double) { return ops::mean(x[0], tail(i, 1), i[0] != 0); }},
    {"norm", 1, 1, [](const Ins& x, const Ints& i, double) { return ops::norm(x[0], tail(i, 1), i[0] != 0); }},
    {"logsumexp", 1, 1, [](const Ins& x, const Ints& i, double) { return ops::logsumexp(x[0], tail(i, 1), i[0] != 0); }},
    {"prod_except", 1, 1, [](const Ins& x, const Ints& i, double) { return ops::prod_except(x[0], i[0]); }},
    {"cumsum", 1, 2, [](const Ins& x, const Ints& i, double) { return ops::cumsum(x[0], i[0], i[1] != 0); }},
    {"diff", 1, 1, [](const Ins& x, const Ints& i, double) { return ops::diff(x[0], i[0]); }},
    {"matmul", 2, 0, [](const Ins& x, const Ints&, double) { return ops::matmul(x[0], x[1]); }},
    {"dot", 2, 0, [](const Ins& x, const Ints&, double) { return ops::dot(x[0], x[1]); }},
    {"outer", 2, 0, [](const Ins& x, const Ints&, double) { return ops::outer(x[0], x[1]); }},
    {"reshape", 1, 0, [](const Ins& x, const Ints& i, double) { return ops::reshape(x[0], i); }},
    {"transpose", 1, 0, [](const Ins& x, const Ints& i, double) { return ops::transpose(x[0], i); }},
    {"broadcast_to", 1, 0, [](const Ins& x, const Ints& i, double) { return ops::broadcast_to(x[0], i); }},
    {"sum_to_shape", 1, 0, [](const Ins& x, const Ints& i, double) { return ops::sum_to_shape(x[0], i); }},
    {"concat", -1, 1, [](const Ins& x, const Ints& i, double) { return ops::concat(x.values(), i[0]); }},
    {"stack", -1, 1, [](const Ins& x, const Ints& i, double) { return ops::stack(x.values(), i[0]); }},
    {"pad", 1, 0, [](const Ins& x, const Ints& i, double d) { return ops::pad(x[0], i, d); }},
    {"flip", 1, 0, [](const Ins& x, const Ints& i, double) { return ops::flip(x[0], i); }},
    {"roll", 1, 2, [](const Ins& x, const Ints& i, double) { return ops::roll(x[0], i[0], i[1]); }},
    {"expand_dims", 1, 1, [](const Ins& x, const Ints& i, double) { return ops::expand_dims(x[0], i[0]); }},
    {"squeeze", 1, 0, [](const Ins& x, const Ints& i, double) { return ops::squeeze(x[0], i); }},
    {"slice", 1, 4, [](const Ins& x, const Ints& i, double) { return ops::slice(x[0], i[0], i[1], i[2], i[3]); }},
    {"region_get", 1, 0, [](const Ins& x, const Ints& i, double) { return ops::region_get(x[0], i); }},
    {"region_set", 2, 0, [](const Ins& x, const Ints& i, double) { return ops::region_set(x[0], x[1], i); }},
    {"region_add", 2, 0, [](const Ins& x, const Ints& i, double) { return ops::region_add(x[0], x[1], i); }},
    {"region_mul", 2, 0, [](const Ins& x, const Ints& i, double) { return ops::region_mul(x[0], x[1], i); }},
    // take {axis, indices…}, or (x, index tensor) {axis}: the indices read natively
    {"take", -1, 1, [](const Ins& x, const Ints& i, double) {
       if (x.size() > 2) fail(ErrorKind::Argument, "take: expected an array and at most one index tensor");
       return ops::take(x[0], x.size() == 2 ? index_list("take", x[1]) : tail(i, 1), i[0]);
     }},
    {"ppval", 3, 1, [](const Ins& x, const Ints& i, double) { return ops::ppval(x[0], x[1], x[2], i[0]); }},
    {"segment_index", 2, 0, [](const Ins& x, const Ints&, double) { return ops::segment_index(x[0], x[1]); }},
    {"take_add", 1, 2, [](const Ins& x, const Ints& i, double) { return ops::take_add(x[0], tail(i, 2), i[0], i[1]); }},
    {"stop_gradient", 1, 0, [](const Ins& x, const Ints&, double) { return stop_gradient(x[0]); }},
    {"real", 1, 0, [](const Ins& x, const Ints&, double) { return ops::real(x[0]); }},
    {"imag", 1, 0, [](const Ins& x, const Ints&, double) { return ops::imag(x[0]); }},
    {"conj", 1, 0, [](const Ins& x, const Ints&, double) { return ops::conj(x[0]); }},
    {"complex", 2, 0, [](const Ins& x, const Ints&, double) { return ops::complex(x[0], x[1]); }},
    // fft_c2c {axis, inverse, norm}, fft_r2c {axis, norm}, fft_c2r {n (−1: from the bins), axis, norm}
    {"fft_c2c", 1, 3, [](const Ins& x, const Ints& i, double) { return ops::fft(x[0], i[0], i[1] != 0, fft_norm(i[2])); }},
    {"fft_r2c", 1, 2, [](const Ins& x, const Ints& i, double) { return ops::rfft(x[0], i[0], fft_norm(i[1])); }},
    {"fft_c2r", 1, 3, [](const Ins& x, const Ints& i, double) { return ops::irfft(x[0], i[0], i[1], fft_norm(i[2])); }},
    // linear algebra: banded_solve {kl, ku}, cholesky_banded_solve {k}, band_matvec {kl, ku, transpose}, band_outer {kl, ku}
    {"solve", 2, 0, [](const Ins& x, const Ints&, double) { return ops::solve(x[0], x[1]); }},
    {"tridiagonal_solve", 4, 0, [](const Ins& x, const Ints&, double) { return ops::tridiagonal_solve(x[0], x[1], x[2], x[3]); }},
    {"cyclic_tridiagonal_solve", 6, 0,
     [](const Ins& x, const Ints&, double) { return ops::cyclic_tridiagonal_solve(x[0], x[1], x[2], x[3], x[4], x[5]); }},
    {"banded_solve", 2, 2, [](const Ins& x, const Ints& i, double) { return ops::banded_solve(x[0], i[0], i[1], x[1]); }},
    {"cholesky_banded_solve", 2, 1, [](const Ins& x, const Ints& i, double) { return ops::cholesky_banded_solve(x[0], i[0], x[1]); }},
    {"det", 1, 0, [](const Ins& x, const Ints&, double) { return ops::det(x[0]); }},
    {"logabsdet", 1, 0, [](const Ins& x, const Ints&, double) { return ops::slogdet(x[0]).second; }},
    {"det_sign", 1, 0, [](const Ins& x, const Ints&, double) { return ops::slogdet(x[0]).first; }},
    {"inv", 1, 0, [](const Ins& x, const Ints&, double) { return ops::inv(x[0]); }},
    {"band_matvec", 2, 3, [](const Ins& x, const Ints& i, double) { return ops::band_matvec(x[0], x[1], i[0], i[1], i[2] != 0); }},
    {"band_outer", 2, 2, [](const Ins& x, const Ints& i, double) { return ops::band_outer(x[0], x[1], i[0], i[1]); }},
    {"abs2", 1, 0, [](const Ins& x, const Ints&, double) { return ops::abs2(x[0]); }},
    {"angle", 1, 0, [](const Ins& x, const Ints&, double) { return ops::angle(x[0]); }},
};

using UnaryFn = VRef (*)(const VRef&);
using BinaryFn = VRef (*)(const VRef&, const VRef&);
#define ADJ_FN(name) &ops::name,
const UnaryFn kUnary[] = {ADJ_UNARY_OPS(ADJ_FN)};
const BinaryFn kBinary[] = {ADJ_BINARY_OPS(ADJ_FN)};
#undef ADJ_FN
#define ADJ_NAME(name) #name,
const char* const kUnaryNames[] = {ADJ_UNARY_OPS(ADJ_NAME)};
const char* const kBinaryNames[] = {ADJ_BINARY_OPS(ADJ_NAME)};
#undef ADJ_NAME

template <class T, size_t N>
const T& pick(const T (&table)[N], int64_t id) {
  if (id < 0 || static_cast<size_t>(id) >= N) fail(ErrorKind::Argument, "unknown op id " + std::to_string(id));
  return table[id];
}

// Note [Argument buffer]: reading an argument costs ~100 ns through N-API (an array element
// more), more than a small op itself. So lib/ops.ts writes an op's id, handles and attributes
// into one buffer shared with native code, and the call passes only the JS shell that will hold
// the result (read only when the result needs a finalizer of its own, handles.h put_arg0) and
// the temporaries it keeps reachable. The buffer is read at the start of the call, before
// anything could run JS that rewrites it. (ad.defineRule, tidy and dispose use it too.)
constexpr size_t kArgBufferLength = 4096;

template <class T, size_t N>
const T& buffered_op(const T (&table)[N], double id) {
  return pick(table, buffered_count(id, N, "op id"));
}

// unary(shell, keep?) with the buffer holding [id, h]
napi_value unary(napi_env env, napi_callback_info info) {
  return guarded(env, [&] {
    const double* b = buffer_of(2).data;
    const UnaryFn f = buffered_op(kUnary, b[0]);
    return make_number(env, put_arg0(env, info, f(get(b[1]))));
  });
}

// binary(shell, ...keep) with the buffer holding [id, ha, hb]
napi_value binary(napi_env env, napi_callback_info info) {
  return guarded(env, [&] {
    const double* b = buffer_of(3).data;
    const BinaryFn f = buffered_op(kBinary, b[0]);
    return make_number(env, put_arg0(env, info, f(get(b[1]), get(b[2]))));
  });
}

// binaryScalar(shell) with the buffer holding [id, h, value, scalarFirst]: the JS number takes
// the tensor's dtype.
napi_value binary_scalar(napi_env env, napi_callback_info info) {
  return guarded(env, [&] {
    const double* b = buffer_of(4).data;
    const BinaryFn f = buffered_op(kBinary, b[0]);
    const VRef& x = get(b[1]);
    VRef s = ops::scalar_like(b[2], x);
    return make_number(env, put_arg0(env, info, b[3] != 0 ? f(s, x) : f(x, s)));
  });
}

// Runs generic op g and puts its result into the JS shell.
template <class Put>
napi_value run_generic(napi_env env, const Put& put_result, const Generic& g, const Ins& in, const Ints& ints, double d) {
  if ((g.nin >= 0 && in.size() != static_cast<size_t>(g.nin)) || in.empty())
    fail(ErrorKind::Argument, std::string(g.name) + ": expected " + std::to_string(g.nin) + " tensor inputs, got " + std::to_string(in.size()));
  if (ints.size() < g.nint) fail(ErrorKind::Argument, std::string(g.name) + ": missing integer attributes");
  return make_number(env, put_result(g.call(in, ints, d)));
}

// op(shell, id, handles[], ints[], d)
napi_value generic(napi_env env, napi_callback_info info) {
  return guarded(env, [&] {
    Args a(env, info);
    const Generic& g = pick(kGeneric, a.i64(1));
    const Ints ints = a.is_nullish(3) ? Ints{} : a.ints(3);
    const double d = a.is_nullish(4) ? 0.0 : a.num(4);
    auto handle = [&](size_t k) {
      double h = 0;
      check(env, napi_get_value_double(env, a.at(2, static_cast<uint32_t>(k)), &h));
      return h;
    };
    auto put_result = [&](VRef v) { return put(env, a.argv[0], std::move(v)); };
    return with_ins(a.length(2), handle, [&](const Ins& in) { return run_generic(env, put_result, g, in, ints, d); });
  });
}

// argBuffer() → the ArrayBuffer of kArgBufferLength doubles that opb reads
napi_value arg_buffer_binding(napi_env env, napi_callback_info) {
  return guarded(env, [&] {
    ArgBuffer& b = arg_buffer();
    napi_value buf;
    void* data = nullptr;
    check(env, napi_create_arraybuffer(env, kArgBufferLength * sizeof(double), &data, &buf));
    if (b.ref) napi_delete_reference(env, b.ref);
    check(env, napi_create_reference(env, buf, 1, &b.ref));
    b.data = static_cast<double*>(data);
    b.length = kArgBufferLength;
    return buf;
  });
}

// opb(shell, keep?) with the buffer holding [id, nHandles, nInts, d, handles…, ints…]
napi_value generic_buffered(napi_env env, napi_callback_info info) {
  return guarded(env, [&] {
    constexpr size_t kHeader = 4;
    const ArgBuffer& b = buffer_of(kHeader);
    const Generic& g = buffered_op(kGeneric, b.data[0]);
    const int64_t n = buffered_count(b.data[1], b.length, "handle count"), m = buffered_count(b.data[2], b.length, "integer count");
    if (kHeader + static_cast<size_t>(n + m) > b.length) fail(ErrorKind::Argument, "opb: argument counts exceed the buffer");
    const double d = b.data[3];
    const double* handles = b.data + kHeader;
    Ints ints(static_cast<size_t>(m));
    for (int64_t k = 0; k < m; ++k) {
      const double v = handles[n + k];
      if (!(std::fabs(v) <= 9007199254740992.0) || v != std::trunc(v)) fail(ErrorKind::Argument, "expected integers, got " + std::to_string(v));
      ints[static_cast<size_t>(k)] = static_cast<int64_t>(v);
    }
    auto put_result = [&](VRef v) { return put_arg0(env, info, std::move(v)); };
    return with_ins(static_cast<size_t>(n), [&](size_t k) { return handles[k]; },
                    [&](const Ins& in) { return run_generic(env, put_result, g, in, ints, d); });
  });
}

napi_value names_array(napi_env env, const char* const* names, size_t n) {
  napi_value arr;
  napi_create_array_with_length(env, n, &arr);
  for (size_t k = 0; k < n; ++k) {
    napi_value s;
    napi_create_string_utf8(env, names[k], NAPI_AUTO_LENGTH, &s);
    napi_set_element(env, arr, static_cast<uint32_t>(k), s);
  }
  return arr;
}

// opNames() → {unary: [...], binary: [...], generic: [...], primitives: [...], composites: [...]}
napi_value op_names(napi_env env, napi_callback_info) {
  return guarded(env, [&] {
    napi_value r;
    napi_create_object(env, &r);
    std::vector<const char*> generic_names;
    for (const Generic& g : kGeneric) generic_names.push_back(g.name);
#define ADJ_NAME(name) #name,
    const char* const primitives[] = {ADJ_UNARY_OPS(ADJ_NAME) ADJ_BINARY_OPS(ADJ_NAME) ADJ_OTHER_PRIMITIVES(ADJ_NAME)};
    const char* const composites[] = {ADJ_COMPOSITES(ADJ_NAME)};
#undef ADJ_NAME
    napi_set_named_property(env, r, "unary", names_array(env, kUnaryNames, std::size(kUnaryNames)));
    napi_set_named_property(env, r, "binary", names_array(env, kBinaryNames, std::size(kBinaryNames)));
    napi_set_named_property(env, r, "generic", names_array(env, generic_names.data(), generic_names.size()));
    napi_set_named_property(env, r, "primitives", names_array(env, primitives, std::size(primitives)));
    napi_set_named_property(env, r, "composites", names_array(env, composites, std::size(composites)));
    return r;
  });
}
}  // namespace

ArgBuffer& arg_buffer() { return per_thread<ArgBuffer>(); }

const ArgBuffer& buffer_of(size_t n) {
  const ArgBuffer& b = arg_buffer();
  if (b.length < n) fail(ErrorKind::Argument, "argBuffer() was not called");
  return b;
}

int64_t buffered_count(double v, size_t limit, const char* what) {
  const auto k = static_cast<int64_t>(v >= 0 && v <= static_cast<double>(limit) ? v : -1);
  if (k < 0 || static_cast<double>(k) != v) fail(ErrorKind::Argument, std::string("bad ") + what + " " + std::to_string(v) + " in the argument buffer");
  return k;
}

std::vector<Export> op_exports() {
  return {{"unary", unary},   {"binary", binary},           {"binaryScalar", binary_scalar}, {"op", generic},
          {"opb", generic_buffered}, {"argBuffer", arg_buffer_binding}, {"opNames", op_names}};
}

}  // namespace adj::napi
