// C −= A·B, the update kernel under the blocked dense LU and triangular solves (internal header).
#pragma once
#include <cstdint>

namespace adj::linalg::detail {

// A strided matrix view: element (i, j) is data[i * row_stride + j * col_stride].
template <class T>
struct StridedMatrix {
  const T* data;
  int64_t row_stride, col_stride;
  const T& operator()(int64_t i, int64_t j) const { return data[i * row_stride + j * col_stride]; }
  StridedMatrix block(int64_t i, int64_t j) const { return {&(*this)(i, j), row_stride, col_stride}; }
};

// C[m×p] −= A[m×k] · B[k×p]; B and C row-major with leading dimensions ldb, ldc.
template <class T>
void multiply_subtract(int64_t m, int64_t p, int64_t k, StridedMatrix<T> a, const T* b, int64_t ldb, T* c,
                       int64_t ldc);

}  // namespace adj::linalg::detail
