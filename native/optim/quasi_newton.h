// The vector arithmetic of optim.minimize's quasi-Newton methods (lib/minimize.ts) on its
// Float64Array state, pure numerics (no AD): an iteration's updates in a few fused native passes
// instead of a dozen JS loops over the same vectors, which cost more than W4's evaluations.
// Inner products use four partial sums (no long chain of dependent additions).
#pragma once
#include <cstdint>

namespace adj::optim {

// L-BFGS memory: the last m curvature pairs sᵢ = xᵢ₊₁ − xᵢ, yᵢ = ∇fᵢ₊₁ − ∇fᵢ (ρᵢ = 1/sᵢᵀyᵢ) in
// a ring, as one array of lbfgs_length(n, m) doubles that JS allocates zeroed (an empty memory):
//   [size, oldest, γ, ρ (m), α (m, scratch), s (m·n), y (m·n)]
// with γ = sᵀy/yᵀy of the newest pair (H₀ = γI, Nocedal & Wright 7.20).
int64_t lbfgs_length(int64_t n, int64_t m);
// The m of a memory of `length` doubles for vectors of n, or −1 when no m fits.
int64_t lbfgs_history(int64_t length, int64_t n);

// Records the pair from (x0, g0) to (x1, g1) — replacing the oldest when full — unless
// sᵀy ≤ 1e-300: H would then lose positive definiteness. Returns whether it was recorded.
bool lbfgs_push(double* mem, int64_t n, int64_t m, const double* x0, const double* x1, const double* g0, const double* g1);

// d ← −H g by the two-loop recursion (Nocedal & Wright, algorithm 7.4); H₀ = I without pairs.
void lbfgs_direction(double* mem, int64_t n, int64_t m, const double* g, double* d);

// BFGS's dense inverse Hessian H (n×n, row-major): d ← −H g.
void bfgs_direction(const double* H, int64_t n, const double* g, double* d);

// For s = x1 − x0, y = g1 − g0: H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ with ρ = 1/sᵀy, after
// scaling H by sᵀy/yᵀy when `first` (H₀ = (sᵀy/yᵀy) I, Nocedal & Wright 6.20). No update
// (false) when sᵀy ≤ 1e-300. work: 3n doubles of scratch.
bool bfgs_update(double* H, int64_t n, const double* x0, const double* x1, const double* g0, const double* g1, bool first, double* work);

}  // namespace adj::optim
