// Shapes, strides and NumPy broadcasting.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/pool.h"

namespace adj {

// Integer lists (axes, attributes, indices) and shapes, pool-allocated (Note in core/pool.h).
using Ints = PoolVector<int64_t>;
using Shape = Ints;

inline int64_t shape_size(const Shape& s) {
  int64_t n = 1;
  for (int64_t d : s) n *= d;
  return n;
}

std::string shape_str(const Shape& s);

// Row-major strides in elements.
Shape contiguous_strides(const Shape& s);

// NumPy broadcasting of two shapes; throws ShapeError naming both (prefixed with `what`).
Shape broadcast_shapes(const Shape& a, const Shape& b, const char* what);

// Strides of `in` viewed with shape `out` (right-aligned, 0 on broadcast dims).
Shape broadcast_strides(const Shape& in, const Shape& out);

// Normalizes a possibly negative axis against ndim; throws ArgumentError naming `what`.
int64_t normalize_axis(int64_t axis, int64_t ndim, const char* what);

}  // namespace adj
