// Blocks of columns of row-major [rows][·] complex arrays: how wide a block to take, and copies
// between layouts (gathering a block into contiguous scratch and scattering it back).
#pragma once
#include <cstdint>

namespace adj::fft {

// Columns of an [n][inner] slab transformed together: all of them while the slab is small (one
// sweep with stride inner), otherwise blocks gathered into scratch, as many as fit in L2 but at
// least a cache line's worth; 0 when even that does not fit, and columns go one at a time.
int64_t column_block_width(int64_t n, int64_t inner);

// Columns taken one at a time are gathered this many at once (each row segment read whole).
constexpr int64_t kTransposedColumns = 8;

// dst[r·dst_row + b] = src[r·src_row + b] for r < rows, b < width (complex elements).
template <class T>
inline void copy_columns(T* dst, int64_t dst_row, const T* src, int64_t src_row, int64_t rows, int64_t width) {
  for (int64_t r = 0; r < rows; ++r) {
    const T* from = src + 2 * r * src_row;
    T* to = dst + 2 * r * dst_row;
    for (int64_t i = 0; i < 2 * width; ++i) to[i] = from[i];
  }
}

// dst[b·dst_row + r] = src[r·src_row + b] for r < rows, b < width: a transposing copy.
template <class T>
inline void transpose_columns(T* dst, int64_t dst_row, const T* src, int64_t src_row, int64_t rows, int64_t width) {
  for (int64_t r = 0; r < rows; ++r) {
    const T* from = src + 2 * r * src_row;
    for (int64_t b = 0; b < width; ++b) {
      dst[2 * (b * dst_row + r)] = from[2 * b];
      dst[2 * (b * dst_row + r) + 1] = from[2 * b + 1];
    }
  }
}

}  // namespace adj::fft
