// Branch-free selection for the pivoting kernels (internal header). Compilers turn a
// data-dependent `c ? a : b` on floating-point values into a branch when they can sink work into
// the arms, and the pivot pattern of an unstructured matrix is random, so that branch would
// mispredict about half the time. Selecting in SIMD registers (GCC/Clang vector extensions,
// lane 0 only, any target) keeps both arms and yields a blend.
#pragma once
#include <cstdint>

namespace adj::linalg::detail {

template <class T>
struct BranchFree {
  typedef T Vec __attribute__((vector_size(16)));
  using Mask = decltype(Vec{} < Vec{});

  [[gnu::always_inline]] static Vec magnitude(T x) {
    Vec v = {x};
    return v < Vec{} ? -v : v;
  }
  // |a| > |b| (false if either is NaN).
  [[gnu::always_inline]] static Mask greater_magnitude(T a, T b) { return magnitude(a) > magnitude(b); }
  [[gnu::always_inline]] static Mask from_bool(bool c) { return Mask{} - Mask{c}; }  // all ones when c
  [[gnu::always_inline]] static T choose(Mask m, T if_true, T if_false) {
    const Vec r = m ? Vec{if_true} : Vec{if_false};
    return r[0];
  }
  [[gnu::always_inline]] static bool test(Mask m) { return m[0] != 0; }
};

}  // namespace adj::linalg::detail
