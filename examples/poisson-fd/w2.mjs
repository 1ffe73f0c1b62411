// W2 of WORKLOADS.md as a library function: I(t) = Σ φ_i² where φ solves the periodic
// second-difference Poisson equation φ'' = ρ_t on Nx points with φ_0 pinned to 0 (the first row
// replaced by [1, 0, …, 0], the first right-hand side entry by 0), then made mean-free. The
// system is cyclic tridiagonal (one corner left after pinning): an O(Nx) differentiable solve.
import * as ad from '../../dist/index.js';

const MU = Math.PI, SIGMA = 0.25, LX = 2 * Math.PI;

/**
 * { I(t), dIdt(t), exact(t), dexact(t) } at Nx points. solver 'cyclic' (default) uses
 * linalg.cyclicTridiagonalSolve; 'dense' builds the Nx×Nx matrix and uses linalg.solve.
 */
export function fdPoisson(nx, { solver = 'cyclic' } = {}) {
  const dx = LX / nx;
  const x = Array.from({ length: nx }, (_, i) => i * dx);
  const g = ad.tensor(x.map((xi) => Math.exp(-((xi - MU) ** 2) / (2 * SIGMA ** 2)) * (SIGMA ** 2 - (xi - MU) ** 2) / SIGMA ** 4));
  const c = 1 / dx ** 2;
  // rows 1..Nx−1: (φ_{i−1} − 2φ_i + φ_{i+1})/dx², periodic; row 0: φ_0 = 0
  const dl = ad.full([nx - 1], c);
  const d = ad.tensor(x.map((_, i) => (i === 0 ? 1 : -2 * c)));
  const du = ad.tensor(x.slice(1).map((_, i) => (i === 0 ? 0 : c)));
  const lower = c, upper = 0; // A[Nx−1][0] = 1/dx² (wraps); A[0][Nx−1] = 0 (pinned row)
  const pin = ad.tensor(x.map((_, i) => (i === 0 ? 0 : 1)));
  let dense = null;
  if (solver === 'dense') {
    const A = x.map((_, i) => x.map((_, j) => (i === 0 ? +(j === 0) : j === i ? -2 * c : j === (i + 1) % nx || j === (i - 1 + nx) % nx ? c : 0)));
    dense = ad.tensor(A);
  }
  const phiOf = (t) => {
    const rho = ad.mul(ad.mul(ad.neg(ad.square(ad.sin(t))), g), pin);
    const phi = dense ? ad.linalg.solve(dense, rho) : ad.linalg.cyclicTridiagonalSolve(dl, d, du, rho, { lower, upper });
    return ad.sub(phi, ad.mean(phi));
  };
  const I = (t) => ad.sum(ad.square(phiOf(t)));
  // manufactured φ_t = sin²(t)·e(x) up to its mean; the grid solution differs by O(dx²)
  const e = x.map((xi) => Math.exp(-((xi - MU) ** 2) / (2 * SIGMA ** 2)));
  const mean = e.reduce((a, b) => a + b, 0) / nx;
  const C = e.reduce((a, v) => a + (v - mean) ** 2, 0);
  return {
    phi: phiOf,
    I: (t) => I(t).item(),
    dIdt: ad.grad(I),
    exact: (t) => Math.sin(t) ** 4 * C,
    dexact: (t) => 4 * Math.sin(t) ** 3 * Math.cos(t) * C,
  };
}
