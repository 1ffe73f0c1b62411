// Knot vectors of piecewise polynomials (search.cc, ppval.cc): validation, the segment of a
// query, and runs of queries in one segment.
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

// Runs of consecutive queries in one segment, so that a kernel loads a segment's knot and
// coefficients once per run and its loop over the run has no search and no gather. For each
// run, each_run calls f(s, j0, in) with the run's segment s, its first query j0 and the test
// in(t) of membership of that segment; f returns the end j1 of the run, the first j > j0 with
// j = m or !in(q_j) (run_end, or f's own loop over the queries). Membership of the open-ended
// segment (x_s, x_{s+1}] (−∞ below segment 0, +∞ above segment n − 2; an end segment tests only
// its finite bound) is what segment_of computes, and it holds for queries in any order; only a
// run's first query is looked up, by the cursor. NaN fails every test, so each NaN query starts
// a run of its own (segment_of puts it in segment 0), unless n = 2, when all are in segment 0.
template <class T, class F>
void each_run(const T* x, int64_t n, const T* q, int64_t m, F&& f) {
  SegmentCursor<T> segment(x, n);
  for (int64_t j0 = 0; j0 < m;) {
    const int64_t s = segment(q[j0]);
    const T lo = x[s], hi = x[s + 1];
    if (n == 2) j0 = f(s, j0, [](T) { return true; });
    else if (s == 0) j0 = f(s, j0, [hi](T t) { return t <= hi; });
    else if (s == n - 2) j0 = f(s, j0, [lo](T t) { return t > lo; });
    else j0 = f(s, j0, [lo, hi](T t) { return t > lo && t <= hi; });
  }
}

// The end of the run from j0 (each_run), two queries per bound check.
template <class T, class In>
int64_t run_end(const T* q, int64_t m, int64_t j0, In in) {
  int64_t j = j0 + 1;
  while (j + 1 < m && in(q[j]) && in(q[j + 1])) j += 2;
  return j < m && in(q[j]) ? j + 1 : j;
}

// out[j] = the segment of query j (as segment_of), filled run by run.
template <class T, class Out>
void fill_segments(const T* x, int64_t n, const T* q, int64_t m, Out* out) {
  each_run(x, n, q, m, [&](int64_t s, int64_t j0, auto in) {
    const int64_t j1 = run_end(q, m, j0, in);
    std::fill(out + j0, out + j1, static_cast<Out>(s));
    return j1;
  });
}

}  // namespace adj
