// Real transforms. Even n = 2h: the real sequence is packed as h complex numbers
// z_j = x_{2j} + i·x_{2j+1}, transformed by a length-h complex FFT, and untangled by
// X_k = E_k + w_k·O_k with E, O the spectra of the even and odd samples (formulas at real_pair
// in codelets.h; c2r runs it backwards). Odd n: the full length-n complex transform of the real data (c2r: of the
// Hermitian-completed spectrum).
#include <algorithm>

#include "fft/cache.h"
#include "fft/columns.h"
#include "fft/plan.h"
#include "fft/real.h"
#include "fft/twiddle.h"

namespace adj::fft {
namespace {

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
      const std::vector<T> roots = twiddle_table<T>(n, inverse);
      plan->twiddles.assign(roots.begin(), roots.begin() + 2 * (n / 4 + 1));
    }
    return std::shared_ptr<const RealPlan<T>>(std::move(plan));
  });
}

// Columns of a [rows][inner] slab transformed together (real transforms of long strided columns
// take narrow blocks rather than columns one by one).
int64_t real_block_width(int64_t rows, int64_t inner) {
  const int64_t width = column_block_width(rows, inner);
  return width ? width : std::min(inner, kTransposedColumns);
}

// Column blocks of one [rows][inner] slab: calls f(first column, width).
template <class F>
void for_column_blocks(int64_t rows, int64_t inner, F f) {
  const int64_t width = real_block_width(rows, inner);
  for (int64_t c = 0; c < inner; c += width) f(c, std::min(width, inner - c));
}

// The length-m complex transform of every [m][inner] slab of `outer`, run on blocks of w
// columns staged in scratch as interleaved complex [m][w]: stage(o, c, w, z) fills z from slab o's
// columns c … c+w−1, unstage(o, c, w, zf) takes their transform from zf.
template <class T, class Stage, class Unstage>
void staged_columns(const Plan<T>& cplx, int64_t outer, int64_t m, int64_t inner, Stage stage, Unstage unstage) {
  const int64_t width = real_block_width(m, inner);
  T* z = thread_scratch<T>(2 * m * width + scratch_size(cplx, width));
  T* zf = z + 2 * m * width;
  T* sub = zf + 2 * m * width;
  for (int64_t o = 0; o < outer; ++o)
    for_column_blocks(m, inner, [&](int64_t c, int64_t w) {
      stage(o, c, w, z);
      execute(cplx, z, zf, w, sub);
      unstage(o, c, w, zf);
    });
}

// Odd n: the length-n complex transform of the real columns, first h+1 bins kept.
template <class T>
void forward_odd(const RealPlan<T>& plan, const T* x, T* y, int64_t outer, int64_t n, int64_t inner) {
  const int64_t h = n / 2;
  staged_columns(
      *plan.complex, outer, n, inner,
      [&](int64_t o, int64_t c, int64_t w, T* z) {
        const T* xs = x + o * n * inner + c;
        for (int64_t j = 0; j < n; ++j) {
          for (int64_t b = 0; b < w; ++b) z[2 * (j * w + b)] = xs[j * inner + b], z[2 * (j * w + b) + 1] = T(0);
        }
      },
      [&](int64_t o, int64_t c, int64_t w, const T* zf) { copy_columns(y + 2 * (o * (h + 1) * inner + c), inner, zf, w, h + 1, w); });
}

// Odd n: the Hermitian completion of each half spectrum, transformed back, real parts kept.
template <class T>
void backward_odd(const RealPlan<T>& plan, const T* x, T* y, int64_t outer, int64_t n, int64_t inner) {
  const int64_t h = n / 2;
  staged_columns(
      *plan.complex, outer, n, inner,
      [&](int64_t o, int64_t c, int64_t w, T* z) {
        const T* xs = x + 2 * (o * (h + 1) * inner + c);
        for (int64_t b = 0; b < w; ++b) z[2 * b] = xs[2 * b], z[2 * b + 1] = T(0);
        for (int64_t k = 1; k <= h; ++k) {
          for (int64_t b = 0; b < w; ++b) {
            const T* v = xs + 2 * (k * inner + b);
            z[2 * (k * w + b)] = v[0], z[2 * (k * w + b) + 1] = v[1];
            z[2 * ((n - k) * w + b)] = v[0], z[2 * ((n - k) * w + b) + 1] = -v[1];
          }
        }
      },
      [&](int64_t o, int64_t c, int64_t w, const T* zf) {
        T* ys = y + o * n * inner + c;
        for (int64_t j = 0; j < n; ++j) {
          for (int64_t b = 0; b < w; ++b) ys[j * inner + b] = zf[2 * (j * w + b)];
        }
      });
}

}  // namespace

template <class T>
void real_forward(const T* x, T* y, int64_t outer, int64_t n, int64_t inner) {
  const auto plan = real_plan<T>(n, false);
  if (n % 2) return forward_odd(*plan, x, y, outer, n, inner);
  const Plan<T>& cplx = *plan->complex;
  const int64_t h = n / 2;
  if (inner == 1) {  // the real column already is the packed complex sequence z_j
    T* scratch = thread_scratch<T>(scratch_size(cplx, 1));
    for (int64_t o = 0; o < outer; ++o) {
      T* ys = y + 2 * o * (h + 1);
      execute(cplx, x + o * n, ys, 1, scratch);
      cplx.kernels->real_post[0](ys, 1, ys, 1, h, 1, plan->twiddles.data());
    }
    return;
  }
  staged_columns(
      cplx, outer, h, inner,
      [&](int64_t o, int64_t c, int64_t w, T* z) {
        for (int64_t j = 0; j < h; ++j) {
          const T* even = x + o * n * inner + 2 * j * inner + c;
          const T* odd = even + inner;
          for (int64_t b = 0; b < w; ++b) z[2 * (j * w + b)] = even[b], z[2 * (j * w + b) + 1] = odd[b];
        }
      },
      [&](int64_t o, int64_t c, int64_t w, const T* zf) {
        cplx.kernels->real_post[0](zf, w, y + 2 * (o * (h + 1) * inner + c), inner, h, w, plan->twiddles.data());
      });
}

template <class T>
void real_backward(const T* x, T* y, int64_t outer, int64_t n, int64_t inner) {
  const auto plan = real_plan<T>(n, true);
  if (n % 2) return backward_odd(*plan, x, y, outer, n, inner);
  const Plan<T>& cplx = *plan->complex;
  const int64_t h = n / 2;
  if (inner == 1) {  // the transform of the packed spectrum lands as the real column itself
    T* z = thread_scratch<T>(h + scratch_size(cplx, 1));
    T* scratch = z + 2 * h;
    for (int64_t o = 0; o < outer; ++o) {
      cplx.kernels->real_post[1](x + 2 * o * (h + 1), 1, z, 1, h, 1, plan->twiddles.data());
      execute(cplx, z, y + o * n, 1, scratch);
    }
    return;
  }
  staged_columns(
      cplx, outer, h, inner,
      [&](int64_t o, int64_t c, int64_t w, T* z) {
        cplx.kernels->real_post[1](x + 2 * (o * (h + 1) * inner + c), inner, z, w, h, w, plan->twiddles.data());
      },
      [&](int64_t o, int64_t c, int64_t w, const T* zf) {
        for (int64_t j = 0; j < h; ++j) {
          T* even = y + o * n * inner + 2 * j * inner + c;
          T* odd = even + inner;
          for (int64_t b = 0; b < w; ++b) even[b] = zf[2 * (j * w + b)], odd[b] = zf[2 * (j * w + b) + 1];
        }
      });
}

template void real_forward<float>(const float*, float*, int64_t, int64_t, int64_t);
template void real_forward<double>(const double*, double*, int64_t, int64_t, int64_t);
template void real_backward<float>(const float*, float*, int64_t, int64_t, int64_t);
template void real_backward<double>(const double*, double*, int64_t, int64_t, int64_t);

}  // namespace adj::fft
