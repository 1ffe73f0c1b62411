// Knot vectors of piecewise polynomials (search.cc, ppval.cc): validation and the segment of a
// query.
#pragma once
#include <algorithm>
#include <cstdint>

#include "core/value.h"

namespace adj {

// Throws unless x is a vector of at least 2 strictly increasing (concrete) knots.
void check_knots(const char* what, const VRef& x);

// The segment [x_s, x_{s+1}] of t: s = clamp(lower_bound(x, t) − 1, 0, n − 2), so the first
// knot ≥ t closes the segment and queries outside [x_0, x_{n−1}] take the end segments.
template <class T>
int64_t segment_of(const T* x, int64_t n, T t) {
  return std::clamp<int64_t>((std::lower_bound(x, x + n, t) - x) - 1, 0, n - 2);
}

}  // namespace adj
