// The matmul kernels (native/ops/gemm.h) on every path — matrix-vector, narrow B (one, two and
// four vectors of columns, odd row counts), the general loop, the packed kernel — against a
// plain JS product, in float64 and float32, forward and in the pullback (whose transposed
// operands the kernels read in place); and 0·∞ stays NaN.
import { describe, expect, it } from 'vitest';
import * as ad from '../dist/index.js';

const rng = ad.random.rng(9);
const sizes = [1, 2, 3, 5, 8, 12, 17, 33];

function reference(a: Float64Array, b: Float64Array, m: number, k: number, n: number): Float64Array {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
    let s = 0;
    for (let p = 0; p < k; p++) s += a[i * k + p]! * b[p * n + j]!;
    c[i * n + j] = s;
  }
  return c;
}

describe('matmul kernels', () => {
  for (const dtype of ['float64', 'float32'] as const)
    it(`every path against a JS product (${dtype})`, () => {
      const tol = dtype === 'float64' ? 1e-13 : 2e-5;
      const shapes: number[][] = [];
      for (const m of sizes) for (const n of sizes) shapes.push([m, m === 1 ? 7 : 6, n]);
      shapes.push([3, 40, 1], [70, 70, 70], [2, 300, 9]);
      for (const [m, k, n] of shapes) {
        const a = ad.astype(rng.normal([m!, k!]), dtype), b = ad.astype(rng.normal([k!, n!]), dtype);
        const want = reference(Float64Array.from(a.data()), Float64Array.from(b.data()), m!, k!, n!);
        const got = ad.matmul(a, b);
        expect(got.shape).toEqual([m, n]);
        const g = got.data();
        want.forEach((w, i) => expect(Math.abs(g[i]! - w), `${m}×${k}×${n} at ${i}`).toBeLessThanOrEqual(tol * (1 + Math.abs(w)) * Math.sqrt(k!)));
      }
    });
  for (const dtype of ['float64', 'float32'] as const)
    it(`the pullback on every path, transposed operands read in place (${dtype})`, () => {
      // Ā = ḡBᵀ and B̄ = Aᵀḡ, with A stacked in batches ([2, m, k]) or not; the products
      // span the matrix-vector, narrow, general and packed kernels for both
      const tol = dtype === 'float64' ? 1e-13 : 2e-5;
      const transpose = (x: Float64Array, r: number, c: number) => Float64Array.from({ length: r * c }, (_, i) => x[(i % r) * c + Math.floor(i / r)]!);
      const shapes = [[5, 7, 1], [1, 7, 5], [12, 12, 12], [100, 12, 1], [9, 6, 17], [33, 5, 40], [70, 70, 70], [3, 0, 4], [0, 3, 4]];
      for (const [m, k, n] of shapes)
        for (const batch of [[], [2]]) {
          const a = ad.astype(rng.normal([...batch, m!, k!]), dtype), b = ad.astype(rng.normal([k!, n!]), dtype);
          const g = ad.astype(rng.normal([...batch, m!, n!]), dtype);
          const [, pullback] = ad.vjp((x: ad.Tensor, y: ad.Tensor) => ad.matmul(x, y), a, b);
          const [da, db] = pullback(g) as ad.Tensor[];
          const rows = (batch.length ? 2 : 1) * m!;
          const av = Float64Array.from(a.data()), bv = Float64Array.from(b.data()), gv = Float64Array.from(g.data());
          const wantA = reference(gv, transpose(bv, k!, n!), rows, n!, k!);
          const wantB = reference(transpose(av, rows, k!), gv, k!, rows, n!);
          for (const [got, want, what] of [[da!, wantA, 'Ā'], [db!, wantB, 'B̄']] as const) {
            const d = got.data();
            expect(d.length).toBe(want.length);
            want.forEach((w, i) => expect(Math.abs(d[i]! - w), `${what} ${batch}×${m}×${k}×${n} at ${i}`).toBeLessThanOrEqual(tol * (1 + Math.abs(w)) * Math.sqrt(Math.max(n!, rows))));
          }
        }
    });
  it('empty operands: zero-size outputs, and zeros for an empty inner dimension', () => {
    for (const [m, k, n] of [[3, 4, 0], [0, 4, 3], [3, 0, 5], [3, 0, 1], [2, 0, 20]]) {
      const c = ad.matmul(ad.ones([m!, k!]), ad.ones([k!, n!]));
      expect(c.shape).toEqual([m, n]);
      expect(Array.from(c.data()).every((v) => v === 0)).toBe(true);
    }
  });
  it('0·∞ is NaN on every path (no zero of A is skipped)', () => {
    for (const n of [1, 3, 12, 40]) {
      const a = ad.zeros([4, 3]);
      const bv = new Float64Array(3 * n).fill(1);
      bv[n] = Infinity; // B[1][0]
      const c = ad.matmul(a, ad.tensor(bv, { shape: [3, n] })).data();
      for (let i = 0; i < 4; i++) expect(Number.isNaN(c[i * n]!)).toBe(true);
    }
  });
});
