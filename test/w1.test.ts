// W1 of WORKLOADS.md: dI/dt through a spectral Poisson solver, at Nx = 128 and 1024, against
// central differences and the manufactured solution; the literal complex-FFT formulation and
// the real-transform one agree; forward mode and nested modes give the same derivative.
import { describe, expect, it } from 'vitest';
import * as ad from '../dist/index.js';
import { spectralPoisson } from '../examples/poisson-spectral/w1.mjs';

interface W1 {
  I(t: number): number;
  dIdt(t: number): number;
  phi(t: number): ad.Tensor;
  exact(t: number): number;
  dexact(t: number): number;
}

describe('W1: gradient through a spectral Poisson solver', () => {
  for (const nx of [128, 1024])
    it(`Nx = ${nx}: dI/dt matches central differences and the manufactured solution`, () => {
      const w1: W1 = spectralPoisson(nx);
      const lit: W1 = spectralPoisson(nx, { variant: 'fft' });
      const h = 1e-5;
      let scale = 0;
      const rows = [];
      for (let t = 0; t <= 2 * Math.PI; t += 0.37) {
        const d = w1.dIdt(t);
        const fd = (w1.I(t + h) - w1.I(t - h)) / (2 * h);
        rows.push({ t, d, fd, lit: lit.dIdt(t), ex: w1.dexact(t), I: w1.I(t), Iex: w1.exact(t) });
        scale = Math.max(scale, Math.abs(d));
      }
      for (const r of rows) {
        expect(Math.abs(r.d - r.fd), `t = ${r.t}`).toBeLessThan(1e-8 * scale);
        expect(Math.abs(r.d - r.lit), `t = ${r.t}`).toBeLessThan(1e-12 * scale);
        // the grid solution differs from the manufactured one only by the periodic wrap of a
        // Gaussian of width 0.25 on [0, 2π] and round-off
        expect(Math.abs(r.d - r.ex), `t = ${r.t}`).toBeLessThan(1e-9 * scale);
        expect(Math.abs(r.I - r.Iex)).toBeLessThan(1e-9 * Math.max(1, r.Iex));
      }
    });

  it('forward mode and reverse-over-forward agree with reverse mode (Nx = 128)', () => {
    const w1: W1 = spectralPoisson(128);
    const Iof = (t: ad.Tensor | number) => ad.sum(ad.square(w1.phi(t as number)));
    const num = (v: unknown) => (typeof v === 'number' ? v : (v as ad.Tensor).item());
    for (const t of [0.3, 1.9, 4.4]) {
      const rev = w1.dIdt(t);
      expect(num(ad.derivative(Iof, t))).toBeCloseTo(rev, 10);
      // d²I/dt² two ways: forward over reverse and reverse over forward
      const fr = num(ad.derivative((u: number) => ad.grad(Iof)(u), t));
      const rf = num(ad.grad((u: number) => ad.derivative(Iof, u))(t));
      expect(rf).toBeCloseTo(fr, 8);
      const h = 1e-4;
      expect(fr).toBeCloseTo((w1.dIdt(t + h) - w1.dIdt(t - h)) / (2 * h), 4);
    }
  });
});
