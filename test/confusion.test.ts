// A perturbation-confusion suite: the classic Siskind–Pearlmutter cases and tag-ordering cases
// in the manner of ForwardDiff's ConfusionTest, each in every combination of forward and
// reverse mode at every level, checked against closed forms and against central differences
// of the same nested expression with its outermost derivative replaced by a difference.
import { describe, expect, it } from 'vitest';
import * as ad from '../dist/index.js';
import { Tensor } from '../dist/index.js';

type F = (x: any) => any; // eslint-disable-line @typescript-eslint/no-explicit-any
const num = (v: unknown) => (v instanceof Tensor ? v.item() : (v as number));
const D: Record<string, (f: F) => F> = {
  fwd: (f) => (x) => ad.derivative(f, x),
  rev: (f) => (x) => ad.grad(f)(x),
};
const combos = (depth: number): string[][] =>
  depth === 0 ? [[]] : combos(depth - 1).flatMap((c) => Object.keys(D).map((k) => [...c, k]));
/** A central difference of x ↦ num(g(x)). */
const fd = (g: F, x: number, h = 1e-5) => (num(g(x + h)) - num(g(x - h))) / (2 * h);

// Each case: a builder taking the derivative operators (outermost first) and returning the
// function of the outermost variable whose derivative is wanted; its closed-form derivative.
interface Case {
  name: string;
  depth: number;
  build: (ds: ((f: F) => F)[]) => F;
  at: number;
  exact: number;
}
const CASES: Case[] = [
  {
    // d/dx [x · (d/dy (x + y))(1)] = 1 (Siskind & Pearlmutter 2005)
    name: 'x·D(y ↦ x + y)(1)',
    depth: 2,
    build: ([, inner]) => (x) => ad.mul(x, inner!((y: Tensor) => ad.add(x, y))(1)),
    at: 1,
    exact: 1,
  },
  {
    // d/dx [x · (d/dy (x·y))(2)] = 2x
    name: 'x·D(y ↦ x·y)(2)',
    depth: 2,
    build: ([, inner]) => (x) => ad.mul(x, inner!((y: Tensor) => ad.mul(x, y))(2)),
    at: 3,
    exact: 6,
  },
  {
    // the inner variable is evaluated at the outer one: f(x) = D(y ↦ sin(x·y))(x) = x cos(x²)
    name: 'D(y ↦ sin(x·y))(x)',
    depth: 2,
    build: ([, inner]) => (x) => inner!((y: Tensor) => ad.sin(ad.mul(x, y)))(x),
    at: 0.7,
    exact: Math.cos(0.49) - 2 * 0.49 * Math.sin(0.49),
  },
  {
    // three levels: d/dx [x · d/dy [y · d/dz (x + y + z)](1)](1) = 1
    name: 'x·D(y ↦ y·D(z ↦ x + y + z)(1))(1)',
    depth: 3,
    build: ([, mid, inner]) => (x) => ad.mul(x, mid!((y: Tensor) => ad.mul(y, inner!((z: Tensor) => ad.add(ad.add(x, y), z))(1)))(1)),
    at: 1,
    exact: 1,
  },
  {
    // three levels, all variables entangled: g(x) = D_y[ D_z[x·y·z²](y) ](x) = D_y[2x·y²](x) = 4x²,
    // so g'(x) = 8x
    name: 'D(y ↦ D(z ↦ x·y·z²)(y))(x)',
    depth: 3,
    build: ([, mid, inner]) => (x) => mid!((y: Tensor) => inner!((z: Tensor) => ad.mul(ad.mul(x, y), ad.square(z)))(y))(x),
    at: 0.6,
    exact: 4.8,
  },
  {
    // a closure over an outer traced value made before the inner level opened, used after it
    // returned: D(y ↦ e^(x·y))(1) = x·e^x, so d/dx [x²·e^x] = (2x + x²)·e^x
    name: 'D(y ↦ exp(x·y))(1)·x',
    depth: 2,
    build: ([, inner]) => (x) => {
      const captured = ad.mul(x, 1); // traced by the outer level only
      const d = inner!((y: Tensor) => ad.exp(ad.mul(captured, y)))(1);
      return ad.mul(d, captured);
    },
    at: 0.4,
    exact: (2 * 0.4 + 0.4 * 0.4) * Math.exp(0.4),
  },
];

describe('perturbation confusion suite', () => {
  for (const c of CASES)
    for (const modes of combos(c.depth))
      it(`${c.name}: ${modes.join(' over ')}`, () => {
        const ds = modes.map((m) => D[m]!);
        const f = c.build(ds);
        const got = num(ds[0]!(f)(c.at));
        expect(got).toBeCloseTo(c.exact, 9);
        // the same with the outermost derivative taken by a central difference
        expect(Math.abs(got - fd(f, c.at))).toBeLessThan(1e-6 * Math.max(1, Math.abs(c.exact)));
      });
});
