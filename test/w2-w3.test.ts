// W2 and W3 of WORKLOADS.md against finite differences: the finite-difference Poisson solver
// (cyclic tridiagonal and dense) and the quadratic-spline loss in y, x and the queries.
import { describe, expect, it } from 'vitest';
import * as ad from '../dist/index.js';
import type { Tensor } from '../dist/index.js';
import { fdPoisson } from '../examples/poisson-fd/w2.mjs';
import { w3Problem } from '../examples/spline/w3.mjs';

describe('W2: gradient through a finite-difference Poisson solver', () => {
  it('Nx = 128: dI/dt matches central differences, the dense solve, and the manufactured solution to O(dx²)', () => {
    const w2 = fdPoisson(128), dense = fdPoisson(128, { solver: 'dense' });
    const h = 1e-5;
    for (const t of [0.4, 1.3, 2.2, 3.9, 5.5]) {
      const d = w2.dIdt(t) as number;
      const scale = Math.abs(w2.dexact(1)) ;
      expect(Math.abs(d - (w2.I(t + h) - w2.I(t - h)) / (2 * h))).toBeLessThan(1e-7 * scale);
      expect(Math.abs(d - (dense.dIdt(t) as number))).toBeLessThan(1e-11 * scale);
      // second-order differences: |error| ~ (dx)²·C; dx = 2π/128
      expect(Math.abs(d - w2.dexact(t))).toBeLessThan(1e-2 * scale);
    }
  });
  it('the relative discretization error falls as dx² (Nx = 64 → 256)', () => {
    // (I sums over the grid, so it grows with Nx; its relative error is what is O(dx²))
    const rel = (nx: number) => {
      const w = fdPoisson(nx);
      return Math.abs((w.dIdt(1.1) as number) - w.dexact(1.1)) / Math.abs(w.dexact(1.1));
    };
    expect(rel(64) / rel(256)).toBeGreaterThan(12);
  });
});

describe('W3: gradient of a quadratic-spline loss', () => {
  const p = w3Problem(5);
  const rng = ad.random.rng(8);
  const [gy, gx, gt] = p.grad(p.y, p.x, p.t) as Tensor[];
  const dirCheck = (g: Tensor, f: (d: Tensor) => number, mask?: Tensor) => {
    const v0 = rng.normal(g.shape);
    const v = mask ? ad.mul(v0, mask) : v0;
    const h = 1e-6;
    const fd = (f(ad.mul(v, h)) - f(ad.mul(v, -h))) / (2 * h);
    const an = ad.sum(ad.mul(g, v)).item();
    expect(Math.abs(an - fd)).toBeLessThan(1e-6 * Math.abs(fd) + 1e-6);
  };
  it('in y', () => dirCheck(gy!, (d) => p.loss(ad.add(p.y, d)).item()));
  it('in the interior knots x', () => {
    // each interior knot moves by a fraction of its smaller neighbouring gap (random knots can
    // sit 1e-5 apart, where a fixed step would reorder them)
    const x = Array.from(p.x.data());
    const room = x.map((v, i) => (i === 0 || i === x.length - 1 ? 0 : Math.min(v - x[i - 1]!, x[i + 1]! - v)));
    dirCheck(gx!, (d) => p.loss(p.y, ad.add(p.x, d)).item(), ad.tensor(room));
  });
  it('in the queries t', () => dirCheck(gt!, (d) => p.loss(p.y, p.x, ad.add(p.t, d)).item()));
  it('the loss is linear in y: the gradient in y does not depend on y', () => {
    const g2 = p.gradY(ad.mul(p.y, 3)) as Tensor;
    const a = Array.from(gy!.data()), b = Array.from(g2.data());
    a.forEach((v, i) => expect(b[i]).toBeCloseTo(v, 6));
  });
});
