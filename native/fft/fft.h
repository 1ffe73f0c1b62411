// Public FFT API of adjoint: complex and real discrete Fourier transforms along the middle axis
// of a contiguous [outer, n, inner] array, in float and double. Unnormalized, FFTW's signs.
#pragma once
#include <complex>
#include <cstdint>

namespace adj::fft {

// Forward: y_k = Σ_j x_j·exp(−2πi·jk/n); Backward: exp(+2πi·jk/n). Neither divides by n.
enum class Direction { Forward = -1, Backward = +1 };

// y = DFT(x) along the middle axis for every (outer, inner). x is never modified; x == y works.
// n >= 1; outer/inner >= 0 (0 → no-op). Throws adj::Error(Argument) on bad sizes.
template <class T>
void c2c(const std::complex<T>* x, std::complex<T>* y, int64_t outer, int64_t n, int64_t inner,
         Direction dir);

// Real input [outer, n, inner] → the n/2+1 non-negative frequencies [outer, n/2+1, inner]
// (Forward sign).
template <class T>
void r2c(const T* x, std::complex<T>* y, int64_t outer, int64_t n, int64_t inner);

// Half spectrum [outer, n/2+1, inner] of a Hermitian sequence → real [outer, n, inner]
// (Backward sign, unnormalized). The imaginary parts of bin 0 and (even n) bin n/2 are ignored.
template <class T>
void c2r(const std::complex<T>* x, T* y, int64_t outer, int64_t n, int64_t inner);

}  // namespace adj::fft
