// interp: interpolation property, reproduction (cubics by not-a-knot, cubics with flat ends by
// clamped, lines by natural, periodic data), smoothness at the knots, the quadratic spline's
// formula (DataInterpolations), derivatives against differences of values, extrapolation, and
// gradient checks in y, x and the queries.
import { describe, expect, it } from 'vitest';
import * as ad from '../dist/index.js';
import type { Tensor } from '../dist/index.js';
import { gradcheck, RUN_SEED, caseSeed } from './helpers/gradcheck.js';

const I = ad.interp;
const rng = ad.random.rng(99);
const arr = (t: Tensor) => Array.from(t.data());

/** n sorted knots in [0, 1] with x_0 = 0, x_{n−1} = 1 and gaps ≥ 0.2/n. */
function knotsOf(n: number): number[] {
  const u = arr(rng.uniform([n - 1], 0.2, 1));
  const total = u.reduce((a, b) => a + b, 0);
  const x = [0];
  for (const g of u) x.push(x[x.length - 1]! + g / total);
  x[n - 1] = 1;
  return x;
}
const maxErr = (a: number[], b: number[]) => Math.max(...a.map((v, i) => Math.abs(v - b[i]!)));

describe('splines reproduce what they should', () => {
  const x = knotsOf(9);
  const q = arr(rng.uniform([50], -0.3, 1.3));
  const cubic = (t: number) => 2 * t ** 3 - t ** 2 + 0.5 * t - 1;
  const flatEnds = (t: number) => t * t * (3 - 2 * t); // f′(0) = f′(1) = 0
  const line = (t: number) => 3 * t - 2;
  const at = (s: ad.interp.Interpolant, ts: number[]) => arr(s.at(ad.tensor(ts)));

  it('not-a-knot reproduces a cubic, inside and outside the knots, with its derivatives', () => {
    const s = I.cubicSpline(ad.tensor(x), ad.tensor(x.map(cubic)));
    expect(maxErr(at(s, q), q.map(cubic))).toBeLessThan(1e-12);
    expect(maxErr(arr(s.derivative(ad.tensor(q))), q.map((t) => 6 * t * t - 2 * t + 0.5))).toBeLessThan(1e-11);
    expect(maxErr(arr(s.derivative(ad.tensor(q), 2)), q.map((t) => 12 * t - 2))).toBeLessThan(1e-10);
    expect(maxErr(arr(s.derivative(ad.tensor(q), 3)), q.map(() => 12))).toBeLessThan(1e-9);
    expect(maxErr(arr(s.derivative(ad.tensor(q), 4)), q.map(() => 0))).toBe(0);
  });
  it('not-a-knot with 3 knots is the parabola, with 2 the line', () => {
    const p = (t: number) => t * t - t + 2;
    expect(maxErr(at(I.cubicSpline(ad.tensor([0, 0.3, 1]), ad.tensor([0, 0.3, 1].map(p))), q), q.map(p))).toBeLessThan(1e-13);
    expect(maxErr(at(I.cubicSpline(ad.tensor([0, 1]), ad.tensor([0, 1].map(line))), q), q.map(line))).toBeLessThan(1e-13);
  });
  it('clamped reproduces a cubic with flat ends; natural reproduces a line', () => {
    expect(maxErr(at(I.cubicSpline(ad.tensor(x), ad.tensor(x.map(flatEnds)), { bc: 'clamped' }), q), q.map(flatEnds))).toBeLessThan(1e-12);
    expect(maxErr(at(I.cubicSpline(ad.tensor(x), ad.tensor(x.map(line)), { bc: 'natural' }), q), q.map(line))).toBeLessThan(1e-12);
    const nat = I.cubicSpline(ad.tensor(x), ad.tensor(x.map(cubic)), { bc: 'natural' });
    expect(maxErr(arr(nat.derivative(ad.tensor([0, 1]), 2)), [0, 0])).toBeLessThan(1e-12);
  });
  it('periodic: approximates periodic data, and value, slope and curvature match across the ends', () => {
    const xp = Array.from({ length: 17 }, (_, i) => (2 * Math.PI * i) / 16);
    const yp = xp.map(Math.sin);
    yp[16] = yp[0]!;
    const s = I.cubicSpline(ad.tensor(xp), ad.tensor(yp), { bc: 'periodic' });
    const ts = arr(rng.uniform([40], 0, 2 * Math.PI));
    expect(maxErr(at(s, ts), ts.map(Math.sin))).toBeLessThan(2e-3);
    for (const k of [0, 1, 2]) {
      const [a, b] = arr(s.derivative(ad.tensor([0, 2 * Math.PI]), k));
      expect(Math.abs(a! - b!)).toBeLessThan(1e-12);
    }
    expect(() => I.cubicSpline(ad.tensor([0, 1, 2]), ad.tensor([0, 1, 2]), { bc: 'periodic' })).toThrow(/y\[0\] = y\[n−1\]/);
  });
  it('every spline interpolates, and is C² (cubic) / C¹ (quadratic) at the knots', () => {
    const y = arr(rng.normal([9]));
    const eps = 1e-7;
    const inner = x.slice(1, -1);
    for (const s of [I.cubicSpline(ad.tensor(x), ad.tensor(y)), I.cubicSpline(ad.tensor(x), ad.tensor(y), { bc: 'natural' }),
      I.quadraticSpline(ad.tensor(x), ad.tensor(y)), I.linear(ad.tensor(x), ad.tensor(y))]) {
      expect(maxErr(at(s, x), y)).toBeLessThan(1e-12);
    }
    for (const [s, orders] of [[I.cubicSpline(ad.tensor(x), ad.tensor(y)), [1, 2]], [I.quadraticSpline(ad.tensor(x), ad.tensor(y)), [1]]] as const)
      for (const k of orders) {
        const left = arr(s.derivative(ad.tensor(inner.map((t) => t - eps)), k));
        const right = arr(s.derivative(ad.tensor(inner.map((t) => t + eps)), k));
        // a jump would be O(1) relative; continuity leaves O(eps·s^(k+1))
        expect(maxErr(left, right)).toBeLessThan(1e-5 * Math.max(1, ...left.map(Math.abs)));
      }
  });
});

describe('the quadratic spline (DataInterpolations semantics, W3)', () => {
  it('matches the bidiagonal recurrence and the segment formula', () => {
    const x = knotsOf(12), y = arr(rng.normal([12]));
    const z = [0];
    for (let i = 1; i < 12; i++) z.push((2 * (y[i]! - y[i - 1]!)) / (x[i]! - x[i - 1]!) - z[i - 1]!);
    const ref = (t: number) => {
      let i = x.findIndex((v) => v >= t); // searchsortedfirst, clamped to 2..n (1-based)
      if (i < 0) i = 11;
      i = Math.min(Math.max(i, 1), 11);
      const d = t - x[i - 1]!;
      return z[i - 1]! * d + (0.5 * (z[i]! - z[i - 1]!) * d * d) / (x[i]! - x[i - 1]!) + y[i - 1]!;
    };
    const q = arr(rng.uniform([80], 0, 2)).sort((a, b) => a - b);
    const s = I.quadraticSpline(ad.tensor(x), ad.tensor(y), { extrapolate: true });
    expect(maxErr(arr(s.at(ad.tensor(q))), q.map(ref))).toBeLessThan(1e-10);
    expect(() => I.quadraticSpline(ad.tensor(x), ad.tensor(y)).at(ad.tensor([1.5]))).toThrow(/outside \[0, 1\]/);
  });
});

describe('derivatives and gradients', () => {
  const kinds: [string, (x: Tensor, y: Tensor) => ad.interp.Interpolant][] = [
    ['linear', (x, y) => I.linear(x, y)],
    ['quadratic', (x, y) => I.quadraticSpline(x, y, { extrapolate: true })],
    ['cubic not-a-knot', (x, y) => I.cubicSpline(x, y)],
    ['cubic natural', (x, y) => I.cubicSpline(x, y, { bc: 'natural' })],
    ['cubic clamped', (x, y) => I.cubicSpline(x, y, { bc: 'clamped' })],
  ];
  const x0 = knotsOf(7);
  const q0 = arr(rng.uniform([12], -0.2, 1.2)).sort((a, b) => a - b);
  for (const [name, make] of kinds) {
    it(`${name}: derivative() matches differences of at()`, () => {
      const s = make(ad.tensor(x0), rng.normal([7]));
      const h = 1e-6;
      const mid = q0.map((t) => t + 1e-3); // away from knots
      const fd = arr(s.at(ad.tensor(mid.map((t) => t + h)))).map((v, i) => (v - arr(s.at(ad.tensor([mid[i]! - h])))[0]!) / (2 * h));
      expect(maxErr(arr(s.derivative(ad.tensor(mid))), fd)).toBeLessThan(1e-6);
    });
    for (const dtype of ['float64', 'float32'] as const)
      it(`${name}: gradient check in y, x and the queries (${dtype})`, () => {
        const seed = caseSeed(RUN_SEED, `interp ${name} ${dtype}`);
        const ys = arr(rng.normal([7]));
        // y, the knot gaps (kept positive by exp) and the queries (away from the knots)
        const f = (y: Tensor, logGaps: Tensor, q: Tensor) => {
          const gaps = ad.exp(logGaps);
          const x = ad.concat([ad.zeros([1], { dtype: y.dtype as 'float32' | 'float64' }), ad.cumsum(gaps)]);
          return make(x, y).at(q);
        };
        const gaps = x0.slice(1).map((v, i) => Math.log(v - x0[i]!));
        const q = q0.map((t) => t + 0.013);
        expect(gradcheck(f, {
          name: `interp.${name}`, dtype, seed, shapes: [[7], [6], [12]],
          pair: (u) => [ys.map((v) => v + 0.1 * (u() - 0.5)), gaps.map((v) => v + 0.01 * (u() - 0.5)), q],
          order2: name !== 'linear', // the linear interpolant has no second derivative in the queries
        })).toBeGreaterThan(0);
      });
  }
  it('segmentIndex: first knot ≥ t closes the segment; outside, the end segments', () => {
    const x = ad.tensor([0, 1, 2, 3]);
    expect(I.segmentIndex(x, ad.tensor([-1, 0, 0.5, 1, 1.5, 3, 7])).toArray()).toEqual([0, 0, 0, 0, 1, 2, 2]);
    expect(() => I.segmentIndex(ad.tensor([0, 2, 1]), ad.tensor([1]))).toThrow(/strictly increasing/);
    // an interpolant on unsorted knots fails at evaluation with the same typed error
    expect(() => I.linear(ad.tensor([0, 2, 1]), ad.tensor([0, 1, 2])).at(ad.tensor([0.5]))).toThrow(ad.ArgumentError);
    expect(() => I.linear(ad.tensor([0, 2, 1]), ad.tensor([0, 1, 2])).at(ad.tensor([0.5]))).toThrow(/x\[2\] = 1.* follows x\[1\] = 2/);
  });
  it('segmentIndex on query sequences (the ascending-sweep cursor): ties, long jumps, turns, NaN', () => {
    const rng = ad.random.rng(11);
    const knots = [0, ...Array.from(rng.uniform([40]).data()).sort((a, b) => a - b), 1];
    const ref = (t: number) => {
      const lb = knots.findIndex((v) => !(v < t));
      return Math.min(Math.max((lb < 0 ? knots.length : lb) - 1, 0), knots.length - 2);
    };
    const sweep = Array.from(rng.uniform([300], -0.2, 1.2).data()).sort((a, b) => a - b);
    const queries = [...sweep, ...knots, ...knots.slice().reverse(), 0.5, 0.5, NaN, 0.1, 0.95, 0.05, Infinity, -Infinity, 0.3];
    const got = Array.from(I.segmentIndex(ad.tensor(knots), ad.tensor(queries)).data());
    expect(got).toEqual(queries.map(ref));
  });
});
