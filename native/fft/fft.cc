// The public entry points: argument checks, then the batched loops over [outer, n, inner].
#include "fft/fft.h"

#include <algorithm>
#include <limits>
#include <string>

#include "core/error.h"
#include "fft/columns.h"
#include "fft/plan.h"
#include "fft/real.h"

namespace adj::fft {
namespace {

void check(const char* what, int64_t outer, int64_t n, int64_t inner) {
  auto bad = [&](const std::string& why) { fail(ErrorKind::Argument, std::string("fft: ") + what + ": " + why); };
  if (n < 1) bad("length must be >= 1, got " + std::to_string(n));
  if (outer < 0 || inner < 0) bad("negative batch size");
  // 2·(n + 2) complex elements of T per column must stay addressable as int64 offsets.
  const int64_t limit = std::numeric_limits<int64_t>::max() / 8;
  if (n > limit / 2 || (outer && inner && (inner > limit / (n + 2) / outer || outer > limit / (n + 2)))) {
    bad("size overflows");
  }
}

template <class T>
void complex_batched(const T* x, T* y, int64_t outer, int64_t n, int64_t inner, bool inverse) {
  const auto plan = complex_plan<T>(n, inverse);
  const int64_t width = column_block_width(n, inner);
  const bool whole_slab = inner == 1 || (width == inner && plan->algo == Plan<T>::Algo::Stockham);
  if (whole_slab) {
    T* scratch = thread_scratch<T>(scratch_size(*plan, inner));
    for (int64_t o = 0; o < outer; ++o) execute(*plan, x + 2 * o * n * inner, y + 2 * o * n * inner, inner, scratch);
    return;
  }
  // Blocks of columns, either side by side ([n][w], one strided transform) or, for long columns,
  // transposed into contiguous ones ([w][n], one contiguous transform each).
  // Transposed columns start kColumnPad elements past a multiple of n, so that columns of a
  // power-of-two length do not all map to the same cache sets.
  constexpr int64_t kColumnPad = 8;
  const int64_t block_width = width ? width : std::min(inner, kTransposedColumns);
  const int64_t column = n + kColumnPad;
  T* block = thread_scratch<T>(2 * column * block_width + scratch_size(*plan, width ? width : 1));
  T* block_out = block + 2 * column * block_width;
  T* scratch = block_out + 2 * column * block_width;
  for (int64_t o = 0; o < outer; ++o) {
    const T* xs = x + 2 * o * n * inner;
    T* ys = y + 2 * o * n * inner;
    for (int64_t c = 0; c < inner; c += block_width) {
      const int64_t w = std::min(block_width, inner - c);
      if (width) {
        copy_columns(block, w, xs + 2 * c, inner, n, w);
        execute(*plan, block, block_out, w, scratch);
        copy_columns(ys + 2 * c, inner, block_out, w, n, w);
      } else {
        transpose_columns(block, column, xs + 2 * c, inner, n, w);
        for (int64_t b = 0; b < w; ++b) {
          execute(*plan, block + 2 * b * column, block_out + 2 * b * column, 1, scratch);
        }
        transpose_columns(ys + 2 * c, inner, block_out, column, w, n);
      }
    }
  }
}

}  // namespace

template <class T>
void c2c(const std::complex<T>* x, std::complex<T>* y, int64_t outer, int64_t n, int64_t inner, Direction dir) {
  check("c2c", outer, n, inner);
  if (!outer || !inner) return;
  const bool inverse = dir == Direction::Backward;
  complex_batched(reinterpret_cast<const T*>(x), reinterpret_cast<T*>(y), outer, n, inner, inverse);
}

template <class T>
void r2c(const T* x, std::complex<T>* y, int64_t outer, int64_t n, int64_t inner) {
  check("r2c", outer, n, inner);
  if (!outer || !inner) return;
  real_forward(x, reinterpret_cast<T*>(y), outer, n, inner);
}

template <class T>
void c2r(const std::complex<T>* x, T* y, int64_t outer, int64_t n, int64_t inner) {
  check("c2r", outer, n, inner);
  if (!outer || !inner) return;
  real_backward(reinterpret_cast<const T*>(x), y, outer, n, inner);
}

template void c2c<float>(const std::complex<float>*, std::complex<float>*, int64_t, int64_t, int64_t, Direction);
template void c2c<double>(const std::complex<double>*, std::complex<double>*, int64_t, int64_t, int64_t, Direction);
template void r2c<float>(const float*, std::complex<float>*, int64_t, int64_t, int64_t);
template void r2c<double>(const double*, std::complex<double>*, int64_t, int64_t, int64_t);
template void c2r<float>(const std::complex<float>*, float*, int64_t, int64_t, int64_t);
template void c2r<double>(const std::complex<double>*, double*, int64_t, int64_t, int64_t);

}  // namespace adj::fft
