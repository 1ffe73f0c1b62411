// W6 of WORKLOADS.md and the transformation API: grad/valueAndGrad/vjp/jvp/derivative on trees,
// with control flow, recursion and closures inside f.
import { describe, expect, it } from 'vitest';
import * as ad from '../dist/index.js';
import { Tensor } from '../dist/index.js';

const arr = (t: unknown) => (t as Tensor).toArray() as number[];

describe('W6: AD fundamentals', () => {
  it('∇ of (x + y)·z at (−2, 5, −4) is (−4, −4, 3)', () => {
    const f = (x: number, y: number, z: number) => ad.mul(ad.add(x, y), z);
    expect(ad.grad(f, { argnums: [0, 1, 2] })(-2, 5, -4)).toEqual([-4, -4, 3]);
    const [v, g] = ad.valueAndGrad(f, { argnums: [0, 1, 2] })(-2, 5, -4) as [Tensor, number[]];
    expect(v.item()).toBe(-12);
    expect(g).toEqual([-4, -4, 3]);
  });

  it('logistic least squares matches the hand-derived gradient', () => {
    const loss = (w: Tensor, b: Tensor, x: Tensor, t: Tensor) => {
      const y = ad.sigmoid(ad.add(ad.mul(w, x), b));
      return ad.sum(ad.mul(0.5, ad.square(ad.sub(y, t))));
    };
    const r = ad.random.rng(1);
    const w = ad.scalar(0.7), b = ad.scalar(-0.3);
    const x = r.normal([16]), t = r.uniform([16]);
    const [gw, gb] = ad.grad(loss, { argnums: [0, 1] })(w, b, x, t) as Tensor[];
    const xs = x.data(), ts = t.data();
    let ew = 0, eb = 0;
    for (let i = 0; i < xs.length; i++) {
      const y = 1 / (1 + Math.exp(-(0.7 * xs[i]! - 0.3)));
      const d = (y - ts[i]!) * y * (1 - y);
      ew += d * xs[i]!;
      eb += d;
    }
    expect(gw!.item()).toBeCloseTo(ew, 13);
    expect(gb!.item()).toBeCloseTo(eb, 13);
  });

  it('loops, branches, recursion and closures inside f', () => {
    const power = (x: Tensor, n: number): Tensor => (n === 0 ? ad.onesLike(x) : ad.mul(x, power(x, n - 1)));
    const f = (x: Tensor) => {
      let acc: Tensor = ad.scalar(0);
      for (let i = 1; i <= 3; i++) acc = ad.add(acc, power(x, i)); // x + x² + x³
      return x.item() > 0 ? acc : ad.neg(acc);
    };
    expect((ad.grad(f)(ad.scalar(2)) as Tensor).item()).toBeCloseTo(1 + 4 + 12, 12);
    expect((ad.grad(f)(ad.scalar(-2)) as Tensor).item()).toBeCloseTo(-(1 - 4 + 12), 12);
    const scale = ad.scalar(3);
    const g = ad.grad((x: Tensor) => ad.sum(ad.mul(scale, ad.sin(x))));
    const x = ad.tensor([0.1, 0.2]);
    const expected = arr(x).map((v) => 3 * Math.cos(v));
    arr(g(x)).forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 14));
  });

  it('trees in, trees out; hasAux', () => {
    const params = { w: ad.tensor([1, 2]), b: 0.5, extra: [ad.tensor([3])] };
    const loss = (p: typeof params) => {
      const s = ad.add(ad.sum(ad.square(p.w)), ad.mul(p.b, ad.sum(p.extra[0]!)));
      return [s, { note: 'aux', s2: ad.mul(s, 2) }];
    };
    const [g, aux] = ad.grad(loss, { hasAux: true })(params) as [typeof params, { note: string; s2: Tensor }];
    expect(arr(g.w)).toEqual([2, 4]);
    expect(g.b).toBe(3);
    expect(arr(g.extra[0])).toEqual([0.5]);
    expect(aux.note).toBe('aux');
    expect(aux.s2.item()).toBe(2 * (5 + 1.5));
  });

  it('vjp with a tree output and jvp agree through the dot-product identity', () => {
    const f = (x: Tensor, y: Tensor) => ({ a: ad.mul(x, y), b: [ad.sum(ad.exp(x))] });
    const r = ad.random.rng(2);
    const x = r.normal([4]), y = r.normal([4]);
    const [out, pb] = ad.vjp(f, x, y) as [{ a: Tensor; b: Tensor[] }, (c: unknown) => Tensor[]];
    expect(arr(out.a)).toEqual(arr(ad.mul(x, y)));
    const ua = r.normal([4]), ub = ad.scalar(0.7);
    const [gx, gy] = pb({ a: ua, b: [ub] });
    const vx = r.normal([4]), vy = r.normal([4]);
    const [, t] = ad.jvp(f, [x, y], [vx, vy]) as [unknown, { a: Tensor; b: Tensor[] }];
    const lhs = ad.add(ad.sum(ad.mul(ua, t.a)), ad.mul(ub, t.b[0]!)).item();
    const rhs = ad.add(ad.sum(ad.mul(gx!, vx)), ad.sum(ad.mul(gy!, vy))).item();
    expect(lhs).toBeCloseTo(rhs, 12);
    // the pullback can be called again
    const [gx2] = pb({ a: ua, b: [ub] });
    expect(arr(gx2)).toEqual(arr(gx));
  });

  it('derivative of a tree-valued function of a scalar', () => {
    const d = ad.derivative((t: number) => [ad.sin(t), { c: ad.mul(t, t) }], 0.5) as [Tensor, { c: Tensor }];
    expect(d[0].item()).toBeCloseTo(Math.cos(0.5), 15);
    expect(d[1].c.item()).toBeCloseTo(1, 15);
  });

  it('an output that does not depend on the input has a zero gradient', () => {
    const c = ad.tensor([1, 2, 3]);
    expect(arr(ad.grad((x: Tensor) => ad.sum(c))(ad.tensor([1, 1])))).toEqual([0, 0]);
    expect(ad.grad(() => 3)(1)).toBe(0);
  });

  it('float32 primals get float32 gradients', () => {
    const x = ad.tensor([1, 2], { dtype: 'float32' });
    const g = ad.grad((x: Tensor) => ad.sum(ad.mul(ad.exp(x), 2)))(x) as Tensor;
    expect(g.dtype).toBe('float32');
    const mixed = ad.grad((x: Tensor) => ad.sum(ad.mul(x, ad.tensor([1, 2]))))(x) as Tensor;
    expect(mixed.dtype).toBe('float32');
    expect(arr(mixed)).toEqual([1, 2]);
  });
});
