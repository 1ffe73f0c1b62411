// Element types. complex64/complex128 are reserved here; the FFT issue fills in their kernels.
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

// float32∘float64 → float64 (the wider wins).
inline DType promote(DType a, DType b) { return static_cast<uint8_t>(a) >= static_cast<uint8_t>(b) ? a : b; }

}  // namespace adj
