// linalg: every solver against a dense reference (Gaussian elimination in JS, float64) on random
// non-symmetric systems that are not diagonally dominant, with one and several right-hand
// sides; the pullback's transposed solve checked against an explicit A⁻ᵀ (a symmetric test
// could not tell A⁻¹ from A⁻ᵀ: jax-ml/jax #25787); dot-product tests of the band products;
// singular and mis-shaped inputs; NaN propagation; the Tridiagonal and Banded classes; large n.
import { describe, expect, it } from 'vitest';
import * as ad from '../dist/index.js';
import type { Tensor } from '../dist/index.js';

const L = ad.linalg;
const rng = ad.random.rng(4242);
type M = number[][];

/** x = A⁻¹B by Gaussian elimination with partial pivoting (B: n×k). */
function denseSolve(A: M, B: M): M {
  const n = A.length;
  const a = A.map((r, i) => [...r, ...B[i]!]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r]![c]!) > Math.abs(a[p]![c]!)) p = r;
    [a[c], a[p]] = [a[p]!, a[c]!];
    for (let r = c + 1; r < n; r++) {
      const f = a[r]![c]! / a[c]![c]!;
      for (let j = c; j < a[r]!.length; j++) a[r]![j]! -= f * a[c]![j]!;
    }
  }
  const k = B[0]!.length;
  const x: M = Array.from({ length: n }, () => new Array(k).fill(0));
  for (let i = n - 1; i >= 0; i--)
    for (let j = 0; j < k; j++) {
      let s = a[i]![n + j]!;
      for (let c = i + 1; c < n; c++) s -= a[i]![c]! * x[c]![j]!;
      x[i]![j] = s / a[i]![i]!;
    }
  return x;
}
const T = (A: M): M => A[0]!.map((_, j) => A.map((r) => r[j]!));
const randM = (r: number, c: number): M => rng.normal([r, c]).toArray() as M;
const col = (v: Tensor): M => (v.ndim === 1 ? (v.toArray() as number[]).map((e) => [e]) : (v.toArray() as M));
function close(got: M, want: M, tol: number) {
  let err = 0, scale = 1;
  want.forEach((r, i) => r.forEach((w, j) => {
    err = Math.max(err, Math.abs(got[i]![j]! - w));
    scale = Math.max(scale, Math.abs(w));
  }));
  expect(err).toBeLessThanOrEqual(tol * scale);
}
/** Dense form of the band storage ab[ku + i − j][j] = A[i][j]. */
const bandToDense = (ab: M, kl: number, ku: number, n: number): M =>
  Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i - j <= kl && j - i <= ku ? ab[ku + i - j]![j]! : 0)));
const triToDense = (dl: number[], d: number[], du: number[]): M =>
  d.map((_, i) => d.map((_, j) => (i === j ? d[i]! : i === j + 1 ? dl[j]! : j === i + 1 ? du[i]! : 0)));

/** Checks x = A⁻¹b and, through the pullback of Σ x⊙g, b̄ = A⁻ᵀg against the dense reference. */
function checkSolver(A: M, solveB: (b: Tensor) => Tensor, n: number, k: number | undefined, tol = 1e-10) {
  const b = rng.normal(k === undefined ? [n] : [n, k]);
  const g = rng.normal(b.shape);
  close(col(solveB(b)), denseSolve(A, col(b)), tol);
  const bbar = ad.grad((bb: Tensor) => ad.sum(ad.mul(solveB(bb), g)))(b) as Tensor;
  close(col(bbar), denseSolve(T(A), col(g)), tol);
}

describe('solvers against a dense reference', () => {
  // 8, 9 and 40: the smallest cyclic systems whose rows are staged, with an even and an odd middle
  for (const n of [1, 2, 3, 7, 8, 9, 40])
    for (const k of [undefined, 3]) {
      it(`solve, n = ${n}${k ? `, k = ${k}` : ''}`, () => {
        const A = randM(n, n);
        checkSolver(A, (b) => L.solve(ad.tensor(A), b), n, k, 1e-9);
      });
      it(`tridiagonalSolve, n = ${n}${k ? `, k = ${k}` : ''}`, () => {
        const [dl, d, du] = [n - 1, n, n - 1].map((m) => (rng.normal([m]).toArray() as number[]));
        checkSolver(triToDense(dl!, d!, du!), (b) => L.tridiagonalSolve(ad.tensor(dl!), ad.tensor(d!), ad.tensor(du!), b), n, k, 1e-8);
      });
      it(`cyclicTridiagonalSolve, n = ${n}${k ? `, k = ${k}` : ''}`, () => {
        const [dl, d, du] = [n - 1, n, n - 1].map((m) => (rng.normal([m]).toArray() as number[]));
        const [lower, upper] = [0.7, -1.3];
        const A = triToDense(dl!, d!, du!);
        if (n >= 2) {
          A[n - 1]![0]! += lower;
          A[0]![n - 1]! += upper;
        }
        checkSolver(A, (b) => L.cyclicTridiagonalSolve(ad.tensor(dl!), ad.tensor(d!), ad.tensor(du!), b, { lower, upper }), n, k, 1e-8);
      });
      for (const [kl, ku] of [[1, 1], [2, 2], [0, 3], [3, 1]] as [number, number][]) {
        if (kl > n - 1 || ku > n - 1) continue;
        it(`bandedSolve kl = ${kl} ku = ${ku}, n = ${n}${k ? `, k = ${k}` : ''}`, () => {
          const ab = randM(kl + ku + 1, n);
          checkSolver(bandToDense(ab, kl, ku, n), (b) => L.bandedSolve(ad.tensor(ab), { kl, ku }, b), n, k, 1e-8);
        });
      }
      it(`choleskyBandedSolve, n = ${n}${k ? `, k = ${k}` : ''}`, () => {
        const kb = Math.min(2, n - 1);
        const ab = randM(kb + 1, n).map((r, i) => r.map((e) => (i === kb ? 3 + Math.abs(e) : 0.5 * e)));
        const U = bandToDense(ab, 0, kb, n);
        const A = U.map((r, i) => r.map((e, j) => (i <= j ? e : U[j]![i]!)));
        checkSolver(A, (b) => L.choleskyBandedSolve(ad.tensor(ab), { k: kb }, b), n, k, 1e-9);
      });
    }

  it('det, slogdet and inv', () => {
    const A = randM(5, 5);
    const inv = L.inv(ad.tensor(A)).toArray() as M;
    const I = Array.from({ length: 5 }, (_, i) => Array.from({ length: 5 }, (_, j) => +(i === j)));
    close(inv, denseSolve(A, I), 1e-10);
    // det by the product of the reference's pivots
    const lu = A.map((r) => [...r]);
    let det = 1;
    for (let c = 0; c < 5; c++) {
      let p = c;
      for (let r = c + 1; r < 5; r++) if (Math.abs(lu[r]![c]!) > Math.abs(lu[p]![c]!)) p = r;
      if (p !== c) det = -det;
      [lu[c], lu[p]] = [lu[p]!, lu[c]!];
      det *= lu[c]![c]!;
      for (let r = c + 1; r < 5; r++) {
        const f = lu[r]![c]! / lu[c]![c]!;
        for (let j = c; j < 5; j++) lu[r]![j]! -= f * lu[c]![j]!;
      }
    }
    expect(L.det(ad.tensor(A)).item()).toBeCloseTo(det, 10);
    const [sign, logabs] = L.slogdet(ad.tensor(A));
    expect(sign.item()).toBe(Math.sign(det));
    expect(logabs.item()).toBeCloseTo(Math.log(Math.abs(det)), 12);
    // ∂ log|det A| / ∂A = A⁻ᵀ
    close(ad.grad((a: Tensor) => L.slogdet(a)[1])(ad.tensor(A)).toArray() as M, T(denseSolve(A, I)), 1e-10);
    expect(L.det(ad.tensor([[1, 2], [2, 4]])).item()).toBe(0);
    expect(L.slogdet(ad.tensor([[1, 2], [2, 4]]))[1].item()).toBe(-Infinity);
  });
});

describe('band products', () => {
  it('band_matvec matches the dense product and passes the dot-product test', () => {
    for (const [kl, ku, n] of [[1, 1, 6], [2, 0, 5], [0, 3, 7], [2, 2, 9]] as [number, number, number][]) {
      const ab = randM(kl + ku + 1, n);
      const A = bandToDense(ab, kl, ku, n);
      const x = rng.normal([n, 2]), y = rng.normal([n, 2]);
      const Ax = L.bandMatvec(ad.tensor(ab), { kl, ku }, x);
      close(col(Ax), col(ad.matmul(ad.tensor(A), x)), 1e-14);
      // ⟨A x, y⟩ = ⟨x, Aᵀ y⟩
      const lhs = ad.sum(ad.mul(Ax, y)).item();
      const rhs = ad.sum(ad.mul(x, L.bandMatvec(ad.tensor(ab), { kl, ku }, y, { transpose: true }))).item();
      expect(lhs).toBeCloseTo(rhs, 12);
    }
  });
  it('Tridiagonal and Banded: matvec, solve and toDense agree with the dense matrix', () => {
    const [dl, d, du] = [5, 6, 5].map((m) => rng.normal([m]));
    const Tm = L.Tridiagonal(dl!, d!, du!);
    const dense = triToDense(dl!.toArray() as number[], d!.toArray() as number[], du!.toArray() as number[]);
    close(Tm.toDense().toArray() as M, dense, 0);
    const b = rng.normal([6]);
    close(col(Tm.matvec(Tm.solve(b))), col(b), 1e-10);
    expect(new L.Tridiagonal(dl!, d!, du!)).toBeInstanceOf(L.Tridiagonal);
    const ab = rng.normal([4, 6]);
    const B = L.Banded(ab, { kl: 2, ku: 1 });
    close(B.toDense().toArray() as M, bandToDense(ab.toArray() as M, 2, 1, 6), 0);
    close(col(B.matvec(B.solve(b))), col(b), 1e-10);
    // the dense form is differentiable in the bands
    const g = ad.grad((a: Tensor) => ad.sum(ad.mul(L.Banded(a, { kl: 2, ku: 1 }).toDense(), 2)))(ab) as Tensor;
    // entries inside the matrix (row r, column j holds A[j − 1 + r][j]) get 2, the unused corners 0
    close(g.toArray() as M, [0, 1, 2, 3].map((r) => Array.from({ length: 6 }, (_, j) => (j - 1 + r >= 0 && j - 1 + r < 6 ? 2 : 0))), 0);
  });
});

describe('bad input', () => {
  it('a zero pivot is a SingularMatrixError naming the index', () => {
    expect(() => L.solve(ad.tensor([[1, 2], [2, 4]]), ad.tensor([1, 1]))).toThrow(ad.SingularMatrixError);
    expect(() => L.solve(ad.tensor([[1, 2], [2, 4]]), ad.tensor([1, 1]))).toThrow(/index 1/);
    expect(() => L.tridiagonalSolve(ad.tensor([1]), ad.tensor([0, 0]), ad.tensor([0]), ad.tensor([1, 1]))).toThrow(ad.SingularMatrixError);
    expect(() => L.bandedSolve(ad.zeros([3, 4]), { kl: 1, ku: 1 }, ad.ones([4]))).toThrow(/index 0/);
    // the identity but for A[2][2] = 0 (kl = ku = 2 solves as it eliminates), as one and as two right-hand sides
    const ab = Array.from({ length: 5 }, (_, r) => Array.from({ length: 5 }, (_, j) => (r === 2 && j !== 2 ? 1 : 0)));
    for (const b of [ad.ones([5]), ad.ones([5, 2])]) {
      expect(() => L.bandedSolve(ad.tensor(ab), { kl: 2, ku: 2 }, b)).toThrow(ad.SingularMatrixError);
      expect(() => L.bandedSolve(ad.tensor(ab), { kl: 2, ku: 2 }, b)).toThrow(/index 2/);
    }
    expect(() => L.choleskyBandedSolve(ad.tensor([[0, 1], [-1, 2]]), { k: 1 }, ad.ones([2]))).toThrow(ad.SingularMatrixError);
  });
  it('bands and right-hand sides that do not fit are ShapeErrors naming the shapes', () => {
    expect(() => L.solve(ad.zeros([3, 2]), ad.ones([3]))).toThrow(/A has shape \[3,2\], expected \[3,3\]/);
    expect(() => L.tridiagonalSolve(ad.ones([3]), ad.ones([3]), ad.ones([2]), ad.ones([3]))).toThrow(/dl has shape \[3\], expected \[2\]/);
    expect(() => L.bandedSolve(ad.ones([4, 5]), { kl: 1, ku: 1 }, ad.ones([5]))).toThrow(ad.ShapeError);
    expect(() => L.bandedSolve(ad.ones([5, 3]), { kl: 3, ku: 1 }, ad.ones([3]))).toThrow(/kl = 3 and ku = 1 must lie in \[0, n − 1\]/);
    expect(() => L.solve(ad.ones([2, 2]), ad.ones([2, 2, 2]))).toThrow(ad.ShapeError);
    expect(() => L.bandedSolve(ad.ones([3, 3]), { kl: -1, ku: 1 } as never, ad.ones([3]))).toThrow(ad.ArgumentError);
  });
  it('NaN in gives NaN out, no error', () => {
    const x = L.tridiagonalSolve(ad.tensor([1, 1]), ad.tensor([4, NaN, 4]), ad.tensor([1, 1]), ad.ones([3])).toArray() as number[];
    expect(x.some(Number.isNaN)).toBe(true);
    expect((L.solve(ad.tensor([[NaN, 1], [1, 2]]), ad.ones([2])).toArray() as number[]).some(Number.isNaN)).toBe(true);
  });
});

describe('structure is kept', () => {
  it('a tridiagonal gradient at n = 200000 takes O(n) memory (no dense n×n)', () => {
    const n = 200_000;
    const [dl, d, du] = [n - 1, n, n - 1].map((m, i) => ad.add(rng.normal([m]), i === 1 ? 4 : 0));
    const b = rng.normal([n]);
    const before = ad.memory().bytes;
    const g = ad.grad((dd: Tensor) => ad.sum(ad.square(L.tridiagonalSolve(dl!, dd, du!, b))))(d!) as Tensor;
    expect(g.shape).toEqual([n]);
    // a dense n×n would be 320 GB; the whole computation keeps a few dozen n-vectors
    expect(ad.memory().bytes - before).toBeLessThan(64 * 8 * n);
  });
});
