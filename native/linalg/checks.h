// Argument checks and error messages shared by the linalg solvers (internal header).
#pragma once
#include <cstdint>
#include <limits>
#include <string>

#include "core/error.h"

namespace adj::linalg::detail {

[[noreturn]] inline void throw_singular(const char* what, int64_t index) {
  fail(ErrorKind::Singular,
       std::string(what) + ": the matrix is singular: zero pivot at index " + std::to_string(index));
}

[[noreturn]] inline void throw_not_positive_definite(const char* what, int64_t index, double pivot) {
  fail(ErrorKind::Singular, std::string(what) + ": the matrix is not positive definite: pivot " +
                                std::to_string(index) + " is " + std::to_string(pivot));
}

inline void check_order(const char* what, int64_t n) {
  if (n < 0) fail(ErrorKind::Shape, std::string(what) + ": the order n = " + std::to_string(n) + " is negative");
}

inline void check_rhs_count(const char* what, int64_t n, int64_t nrhs) {
  if (nrhs < 0)
    fail(ErrorKind::Shape, std::string(what) + ": the number of right-hand sides nrhs = " +
                               std::to_string(nrhs) + " is negative");
  if (nrhs > 0 && n > std::numeric_limits<int64_t>::max() / nrhs)
    fail(ErrorKind::Shape, std::string(what) + ": b of [" + std::to_string(n) + ", " +
                               std::to_string(nrhs) + "] is too large");
}

// A bandwidth must be ≥ 0 and, for a non-empty matrix, at most n − 1 (and n × (bandwidth + 1) must
// be addressable); `name` is the bandwidth's name in the message ("kl", "ku", "k").
inline void check_bandwidth(const char* what, const char* name, int64_t width, int64_t n) {
  if (width < 0 || (n > 0 && width > n - 1) || width > std::numeric_limits<int32_t>::max() / 4)
    fail(ErrorKind::Shape, std::string(what) + ": bandwidth " + name + " = " + std::to_string(width) +
                               " does not fit a matrix of order n = " + std::to_string(n) +
                               " (need 0 <= " + name + " <= n - 1)");
}

// n × columns elements, or a Shape error when that does not fit in memory's index range.
inline int64_t checked_size(const char* what, int64_t n, int64_t columns) {
  if (columns > 0 && n > std::numeric_limits<int64_t>::max() / 8 / columns)
    fail(ErrorKind::Shape, std::string(what) + ": " + std::to_string(n) + " × " + std::to_string(columns) +
                               " elements are too many");
  return n * columns;
}

}  // namespace adj::linalg::detail
