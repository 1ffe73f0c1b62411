// Real transforms. Even n = 2h: the real sequence is packed as h complex numbers
// z_j = x_{2j} + i·x_{2j+1}, transformed by a length-h complex FFT, and untangled (see the
// formulas below). Odd n: the full length-n complex transform of the real data (c2r: of the
// Hermitian-completed spectrum).
#include <algorithm>

#include "fft/cache.h"
#include "fft/plan.h"
#include "fft/real.h"
#include "fft/twiddle.h"

namespace adj::fft {
namespace {

// Columns of [n][inner] transformed together: all of them while the slab fits in L2 with its
// scratch, otherwise blocks of this many.
constexpr int64_t kSlabElements = int64_t{1} << 14;
constexpr int64_t kColumnBlock = 16;

template <class T>
struct RealPlan {
  std::shared_ptr<const Plan<T>> complex;  // length n/2 (even n) or n (odd n)
  AlignedVector<T> twiddles;               // even n: exp(∓2πi·k/n), k ≤ n/4
};

template <class T>
std::shared_ptr<const RealPlan<T>> real_plan(int64_t n, bool inverse) {
  static PlanCache<RealPlan<T>> cache(64);
  return cache.get({n, inverse}, [&] {
    auto plan = std::make_shared<RealPlan<T>>();
    const bool even = n % 2 == 0;
    plan->complex = complex_plan<T>(even ? n / 2 : n, inverse);
    if (even) {
      plan->twiddles.resize(2 * (n / 4 + 1));
      for (int64_t k = 0; k <= n / 4; ++k) twiddle(k, n, inverse, &plan->twiddles[2 * k]);
    }
    return std::shared_ptr<const RealPlan<T>>(std::move(plan));
  });
}

// The untangling of one pair of bins (k, h−k) of the packed spectrum Z (r2c):
//   X_k = ½·[(Z_k + conj Z_{h−k}) − i·w_k·(Z_k − conj Z_{h−k})],  w_k = exp(−2πi·k/n),
// and w_{h−k} = −conj(w_k) gives X_{h−k} from the same two inputs.
template <class T>
inline void untangle(const T* zk, const T* zh, const T* w, T* xk, T* xh) {
  const T sr = zk[0] + zh[0], si = zk[1] - zh[1];  // Z_k + conj Z_{h−k}
  const T dr = zk[0] - zh[0], di = zk[1] + zh[1];  // Z_k − conj Z_{h−k}
  const T pr = w[0] * dr - w[1] * di, pi = w[0] * di + w[1] * dr;  // w_k·d
  xk[0] = T(0.5) * (sr + pi);
  xk[1] = T(0.5) * (si - pr);
  // X_{h−k} = ½·[conj s − i·conj(w_k·d)] (swap k ↔ h−k: s → conj s, d → −conj d, w → −conj w).
  xh[0] = T(0.5) * (sr - pi);
  xh[1] = T(0.5) * (-si - pr);
}

// The inverse (c2r): Z_k = (X_k + conj X_{h−k}) + i·w_k·(X_k − conj X_{h−k}), w_k = exp(+2πi·k/n).
template <class T>
inline void tangle(const T* xk, const T* xh, const T* w, T* zk, T* zh) {
  const T sr = xk[0] + xh[0], si = xk[1] - xh[1];
  const T dr = xk[0] - xh[0], di = xk[1] + xh[1];
  const T pr = w[0] * dr - w[1] * di, pi = w[0] * di + w[1] * dr;
  zk[0] = sr - pi;
  zk[1] = si + pr;
  zh[0] = sr + pi;  // Z_{h−k} = conj s + i·conj(w_k·d), by the same swap
  zh[1] = pr - si;
}

int64_t block_width(int64_t rows, int64_t inner) {
  return rows * inner <= kSlabElements ? inner : std::min(inner, kColumnBlock);
}

// Column blocks of one [rows][inner] slab: calls f(first column, width).
template <class F>
void for_column_blocks(int64_t rows, int64_t inner, F f) {
  const int64_t width = block_width(rows, inner);
  for (int64_t c = 0; c < inner; c += width) f(c, std::min(width, inner - c));
}

}  // namespace

template <class T>
void real_forward(const T* x, T* y, int64_t outer, int64_t n, int64_t inner) {
  const auto plan = real_plan<T>(n, false);
  const Plan<T>& cplx = *plan->complex;
  const int64_t len = cplx.n, h = n / 2, width = block_width(len, inner);
  T* z = thread_scratch<T>(2 * len * width + scratch_size(cplx, width));
  T* zf = z + 2 * len * width;
  T* sub = zf + 2 * len * width;
  for (int64_t o = 0; o < outer; ++o) {
    const T* xs = x + o * n * inner;
    T* ys = y + 2 * o * (h + 1) * inner;
    for_column_blocks(len, inner, [&](int64_t c, int64_t w) {
      for (int64_t j = 0; j < len; ++j) {
        for (int64_t b = 0; b < w; ++b) {
          T* zj = z + 2 * (j * w + b);
          if (n % 2) {
            zj[0] = xs[j * inner + c + b], zj[1] = T(0);
          } else {
            zj[0] = xs[2 * j * inner + c + b], zj[1] = xs[(2 * j + 1) * inner + c + b];
          }
        }
      }
      execute(cplx, z, zf, w, sub);
      for (int64_t b = 0; b < w; ++b) {
        auto out = [&](int64_t k) { return ys + 2 * (k * inner + c + b); };
        auto bin = [&](int64_t k) { return zf + 2 * (k * w + b); };
        if (n % 2) {
          for (int64_t k = 0; k <= h; ++k) std::copy(bin(k), bin(k) + 2, out(k));
          continue;
        }
        for (int64_t k = 0; k <= h / 2; ++k) {
          T xk[2], xh[2];
          untangle(bin(k), bin(k ? h - k : 0), &plan->twiddles[2 * k], xk, xh);
          std::copy(xk, xk + 2, out(k));
          if (h - k != k) std::copy(xh, xh + 2, out(h - k));
        }
      }
    });
  }
}

template <class T>
void real_backward(const T* x, T* y, int64_t outer, int64_t n, int64_t inner) {
  const auto plan = real_plan<T>(n, true);
  const Plan<T>& cplx = *plan->complex;
  const int64_t len = cplx.n, h = n / 2, width = block_width(len, inner);
  T* z = thread_scratch<T>(2 * len * width + scratch_size(cplx, width));
  T* zf = z + 2 * len * width;
  T* sub = zf + 2 * len * width;
  for (int64_t o = 0; o < outer; ++o) {
    const T* xs = x + 2 * o * (h + 1) * inner;
    T* ys = y + o * n * inner;
    for_column_blocks(len, inner, [&](int64_t c, int64_t w) {
      for (int64_t b = 0; b < w; ++b) {
        // Bins 0 and (even n) h with their imaginary parts dropped.
        auto bin = [&](int64_t k, T* out) {
          const T* v = xs + 2 * (k * inner + c + b);
          out[0] = v[0];
          out[1] = k == 0 || 2 * k == n ? T(0) : v[1];
        };
        auto packed = [&](int64_t k) { return z + 2 * (k * w + b); };
        if (n % 2) {
          T v[2];
          bin(0, packed(0));
          for (int64_t k = 1; k <= h; ++k) {
            bin(k, v);
            packed(k)[0] = v[0], packed(k)[1] = v[1];
            packed(n - k)[0] = v[0], packed(n - k)[1] = -v[1];
          }
          continue;
        }
        for (int64_t k = 0; k <= h / 2; ++k) {
          T xk[2], xh[2], zh[2];
          bin(k, xk);
          bin(h - k, xh);
          tangle(xk, xh, &plan->twiddles[2 * k], packed(k), zh);
          if (k && h - k != k) std::copy(zh, zh + 2, packed(h - k));
        }
      }
      execute(cplx, z, zf, w, sub);
      for (int64_t j = 0; j < len; ++j) {
        for (int64_t b = 0; b < w; ++b) {
          const T* v = zf + 2 * (j * w + b);
          if (n % 2) {
            ys[j * inner + c + b] = v[0];
          } else {
            ys[2 * j * inner + c + b] = v[0];
            ys[(2 * j + 1) * inner + c + b] = v[1];
          }
        }
      }
    });
  }
}

template void real_forward<float>(const float*, float*, int64_t, int64_t, int64_t);
template void real_forward<double>(const double*, double*, int64_t, int64_t, int64_t);
template void real_backward<float>(const float*, float*, int64_t, int64_t, int64_t);
template void real_backward<double>(const double*, double*, int64_t, int64_t, int64_t);

}  // namespace adj::fft
