// Note [Taylor<T, K>]: the truncated power series of one scalar, x(s) = Σ_{k≤K} x_k·s^k, as
// the native Taylor-mode kernels hold it in registers. It has the interface of the series of
// differentiable values the Taylor rules are written for (ops/taylor.h: size, push_back,
// indexing), so one recurrence written as a template over the series runs both as the nested,
// op-by-op rule and, when nothing is traced by another level, element by element over plain
// scalars in one pass over the arrays.
#pragma once
#include <array>
#include <cstddef>

namespace adj {

template <class T, int K>
class Taylor {
 public:
  using value_type = T;
  static constexpr int max_order = K;

  Taylor() = default;
  // The first `terms` coefficients are in use (zero until set).
  explicit Taylor(size_t terms) : size_(terms) {}

  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  // Appends coefficient size(); a recurrence never extends a series past order K.
  void push_back(const T& v) { c_[size_++] = v; }
  T& operator[](size_t k) { return c_[k]; }
  const T& operator[](size_t k) const { return c_[k]; }

 private:
  std::array<T, K + 1> c_{};
  size_t size_ = 0;
};

// The highest order the native kernels take; higher orders run op by op.
constexpr int kNativeTaylorOrder = 8;

}  // namespace adj
