#include "fft/twiddle.h"

#include <cmath>

namespace adj::fft {

namespace {

// 2πk/n = quarter·π/2 + sign·φ with φ = π/4·base/n ∈ [0, π/4] (base = 8k − octant·n, folded):
// the reduction is exact integer arithmetic.
struct Octant {
  int quarter;
  int64_t base;
  bool negative;
};

Octant reduce(int64_t k, int64_t n) {
  k %= n;
  if (k < 0) k += n;
  const int64_t eighths = 8 * k, octant = eighths / n;
  const int64_t rem = eighths - octant * n;
  if (octant % 2) return {static_cast<int>((octant + 1) / 2 % 4), n - rem, true};
  return {static_cast<int>(octant / 2 % 4), rem, false};
}

// (cos, sin)(quarter·π/2 + θ) from (cos θ, sin θ), exactly.
template <class R>
void rotate_quarters(int quarter, R c, R s, R* re, R* im) {
  switch (quarter) {
    case 0: *re = c; *im = s; break;
    case 1: *re = -s; *im = c; break;
    case 2: *re = -c; *im = -s; break;
    default: *re = s; *im = -c; break;
  }
}

}  // namespace

void unit_root(int64_t k, int64_t n, long double* re, long double* im) {
  const Octant o = reduce(k, n);
  const long double phi = 0.785398163397448309615660845819875721L * (static_cast<long double>(o.base) / n);
  rotate_quarters(o.quarter, std::cos(phi), o.negative ? -std::sin(phi) : std::sin(phi), re, im);
}

template <class T>
void twiddle(int64_t k, int64_t n, bool inverse, T* out) {
  long double re, im;
  unit_root(k, n, &re, &im);
  out[0] = static_cast<T>(re);
  out[1] = static_cast<T>(inverse ? im : -im);
}

template <class T>
std::vector<T> twiddle_table(int64_t n, bool inverse) {
  std::vector<T> table(2 * n);
  if (n % 8) {  // only the mirror symmetry: root(n − e) = conj(root(e))
    for (int64_t e = 0; e <= n / 2; ++e) twiddle(e, n, inverse, &table[2 * e]);
    for (int64_t e = n / 2 + 1; e < n; ++e) {
      table[2 * e] = table[2 * (n - e)];
      table[2 * e + 1] = -table[2 * (n - e) + 1];
    }
    return table;
  }
  // With 8 | n every folded base is a multiple of 8: first-octant roots e·2π/n, e ≤ n/8.
  std::vector<T> first(2 * (n / 8 + 1));
  for (int64_t e = 0; e <= n / 8; ++e) twiddle(e, n, false, &first[2 * e]);
  const T sign = inverse ? T(1) : T(-1);
  for (int64_t e = 0; e < n; ++e) {
    const Octant o = reduce(e, n);
    const T* root = &first[2 * (o.base / 8)];
    const T s = -root[1];  // the octant table holds exp(−iθ)
    T re, im;
    rotate_quarters(o.quarter, root[0], o.negative ? -s : s, &re, &im);
    table[2 * e] = re;
    table[2 * e + 1] = sign * im;
  }
  return table;
}

template void twiddle<float>(int64_t, int64_t, bool, float*);
template void twiddle<double>(int64_t, int64_t, bool, double*);
template std::vector<float> twiddle_table<float>(int64_t, bool);
template std::vector<double> twiddle_table<double>(int64_t, bool);

}  // namespace adj::fft
