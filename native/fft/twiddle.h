// Roots of unity accurate to the last bit: computed in long double after an exact octant
// reduction, rounded once to the target type.
#pragma once
#include <cstdint>
#include <vector>

namespace adj::fft {

// (cos, sin)(2π·k/n) in long double, for any integer k.
void unit_root(int64_t k, int64_t n, long double* re, long double* im);

// exp(∓2πi·k/n) (− unless inverse), rounded to T, stored as out[0], out[1].
template <class T>
void twiddle(int64_t k, int64_t n, bool inverse, T* out);

// twiddle(e, n, inverse) for every e < n, interleaved; the same values, but with cos/sin
// evaluated for the first octant only when 8 divides n (the others are exact reflections).
template <class T>
std::vector<T> twiddle_table(int64_t n, bool inverse);

}  // namespace adj::fft
