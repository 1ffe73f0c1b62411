// Real-input (r2c) and real-output (c2r) transforms over [outer, n, inner].
#pragma once
#include <cstdint>

namespace adj::fft {

template <class T>
void real_forward(const T* x, T* y, int64_t outer, int64_t n, int64_t inner);
template <class T>
void real_backward(const T* x, T* y, int64_t outer, int64_t n, int64_t inner);

}  // namespace adj::fft
