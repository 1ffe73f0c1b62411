// LinearOperator (matrix-free, differentiable through its adjoint, composable, builders) and
// the checkers: each accepts correct derivatives and rejects a deliberately wrong one with a
// readable report.
import { describe, expect, it } from 'vitest';
import * as ad from '../dist/index.js';
import type { Tensor } from '../dist/index.js';

const rng = ad.random.rng(314);
const arr = (t: unknown) => Array.from((t as Tensor).data());

describe('LinearOperator', () => {
  const M = rng.normal([4, 3]);
  const A = ad.LinearOperator.fromMatrix(M);
  it('apply is differentiable in x with the adjoint as pullback (observably)', () => {
    let adjointCalls = 0;
    const B = new ad.LinearOperator({ shape: [4, 3], apply: (x) => ad.matmul(M, x), adjoint: (y) => { adjointCalls++; return ad.matmul(ad.transpose(M), y); } });
    const x = rng.normal([3]), w = rng.normal([4]);
    const g = ad.grad((u: Tensor) => ad.sum(ad.mul(B.apply(u), w)))(x) as Tensor;
    expect(adjointCalls).toBe(1);
    arr(g).forEach((v, i) => expect(v).toBeCloseTo(arr(ad.matmul(ad.transpose(M), w))[i]!, 13));
    // forward mode uses apply on the tangent
    const [, t] = ad.jvp((u: Tensor) => B.apply(u), [x], [w.slice(0, 3)]) as [Tensor, Tensor];
    arr(t).forEach((v, i) => expect(v).toBeCloseTo(arr(ad.matmul(M, w.slice(0, 3)))[i]!, 13));
  });
  it('every builder and combinator passes the dot-product test, real and complex', () => {
    const n = 16;
    const idx = [3, 0, 9, 15, 7];
    const ops = [
      A, A.adjoint(), A.scale(-2.5), A.add(ad.LinearOperator.fromMatrix(rng.normal([4, 3]))),
      ad.LinearOperator.diagonal(rng.normal([n])),
      ad.LinearOperator.fft(n), ad.LinearOperator.restriction(idx, n),
      ad.LinearOperator.restriction(idx, n).compose(ad.LinearOperator.fft(n)),
      ad.LinearOperator.fromMatrix(ad.complex(rng.normal([3, 5]), rng.normal([3, 5]))),
    ];
    for (const op of ops) expect(ad.check.dotTest(op, { dtype: op.dtype?.startsWith('complex') || op.name.includes('DFT') ? 'complex128' : 'float64' })).toBeLessThan(1e-12);
  });
  it('builders apply as built-in ops (compile accepts them) with the derivatives of the rule path', () => {
    const n = 8;
    const idx = [5, 1, 6];
    const D = ad.LinearOperator.diagonal(ad.complex(rng.normal([n]), rng.normal([n])));
    const R = ad.LinearOperator.restriction(idx, n), F = ad.LinearOperator.fft(n);
    const C = ad.LinearOperator.fromMatrix(ad.complex(rng.normal([3, n]), rng.normal([3, n])));
    const Mr = ad.LinearOperator.fromMatrix(rng.normal([n, n]));
    const builtIns = [
      R.compose(F), F.adjoint().compose(D), C, Mr.add(Mr.adjoint()).scale(0.5), R.compose(D).add(C.scale(-2)),
      ad.LinearOperator.restriction([], n), R.adjoint().compose(R),
    ];
    // the same maps behind a user-defined operator: the rule path, whose pullback is the adjoint
    const viaRule = (B: ad.LinearOperator) => new ad.LinearOperator({ shape: B.shape, dtype: B.dtype, apply: (x) => B.apply(x), adjoint: (y) => B.adjoint().apply(y) });
    const inputs = [rng.normal([n]), rng.normal([n], { dtype: 'float32' }), ad.complex(rng.normal([n]), rng.normal([n])), rng.normal([n, 2])];
    let w: Tensor;
    const loss = (A: ad.LinearOperator) => (u: Tensor) => ad.sum(ad.abs2(ad.sub(A.apply(u), w)));
    for (const B of builtIns) {
      const U = viaRule(B);
      for (const x of inputs) {
        const yShape = [B.shape[0], ...x.shape.slice(1)];
        w = ad.complex(rng.normal(yShape), rng.normal(yShape));
        const [gb, gu] = [ad.grad(loss(B))(x) as Tensor, ad.grad(loss(U))(x) as Tensor];
        const what = `${B.name} on ${x.dtype} [${x.shape}]`;
        expect(gb.dtype, what).toBe(gu.dtype);
        expect(gb.shape, what).toEqual(gu.shape);
        const tol = x.dtype === 'float32' ? 1e-5 : 1e-12;
        expect(ad.max(ad.abs(ad.sub(gb, gu))).item(), what).toBeLessThanOrEqual(tol * Math.max(1, ad.max(ad.abs(gu)).item()));
        const [, tb] = ad.jvp(B.apply.bind(B), [x], [x]) as [Tensor, Tensor];
        expect(arr(tb), what).toEqual(arr(B.apply(x)));
        // no rule node on the tape: compile records it, and the replay gives the eager gradient
        const cg = ad.compile(loss(B), x).grad(x) as Tensor;
        expect(arr(cg), what).toEqual(arr(gb));
        expect(() => ad.compile(loss(U), x), what).toThrow(/defineRule/);
      }
    }
  });
  it('an operator combined with a user-defined one keeps the rule (its pullback is called)', () => {
    let adjointCalls = 0;
    const M = rng.normal([3, 3]);
    const user = new ad.LinearOperator({ shape: [3, 3], apply: (x) => ad.matmul(M, x), adjoint: (y) => { adjointCalls++; return ad.matmul(ad.transpose(M), y); } });
    const D = ad.LinearOperator.diagonal(rng.normal([3]));
    const x = rng.normal([3]);
    for (const A of [D.compose(user), user.compose(D), D.add(user), user.scale(2)]) {
      adjointCalls = 0;
      ad.grad((u: Tensor) => ad.sum(ad.square(A.apply(u))))(x);
      expect(adjointCalls, A.name).toBe(1);
    }
    for (const A of [D.compose(user), user.adjoint(), user.adjoint().compose(D)])
      expect(() => ad.compile((u: Tensor) => ad.sum(A.apply(u)), x), A.name).toThrow(/defineRule/);
  });
  it('a wrong adjoint is caught by dotTest', () => {
    const wrong = new ad.LinearOperator({ shape: [4, 3], apply: (x) => ad.matmul(M, x), adjoint: (y) => ad.mul(ad.matmul(ad.transpose(M), y), 1.01) });
    expect(() => ad.check.dotTest(wrong)).toThrow(/dotTest failed for LinearOperator \[4,3\]/);
  });
  it('shape errors name the operator', () => {
    expect(() => A.apply(rng.normal([4]))).toThrow(/Matrix.apply: expected a vector of length 3/);
    expect(() => A.compose(A)).toThrow(ad.ShapeError);
  });
});

describe('check', () => {
  it('gradcheck accepts correct derivatives (real, complex, several arguments)', () => {
    expect(ad.check.gradcheck((x: Tensor, y: Tensor) => ad.mul(ad.sin(x), ad.exp(y)), [rng.normal([3]), rng.normal([3])])).toBe(true);
    expect(ad.check.gradcheck((z: Tensor) => ad.mul(z, ad.exp(z)), [ad.complex(rng.normal([3]), rng.normal([3]))])).toBe(true);
    expect(ad.check.gradcheck((x: Tensor) => ad.linalg.solve(ad.add(ad.mul(ad.eye(3), 4), ad.reshape(x, [3, 3])), ad.ones([3])), [rng.normal([9])])).toBe(true);
    expect(ad.check.gradcheck((x: Tensor) => ad.tanh(x), [rng.normal([4], { dtype: 'float32' })])).toBe(true);
  });
  it('testRule accepts a right rule and rejects a wrong one, naming argument and index', () => {
    const right = ad.defineRule((x: Tensor) => ad.add(ad.cos(x), 1), { name: 'mycos', rrule: (x) => [ad.add(ad.cos(x), 1), (yb: Tensor) => [ad.mul(yb, ad.neg(ad.sin(x)))]] });
    expect(ad.check.testRule(right, [rng.normal([4])])).toBe(true);
    const wrong = ad.defineRule((x: Tensor) => ad.add(ad.cos(x), 1), { name: 'mycos', rrule: (x) => [ad.add(ad.cos(x), 1), (yb: Tensor) => [ad.mul(yb, ad.sin(x))]] });
    expect(() => ad.check.testRule(wrong, [rng.normal([4])])).toThrow(/argument 0 \(shape \[4\] float64\), flat index 0: ∂⟨u, f⟩\/∂x expected .* \(finite differences\), got .* \(reverse mode\)/);
    expect(() => ad.check.testRule(wrong, [rng.normal([100])])).toThrow(/argument 0 \(shape \[100\] float64\): reverse mode ⟨x̄, v⟩ = .* but finite differences give/);
    // a frule that disagrees with the rrule
    const twoFaced = ad.defineRule((x: Tensor) => ad.square(x), {
      rrule: (x) => [ad.square(x), (yb: Tensor) => [ad.mul(ad.mul(yb, x), 2)]],
      frule: ([x], [dx]) => [ad.square(x as Tensor), ad.mul(ad.mul(x as Tensor, 3), dx!)],
    });
    expect(() => ad.check.testRule(twoFaced, [rng.normal([3])])).toThrow(/forward mode/);
  });
  it('an index-level report for a rule wrong in one entry only', () => {
    const oneOff = ad.defineRule((x: Tensor) => ad.square(x), {
      rrule: (x) => [ad.square(x), (yb: Tensor) => [ad.mul(ad.mul(yb, x), ad.tensor([2, 2, 2.000001, 2]))]],
    });
    expect(() => ad.check.gradcheck(oneOff, [rng.normal([4])], { rtol: 1e-9 })).toThrow(/flat index 2/);
  });
});
