#include "fft/twiddle.h"

#include <cmath>

namespace adj::fft {

void unit_root(int64_t k, int64_t n, long double* re, long double* im) {
  k %= n;
  if (k < 0) k += n;
  // 2πk/n = (octant + rem/n)·π/4; fold to quarter·π/2 ± φ with φ ∈ [0, π/4], so cosl/sinl see
  // a small argument and the quarter turns are applied exactly.
  const int64_t eighths = 8 * k;
  const int64_t octant = eighths / n;
  int64_t rem = eighths - octant * n;
  int64_t quarter = octant / 2;
  long double sign = 1.0L;
  if (octant % 2) {
    quarter += 1;
    rem = n - rem;
    sign = -1.0L;
  }
  const long double phi = 0.785398163397448309615660845819875721L * (static_cast<long double>(rem) / n);
  const long double c = std::cos(phi), s = sign * std::sin(phi);
  switch (quarter % 4) {
    case 0: *re = c; *im = s; break;
    case 1: *re = -s; *im = c; break;
    case 2: *re = -c; *im = -s; break;
    default: *re = s; *im = -c; break;
  }
}

template <class T>
void twiddle(int64_t k, int64_t n, bool inverse, T* out) {
  long double re, im;
  unit_root(k, n, &re, &im);
  out[0] = static_cast<T>(re);
  out[1] = static_cast<T>(inverse ? im : -im);
}

template void twiddle<float>(int64_t, int64_t, bool, float*);
template void twiddle<double>(int64_t, int64_t, bool, double*);

}  // namespace adj::fft
