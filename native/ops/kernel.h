// Kernel helpers shared by the op files: dtype dispatch and a broadcasting N-ary map.
#pragma once
#include <algorithm>
#include <array>
#include <complex>
#include <cstdint>
#include <string>
#include <type_traits>
#include <utility>

#include "core/cpu_dispatch.h"
#include "core/error.h"
#include "core/value.h"

namespace adj {

// Calls f(T{}) with T = float or double for a real dtype; complex dtypes are refused with a
// DTypeError naming `what` (the op has no complex kernel).
template <class F>
decltype(auto) dispatch_real(DType dt, const char* what, F&& f) {
  switch (dt) {
    case DType::f32: return f(float{});
    case DType::f64: return f(double{});
    default: break;
  }
  fail(ErrorKind::DType, std::string(what) + ": dtype " + dtype_name(dt) + " is not supported");
}

// As dispatch_real, and T = std::complex<float> / std::complex<double> for complex dtypes.
template <class F>
decltype(auto) dispatch_any(DType dt, const char* what, F&& f) {
  switch (dt) {
    case DType::c64: return f(std::complex<float>{});
    case DType::c128: return f(std::complex<double>{});
    default: return dispatch_real(dt, what, std::forward<F>(f));
  }
}

// dispatch_any when the op has complex kernels (`Complex`), else dispatch_real, so that an
// op's complex instantiation is never compiled when it has none.
template <bool Complex, class F>
decltype(auto) dispatch(DType dt, const char* what, F&& f) {
  if constexpr (Complex) return dispatch_any(dt, what, std::forward<F>(f));
  else return dispatch_real(dt, what, std::forward<F>(f));
}

template <class T> struct is_complex_t : std::false_type {};
template <class T> struct is_complex_t<std::complex<T>> : std::true_type {};
template <class T> inline constexpr bool is_complex_v = is_complex_t<T>::value;

// The accumulator of sums over T: double for real, complex<double> for complex elements.
template <class T> using wide_t = std::conditional_t<is_complex_v<T>, std::complex<double>, double>;

// An array seen as [outer, n, inner] around one axis (callers skip empty arrays, whose dims
// may not have a representable product).
struct Lanes {
  int64_t outer = 1, n = 1, inner = 1;
};
inline Lanes lanes_of(const Shape& s, int64_t axis) {
  Lanes l;
  for (int64_t d = 0; d < static_cast<int64_t>(s.size()); ++d) {
    const int64_t len = s[static_cast<size_t>(d)];
    if (d < axis) l.outer *= len;
    else if (d == axis) l.n = len;
    else l.inner *= len;
  }
  return l;
}

// A right-hand side [n] or [n, k] of the solves and band products (solve.cc, banded.cc): its
// rank checked, it gives n; [n] is one column.
inline int64_t rhs_rows(const char* what, const char* name, const VRef& b) {
  if (b->ndim() != 1 && b->ndim() != 2)
    fail(ErrorKind::Shape, std::string(what) + ": " + name + " must be a vector [n] or a matrix [n, k], got shape " + shape_str(b->shape));
  return b->shape[0];
}
inline int64_t columns(const VRef& b) { return b->ndim() == 2 ? b->shape[1] : 1; }

// Runs kernel() (an always-inline lambda, cpu_dispatch.h) with AVX2+FMA where the CPU has
// them when T is float or double; complex kernels stay on the baseline ISA.
template <class T, class Kernel>
inline void run_elementwise(const Kernel& kernel) {
  if constexpr (std::is_floating_point_v<T>) cpu::run_dispatched(kernel);
  else kernel();
}

namespace detail {
#define ADJ_KERNEL_INLINE inline __attribute__((always_inline))
template <class T, size_t N, class F, size_t... I>
ADJ_KERNEL_INLINE T call_at(F& f, const std::array<const T*, N>& p, const std::array<int64_t, N>& off, std::index_sequence<I...>) {
  return f(p[I][off[I]]...);
}

// out[j] = f(p_0[j·S_0], …) for j < len with each stride S_k ∈ {0, 1} known at compile time,
// so that the loop vectorizes.
template <int... S, class T, size_t N, class F, size_t... I>
ADJ_KERNEL_INLINE void run_strided(T* __restrict out, int64_t len, const std::array<const T*, N>& p, F& f, std::index_sequence<I...>) {
  constexpr int64_t stride[] = {S...};
  for (int64_t j = 0; j < len; ++j) out[j] = f(p[I][j * stride[I]]...);
}
template <class T, size_t N, class F, size_t... I>
ADJ_KERNEL_INLINE void run_contiguous(T* __restrict out, int64_t len, const std::array<const T*, N>& p, F& f, std::index_sequence<I...> seq) {
  run_strided<(static_cast<void>(I), 1)...>(out, len, p, f, seq);
}

// Calls g(run) with the kernel for runs along the innermost axis, chosen once for all runs:
// run(out, len, p) writes `len` outputs from inputs at p stepping by `stride`. Unit strides
// (and, for two inputs, one operand held) take a vectorizable loop.
template <class T, size_t N, class F, class G>
ADJ_KERNEL_INLINE void with_run(const std::array<int64_t, N>& stride, F& f, G&& g) {
  using P = std::array<const T*, N>;
  constexpr auto seq = std::make_index_sequence<N>{};
  bool unit = true;
  for (size_t k = 0; k < N; ++k) unit &= stride[k] == 1;
  if (unit)
    return g([&](T* __restrict out, int64_t len, const P& p) __attribute__((always_inline)) { run_contiguous(out, len, p, f, seq); });
  if constexpr (N == 2) {
    if (stride[0] == 1 && stride[1] == 0)
      return g([&](T* __restrict out, int64_t len, const P& p) __attribute__((always_inline)) { run_strided<1, 0>(out, len, p, f, seq); });
    if (stride[0] == 0 && stride[1] == 1)
      return g([&](T* __restrict out, int64_t len, const P& p) __attribute__((always_inline)) { run_strided<0, 1>(out, len, p, f, seq); });
  }
  g([&](T* __restrict out, int64_t len, const P& p) __attribute__((always_inline)) {
    std::array<int64_t, N> off{};
    for (int64_t j = 0; j < len; ++j) {
      out[j] = call_at<T, N>(f, p, off, seq);
      for (size_t k = 0; k < N; ++k) off[k] += stride[k];
    }
  });
}
#undef ADJ_KERNEL_INLINE
}  // namespace detail

// out[i] = f(in_0[i'], …, in_{N-1}[i']) over `oshape`, each input broadcast (NumPy rules) from
// its own shape; out does not overlap the inputs. Adjacent axes that every input steps through
// alike (contiguously, or not at all) are merged first, so the innermost run is as long as it
// can be; equal shapes are one run.
// The loops run under run_elementwise: f must be inlinable into them (a lambda over inline
// arithmetic), or the wide copy calls it element by element.
template <class T, size_t N, class F>
void map_broadcast(T* out, const Shape& oshape, const std::array<const T*, N>& in,
                   const std::array<const Shape*, N>& shapes, F f) {
  const int64_t n = shape_size(oshape);
  if (n == 0) return;
  bool same = true;
  for (size_t k = 0; k < N; ++k) same &= *shapes[k] == oshape;
  if (same) {
    run_elementwise<T>([&]() __attribute__((always_inline)) { detail::run_contiguous(out, n, in, f, std::make_index_sequence<N>{}); });
    return;
  }
  // dims[d] and, per input, strides[k][d] of the merged axes, innermost first
  Shape dims;
  std::array<Shape, N> strides;
  dims.reserve(oshape.size());
  for (Shape& s : strides) s.reserve(oshape.size());
  {
    std::array<Shape, N> st;
    for (size_t k = 0; k < N; ++k) st[k] = broadcast_strides(*shapes[k], oshape);
    for (size_t d = oshape.size(); d-- > 0;) {
      const int64_t len = oshape[d];
      if (len == 1) continue;
      bool merge = !dims.empty();
      for (size_t k = 0; k < N && merge; ++k) merge = st[k][d] == strides[k].back() * dims.back();
      if (merge) {
        dims.back() *= len;
        continue;
      }
      dims.push_back(len);
      for (size_t k = 0; k < N; ++k) strides[k].push_back(st[k][d]);
    }
  }
  if (dims.empty()) dims.push_back(1), std::for_each(strides.begin(), strides.end(), [](Shape& s) { s.push_back(0); });
  const size_t nd = dims.size();
  const int64_t inner = dims[0];
  std::array<int64_t, N> inner_stride{};
  for (size_t k = 0; k < N; ++k) inner_stride[k] = strides[k][0];
  run_elementwise<T>([&]() __attribute__((always_inline)) {
    detail::with_run<T>(inner_stride, f, [&](const auto& run) __attribute__((always_inline)) {
      std::array<const T*, N> p = in;
      if (nd <= 2) {  // rows (a vector broadcast against a matrix, the common case): one stride each
        std::array<int64_t, N> row_stride{};
        for (size_t k = 0; k < N && nd == 2; ++k) row_stride[k] = strides[k][1];
        for (int64_t o = 0; o < n; o += inner) {
          run(out + o, inner, p);
          for (size_t k = 0; k < N; ++k) p[k] += row_stride[k];
        }
        return;
      }
      Shape idx(nd, 0);  // the outer multi-index (axes 1…nd−1)
      for (int64_t o = 0; o < n; o += inner) {
        run(out + o, inner, p);
        // advance the outer multi-index (odometer), keeping the input pointers in step
        for (size_t d = 1; d < nd; ++d) {
          if (++idx[d] < dims[d]) {
            for (size_t k = 0; k < N; ++k) p[k] += strides[k][d];
            break;
          }
          for (size_t k = 0; k < N; ++k) p[k] -= strides[k][d] * (dims[d] - 1);
          idx[d] = 0;
        }
      }
    });
  });
}

}  // namespace adj
