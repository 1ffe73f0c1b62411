// compile (Note [Replay], native/core/replay.h): a recorded tape replayed natively for new
// inputs — values and gradients equal the eager ones, ops without derivatives (comparisons,
// searches) are recomputed, trees and numbers pass through, bad inputs are typed errors, and
// under an enclosing transformation the compiled function runs f itself.
import { describe, expect, it } from 'vitest';
import * as ad from '../dist/index.js';
import type { Tensor } from '../dist/index.js';
import { w3Problem } from '../examples/spline/w3.mjs';
import { fdPoisson } from '../examples/poisson-fd/w2.mjs';

const rng = ad.random.rng(5);
const same = (a: unknown, b: unknown, tol = 0) => {
  const x = ad.flattenTree(a).leaves, y = ad.flattenTree(b).leaves;
  expect(x.length).toBe(y.length);
  x.forEach((l, i) => {
    const u = l instanceof ad.Tensor ? Array.from(l.data(), Number) : [l as number];
    const v = y[i] instanceof ad.Tensor ? Array.from((y[i] as Tensor).data(), Number) : [y[i] as number];
    expect(u.length).toBe(v.length);
    u.forEach((e, k) => expect(Math.abs(e - v[k]!)).toBeLessThanOrEqual(tol * (1 + Math.abs(v[k]!))));
  });
};

describe('compile', () => {
  it('replays values and gradients of a tree-valued function for new inputs', () => {
    const f = ({ a, b }: { a: Tensor; b: Tensor }, s: number) => ({
      y: ad.sum(ad.mul(ad.tanh(ad.matmul(a, b)), s)),
      z: ad.exp(ad.slice(a, 0, 1)),
      k: 3,
    });
    const ex = { a: rng.normal([3, 4]), b: rng.normal([4, 2]) };
    const c = ad.compile(f, ex, 1.5);
    for (let trial = 0; trial < 3; trial++) {
      const x = { a: rng.normal([3, 4]), b: rng.normal([4, 2]) };
      const s = 0.5 + trial;
      same(c.call(x, s), f(x, s));
    }
    const g = ad.compile((p: { a: Tensor; b: Tensor }, s: number) => f(p, s).y, ex, 1.5);
    const x = { a: rng.normal([3, 4]), b: rng.normal([4, 2]) };
    same(g.grad(x, 2), ad.grad((p: { a: Tensor; b: Tensor }) => f(p, 2).y)(x), 1e-15);
    const [v, gr] = g.valueAndGrad(x, 2);
    same(v, f(x, 2).y);
    same(gr, ad.grad((p: { a: Tensor; b: Tensor }) => f(p, 2).y)(x), 1e-15);
    // nested arrays and objects, with static structure passed through
    const nested = ({ w, tag }: { w: [Tensor, { v: Tensor }]; tag: string }) => ad.sum(ad.mul(w[0], tag === 'x' ? w[1].v : 0));
    const cn = ad.compile(nested, { w: [ad.tensor([1, 2]), { v: ad.tensor([3, 4]) }], tag: 'x' });
    const arg = { w: [ad.tensor([0.5, -1]), { v: ad.tensor([2, 0.25]) }] as [Tensor, { v: Tensor }], tag: 'x' };
    same(cn.call(arg), nested(arg));
    same(cn.grad(arg), ad.grad(nested)(arg));
    expect((cn.grad(arg) as { tag: string }).tag).toBe('x');
    // a number argument's gradient comes back as a number
    const h = ad.compile((s: number, u: Tensor) => ad.sum(ad.mul(u, s)), 2, ad.tensor([1, 2]));
    expect(h.grad(3, ad.tensor([1, 2.5]))).toBe(3.5);
  });

  it('recomputes comparisons, masks and searches (ops without derivatives) on replay', () => {
    const f = (x: Tensor) => ad.sum(ad.add(ad.where(ad.greater(x, 0), x, ad.mul(x, -2)), ad.relu(ad.sub(x, 0.5))));
    const c = ad.compile(f, ad.tensor([1, -1, 2, -3]));
    const x = ad.tensor([-1, 2, -0.25, 0.75]); // every sign flipped
    same(c.call(x), f(x));
    same(c.grad(x), ad.grad(f)(x));
    // a spline evaluated at new queries finds new segments
    const p = w3Problem();
    const s = ad.compile((y: Tensor, t: Tensor) => p.loss(y, p.x, t), p.y, p.t);
    const t2 = ad.tensor(Array.from(rng.uniform([640], 0, 2).data()).sort((a, b) => a - b));
    same(s.call(p.y, t2), p.loss(p.y, p.x, t2), 1e-14);
  });

  it('W2 and W3: compiled gradients equal the eager ones', () => {
    const w2 = fdPoisson(128);
    const I = (t: Tensor) => ad.sum(ad.square(w2.phi(t)));
    const c2 = ad.compile(I, ad.tensor(0.3));
    for (const t of [0.7, 1.9]) same(c2.grad(ad.tensor(t)), w2.dIdt(t), 1e-13);
    const p = w3Problem();
    const c3 = ad.compile((y: Tensor) => p.loss(y), p.y);
    const y = ad.add(p.y, rng.normal([64]));
    same(c3.grad(y), p.gradY(y), 1e-13);
  });

  it('solves with a constant matrix reuse the recorded factorization; a matrix input is factored anew', () => {
    // Every structured solve, its matrix random and not symmetric: x = A⁻¹b and b̄ = A⁻ᵀx̄
    // from the compiled function equal the eager ones for new right-hand sides (A fixed), and
    // for new matrices when A is an argument.
    const n = 9;
    const L = ad.linalg;
    const bands = () => [rng.normal([n - 1]), ad.add(rng.normal([n]), 4), rng.normal([n - 1])] as const;
    const spd = () => { const ab = rng.normal([3, n]); return ad.concat([ad.slice(ab, 0, 2), ad.add(ad.abs(ad.slice(ab, 2)), 5)], 0); };
    const solvers: [string, () => unknown, (A: any, b: Tensor) => Tensor][] = [ // eslint-disable-line @typescript-eslint/no-explicit-any
      ['solve', () => rng.normal([n, n]), (A, b) => L.solve(A, b)],
      ['tridiagonal', bands, ([dl, d, du], b) => L.tridiagonalSolve(dl, d, du, b)],
      ['cyclic', bands, ([dl, d, du], b) => L.cyclicTridiagonalSolve(dl, d, du, b, { lower: 0.4, upper: -0.7 })],
      ['banded', () => rng.normal([5, n]), (A, b) => L.bandedSolve(A, { kl: 2, ku: 2 }, b)],
      ['choleskyBanded', spd, (A, b) => L.choleskyBandedSolve(A, { k: 2 }, b)],
    ];
    for (const [name, matrix, solve] of solvers) {
      const A = matrix(), w = rng.normal([n]);
      const loss = (b: Tensor) => ad.sum(ad.mul(solve(A, b), w));
      const c = ad.compile(loss, rng.normal([n]));
      for (let k = 0; k < 3; k++) {
        const b = rng.normal([n]);
        same(c.call(b), loss(b), 1e-12);
        same(c.grad(b), ad.grad(loss)(b), 1e-12);
      }
      const byMatrix = (M: unknown) => ad.sum(ad.mul(solve(M, w), w));
      const cm = ad.compile(byMatrix, matrix());
      const M = matrix();
      same(cm.call(M), byMatrix(M), 1e-12);
      same(cm.grad(M), ad.grad(byMatrix)(M), 1e-12);
      expect(name).toBeTruthy();
    }
  });

  it('a function of one array (handles alone across the boundary) agrees with the tree path', () => {
    const f = (x: Tensor) => ad.sum(ad.mul(ad.sin(x), x));
    const c = ad.compile(f, ad.tensor([1, 2]));
    const tree = ad.compile(([x]: Tensor[]) => f(x!), [ad.tensor([1, 2])]);
    const x = ad.tensor([0.3, -2]);
    same(c.call(x), tree.call([x]));
    same(c.grad(x), (tree.grad([x]) as Tensor[])[0]);
    const [v, g] = c.valueAndGrad(x) as [Tensor, Tensor];
    const [tv, tg] = tree.valueAndGrad([x]) as [Tensor, Tensor[]];
    same([v, g], [tv, tg[0]]);
    expect(c.grad(x)).toBeInstanceOf(ad.Tensor);
    expect(ad.compile(() => 7, ad.tensor([1])).call(ad.tensor([2]))).toBe(7);
    same(ad.compile((u: Tensor) => ad.sum(ad.mul(u, 0)), ad.tensor([1])).grad(ad.tensor([2])), ad.tensor([0]));
  });

  it('repeated replays give the same results and leave earlier outputs untouched', () => {
    const f = (x: Tensor) => ad.sum(ad.mul(ad.exp(ad.slice(x, 1)), ad.diff(x)));
    const c = ad.compile(f, ad.tensor([0.1, 0.2, 0.3]));
    const x = ad.tensor([0.5, -0.25, 1]), z = ad.tensor([2, 1, -1]);
    const v1 = c.call(x) as Tensor, g1 = c.grad(x) as Tensor;
    const [v2, g2] = c.valueAndGrad(x) as [Tensor, Tensor];
    const before = [v1, g1].map((t) => Array.from(t.data()));
    same(v2, v1);
    same(g2, g1);
    same(c.grad(z), ad.grad(f)(z), 1e-15);
    same(c.call(z), f(z));
    same([v1, g1], [ad.tensor(before[0]![0]!), ad.tensor(before[1]!)]);
    same(g1, ad.grad(f)(x), 1e-15);
  });

  it('a replay that fails part way leaves the program usable', () => {
    const b = ad.tensor([1, 2]);
    const f = (a: Tensor) => ad.sum(ad.linalg.solve(a, b));
    const c = ad.compile(f, ad.tensor([[2, 0], [0, 2]]));
    const singular = ad.tensor([[1, 2], [2, 4]]), a = ad.tensor([[3, 1], [1, 2]]);
    expect(() => c.grad(singular)).toThrow(ad.SingularMatrixError);
    expect(() => c.call(singular)).toThrow(ad.SingularMatrixError);
    same(c.call(a), f(a), 1e-15);
    same(c.grad(a), ad.grad(f)(a), 1e-15);
  });

  it('under an enclosing transformation the compiled function runs f (and nests)', () => {
    const f = (x: Tensor) => ad.sum(ad.mul(ad.sin(x), x));
    const c = ad.compile(f, ad.tensor([0.1, 0.2]));
    const x = ad.tensor([0.4, -0.3]);
    same(ad.grad((u: Tensor) => c.call(u))(x), ad.grad(f)(x));
    same(ad.jvp((u: Tensor) => c.grad(u), [x], [ad.tensor([1, 0])])[1], ad.jvp(ad.grad(f), [x], [ad.tensor([1, 0])])[1]);
  });

  it('bad inputs are typed errors', () => {
    const c = ad.compile((x: Tensor) => ad.sum(ad.exp(x)), ad.tensor([1, 2, 3]));
    expect(() => c.call(ad.tensor([1, 2]))).toThrow(ad.ShapeError);
    expect(() => c.call(ad.tensor([1, 2, 3], { dtype: 'float32' }))).toThrow(/compiled for \[3\] float64/);
    expect(() => c.call()).toThrow(ad.ArgumentError);
    const v = ad.compile((x: Tensor) => ad.exp(x), ad.tensor([1, 2]));
    expect(() => v.grad(ad.tensor([1, 2]))).toThrow(/real scalar/);
    const rule = ad.defineRule((x: Tensor) => ad.mul(x, 2), { rrule: (x) => [ad.mul(x, 2), (g) => [ad.mul(g, 2)]] });
    expect(() => ad.compile((x: Tensor) => ad.sum(rule(x)), ad.tensor([1]))).toThrow(/defineRule/);
    expect(() => ad.grad((x: Tensor) => { ad.compile(ad.sum, x); return ad.sum(x); })(ad.tensor([1]))).toThrow(/traced/);
  });
});
