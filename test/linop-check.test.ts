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
