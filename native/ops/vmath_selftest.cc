#include "ops/vmath_selftest.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "core/splitmix.h"

namespace adj::vmath {
namespace {

using Ld = long double;


// The reference (64-bit significand: its own error is ~2⁻¹¹ of a double ulp).
Ld reference(Fn f, Ld x) {
  switch (f) {
    case Fn::exp: return std::exp(x);
    case Fn::expm1: return std::expm1(x);
    case Fn::tanh: return std::tanh(x);
    case Fn::sigmoid: break;
  }
  if (x >= 0) return 1 / (1 + std::exp(-x));
  const Ld e = std::exp(x);
  return e / (1 + e);
}

// |y − ref| in units of the last place of T at ref (the smallest subnormal below the normals).
template <class T>
double ulp_error(T y, Ld ref) {
  using L = std::numeric_limits<T>;
  const T rounded = static_cast<T>(ref);
  if (std::isnan(ref) || std::isnan(y)) return std::isnan(ref) && std::isnan(y) ? 0 : L::infinity();
  if (std::isinf(y)) return y == rounded ? 0 : L::infinity();
  if (rounded == 0 && y == 0 && std::signbit(rounded) != std::signbit(y)) return L::infinity();
  const Ld magnitude = std::fabs(ref);
  Ld ulp = L::denorm_min();
  if (magnitude >= L::min()) {
    int e = 0;
    std::frexp(magnitude, &e);  // magnitude = m·2^e, m in [0.5, 1)
    ulp = std::ldexp(Ld(1), e - L::digits);
  }
  return static_cast<double>(std::fabs(static_cast<Ld>(y) - ref) / ulp);
}

template <class T>
std::vector<T> points(double lo, double hi, int64_t count, uint64_t seed) {
  using L = std::numeric_limits<T>;
  const T tlo = static_cast<T>(lo), thi = static_cast<T>(hi);
  std::vector<T> x = {T(0), -T(0), L::infinity(), -L::infinity(), L::quiet_NaN(),
                      L::denorm_min(), -L::denorm_min(), L::max(), L::lowest()};
  SplitMix64 rng{seed};
  for (int64_t i = 0; i < count; ++i) x.push_back(static_cast<T>(lo + (hi - lo) * rng.next()));
  // log-uniform magnitudes on the side(s) of 0 that [lo, hi] covers
  const double tiny = L::denorm_min();
  for (int64_t i = 0; i < count; ++i) {
    const bool negative = hi <= 0 || (lo < 0 && rng.next() < 0.5);
    const double a = negative ? std::max(-hi, tiny) : std::max(lo, tiny), b = negative ? -lo : hi;
    if (!(a < b)) break;
    const double m = std::exp2(std::log2(a) + (std::log2(b) - std::log2(a)) * rng.next());
    x.push_back(static_cast<T>(negative ? -m : m));
  }
  for (int64_t i = 0; i < count; ++i)
    x.push_back(static_cast<T>(lo + (hi - lo) * (count > 1 ? static_cast<double>(i) / static_cast<double>(count - 1) : 0)));
  for (T end : {tlo, thi}) {
    T below = end, above = end;
    for (int i = 0; i < 64; ++i) {
      x.push_back(below = std::nextafter(below, -L::infinity()));
      x.push_back(above = std::nextafter(above, L::infinity()));
    }
  }
  return x;
}

template <class T>
SelftestResult run(Fn f, double lo, double hi, int64_t count, uint64_t seed) {
  const std::vector<T> x = points<T>(lo, hi, count, seed);
  std::vector<T> fast(x.size()), base(x.size());
  map(f, x.data(), fast.data(), static_cast<int64_t>(x.size()));
  map(f, x.data(), base.data(), static_cast<int64_t>(x.size()), true);
  SelftestResult r{0, 0, 0};
  double worst = -1;
  for (size_t i = 0; i < x.size(); ++i) {
    const Ld ref = reference(f, x[i]);
    const double e_fast = ulp_error(fast[i], ref), e_base = ulp_error(base[i], ref);
    r.dispatched = std::max(r.dispatched, e_fast);
    r.baseline = std::max(r.baseline, e_base);
    if (std::max(e_fast, e_base) > worst) {
      worst = std::max(e_fast, e_base);
      r.worst_x = x[i];
    }
  }
  return r;
}

}  // namespace

SelftestResult selftest(Fn f, bool single, double lo, double hi, int64_t count, uint64_t seed) {
  return single ? run<float>(f, lo, hi, count, seed) : run<double>(f, lo, hi, count, seed);
}

}  // namespace adj::vmath
