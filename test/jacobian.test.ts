// W6's second-order parts: Jacobians of Rⁿ → Rᵐ both ways (and on trees), full Hessians
// (Rosenbrock, n = 100) and Hessian-vector products (Rosenbrock, n = 1000), checked against the
// analytic Rosenbrock Hessian, finite differences and each other.
import { describe, expect, it } from 'vitest';
import * as ad from '../dist/index.js';
import type { Tensor } from '../dist/index.js';

const rng = ad.random.rng(77);
const arr = (t: unknown) => Array.from((t as Tensor).data());

// f(x) = Σ 100(x_{i+1} − x_i²)² + (1 − x_i)²
const rosenbrock = (x: Tensor) => {
  const n = x.shape[0]!;
  const a = ad.slice(x, 0, n - 1), b = ad.slice(x, 1);
  return ad.sum(ad.add(ad.mul(ad.square(ad.sub(b, ad.square(a))), 100), ad.square(ad.sub(1, a))));
};
/** The analytic Hessian of rosenbrock at x (dense, row-major). */
function rosenHessian(x: number[]): number[][] {
  const n = x.length;
  const H = Array.from({ length: n }, () => new Array(n).fill(0));
  for (let i = 0; i < n - 1; i++) {
    H[i]![i] += 1200 * x[i]! ** 2 - 400 * x[i + 1]! + 2;
    H[i + 1]![i + 1] += 200;
    H[i]![i + 1] += -400 * x[i]!;
    H[i + 1]![i] += -400 * x[i]!;
  }
  return H;
}

describe('Jacobians', () => {
  // R⁴ → R³, nonlinear
  const f = (x: Tensor) => ad.stack([ad.sum(ad.sin(x)), ad.prod(x), ad.mul(ad.slice(x, 0, 1).reshape([]), ad.exp(ad.slice(x, 3, 4).reshape([])))]);
  const x = rng.normal([4]);
  it('jacfwd and jacrev agree with each other and with central differences', () => {
    const Jf = ad.jacfwd(f)(x) as Tensor, Jr = ad.jacrev(f)(x) as Tensor, J = ad.jacobian(f)(x) as Tensor;
    expect(Jf.shape).toEqual([3, 4]);
    expect(Jr.shape).toEqual([3, 4]);
    const h = 1e-6;
    const xs = arr(x);
    for (let j = 0; j < 4; j++) {
      const p = [...xs], m = [...xs];
      p[j]! += h;
      m[j]! -= h;
      const col = arr(f(ad.tensor(p))).map((v, i) => (v - arr(f(ad.tensor(m)))[i]!) / (2 * h));
      col.forEach((v, i) => {
        expect(arr(Jf)[i * 4 + j]).toBeCloseTo(v, 7);
        expect(arr(Jr)[i * 4 + j]).toBeCloseTo(v, 7);
        expect(arr(J)[i * 4 + j]).toBeCloseTo(v, 7);
      });
    }
  });
  it('blocks on trees have shape [...out, ...in]; numbers give numbers', () => {
    const g = (p: { a: Tensor; b: number }) => ({ s: ad.mul(ad.sum(p.a), p.b), v: ad.mul(p.a, p.a) });
    const p = { a: rng.normal([2, 3]), b: 1.5 };
    for (const jac of [ad.jacfwd, ad.jacrev]) {
      const J = jac(g)(p) as { s: { a: Tensor; b: Tensor }; v: { a: Tensor; b: Tensor } };
      expect(J.s.a.shape).toEqual([2, 3]);
      expect(J.s.b).toBeTypeOf('number');
      expect(J.v.a.shape).toEqual([2, 3, 2, 3]);
      expect(J.v.b.shape).toEqual([2, 3]);
      expect(J.s.b as unknown as number).toBeCloseTo(ad.sum(p.a).item(), 12);
      const va = arr(J.v.a), a = arr(p.a);
      for (let i = 0; i < 6; i++) for (let j = 0; j < 6; j++) expect(va[i * 6 + j]).toBeCloseTo(i === j ? 2 * a[i]! : 0, 12);
    }
    expect(ad.jacfwd((u: number) => ad.mul(u, u))(3)).toBe(6);
    expect(ad.jacrev((u: number) => ad.mul(u, u))(3)).toBe(6);
  });
});

describe('Hessians and Hessian-vector products (Rosenbrock)', () => {
  it('hessian, n = 100, equals the analytic Hessian', () => {
    const x = ad.mul(rng.normal([100]), 0.5);
    const H = ad.hessian(rosenbrock)(x) as Tensor;
    expect(H.shape).toEqual([100, 100]);
    const ref = rosenHessian(arr(x)).flat();
    const got = arr(H);
    let err = 0;
    ref.forEach((v, i) => (err = Math.max(err, Math.abs(got[i]! - v))));
    expect(err).toBeLessThan(1e-9);
  });
  it('hvp, n = 1000, equals H·v, forward over reverse = reverse over reverse', () => {
    const x = ad.mul(rng.normal([1000]), 0.5), v = rng.normal([1000]);
    const hv = arr(ad.hvp(rosenbrock, x, v));
    const H = rosenHessian(arr(x)), vs = arr(v);
    H.forEach((row, i) => {
      let s = 0;
      row.forEach((h, j) => (s += h * vs[j]!));
      expect(hv[i]).toBeCloseTo(s, 8);
    });
    const rr = arr(ad.grad((u: Tensor) => ad.sum(ad.mul(ad.grad(rosenbrock)(u) as Tensor, v)))(x));
    rr.forEach((r, i) => expect(r).toBeCloseTo(hv[i]!, 8));
  });
});

describe('batched jvp', () => {
  it('k tangents on a leading axis give the k directional derivatives', () => {
    const f = (x: Tensor) => ad.mul(ad.sin(x), ad.sum(x));
    const x = rng.normal([3]);
    const V = rng.normal([4, 3]);
    const [y, T] = ad.jvp(f, [x], [V], { batched: true }) as [Tensor, Tensor];
    expect(Array.from(y.data())).toEqual(Array.from(f(x).data()));
    expect(T.shape).toEqual([4, 3]);
    const J = ad.jacfwd(f)(x) as Tensor;
    const expected = ad.matmul(V, ad.transpose(J));
    Array.from(T.data()).forEach((v, i) => expect(v).toBeCloseTo(Array.from(expected.data())[i]!, 12));
    expect((ad.jvp(f, [x], [ad.ones([1, 3])], { batched: true })[1] as Tensor).shape).toEqual([1, 3]);
    expect(() => ad.jvp((a: Tensor, b: Tensor) => ad.mul(a, b), [x, x], [V, rng.normal([2, 3])], { batched: true })).toThrow(ad.ShapeError);
  });
});
