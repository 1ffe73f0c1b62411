// The planner: factors n into codelet radices, chooses between mixed radix, the four-step
// split and Bluestein, builds the twiddle tables, and caches plans (LRU).
#include <algorithm>
#include <cmath>

#include "fft/cache.h"
#include "fft/plan.h"
#include "fft/twiddle.h"

namespace adj::fft {
namespace {

// From this length on the four-step split, whose passes each work on a cache-sized block, beats
// whole-array Stockham passes. Measured on Zen 4 (1 MiB L2, 32 MiB L3): Stockham passes stream
// well from L3 up to 2^20 points (16 MiB in double, plus the ping-pong buffer), beyond that the
// split wins by ~10%.
constexpr int64_t kFourStepMin = int64_t{1} << 21;
constexpr std::size_t kCacheCapacity = 64;

RadixKind radix_kind(int r) {
  switch (r) {
    case 2: return kRadix2;
    case 3: return kRadix3;
    case 4: return kRadix4;
    case 5: return kRadix5;
    case 7: return kRadix7;
    case 8: return kRadix8;
    case 11: return kRadix11;
    case 13: return kRadix13;
    case 16: return kRadix16;
    default: return kRadixOdd;
  }
}

// Radices of n, the powers of two first (largest first, so the first pass, the only one with
// stride 1, vectorises over its many outputs), then odd primes ascending; *ok = false if some
// prime factor exceeds kMaxOddRadix. Radix 16 only when `radix16`: its 16 loads per
// butterfly are n/16 points apart in the first pass, and at ≥ 4 KiB apart they all fall into
// one L1 set (8 ways), so large lengths take radix 8.
std::vector<int> factorize(int64_t n, bool radix16, bool* ok) {
  int twos = 0;
  while (n % 2 == 0) n /= 2, ++twos;
  const Radices pow2 = power_of_two_radices(twos, radix16, n == 1);
  std::vector<int> radices(pow2.r, pow2.r + pow2.count);
  for (int64_t p = 3; p * p <= n; p += 2) {
    while (n % p == 0) {
      radices.push_back(static_cast<int>(std::min<int64_t>(p, kMaxOddRadix + 1)));
      n /= p;
    }
  }
  if (n > 1) radices.push_back(static_cast<int>(std::min<int64_t>(n, kMaxOddRadix + 1)));
  *ok = std::all_of(radices.begin(), radices.end(), [](int r) { return r <= kMaxOddRadix; });
  return radices;
}

// Flops per point of one pass (butterfly + twiddles); the run-time odd radix (above 13), whose
// loops are not unrolled and whose operands live in memory, is charged 4× (measured: it loses to
// Bluestein from about 17 on).
double pass_cost(int r) {
  switch (r) {
    case 2: return 5.0;
    case 4: return 8.5;
    case 8: return 12.25;
    case 16: return 17.0;
    default: {
      const double h = (r - 1) / 2;
      const double flops = (8 * h * h + 8 * h + 6 * (r - 1)) / r;
      return r <= 13 ? flops : 4 * flops;
    }
  }
}

// The layout of a pass's twiddles_by_column (PassArgs): none (not the first pass), interleaved
// (the generic passes) or duplicated (the fixed-length kernels).
enum class ByColumn { kNone, kInterleaved, kDuplicated };

template <class T>
Pass<T> make_pass(const Kernels<T>& kernels, int r, int64_t length, ByColumn by_column, bool inverse) {
  Pass<T> pass;
  pass.radix = r;
  pass.m = length / r;
  pass.run = kernels.pass[inverse][radix_kind(r)];
  pass.twiddles.resize(2 * (r - 1) * pass.m);
  const int64_t half = 2 * (r - 1) * pass.m;  // the duplicated layout's offset of the (im, im) pairs
  if (by_column == ByColumn::kInterleaved) pass.twiddles_by_column.resize(half);
  if (by_column == ByColumn::kDuplicated) pass.twiddles_by_column.resize(2 * half);
  const std::vector<T> roots = twiddle_table<T>(length, inverse);
  for (int64_t p = 0; p < pass.m; ++p) {
    for (int j = 1; j < r; ++j) {
      const T* w = &roots[2 * j * p];  // j·p < r·m = length
      std::copy(w, w + 2, &pass.twiddles[2 * ((r - 1) * p + j - 1)]);
      T* column = pass.twiddles_by_column.data() + 2 * ((j - 1) * pass.m + p);
      if (by_column == ByColumn::kInterleaved) std::copy(w, w + 2, column);
      if (by_column == ByColumn::kDuplicated) {
        column[0] = column[1] = w[0];
        column[half] = column[half + 1] = w[1];
      }
    }
  }
  if (r % 2) {
    const int h = (r - 1) / 2;
    pass.odd_roots.resize(2 * h * h);
    for (int j = 1; j <= h; ++j) {
      for (int k = 1; k <= h; ++k) twiddle(j * k, r, inverse, &pass.odd_roots[2 * (h * (j - 1) + k - 1)]);
    }
  }
  return pass;
}

// A divisor of n near √n (n1 ≤ n2) whose both sides the codelets can factor, or 0.
int64_t four_step_split(int64_t n) {
  for (int64_t n1 = static_cast<int64_t>(std::sqrt(static_cast<double>(n))); n1 >= 16; --n1) {
    if (n % n1 == 0 && mixed_radix_cost(n1) >= 0 && mixed_radix_cost(n / n1) >= 0) return n1;
  }
  return 0;
}

// The cheapest 7-smooth length m ≥ 2n − 1 for Bluestein's convolution.
int64_t bluestein_length(int64_t n) {
  const int64_t lo = 2 * n - 1;
  int64_t pow2 = 1;
  while (pow2 < lo) pow2 *= 2;
  int64_t best = pow2;
  double best_cost = mixed_radix_cost(pow2);
  for (int64_t a = 1; a <= pow2; a *= 2) {
    for (int64_t b = a; b <= pow2; b *= 3) {
      for (int64_t c = b; c <= pow2; c *= 5) {
        for (int64_t d = c; d <= pow2; d *= 7) {
          if (d < lo) continue;
          const double cost = mixed_radix_cost(d);
          if (cost < best_cost) best = d, best_cost = cost;
        }
      }
    }
  }
  return best;
}

// Bluestein costs two length-m transforms plus three pointwise products (n, m and n points).
double bluestein_cost(int64_t n, int64_t m) { return 2 * mixed_radix_cost(m) + 6.0 * (2 * n + m); }

template <class T>
std::shared_ptr<const Plan<T>> build_plan(int64_t n, bool inverse) {
  auto plan = std::make_shared<Plan<T>>();
  plan->n = n;
  plan->inverse = inverse;
  plan->kernels = &kernels<T>();
  const double direct = mixed_radix_cost(n);
  const int64_t m = bluestein_length(n);
  if (direct < 0 || bluestein_cost(n, m) < direct) {
    plan->algo = Plan<T>::Algo::Bluestein;
    build_bluestein(*plan, m);
    return plan;
  }
  const int64_t n1 = n >= kFourStepMin ? four_step_split(n) : 0;
  if (n1) {
    FourStep<T>& fs = plan->four_step;
    plan->algo = Plan<T>::Algo::FourStep;
    fs.n1 = n1;
    fs.n2 = n / n1;
    fs.columns = complex_plan<T>(fs.n1, inverse);
    fs.rows = complex_plan<T>(fs.n2, inverse);
    fs.twiddles.resize(2 * n);
    const std::vector<T> roots = twiddle_table<T>(n, inverse);
    for (int64_t j2 = 0; j2 < fs.n2; ++j2) {
      for (int64_t k1 = 0; k1 < fs.n1; ++k1) {
        const T* w = &roots[2 * (k1 * j2 % n)];
        std::copy(w, w + 2, &fs.twiddles[2 * (j2 * fs.n1 + k1)]);
      }
    }
    return plan;
  }
  bool ok;
  int64_t length = n;
  const bool radix16 = n * 2 * static_cast<int64_t>(sizeof(T)) <= 32768;
  int log2n = 0;
  while ((int64_t{1} << log2n) < n) ++log2n;
  if (radix16 && n == int64_t{1} << log2n && log2n >= 1 && log2n <= kFixedMaxLog2) {
    plan->fixed = plan->kernels->fixed[inverse][log2n];
  }
  for (int r : factorize(n, radix16, &ok)) {
    const ByColumn by_column = !plan->passes.empty() ? ByColumn::kNone
                               : plan->fixed        ? ByColumn::kDuplicated
                                                    : ByColumn::kInterleaved;
    plan->passes.push_back(make_pass(*plan->kernels, r, length, by_column, inverse));
    length /= r;
  }
  if (plan->fixed) {
    plan->fixed_twiddles.push_back(plan->passes.front().twiddles_by_column.data());
    for (const Pass<T>& pass : plan->passes) plan->fixed_twiddles.push_back(pass.twiddles.data());
  }
  return plan;
}

}  // namespace

double mixed_radix_cost(int64_t n) {
  bool ok;
  const std::vector<int> radices = factorize(n, n <= 2048, &ok);
  if (!ok) return -1;
  double per_point = 0;
  for (int r : radices) per_point += pass_cost(r);
  return static_cast<double>(n) * per_point;
}

template <class T>
std::shared_ptr<const Plan<T>> complex_plan(int64_t n, bool inverse) {
  static PlanCache<Plan<T>> cache(kCacheCapacity);
  return cache.get({n, inverse}, [&] { return build_plan<T>(n, inverse); });
}

template std::shared_ptr<const Plan<float>> complex_plan<float>(int64_t, bool);
template std::shared_ptr<const Plan<double>> complex_plan<double>(int64_t, bool);

}  // namespace adj::fft
