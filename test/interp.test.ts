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

// The ppval kernels (native/ops/ppval.cc: runs of queries in one segment, a compile-time term
// count Q = P − k for Q ≤ 4) against a naive per-query reference: every P from 1 to 6 and every
// k ≤ P + 1, queries ascending (extrapolating both ways), descending, unsorted, on the knots,
// NaN and ±∞, in float64 and float32. The reference repeats the kernel's arithmetic per query
// (Horner's rule from 0 over C[s, p]·p!/(p−k)!), rounding each operation to the dtype, so the
// values must agree exactly; the adjoint in C sums in another order, so it gets a tolerance.
describe('ppval and its adjoint against a naive reference', () => {
  const seed = caseSeed(RUN_SEED, 'ppval reference');
  const r = ad.random.rng(seed);
  const falling = (p: number, k: number) => {
    let v = 1;
    for (let j = p - k + 1; j <= p; j++) v *= j;
    return v;
  };
  const segmentOf = (x: ArrayLike<number>, t: number) => {
    let lb = 0;
    while (lb < x.length && x[lb]! < t) lb++;
    return Math.min(Math.max(lb - 1, 0), x.length - 2);
  };
  const cases = (n: number) => {
    const x = [0, ...arr(r.uniform([n - 2])).sort((a, b) => a - b), 1];
    const sweep = arr(r.uniform([40], -0.5, 1.5)).sort((a, b) => a - b);
    return {
      x,
      queries: {
        ascending: sweep,
        descending: sweep.slice().reverse(),
        unsorted: arr(r.uniform([40], -0.5, 1.5)),
        'knots up and down': [...x, ...x.slice().reverse(), ...x.map((v) => v + 1e-9)],
        'NaN and ±∞': [0.3, NaN, 0.35, 0.9, NaN, NaN, Infinity, 0.1, -Infinity, 0.2, Infinity, 2, -1, NaN],
        empty: [],
      } as Record<string, number[]>,
    };
  };
  for (const dtype of ['float64', 'float32'] as const) {
    const round = dtype === 'float64' ? (v: number) => v : Math.fround;
    for (const n of [2, 9]) {
      const { x: x0, queries } = cases(n);
      const x = ad.tensor(x0, { dtype });
      const xs = Array.from(x.data());
      for (let P = 1; P <= 6; P++) {
        const C = r.normal([n - 1, P]).astype(dtype);
        const c = Array.from(C.data());
        // the kernel's arithmetic, one query at a time
        const value = (t: number, k: number) => {
          const s = segmentOf(xs, t), d = round(t - xs[s]!);
          let acc = 0;
          for (let p = P - 1; p >= k; p--) acc = round(round(acc * d) + round(c[s * P + p]! * round(falling(p, k))));
          return acc;
        };
        for (const [name, q0] of Object.entries(queries))
          it(`n=${n} P=${P} every k, ${name} queries (${dtype})`, () => {
            const q = ad.tensor(q0, { dtype });
            const qs = Array.from(q.data());
            const g = r.normal([qs.length]).astype(dtype);
            const gs = Array.from(g.data());
            for (let k = 0; k <= P + 1; k++) {
              expect(Array.from(ad.interp.ppval(C, x, q, k).data()), `k=${k}`).toEqual(qs.map((t) => value(t, k)));
              // C̄[s, p] = Σ_{j: s_j = s} g_j·p!/(p−k)!·δ_j^(p−k)
              const want = new Array<number>((n - 1) * P).fill(0), scale = new Array<number>((n - 1) * P).fill(0);
              qs.forEach((t, j) => {
                const s = segmentOf(xs, t), d = t - xs[s]!;
                for (let p = k; p < P; p++) {
                  const term = gs[j]! * falling(p, k) * (p === k ? 1 : d ** (p - k));
                  want[s * P + p] += term;
                  scale[s * P + p] += Math.abs(term);
                }
              });
              const got = Array.from((ad.grad((cc: Tensor) => ad.sum(ad.mul(ad.interp.ppval(cc, x, q, k), g)))(C) as Tensor).data());
              const eps = dtype === 'float64' ? 1e-14 : 1e-6;
              got.forEach((v, i) => {
                if (!Number.isFinite(want[i])) expect(v, `k=${k} C̄[${i}]`).toBe(want[i]);
                else expect(Math.abs(v - want[i]!), `k=${k} C̄[${i}] = ${v}, want ${want[i]}`).toBeLessThanOrEqual(eps * (scale[i]! + 1e-300) * 8);
              });
            }
          });
      }
    }
  }
  it('the gradient in the knots gathers the queries of each segment, in any order', () => {
    const { x: x0 } = cases(9);
    const C = r.normal([8, 3]);
    const q = [...arr(r.uniform([30], -0.5, 1.5)), NaN];
    const slope = arr(ad.interp.ppval(C, ad.tensor(x0), ad.tensor(q), 1));
    const want = new Array<number>(9).fill(0);
    q.forEach((t, j) => (want[segmentOf(x0, t)] -= slope[j]!));
    const gx = arr(ad.grad((xx: Tensor) => ad.sum(ad.interp.ppval(C, xx, ad.tensor(q))))(ad.tensor(x0)) as Tensor);
    gx.forEach((v, i) => (Number.isNaN(want[i]) ? expect(v).toBeNaN() : expect(v).toBeCloseTo(want[i]!, 12)));
  });
  it('queries of any shape keep their shape; k ≥ P gives zeros even at NaN', () => {
    const C = r.normal([3, 2]);
    const x = ad.tensor([0, 1, 2, 3]);
    const q = ad.tensor([[0.5, NaN, 2.5], [-1, 4, 1]]);
    expect(ad.interp.ppval(C, x, q).shape).toEqual([2, 3]);
    expect(ad.interp.ppval(C, x, q, 2).toArray()).toEqual([[0, 0, 0], [0, 0, 0]]);
  });
});
