// Element types. Complex values are stored interleaved (re, im), as std::complex<T>.
#pragma once
#include <cstddef>
#include <cstdint>

namespace adj {

enum class DType : uint8_t { f32 = 0, f64 = 1, c64 = 2, c128 = 3 };

inline size_t dtype_size(DType d) {
  switch (d) {
    case DType::f32: return 4;
    case DType::f64: return 8;
    case DType::c64: return 8;
    case DType::c128: return 16;
  }
  return 8;
}

inline const char* dtype_name(DType d) {
  switch (d) {
    case DType::f32: return "float32";
    case DType::f64: return "float64";
    case DType::c64: return "complex64";
    case DType::c128: return "complex128";
  }
  return "?";
}

inline bool is_complex(DType d) { return d == DType::c64 || d == DType::c128; }

// float32∘float64 → float64; real∘complex → complex of the wider precision (float64∘complex64
// → complex128, as NumPy).
inline DType promote(DType a, DType b) {
  const bool wide = a == DType::f64 || a == DType::c128 || b == DType::f64 || b == DType::c128;
  if (is_complex(a) || is_complex(b)) return wide ? DType::c128 : DType::c64;
  return wide ? DType::f64 : DType::f32;
}

}  // namespace adj
