// W1 of WORKLOADS.md as a library function: I(t) = Σ φ_i² where φ solves φ'' = ρ_t spectrally
// on a periodic grid, and its t-derivative by reverse mode through the FFT.
import * as ad from '../../dist/index.js';

const MU = Math.PI, SIGMA = 0.25, LX = 2 * Math.PI;

/**
 * The problem at Nx grid points: { I(t), dIdt(t), exact(t), dexact(t) } for JS numbers t.
 * variant 'rfft' (default) uses the real transforms; 'fft' follows WORKLOADS.md literally
 * (complex FFT, division by k², Re of the inverse FFT).
 */
export function spectralPoisson(nx, { variant = 'rfft', dtype = 'float64' } = {}) {
  const dx = LX / nx;
  const x = Array.from({ length: nx }, (_, i) => i * dx);
  // ρ_t(x) = sin²(t)·h(x) with h(x) = −exp(−(x−μ)²/(2σ²))·(σ² − (x−μ)²)/σ⁴
  const h = ad.tensor(x.map((xi) => -Math.exp(-((xi - MU) ** 2) / (2 * SIGMA ** 2)) * (SIGMA ** 2 - (xi - MU) ** 2) / SIGMA ** 4), { dtype });
  // −1/k², with the zero mode set to 0; k = [0, 1, …, Nx/2, −(Nx/2 − 1), …, −1]·2π/Lx
  const kk = (j) => ((j <= nx / 2 ? j : j - nx) * 2 * Math.PI) / LX;
  const invK2 = (m) => ad.tensor(Array.from({ length: m }, (_, j) => (j === 0 ? 0 : -1 / kk(j) ** 2)), { dtype });
  const half = invK2(nx / 2 + 1), full = invK2(nx);

  const phiOf = (t) => {
    const rho = ad.mul(ad.square(ad.sin(t)), h);
    if (variant === 'fft') return ad.real(ad.fft.ifft(ad.mul(ad.fft.fft(rho), full)));
    return ad.fft.irfft(ad.mul(ad.fft.rfft(rho), half), { n: nx });
  };
  const I = (t) => ad.sum(ad.square(phiOf(t)));

  // The manufactured solution φ_t = sin²(t)·exp(−(x−μ)²/(2σ²)) up to its mean (the zero mode):
  // I(t) = sin⁴(t)·C with C = Σ(e_i − ē)², so dI/dt = 4 sin³(t) cos(t)·C.
  const e = x.map((xi) => Math.exp(-((xi - MU) ** 2) / (2 * SIGMA ** 2)));
  const mean = e.reduce((a, b) => a + b, 0) / nx;
  const C = e.reduce((a, v) => a + (v - mean) ** 2, 0);
  return {
    phi: (t) => phiOf(t),
    I: (t) => I(t).item(),
    dIdt: ad.grad(I),
    exact: (t) => Math.sin(t) ** 4 * C,
    dexact: (t) => 4 * Math.sin(t) ** 3 * Math.cos(t) * C,
  };
}
