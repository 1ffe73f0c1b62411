// Running plans: the Stockham pass sequence, the four-step split, and the column loop that lets
// the single-column algorithms (four-step, Bluestein) serve any stride.
#include <algorithm>
#include <cstdint>
#include <cstring>

#include "core/per_thread.h"
#include "fft/columns.h"
#include "fft/plan.h"

namespace adj::fft {
namespace {

// Columns per block in the four-step split: four 64-byte cache lines of complex T per row, so
// a gathered block of a long column is cache-resident while its transform runs.
template <class T>
constexpr int64_t kBlock = 256 / (2 * sizeof(T));
// Row padding of the four-step's intermediate array: keeps rows of a power-of-two length from
// all falling into the same cache sets.
constexpr int64_t kRowPad = 8;

template <class T>
void copy_complex(T* dst, const T* src, int64_t count) {
  std::memcpy(dst, src, sizeof(T) * 2 * count);
}

// Each pass ping-pongs between two buffers, arranged so that the last pass lands in out: out
// and scratch when out is 64-byte aligned, otherwise (every vector access to out would split
// cache lines) two aligned scratch buffers, out being written by the last pass only.
template <class T>
void execute_stockham(const Plan<T>& plan, const T* in, T* out, int64_t s0, T* scratch) {
  const std::size_t count = plan.passes.size();
  const int64_t size = plan.n * s0;
  if (count == 0) {
    if (in != out) copy_complex(out, in, size);
    return;
  }
  // (Only one column goes to the fixed-length kernel: the generic passes then never reach the
  // stride-1 case, the one that would read its first pass's duplicated twiddles_by_column.)
  if (plan.fixed && s0 == 1) {
    plan.fixed(in, out, scratch, plan.fixed_twiddles.data());
    return;
  }
  const bool aligned = reinterpret_cast<std::uintptr_t>(out) % 64 == 0;
  T* other = aligned ? out : scratch + 2 * size;
  if (in == out && (aligned ? count % 2 == 1 : count == 1)) {  // the first pass would overwrite its input
    copy_complex(scratch, in, size);
    in = scratch;
  }
  const T* src = in;
  int64_t s = s0;
  for (std::size_t i = 0; i < count; ++i) {
    const Pass<T>& pass = plan.passes[i];
    T* dst = i + 1 == count ? out : (count - 1 - i) % 2 == 0 ? other : scratch;
    const T* by_column = pass.twiddles_by_column.empty() ? nullptr : pass.twiddles_by_column.data();
    pass.run({src, dst, pass.twiddles.data(), by_column, pass.odd_roots.data(), pass.m, s, pass.radix});
    src = dst;
    s *= pass.radix;
  }
}

// Columns: length-n1 transforms of blocks of the [n1][n2] input, written transposed (with the
// twiddles W_n^{k1·j2}) into work [n2][n1 + pad]. Rows: length-n2 transforms of blocks of
// work's columns, each block landing as contiguous runs of out [n2][n1].
template <class T>
void execute_four_step(const Plan<T>& plan, const T* in, T* out, T* scratch) {
  const FourStep<T>& fs = plan.four_step;
  const int64_t n1 = fs.n1, n2 = fs.n2, B = kBlock<T>, stride = n1 + kRowPad;
  T* work = scratch;
  T* block = work + 2 * n2 * stride;
  T* block_out = block + 2 * std::max(n1, n2) * B;
  T* sub = block_out + 2 * std::max(n1, n2) * B;
  for (int64_t c = 0; c < n2; c += B) {
    const int64_t w = std::min(B, n2 - c);
    copy_columns(block, w, in + 2 * c, n2, n1, w);
    execute(*fs.columns, block, block_out, w, sub);
    transpose_columns(block, n1, block_out, w, n1, w);
    for (int64_t b = 0; b < w; ++b) {
      plan.kernels->multiply(work + 2 * (c + b) * stride, block + 2 * b * n1, fs.twiddles.data() + 2 * (c + b) * n1,
                             n1);
    }
  }
  for (int64_t r = 0; r < n1; r += B) {
    const int64_t w = std::min(B, n1 - r);
    copy_columns(block, w, work + 2 * r, stride, n2, w);
    execute(*fs.rows, block, block_out, w, sub);
    copy_columns(out + 2 * r, n1, block_out, w, n2, w);
  }
}

template <class T>
int64_t four_step_scratch(const Plan<T>& plan) {
  const FourStep<T>& fs = plan.four_step;
  const int64_t B = kBlock<T>;
  return fs.n2 * (fs.n1 + kRowPad) + 2 * std::max(fs.n1, fs.n2) * B +
         std::max(scratch_size(*fs.columns, B), scratch_size(*fs.rows, B));
}

}  // namespace

template <class T>
int64_t scratch_size(const Plan<T>& plan, int64_t s0) {
  switch (plan.algo) {
    case Plan<T>::Algo::Stockham: return 2 * plan.n * s0;
    case Plan<T>::Algo::FourStep: return (s0 > 1 ? 2 * plan.n : 0) + four_step_scratch(plan);
    case Plan<T>::Algo::Bluestein: return (s0 > 1 ? 2 * plan.n : 0) + bluestein_scratch(plan);
  }
  return 0;
}

template <class T>
void execute(const Plan<T>& plan, const T* in, T* out, int64_t s0, T* scratch) {
  if (plan.algo == Plan<T>::Algo::Stockham) {
    execute_stockham(plan, in, out, s0, scratch);
    return;
  }
  auto single = [&](const T* x, T* y, T* rest) {
    if (plan.algo == Plan<T>::Algo::FourStep) {
      execute_four_step(plan, x, y, rest);
    } else {
      execute_bluestein(plan, x, y, rest);
    }
  };
  if (s0 == 1) {
    single(in, out, scratch);
    return;
  }
  // One column at a time, gathered into contiguous scratch (callers pass small s0 here).
  const int64_t n = plan.n;
  T* column = scratch;
  T* column_out = column + 2 * n;
  for (int64_t q = 0; q < s0; ++q) {
    copy_columns(column, 1, in + 2 * q, s0, n, 1);
    single(column, column_out, column_out + 2 * n);
    copy_columns(out + 2 * q, s0, column_out, 1, n, 1);
  }
}

int64_t column_block_width(int64_t n, int64_t inner) {
  constexpr int64_t kSlabElements = int64_t{1} << 16, kBlockElements = int64_t{1} << 15;
  constexpr int64_t kMinWidth = 4, kMaxWidth = 16;
  if (n * inner <= kSlabElements) return inner;
  if (n > kBlockElements / kMinWidth) return 0;
  return std::min(inner, std::clamp(kBlockElements / n, kMinWidth, kMaxWidth));
}

namespace {
template <class T>
struct Scratch {
  AlignedVector<T> buffer;
};
}  // namespace

template <class T>
T* thread_scratch(int64_t complex_count) {
  AlignedVector<T>& buffer = per_thread<Scratch<T>>().buffer;  // (a thread_local: a __tls_get_addr call)
  if (buffer.size() < static_cast<std::size_t>(2 * complex_count)) {
    buffer = AlignedVector<T>();
    buffer.resize(2 * complex_count);
  }
  return buffer.data();
}

template int64_t scratch_size<float>(const Plan<float>&, int64_t);
template int64_t scratch_size<double>(const Plan<double>&, int64_t);
template void execute<float>(const Plan<float>&, const float*, float*, int64_t, float*);
template void execute<double>(const Plan<double>&, const double*, double*, int64_t, double*);
template float* thread_scratch<float>(int64_t);
template double* thread_scratch<double>(int64_t);

}  // namespace adj::fft
