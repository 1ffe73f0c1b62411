// Complex dtypes end to end: creation and reading, promotion, values of every op with a complex
// kernel against plain-JS complex arithmetic, and the gradient convention (for a real loss L of
// z = x + iy the gradient is ∂L/∂x + i∂L/∂y) checked against finite differences in x and y.
// (The gradient-check table runs the same ops' rules through complex cases of its rows.)
import { describe, expect, it } from 'vitest';
import * as ad from '../dist/index.js';
import type { Tensor } from '../dist/index.js';

type C = [number, number];
const cmul = (a: C, b: C): C => [a[0] * b[0] - a[1] * b[1], a[0] * b[1] + a[1] * b[0]];
const cdiv = (a: C, b: C): C => {
  const d = b[0] * b[0] + b[1] * b[1];
  return [(a[0] * b[0] + a[1] * b[1]) / d, (a[1] * b[0] - a[0] * b[1]) / d];
};
const cexp = (a: C): C => [Math.exp(a[0]) * Math.cos(a[1]), Math.exp(a[0]) * Math.sin(a[1])];
const clog = (a: C): C => [Math.log(Math.hypot(a[0], a[1])), Math.atan2(a[1], a[0])];
const csqrt = (a: C): C => {
  const r = Math.hypot(a[0], a[1]);
  const re = Math.sqrt((r + a[0]) / 2);
  return [re, (a[1] < 0 ? -1 : 1) * Math.sqrt((r - a[0]) / 2)];
};
const csin = (a: C): C => [Math.sin(a[0]) * Math.cosh(a[1]), Math.cos(a[0]) * Math.sinh(a[1])];
const ccos = (a: C): C => [Math.cos(a[0]) * Math.cosh(a[1]), -Math.sin(a[0]) * Math.sinh(a[1])];
const csinh = (a: C): C => [Math.sinh(a[0]) * Math.cos(a[1]), Math.cosh(a[0]) * Math.sin(a[1])];
const ccosh = (a: C): C => [Math.cosh(a[0]) * Math.cos(a[1]), Math.sinh(a[0]) * Math.sin(a[1])];

const Z: C[] = [[0.3, -0.7], [-1.2, 0.4], [0.9, 1.1], [-0.5, -0.25]];
const W: C[] = [[1.5, 0.2], [-0.3, -0.8], [0.6, 0.7], [2.0, -1.0]];

const pairs = (t: Tensor) => t.toArray() as C[];
const close = (got: C[], want: C[], tol: number) => {
  expect(got.length).toBe(want.length);
  got.forEach((g, k) => {
    const w = want[k]!;
    const scale = 1 + Math.hypot(w[0], w[1]);
    expect(Math.abs(g[0] - w[0]) + Math.abs(g[1] - w[1]), `element ${k}: got [${g}], want [${w}]`).toBeLessThanOrEqual(tol * scale);
  });
};

describe('complex arrays', () => {
  it('are created from [re, im] pairs, interleaved typed arrays, ad.complex and astype, and read back', () => {
    const z = ad.tensor(Z, { dtype: 'complex128' });
    expect(z.shape).toEqual([4]);
    expect(z.dtype).toBe('complex128');
    expect(pairs(z)).toEqual(Z);
    expect(Array.from(z.data())).toEqual(Z.flat());
    const t = ad.tensor(Float32Array.from(Z.flat()), { dtype: 'complex64' });
    expect(t.shape).toEqual([4]);
    close(pairs(t), Z, 1e-7);
    const c = ad.complex(ad.tensor(Z.map((p) => p[0])), ad.tensor(Z.map((p) => p[1])));
    expect(pairs(c)).toEqual(Z);
    expect(pairs(ad.tensor([1, 2]).astype('complex128'))).toEqual([[1, 0], [2, 0]]);
    expect(ad.tensor(Z, { dtype: 'complex128' }).astype('float64').toArray()).toEqual(Z.map((p) => p[0]));
    expect(ad.zeros([2, 3], { dtype: 'complex64' }).shape).toEqual([2, 3]);
    expect(() => ad.tensor([1, 2, 3], { dtype: 'complex128' })).toThrow(ad.ShapeError);
  });

  it('promote: real∘complex → complex of the wider precision', () => {
    const c64 = ad.tensor(Z, { dtype: 'complex64' });
    const f64 = ad.tensor([1, 2, 3, 4]);
    const f32 = ad.tensor([1, 2, 3, 4], { dtype: 'float32' });
    expect(ad.add(c64, f64).dtype).toBe('complex128');
    expect(ad.add(f32, c64).dtype).toBe('complex64');
    expect(ad.mul(c64, 2).dtype).toBe('complex64');
    expect(ad.add(c64, ad.tensor(W, { dtype: 'complex128' })).dtype).toBe('complex128');
    expect(ad.complex(f32, f32).dtype).toBe('complex64');
    expect(ad.complex(f32, f64).dtype).toBe('complex128');
  });

  it('arithmetic, holomorphic functions and parts match JS complex arithmetic', () => {
    const z = ad.tensor(Z, { dtype: 'complex128' });
    const w = ad.tensor(W, { dtype: 'complex128' });
    const map1 = (f: (a: C) => C) => Z.map(f);
    const map2 = (f: (a: C, b: C) => C) => Z.map((a, k) => f(a, W[k]!));
    close(pairs(ad.add(z, w)), map2((a, b) => [a[0] + b[0], a[1] + b[1]]), 1e-15);
    close(pairs(ad.sub(z, w)), map2((a, b) => [a[0] - b[0], a[1] - b[1]]), 1e-15);
    close(pairs(ad.mul(z, w)), map2(cmul), 1e-15);
    close(pairs(ad.div(z, w)), map2(cdiv), 1e-15);
    close(pairs(ad.neg(z)), map1((a) => [-a[0], -a[1]]), 0);
    close(pairs(ad.square(z)), map1((a) => cmul(a, a)), 1e-15);
    close(pairs(ad.exp(z)), map1(cexp), 1e-15);
    close(pairs(ad.log(z)), map1(clog), 1e-15);
    close(pairs(ad.sqrt(z)), map1(csqrt), 1e-15);
    close(pairs(ad.sin(z)), map1(csin), 1e-15);
    close(pairs(ad.cos(z)), map1(ccos), 1e-15);
    close(pairs(ad.tan(z)), map1((a) => cdiv(csin(a), ccos(a))), 1e-14);
    close(pairs(ad.sinh(z)), map1(csinh), 1e-15);
    close(pairs(ad.cosh(z)), map1(ccosh), 1e-15);
    close(pairs(ad.tanh(z)), map1((a) => cdiv(csinh(a), ccosh(a))), 1e-14);
    close(pairs(ad.conj(z)), map1((a) => [a[0], -a[1]]), 0);
    expect(ad.real(z).toArray()).toEqual(Z.map((a) => a[0]));
    expect(ad.imag(z).toArray()).toEqual(Z.map((a) => a[1]));
    const absz = ad.abs(z).toArray() as number[];
    absz.forEach((v, k) => expect(v).toBeCloseTo(Math.hypot(...Z[k]!), 15));
    (ad.abs2(z).toArray() as number[]).forEach((v, k) => expect(v).toBeCloseTo(Z[k]![0] ** 2 + Z[k]![1] ** 2, 15));
    (ad.angle(z).toArray() as number[]).forEach((v, k) => expect(v).toBeCloseTo(Math.atan2(Z[k]![1], Z[k]![0]), 15));
    close([ad.sum(z).toArray() as C], [Z.reduce((s, a) => [s[0] + a[0], s[1] + a[1]], [0, 0] as C)], 1e-15);
    close([ad.mean(z).toArray() as C], [Z.reduce((s, a) => [s[0] + a[0] / 4, s[1] + a[1] / 4], [0, 0] as C)], 1e-15);
    close(pairs(ad.cumsum(z)), Z.map((_, k) => Z.slice(0, k + 1).reduce((s, a) => [s[0] + a[0], s[1] + a[1]], [0, 0] as C)), 1e-15);
    close(pairs(ad.mul(z, 2)), Z.map((a) => [2 * a[0], 2 * a[1]]), 0); // a JS number is a real scalar
    expect(pairs(ad.where(ad.tensor([1, 0, 1, 0]), z, w))).toEqual([Z[0], W[1], Z[2], W[3]]);
    expect(ad.angle(ad.tensor([2, -3])).toArray()).toEqual([0, Math.PI]);
  });

  it('gradients follow ∂L/∂x + i∂L/∂y (checked by finite differences in x and y)', () => {
    // A real loss of a complex input through holomorphic and non-holomorphic ops.
    const loss = (z: Tensor) => ad.sum(ad.add(ad.abs2(ad.mul(ad.exp(z), ad.conj(z))), ad.real(ad.mul(ad.sin(z), z))));
    const z0 = ad.tensor(Z, { dtype: 'complex128' });
    const g = pairs(ad.grad(loss)(z0) as Tensor);
    const h = 1e-6;
    Z.forEach((zk, k) => {
      const at = (dx: number, dy: number) =>
        loss(ad.tensor(Z.map((p, j) => (j === k ? [p[0] + dx, p[1] + dy] : p)), { dtype: 'complex128' })).item();
      const dLdx = (at(h, 0) - at(-h, 0)) / (2 * h);
      const dLdy = (at(0, h) - at(0, -h)) / (2 * h);
      expect(g[k]![0]).toBeCloseTo(dLdx, 7);
      expect(g[k]![1]).toBeCloseTo(dLdy, 7);
    });
    // so that a descent step is z − lr·ḡ: the loss decreases
    const step = ad.sub(z0, ad.mul(ad.grad(loss)(z0) as Tensor, 1e-3));
    expect(loss(step).item()).toBeLessThan(loss(z0).item());
  });

  it('a gradient has the dtype of its primal; grad of a complex-valued f is refused', () => {
    const z = ad.tensor(Z, { dtype: 'complex64' });
    expect((ad.grad((u: Tensor) => ad.sum(ad.abs(u)))(z) as Tensor).dtype).toBe('complex64');
    const x = ad.tensor([0.5, -0.2], { dtype: 'float32' });
    expect((ad.grad((u: Tensor) => ad.sum(ad.abs2(ad.mul(u, ad.tensor([[0, 1], [1, 1]], { dtype: 'complex128' })))))(x) as Tensor).dtype).toBe('float32');
    expect(() => ad.grad((u: Tensor) => ad.sum(u))(z)).toThrow(/must return a real scalar/);
  });

  it('forward over reverse and reverse over reverse agree on a complex Hessian-vector product', () => {
    const f = (z: Tensor) => ad.sum(ad.abs2(ad.exp(ad.mul(z, z))));
    const z = ad.tensor(Z.map(([a, b]) => [a / 2, b / 2]), { dtype: 'complex128' });
    const v = ad.tensor(W, { dtype: 'complex128' });
    const [, fwd] = ad.jvp((u: Tensor) => ad.grad(f)(u) as Tensor, [z], [v]) as [Tensor, Tensor];
    // reverse over reverse: d/dε of grad f(z + εv) = grad of Re⟨grad f(u), v⟩ ... via a real inner product
    const rev = ad.grad((u: Tensor) => ad.sum(ad.real(ad.mul(ad.conj(ad.grad(f)(u) as Tensor), v))))(z) as Tensor;
    close(pairs(fwd), pairs(rev), 1e-10);
  });
});
