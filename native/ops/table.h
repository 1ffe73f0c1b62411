// The op table: the single list of primitives (each an OpDef with kernel, jvp and vjp in one
// file of native/ops) and of composites (written with differentiable ops, no rules of their
// own). It generates the N-API op list that lib/ and the gradient-check table are tested
// against (test/op-table.test.ts fails for an op without a test row).
#pragma once
#include "core/op.h"

// Elementwise unary, one struct each in unary.cc (abs is listed apart: its complex form is a
// composite).
#define ADJ_UNARY_OPS(X) X(abs) ADJ_UNARY_OPS_BUT_ABS(X)
#define ADJ_UNARY_OPS_BUT_ABS(X)                                                           \
  X(neg) X(sign) X(sqrt) X(cbrt) X(square) X(exp) X(expm1) X(log) X(log1p) X(sin) \
  X(cos) X(tan) X(asin) X(acos) X(atan) X(sinh) X(cosh) X(tanh) X(asinh) X(acosh)       \
  X(atanh) X(sigmoid) X(softplus) X(relu) X(erf) X(erfc) X(floor) X(ceil) X(round)

// Elementwise binary with broadcasting (binary.cc); comparisons return 0/1 in the operands'
// dtype and are not differentiable.
#define ADJ_BINARY_OPS(X) \
  X(add) X(sub) X(mul) X(div) X(pow) X(atan2) X(maximum) X(minimum) X(hypot) X(less) X(greater) X(equal)

// Other primitives: name and the file that defines them.
#define ADJ_OTHER_PRIMITIVES(X)                                                        \
  X(tanh_grad)                                                  /* binary.cc */        \
  X(where) X(cast)                                              /* select.cc */        \
  X(real) X(imag) X(conj) X(complex)                            /* complex.cc */       \
  X(fft_c2c) X(fft_r2c) X(fft_c2r)                              /* fft.cc */           \
  X(sum) X(prod) X(prod_except) X(max) X(min) X(cumsum) X(diff) /* reduce.cc */        \
  X(matmul)                                                     /* linear.cc */        \
  X(solve) X(tridiagonal_solve) X(cyclic_tridiagonal_solve) X(banded_solve) X(cholesky_banded_solve) /* solve.cc */ \
  X(det) X(logabsdet)                                           /* det.cc */           \
  X(band_matvec) X(band_outer)                                  /* banded.cc */        \
  X(segment_index)                                              /* search.cc */        \
  X(ppval) X(ppval_t)                                           /* ppval.cc */         \
  X(reshape) X(transpose) X(broadcast_to) X(concat) X(pad) X(flip) X(roll) /* shape.cc */ \
  X(region_get) X(region_set) X(region_add) X(region_mul) X(take) X(take_add) /* index.cc */

// Composites (composite.cc): functions of the ops above.
#define ADJ_COMPOSITES(X) \
  X(mean) X(norm) X(logsumexp) X(dot) X(outer) X(stack) X(expand_dims) X(squeeze) X(slice) X(sum_to_shape) \
  X(abs2) X(angle) X(inv)

namespace adj {
#define ADJ_DECLARE_OP(name) extern const OpDef op_##name;
ADJ_UNARY_OPS(ADJ_DECLARE_OP)
ADJ_BINARY_OPS(ADJ_DECLARE_OP)
ADJ_OTHER_PRIMITIVES(ADJ_DECLARE_OP)
#undef ADJ_DECLARE_OP
}  // namespace adj
