// The reference is a long-double DFT: recursive mixed radix by the smallest prime factor
// (O(n·Σp)), naive O(n²) for small primes, Bluestein over a power of two for large ones, with
// roots from unit_root (long double, exact octant reduction): ~1e-18 relative error, far below
// what is being measured.
#include "fft/selftest.h"

#include <algorithm>
#include <cmath>
#include <complex>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/error.h"
#include "core/splitmix.h"
#include "fft/aligned.h"
#include "fft/fft.h"
#include "fft/twiddle.h"

namespace adj::fft {
namespace {

using Cld = std::complex<long double>;


int64_t smallest_prime_factor(int64_t n) {
  for (int64_t p = 2; p * p <= n; ++p) {
    if (n % p == 0) return p;
  }
  return n;
}

std::vector<Cld> reference_bluestein(const std::vector<Cld>& x, bool inverse);

bool is_5_smooth(int64_t m) {
  for (int64_t p = 2; p <= 5; ++p) {
    while (m % p == 0) m /= p;
  }
  return m == 1;
}

// acc + a·b, without std::complex's NaN-recovery path (slow in long double).
inline Cld multiply_add(Cld acc, Cld a, Cld b) {
  return {acc.real() + a.real() * b.real() - a.imag() * b.imag(),
          acc.imag() + a.real() * b.imag() + a.imag() * b.real()};
}

// y = DFT_n(x[0], x[stride], …) with W_n^t = roots[t·root_stride] (roots of the top length).
void reference_dft(const Cld* x, int64_t stride, Cld* y, int64_t n, const std::vector<Cld>& roots,
                   int64_t root_stride) {
  const int64_t p = smallest_prime_factor(n);
  if (p == n && n > 64) {
    std::vector<Cld> column(n);
    for (int64_t j = 0; j < n; ++j) column[j] = x[j * stride];
    const std::vector<Cld> spectrum = reference_bluestein(column, roots[root_stride].imag() > 0);
    std::copy(spectrum.begin(), spectrum.end(), y);
    return;
  }
  if (p == n) {
    for (int64_t k = 0; k < n; ++k) {
      Cld sum = 0;
      for (int64_t j = 0, t = 0; j < n; ++j, t = t + k < n ? t + k : t + k - n) {
        sum = multiply_add(sum, x[j * stride], roots[t * root_stride]);
      }
      y[k] = sum;
    }
    return;
  }
  const int64_t m = n / p;
  std::vector<Cld> sub(n);  // [r][m]: DFT_m of x[r + p·j]
  for (int64_t r = 0; r < p; ++r) reference_dft(x + r * stride, stride * p, &sub[r * m], m, roots, root_stride * p);
  for (int64_t k = 0, k_m = 0; k < n; ++k, k_m = k_m + 1 < m ? k_m + 1 : 0) {
    Cld sum = 0;
    for (int64_t r = 0, t = 0; r < p; ++r, t = t + k < n ? t + k : t + k - n) {
      sum = multiply_add(sum, roots[t * root_stride], sub[r * m + k_m]);
    }
    y[k] = sum;
  }
}

Cld root(int64_t k, int64_t n, bool inverse) {
  long double re, im;
  unit_root(k, n, &re, &im);
  return {re, inverse ? im : -im};
}

std::vector<Cld> reference(const std::vector<Cld>& x, bool inverse);

// Large primes: Bluestein in long double over a 5-smooth convolution length, O(n log n) instead
// of the naive O(n²) (still ~1e-18 relative error).
std::vector<Cld> reference_bluestein(const std::vector<Cld>& x, bool inverse) {
  const int64_t n = static_cast<int64_t>(x.size());
  int64_t m = 2 * n - 1;  // the first 5-smooth length that fits the linear convolution
  while (!is_5_smooth(m)) ++m;
  std::vector<Cld> chirp(n), a(m), b(m);
  for (int64_t j = 0; j < n; ++j) chirp[j] = root(j * j % (2 * n), 2 * n, inverse);
  for (int64_t j = 0; j < n; ++j) {
    a[j] = x[j] * chirp[j];
    b[j] = std::conj(chirp[j]);
    if (j) b[m - j] = b[j];
  }
  const std::vector<Cld> fa = reference(a, false), fb = reference(b, false);
  for (int64_t k = 0; k < m; ++k) a[k] = fa[k] * fb[k] / static_cast<long double>(m);
  const std::vector<Cld> conv = reference(a, true);
  std::vector<Cld> y(n);
  for (int64_t k = 0; k < n; ++k) y[k] = conv[k] * chirp[k];
  return y;
}

// The roots of the few lengths in use (a sweep reuses them: Bluestein's power of two, both
// directions), kept per thread so the sinl/cosl calls are not repeated.
std::shared_ptr<const std::vector<Cld>> roots_of(int64_t n, bool inverse) {
  thread_local std::map<std::pair<int64_t, bool>, std::shared_ptr<const std::vector<Cld>>> memo;
  auto it = memo.find({n, inverse});
  if (it != memo.end()) return it->second;
  if (memo.size() >= 8) memo.clear();
  auto roots = std::make_shared<std::vector<Cld>>(n);
  for (int64_t k = 0; k <= n / 2; ++k) (*roots)[k] = root(k, n, inverse);
  for (int64_t k = n / 2 + 1; k < n; ++k) (*roots)[k] = std::conj((*roots)[n - k]);
  memo.emplace(std::make_pair(n, inverse), roots);
  return roots;
}

std::vector<Cld> reference(const std::vector<Cld>& x, bool inverse) {
  const int64_t n = static_cast<int64_t>(x.size());
  std::vector<Cld> y(n);
  reference_dft(x.data(), 1, y.data(), n, *roots_of(n, inverse), 1);
  return y;
}

struct ErrorSums {
  long double diff = 0, norm = 0;
  void add(long double got, long double want) {
    diff += (got - want) * (got - want);
    norm += want * want;
  }
  double relative() const { return static_cast<double>(std::sqrt(norm > 0 ? diff / norm : diff)); }
};

template <class T>
double run(int64_t outer, int64_t n, int64_t inner, int kind, bool in_place, uint64_t seed) {
  if (kind < 0 || kind > 3) fail(ErrorKind::Argument, "fft: selftest kind must be 0..3");
  if (n < 1 || outer < 1 || inner < 1) fail(ErrorKind::Argument, "fft: selftest sizes must be >= 1");
  SplitMix64 rng{seed};
  const int64_t h = n / 2;
  const int64_t in_len = kind == 3 ? h + 1 : n;  // per column
  const int64_t out_len = kind == 2 ? h + 1 : n;
  const bool complex_in = kind != 2, complex_out = kind != 3;
  std::vector<T> in(outer * in_len * inner * (complex_in ? 2 : 1));
  for (T& v : in) v = static_cast<T>(2 * rng.next() - 1);  // in [−1, 1)
  if (kind == 3) {  // Hermitian half spectrum: bin 0 and the Nyquist bin real
    for (int64_t o = 0; o < outer; ++o) {
      for (int64_t q = 0; q < inner; ++q) {
        in[2 * ((o * in_len + 0) * inner + q) + 1] = 0;
        if (n % 2 == 0) in[2 * ((o * in_len + h) * inner + q) + 1] = 0;
      }
    }
  }
  std::vector<T> out(outer * out_len * inner * (complex_out ? 2 : 1));
  // The transform runs on copies placed 0, 1, 2 or 3 complex elements (by seed) past a 64-byte
  // boundary, so that both the aligned and the misaligned buffer paths are exercised.
  using C = std::complex<T>;
  const std::size_t shift = 2 * (seed % 4);
  AlignedVector<T> in_buf(in.size() + shift), out_buf(std::max(in.size(), out.size()) + shift);
  T* x = in_buf.data() + shift;
  T* y = out_buf.data() + shift;
  in_place = in_place && kind < 2;
  std::copy(in.begin(), in.end(), in_place ? y : x);
  switch (kind) {
    case 0:
    case 1: {
      const Direction dir = kind == 0 ? Direction::Forward : Direction::Backward;
      c2c(reinterpret_cast<const C*>(in_place ? y : x), reinterpret_cast<C*>(y), outer, n, inner, dir);
      break;
    }
    case 2: r2c(x, reinterpret_cast<C*>(y), outer, n, inner); break;
    default: c2r(reinterpret_cast<const C*>(x), y, outer, n, inner); break;
  }
  std::copy(y, y + out.size(), out.begin());
  ErrorSums sums;
  for (int64_t o = 0; o < outer; ++o) {
    for (int64_t q = 0; q < inner; ++q) {
      auto in_at = [&](int64_t j) { return &in[(complex_in ? 2 : 1) * ((o * in_len + j) * inner + q)]; };
      auto out_at = [&](int64_t k) { return &out[(complex_out ? 2 : 1) * ((o * out_len + k) * inner + q)]; };
      std::vector<Cld> column(n);
      for (int64_t j = 0; j < in_len; ++j) {
        const T* v = in_at(j);
        column[j] = complex_in ? Cld(v[0], v[1]) : Cld(v[0], 0);
      }
      if (kind == 3) {
        for (int64_t k = 1; n - k > h; ++k) column[n - k] = std::conj(column[k]);
      }
      const std::vector<Cld> want = reference(column, kind == 1 || kind == 3);
      for (int64_t k = 0; k < out_len; ++k) {
        const T* v = out_at(k);
        sums.add(v[0], want[k].real());
        if (complex_out) sums.add(v[1], want[k].imag());
      }
    }
  }
  return sums.relative();
}

}  // namespace

double selftest(int64_t n, bool single, int kind, uint64_t seed) {
  return selftest_batched(1, n, 1, single, kind, false, seed);
}

double selftest_batched(int64_t outer, int64_t n, int64_t inner, bool single, int kind, bool in_place,
                        uint64_t seed) {
  return single ? run<float>(outer, n, inner, kind, in_place, seed)
                : run<double>(outer, n, inner, kind, in_place, seed);
}

}  // namespace adj::fft
