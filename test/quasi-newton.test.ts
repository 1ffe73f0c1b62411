// optim.minimize's native quasi-Newton kernels (native/optim/quasi_newton.h) against the dense
// BFGS recursion written out here: the L-BFGS two-loop recursion applies the inverse Hessian of
// its last m pairs, and bfgsUpdate is the BFGS update.
import { describe, expect, it } from 'vitest';
import { native } from '../dist/native.js';

const n = 7;
let seed = 11;
const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 2 - 1;
const vec = () => Float64Array.from({ length: n }, rand);
const dot = (a: Float64Array, b: Float64Array) => a.reduce((s, v, i) => s + v * b[i]!, 0);

/** H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ, written as matrix products */
function bfgs(H: number[][], s: Float64Array, y: Float64Array): number[][] {
  const rho = 1 / dot(s, y);
  const V = H.map((_, i) => H.map((_, j) => (i === j ? 1 : 0) - rho * y[i]! * s[j]!)); // I − ρ y sᵀ
  const mul = (A: number[][], B: number[][]) => A.map((r) => B[0]!.map((_, j) => r.reduce((acc, v, k) => acc + v * B[k]![j]!, 0)));
  const Vt = V.map((_, i) => V.map((r) => r[i]!));
  return mul(mul(Vt, H), V).map((r, i) => r.map((v, j) => v + rho * s[i]! * s[j]!));
}
const identity = (c: number) => Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? c : 0)));
const apply = (H: number[][], g: Float64Array) => Float64Array.from(H, (r) => -r.reduce((acc, v, j) => acc + v * g[j]!, 0));
const close = (a: Float64Array, b: Float64Array) => a.forEach((v, i) => expect(v).toBeCloseTo(b[i]!, 11));

// a point and the gradient of a convex quadratic there: sᵀy > 0 for every pair
const A = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 3 + i : 0.2 * Math.sin(i + j))));
const point = () => {
  const x = vec();
  return { x, g: Float64Array.from(A, (r) => r.reduce((acc, v, j) => acc + v * x[j]!, 0)) };
};

describe('L-BFGS kernels', () => {
  it('the two-loop direction is −H∇f with H from the last m pairs by the BFGS recursion from γI', () => {
    const m = 3;
    const mem = new Float64Array(3 + 2 * m + 2 * m * n);
    const g = vec(), d = new Float64Array(n);
    native.lbfgsDirection(mem, g, d);
    close(d, g.map((v) => -v)); // no pairs: H₀ = I
    const pairs: [Float64Array, Float64Array][] = [];
    let p = point();
    for (let k = 0; k < 5; k++) {
      // 5 pairs into a memory of 3: the ring wraps and keeps the newest three
      const q = point();
      expect(native.lbfgsPush(mem, p.x, q.x, p.g, q.g)).toBe(true);
      pairs.push([q.x.map((v, i) => v - p.x[i]!), q.g.map((v, i) => v - p.g[i]!)]);
      p = q;
      const kept = pairs.slice(-m);
      const [sn, yn] = kept[kept.length - 1]!;
      const H = kept.reduce((h, [s, y]) => bfgs(h, s, y), identity(dot(sn, yn) / dot(yn, yn)));
      native.lbfgsDirection(mem, g, d);
      close(d, apply(H, g));
    }
  });
  it('a pair with sᵀy ≤ 0 is not recorded', () => {
    const m = 2;
    const mem = new Float64Array(3 + 2 * m + 2 * m * n);
    const x0 = vec(), x1 = vec(), g0 = vec();
    const g1 = x1.map((v, i) => g0[i]! - (v - x0[i]!)); // y = −s
    expect(native.lbfgsPush(mem, x0, x1, g0, g1)).toBe(false);
    const g = vec(), d = new Float64Array(n);
    native.lbfgsDirection(mem, g, d);
    close(d, g.map((v) => -v));
  });
  it('rejects arrays of the wrong kind or length', () => {
    const mem = new Float64Array(3 + 2 + 2 * n);
    expect(() => native.lbfgsDirection(mem, new Float64Array(n + 1), new Float64Array(n + 1))).toThrow(/memory's length/);
    expect(() => native.lbfgsDirection(mem, vec(), new Float64Array(n - 1))).toThrow(/argument 2 has/);
    expect(() => native.lbfgsDirection(mem, new Float32Array(n) as unknown as Float64Array, vec())).toThrow(/Float64Array/);
  });
  it('rejects a memory whose ring header is out of range (it indexes the pairs)', () => {
    for (const [size, oldest] of [[2, 0], [-1, 0], [0.5, 0], [1, 1], [1, -1], [NaN, 0]]) {
      const mem = new Float64Array(3 + 2 + 2 * n);
      mem[0] = size!;
      mem[1] = oldest!;
      expect(() => native.lbfgsDirection(mem, vec(), new Float64Array(n)), `size ${size}, oldest ${oldest}`).toThrow(/corrupt memory header/);
      expect(() => native.lbfgsPush(mem, vec(), vec(), vec(), vec())).toThrow(/corrupt memory header/);
    }
  });
});

describe('BFGS kernels', () => {
  it('bfgsUpdate scales H₀ by sᵀy/yᵀy before the first update, then updates; bfgsDirection is −H∇f', () => {
    const H = new Float64Array(n * n), work = new Float64Array(3 * n), d = new Float64Array(n);
    for (let i = 0; i < n; i++) H[i * n + i] = 1;
    let ref = identity(1);
    let p = point();
    for (let k = 0; k < 4; k++) {
      const q = point();
      const s = q.x.map((v, i) => v - p.x[i]!), y = q.g.map((v, i) => v - p.g[i]!);
      if (k === 0) ref = identity(dot(s, y) / dot(y, y));
      expect(native.bfgsUpdate(H, p.x, q.x, p.g, q.g, k === 0, work)).toBe(true);
      ref = bfgs(ref, s, y);
      p = q;
      const g = vec();
      native.bfgsDirection(H, g, d);
      close(d, apply(ref, g));
    }
    const before = H.slice();
    const x1 = vec(), g1 = p.x.map((v, i) => p.g[i]! - (x1[i]! - v)); // sᵀy < 0
    expect(native.bfgsUpdate(H, p.x, x1, p.g, g1, false, work)).toBe(false);
    expect(H).toEqual(before);
  });
});
