// optim.minimize (every method, trees, criteria, callbacks, errors) and W4 of WORKLOADS.md.
import { describe, expect, it } from 'vitest';
import * as ad from '../dist/index.js';
import type { Tensor } from '../dist/index.js';
import { w4Problem, mycosRule } from '../examples/operator-fit/w4.mjs';

const rosen = (x: Tensor) => {
  const n = x.shape[0]!;
  const a = ad.slice(x, 0, n - 1), b = ad.slice(x, 1);
  return ad.sum(ad.add(ad.mul(ad.square(ad.sub(b, ad.square(a))), 100), ad.square(ad.sub(1, a))));
};
const start = (n: number) => ad.tensor(Array.from({ length: n }, (_, i) => (i % 2 ? 1 : -1.2)));

describe('optim.minimize', () => {
  for (const method of ['lbfgs', 'bfgs', 'cg'] as const)
    it(`${method} solves Rosenbrock 2-D and 20-D to ‖∇‖∞ ≤ 1e-8`, () => {
      for (const n of [2, 20]) {
        const r = ad.optim.minimize(rosen, start(n), { method, maxIter: 3000 });
        expect(r.converged, r.toString()).toBe(true);
        expect(r.reason).toBe('gtol');
        Array.from((r.x as Tensor).data()).forEach((v) => expect(v).toBeCloseTo(1, 6));
      }
    });
  it('compile: true replays the recorded objective: the same iterates as evaluating f', () => {
    for (const method of ['lbfgs', 'bfgs', 'cg'] as const) {
      const a = ad.optim.minimize(rosen, start(6), { method, gtol: 1e-8 });
      const b = ad.optim.minimize(rosen, start(6), { method, gtol: 1e-8, compile: true });
      expect(b.iterations).toBe(a.iterations);
      expect(b.evaluations).toBe(a.evaluations);
      expect(Array.from((b.x as Tensor).data())).toEqual(Array.from((a.x as Tensor).data()));
    }
  });
  it('gd (backtracking) and adam decrease a convex quadratic to its minimum', () => {
    const q = (x: Tensor) => ad.sum(ad.mul(ad.square(ad.sub(x, ad.tensor([1, -2, 3]))), ad.tensor([1, 4, 9])));
    for (const [method, extra] of [['gd', {}], ['adam', { lr: 0.05 }]] as const) {
      const r = ad.optim.minimize(q, ad.zeros([3]), { method, maxIter: 5000, gtol: 1e-6, ...extra });
      expect(r.converged).toBe(true);
      expect(r.value).toBeLessThan(1e-10);
    }
  });
  it('tree-shaped x0, ftol/xtol, maxIter, onIteration early stop, trace and summary', () => {
    const f = (p: { a: Tensor; b: number }) => ad.add(ad.sum(ad.square(ad.sub(p.a, 2))), ad.square(ad.sub(p.b, -1)));
    const r = ad.optim.minimize(f, { a: ad.zeros([2, 2]), b: 0 });
    const x = r.x as { a: Tensor; b: number };
    expect(x.b).toBeCloseTo(-1, 8);
    expect(Array.from(x.a.data())).toEqual([2, 2, 2, 2].map((v) => expect.closeTo(v, 8)));
    expect(r.trace.length).toBe(r.iterations);
    expect(r.toString()).toMatch(/optim.minimize \(lbfgs\): converged — gtol/);
    const stopped = ad.optim.minimize(rosen, start(10), { onIteration: (i) => i.iteration >= 3 });
    expect(stopped.iterations).toBe(3);
    expect(stopped.reason).toBe('stopped by onIteration');
    expect(ad.optim.minimize(rosen, start(10), { maxIter: 5 }).reason).toBe('maxIter');
    expect(ad.optim.minimize(rosen, start(10), { ftol: 1e-3 }).reason).toBe('ftol');
  });
  it('float32 and matrix-shaped x0: the result keeps dtype and shape, x0 is left as it was', () => {
    const target = [1, -2, 3, 0.5];
    const q = (x: Tensor) => ad.sum(ad.square(ad.sub(ad.reshape(x, [-1]), ad.tensor(target, { dtype: x.dtype }))));
    for (const method of ['lbfgs', 'bfgs', 'cg'] as const)
      for (const x0 of [ad.zeros([4], { dtype: 'float32' }), ad.zeros([2, 2]), ad.zeros([2, 2], { dtype: 'float32' })]) {
        const r = ad.optim.minimize(q, x0, { method, gtol: 1e-4 });
        const x = r.x as Tensor;
        expect(r.converged, `${method} ${x0.dtype} [${x0.shape}]`).toBe(true);
        expect([x.dtype, x.shape]).toEqual([x0.dtype, x0.shape]);
        Array.from(x.data()).forEach((v, i) => expect(v).toBeCloseTo(target[i]!, 4));
        expect(Array.from(x0.data())).toEqual([0, 0, 0, 0]);
      }
    const tree = ad.optim.minimize((p: { a: Tensor; b: number }) => ad.add(ad.sum(ad.square(ad.sub(p.a, 2))), ad.square(ad.sub(p.b, -1))), { a: ad.zeros([3], { dtype: 'float32' }), b: 0 });
    const x = tree.x as { a: Tensor; b: number };
    expect(x.a.dtype).toBe('float32');
    Array.from(x.a.data()).forEach((v) => expect(v).toBeCloseTo(2, 5));
    expect(x.b).toBeCloseTo(-1, 5);
  });
  it('a non-finite objective is an error naming the iteration', () => {
    // log of a negative number at the start, and a pole met by the line search later
    expect(() => ad.optim.minimize((x: Tensor) => ad.sum(ad.log(ad.sub(x, 2))), ad.ones([2]))).toThrow(/objective is NaN at iteration 0/);
    expect(() => ad.optim.minimize((x: Tensor) => ad.sum(ad.div(1, ad.sub(0.5, x))), ad.ones([1]), { method: 'gd' })).toThrow(/objective is (NaN|-?Infinity) at iteration [1-9]/);
  });
});

describe('W4: restricted Fourier fit with matrix-free operators and a user rule', () => {
  const p = w4Problem();
  it('the AD gradient equals Re(Aᴴ(Ax − b)) + x to 1e-12 relative; A passes the dot-product test', () => {
    for (const seed of [1, 2]) {
      const x = ad.random.rng(seed).normal([p.n]);
      const g = ad.grad(p.loss)(x) as Tensor, an = p.analyticGrad(x);
      expect(ad.norm(ad.sub(g, an)).item() / ad.norm(an).item()).toBeLessThan(1e-12);
    }
    expect(ad.check.dotTest(p.A, { dtype: 'complex128' })).toBeLessThan(1e-12);
  });
  it('nonlinear CG reaches ‖∇‖ ≤ 1e-12', () => {
    const r = ad.optim.minimize(p.loss, ad.zeros([p.n]), { method: 'cg', gtol: 1e-12, maxIter: 500 });
    expect(r.converged).toBe(true);
    expect(r.gradNorm).toBeLessThanOrEqual(1e-12);
    // the minimizer solves (AᴴA + I) x = Re(Aᴴ b)
    const x = r.x as Tensor;
    const resid = ad.sub(ad.add(ad.real(p.A.adjoint().apply(p.A.apply(x))), x), ad.real(p.A.adjoint().apply(p.b)));
    expect(ad.max(ad.abs(resid)).item()).toBeLessThan(1e-11);
  });
  it('mycos is used by grad: its pullback is called and gives −sin x', () => {
    const { mycos, calls } = mycosRule();
    const x = ad.random.rng(3).normal([7]);
    const g = ad.grad((u: Tensor) => ad.sum(mycos(u)))(x) as Tensor;
    expect(calls.pullback).toBe(1);
    expect(ad.max(ad.abs(ad.add(g, ad.sin(x)))).item()).toBe(0);
  });
});

// SciPy 1.17.1's scipy.optimize.minimize on the same problems and starts (method 'L-BFGS-B',
// 'BFGS', 'CG'; options {gtol: 1e-6, maxiter: 20000}; analytic gradient; W4 the w4Problem()
// below): iterations (nit) and f/∇f evaluations (nfev), as bench/optim.bench.mjs prints them.
// On Rosenbrock L-BFGS-B stops earlier, on its relative-reduction test (factr), than gtol 1e-6.
const SCIPY = {
  'Rosenbrock 2-D': { lbfgs: { nit: 36, nfev: 44 }, bfgs: { nit: 33, nfev: 40 }, cg: { nit: 37, nfev: 80 } },
  'Rosenbrock 100-D': { lbfgs: { nit: 513, nfev: 613 }, bfgs: { nit: 547, nfev: 648 }, cg: { nit: 1295, nfev: 1982 } },
  'W4': { lbfgs: { nit: 6, nfev: 7 }, bfgs: { nit: 10, nfev: 15 }, cg: { nit: 4, nfev: 10 } },
} as const;

describe('optim.minimize against SciPy\'s iteration and evaluation counts', () => {
  const w4 = w4Problem();
  const problems = {
    'Rosenbrock 2-D': [rosen, () => start(2)],
    'Rosenbrock 100-D': [rosen, () => start(100)],
    'W4': [w4.loss, () => ad.zeros([w4.n])],
  } as const;
  for (const [name, [f, x0]] of Object.entries(problems))
    for (const method of ['lbfgs', 'bfgs', 'cg'] as const)
      it(`${name}, ${method}: converges in at most 1.2× SciPy's iterations and evaluations`, () => {
        const r = ad.optim.minimize(f as (x: Tensor) => Tensor, x0(), { method, gtol: 1e-6, maxIter: 20000 });
        const sp = SCIPY[name as keyof typeof SCIPY][method];
        expect(r.reason, r.toString()).toBe('gtol');
        expect(r.iterations).toBeLessThanOrEqual(1.2 * sp.nit);
        expect(r.evaluations).toBeLessThanOrEqual(1.2 * sp.nfev);
      });
  it('L-BFGS needs one evaluation per iteration on W4, as SciPy: the first step along −∇f is not scaled twice', () => {
    const r = ad.optim.minimize(w4.loss, ad.zeros([w4.n]), { method: 'lbfgs', gtol: 1e-6 });
    expect(r.iterations).toBeLessThanOrEqual(SCIPY.W4.lbfgs.nit);
    expect(r.evaluations).toBe(r.iterations + 1);
    expect(r.trace[0]!.evaluations).toBe(2);
  });
  it('L-BFGS on Rosenbrock 2-D from (−1.2, 1) needs at most 1.1× SciPy\'s evaluations', () => {
    const r = ad.optim.minimize(rosen, start(2), { method: 'lbfgs', gtol: 1e-6 });
    expect(r.evaluations).toBeLessThanOrEqual(1.1 * SCIPY['Rosenbrock 2-D'].lbfgs.nfev);
  });
  it('L-BFGS with a history shorter than the run (the pair buffers are reused) still converges', () => {
    for (const m of [1, 3]) {
      const r = ad.optim.minimize(rosen, start(20), { method: 'lbfgs', m, maxIter: 5000 });
      expect(r.reason, r.toString()).toBe('gtol');
      Array.from((r.x as Tensor).data()).forEach((v) => expect(v).toBeCloseTo(1, 6));
    }
    for (const m of [0, 2.5]) expect(() => ad.optim.minimize(rosen, start(2), { method: 'lbfgs', m })).toThrow(/optim.minimize.*positive integer.*m/);
  });
});

describe('optim.minimize progress line', () => {
  it('writes a live line per iteration when stdout is a TTY, and nothing otherwise', () => {
    const writes: string[] = [];
    const out = process.stdout as unknown as { isTTY?: boolean; write: (s: string) => boolean };
    const [tty, write] = [out.isTTY, out.write];
    try {
      out.write = (s: string) => (writes.push(s), true);
      out.isTTY = false;
      ad.optim.minimize(rosen, start(4), { progress: true, maxIter: 5 });
      expect(writes.length).toBe(0);
      out.isTTY = true;
      ad.optim.minimize(rosen, start(4), { progress: true, maxIter: 5 });
    } finally {
      out.write = write;
      out.isTTY = tty;
    }
    expect(writes.length).toBe(6); // five updates and the final newline
    expect(writes[0]).toMatch(/^\rlbfgs iter 1 {2}f = .* \|g\| = .* evals \d+/);
    expect(writes[5]).toBe('\n');
  });
});
