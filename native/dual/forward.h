// Note [Fused forward]: an elementwise op at a forward level whose operands and tangents are all
// concrete (nothing traced by another level) computes its output and the output's tangent in
// one pass (OpDef::dual, used by the dispatcher), instead of its kernel, then its tangent rule
// as a second kernel. The pass goes block by block over the elements: first the block's values
// and the op's partial derivatives (which may call libm or vmath: not vectorizable together
// with the lanes), kept in L1; then every tangent lane of the block, in chunks of N = 8, 4, 2
// or 1 lanes, each element one Dual<T, N> operation (dual/dual.h), vectorized over elements.
// The rules and partials are the op's own (unary.cc, binary.cc) and the terms are added in the
// tangent rules' order, so that the result is the two-kernel one.
#pragma once
#include <algorithm>
#include <array>
#include <cstdint>

#include "core/cpu_dispatch.h"
#include "dual/dual.h"

namespace adj::dual {

#define ADJ_DUAL_INLINE inline __attribute__((always_inline))
// The lanes' rows of the output never overlap each other or the tangents (distinct arrays, rows
// `stride` apart), which the compiler cannot see: without this it gives up on the loop.
#if defined(__clang__)
#define ADJ_DUAL_NO_OVERLAP _Pragma("clang loop vectorize(assume_safety)")
#else
#define ADJ_DUAL_NO_OVERLAP _Pragma("GCC ivdep")
#endif

// Elements per block: their values and partials stay in L1 while the lanes go by.
constexpr int64_t kBlock = 256;

namespace detail {
// Lanes l0..l0+N−1 of one block of m elements (`t`, `r` point at lane l0's first element of
// the block; lanes are `stride` apart). d[k] and t[k] are the partial and tangents of operand k.
template <int N, class T, class Rule>
ADJ_DUAL_INLINE void lanes_of_block(int64_t m, int64_t stride, const T* y, const std::array<const T*, 1>& d,
                                    const std::array<const T*, 1>& t, T* __restrict r, Rule& rule) {
  const T* __restrict t0 = t[0];
  ADJ_DUAL_NO_OVERLAP
  for (int64_t j = 0; j < m; ++j) {
    Dual<T, N> x;
    for (int l = 0; l < N; ++l) x.d[l] = t0[l * stride + j];
    const Dual<T, N> out = rule(y[j], d[0][j], x);
    for (int l = 0; l < N; ++l) r[l * stride + j] = out.d[l];
  }
}
template <int N, class T, class Rule>
ADJ_DUAL_INLINE void lanes_of_block(int64_t m, int64_t stride, const T* y, const std::array<const T*, 2>& d,
                                    const std::array<const T*, 2>& t, T* __restrict r, Rule& rule) {
  const T *__restrict t0 = t[0], *__restrict t1 = t[1];
  ADJ_DUAL_NO_OVERLAP
  for (int64_t j = 0; j < m; ++j) {
    Dual<T, N> a, b;
    for (int l = 0; l < N; ++l) a.d[l] = t0[l * stride + j];
    for (int l = 0; l < N; ++l) b.d[l] = t1[l * stride + j];
    const Dual<T, N> out = rule(y[j], d[0][j], a, d[1][j], b);
    for (int l = 0; l < N; ++l) r[l * stride + j] = out.d[l];
  }
}
}  // namespace detail

// The fused pass over n elements with k ≥ 1 tangent lanes (an unbatched tangent is one lane):
// values(i0, m, d) writes the outputs y[i0..i0+m) and, for each operand k with a tangent
// (t[k], laid out [lanes, n]), its partial derivatives d[k][0..m); then lane l of the output
// tangent is rule(y, ∂_0, ẋ_0[, ∂_1, ẋ_1]) on Duals. Both callbacks must be always-inline
// lambdas (they are compiled again for AVX2+FMA, core/cpu_dispatch.h).
template <class T, size_t M, class Values, class Rule>
void forward(int64_t n, int64_t k, const T* y, const std::array<const T*, M>& t, T* r, Values& values, Rule& rule) {
  cpu::run_dispatched([&]() __attribute__((always_inline)) {
    T partial[M][kBlock] = {};  // zeros for the linear ops, which need no partials
    std::array<const T*, M> d;
    for (size_t q = 0; q < M; ++q) d[q] = partial[q];
    for (int64_t i0 = 0; i0 < n; i0 += kBlock) {
      const int64_t m = std::min(kBlock, n - i0);
      values(i0, m, partial);
      std::array<const T*, M> tb;
      for (int64_t l0 = 0; l0 < k;) {
        for (size_t q = 0; q < M; ++q) tb[q] = t[q] + l0 * n + i0;
        T* rb = r + l0 * n + i0;
        const int64_t left = k - l0;
        if (left >= 8) detail::lanes_of_block<8>(m, n, y + i0, d, tb, rb, rule), l0 += 8;
        else if (left >= 4) detail::lanes_of_block<4>(m, n, y + i0, d, tb, rb, rule), l0 += 4;
        else if (left >= 2) detail::lanes_of_block<2>(m, n, y + i0, d, tb, rb, rule), l0 += 2;
        else detail::lanes_of_block<1>(m, n, y + i0, d, tb, rb, rule), l0 += 1;
      }
    }
  });
}

#undef ADJ_DUAL_NO_OVERLAP
#undef ADJ_DUAL_INLINE

}  // namespace adj::dual
