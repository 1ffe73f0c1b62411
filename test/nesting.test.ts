// Nested transformations: every mode over every other, closures over outer traced values,
// and perturbation confusion (each level has its own tag).
import { describe, expect, it } from 'vitest';
import * as ad from '../dist/index.js';
import { Tensor } from '../dist/index.js';

type F = (x: any) => any; // eslint-disable-line @typescript-eslint/no-explicit-any
const num = (v: unknown) => (v instanceof Tensor ? v.item() : (v as number));
// d/dx with each mode, as a function of x
const modes: Record<string, (f: F) => F> = {
  reverse: (f) => (x) => ad.grad(f)(x),
  forward: (f) => (x) => ad.derivative(f, x),
};

describe('perturbation confusion', () => {
  // d/dx [x · (d/dy (x + y))(1)] at x = 1 is 1 (Siskind & Pearlmutter)
  for (const [outerName, outer] of Object.entries(modes)) {
    for (const [innerName, inner] of Object.entries(modes)) {
      it(`${outerName} over ${innerName}`, () => {
        const f = (x: Tensor) => ad.mul(x, inner((y: Tensor) => ad.add(x, y))(1));
        expect(num(outer(f)(1))).toBe(1);
      });
    }
  }

  it('d/dx [x · (d/dy (x·y))(2)] at x = 3 is 2x = 6 in all combinations', () => {
    for (const outer of Object.values(modes))
      for (const inner of Object.values(modes)) {
        const f = (x: Tensor) => ad.mul(x, inner((y: Tensor) => ad.mul(x, y))(2));
        expect(num(outer(f)(3))).toBeCloseTo(6, 14);
      }
  });

  it('tag ordering: the inner function closes over an outer value created before it', () => {
    // f(x) = d/dy [ sin(x·y) ] at y = x, so f(x) = x cos(x²); f'(x) = cos(x²) − 2x² sin(x²)
    const expected = (x: number) => Math.cos(x * x) - 2 * x * x * Math.sin(x * x);
    for (const outer of Object.values(modes))
      for (const inner of Object.values(modes)) {
        const f = (x: Tensor) => inner((y: Tensor) => ad.sin(ad.mul(x, y)))(x);
        expect(num(outer(f)(0.7))).toBeCloseTo(expected(0.7), 13);
      }
  });
});

describe('higher order', () => {
  const f = (x: Tensor) => ad.mul(x, ad.exp(x)); // (x eˣ)'' = (x + 2) eˣ
  const second = (x: number) => (x + 2) * Math.exp(x);
  const third = (x: number) => (x + 3) * Math.exp(x);

  for (const [a, ma] of Object.entries(modes))
    for (const [b, mb] of Object.entries(modes))
      it(`${a} of ${b}: (x eˣ)'' = (x + 2) eˣ`, () => {
        expect(num(ma(mb(f))(0.3))).toBeCloseTo(second(0.3), 13);
      });

  it('third order in all eight mode combinations', () => {
    for (const ma of Object.values(modes))
      for (const mb of Object.values(modes))
        for (const mc of Object.values(modes)) expect(num(ma(mb(mc(f)))(0.3))).toBeCloseTo(third(0.3), 12);
  });

  it('grad of grad through three tanh layers (float32 and float64)', () => {
    for (const dtype of ['float64', 'float32'] as const) {
      const g = (x: Tensor) => ad.tanh(ad.tanh(ad.tanh(x)));
      const gg = ad.grad(ad.grad(g));
      const h = 1e-5;
      const d1 = (x: number) => num(ad.grad(g)(ad.scalar(x, { dtype: 'float64' })));
      const fd = (d1(0.4 + h) - d1(0.4 - h)) / (2 * h);
      const got = gg(ad.scalar(0.4, { dtype })) as Tensor;
      expect(got.dtype).toBe(dtype);
      expect(got.item()).toBeCloseTo(fd, dtype === 'float64' ? 6 : 4);
    }
  });

  it('Hessian-vector product by forward over reverse equals reverse over reverse', () => {
    const rosen = (x: Tensor) => {
      const a = ad.slice(x, 1), b = ad.slice(x, 0, -1);
      return ad.sum(ad.add(ad.mul(100, ad.square(ad.sub(a, ad.square(b)))), ad.square(ad.sub(1, b))));
    };
    const r = ad.random.rng(3);
    const x = r.normal([6]), v = r.normal([6]);
    const [, hv1] = ad.jvp(ad.grad(rosen), [x], [v]) as [Tensor, Tensor];
    const hv2 = ad.grad((y: Tensor) => ad.sum(ad.mul(ad.grad(rosen)(y) as Tensor, v)))(x) as Tensor;
    const a = hv1.data(), b = hv2.data();
    for (let i = 0; i < a.length; i++) expect(a[i]).toBeCloseTo(b[i]!, 9);
  });

  it('a closure capturing an outer traced tensor inside vjp inside grad', () => {
    // F(a) = Σ pullback_of(x ↦ a·x²)(1) at x = [1, 2] = Σ 2 a x = 6a → dF/da = 6
    const F = (a: Tensor) => {
      const [, pb] = ad.vjp((x: Tensor) => ad.mul(a, ad.square(x)), ad.tensor([1, 2]));
      return ad.sum(pb(ad.ones([2]))[0] as Tensor);
    };
    expect(num(ad.grad(F)(ad.scalar(1.5)))).toBeCloseTo(6, 14);
  });

  it('a JS-number gradient inside an outer transformation stays traced', () => {
    // inner: d/dy (x·y) = x, with y a JS number; outer: d/dx x = 1
    const F = (x: Tensor) => ad.grad((y: number) => ad.mul(x, y))(2);
    expect(num(ad.grad(F)(ad.scalar(5)))).toBe(1);
  });
});
