// A small seeded generator for the native self-tests (fft/selftest.cc, ops/vmath_selftest.cc):
// splitmix64, so the inputs a seed names are the same on every platform.
#pragma once
#include <cstdint>

namespace adj {

struct SplitMix64 {
  uint64_t state;
  // uniform in [0, 1), 53 random bits
  double next() {
    uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    z ^= z >> 31;
    return static_cast<double>(z >> 11) * 0x1.0p-53;
  }
};

}  // namespace adj
