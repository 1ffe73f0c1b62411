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

// segment_of for a sequence of queries, in O(1) per query while they ascend (a sweep over a
// grid, the usual case): from the previous query's segment it steps forward past the knots
// below t — the last knot < t, as lower_bound finds it — and searches only after a long jump
// or when the queries do not ascend (NaN included).
template <class T>
class SegmentCursor {
 public:
  SegmentCursor(const T* x, int64_t n) : x_(x), n_(n) {}
  int64_t operator()(T t) {
    constexpr int kMaxSteps = 8;
    if (started_ && t >= last_) {
      for (int steps = 0; s_ < n_ - 2 && x_[s_ + 1] < t; ++steps) {
        if (steps == kMaxSteps) {
          s_ = segment_of(x_, n_, t);
          break;
        }
        ++s_;
      }
    } else {
      s_ = segment_of(x_, n_, t);
    }
    started_ = true;
    last_ = t;
    return s_;
  }

 private:
  const T* x_;
  int64_t n_;
  int64_t s_ = 0;
  T last_ = 0;
  bool started_ = false;
};

}  // namespace adj
