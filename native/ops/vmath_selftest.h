// Accuracy self-test of ops/vmath.h against a long-double reference, for the test suite's
// binding (native.mathSelftest, test/vmath.test.ts).
#pragma once
#include <cstdint>

#include "ops/vmath_map.h"

namespace adj::vmath {

struct SelftestResult {
  double dispatched;  // max error in ulps through the loop the ops run (AVX2+FMA where present)
  double baseline;    // the same loop kept on the baseline ISA
  double worst_x;     // where the larger of the two is reached
};

// f over [lo, hi] in float (single) or double: `count` uniform random points, `count` points
// with log-uniform magnitudes (down to the smallest subnormal, so tiny |x| too), `count` points
// evenly spaced from lo to hi and the 64 floating-point neighbours of each end; plus ±0, ±inf,
// NaN, ±the smallest subnormal and ±the largest finite value. A NaN, an infinity or a zero of
// the wrong sign where the rounded reference has none counts as an infinite error.
SelftestResult selftest(Fn f, bool single, double lo, double hi, int64_t count, uint64_t seed);

}  // namespace adj::vmath
