// Accuracy self-tests against a long-double reference, for the test suite's bindings.
#pragma once
#include <cstdint>

namespace adj::fft {

// Transform kinds: 0 c2c forward, 1 c2c backward, 2 r2c, 3 c2r.
// Relative RMS error ‖y − y_ref‖₂ / ‖y_ref‖₂ of one length-n transform of a seeded random input
// (c2r: a valid Hermitian half spectrum, real bin 0 and Nyquist bin) in float (single) or double.
double selftest(int64_t n, bool single, int kind, uint64_t seed);

// The same over a whole [outer, n, inner] batch, optionally in place (c2c kinds only; ignored
// for r2c/c2r), every column checked against its own reference.
double selftest_batched(int64_t outer, int64_t n, int64_t inner, bool single, int kind, bool in_place,
                        uint64_t seed);

}  // namespace adj::fft
