// ad.defineRule: the rule is used (observably) under reverse and forward mode, nests (grad of
// grad through a rule, hessian of an rrule-only rule via the double-VJP trick), validates what
// the pullback returns, and an exception inside a rule reaches the caller with the rule's name
// and leaves the library usable.
import { describe, expect, it } from 'vitest';
import * as ad from '../dist/index.js';
import type { Tensor } from '../dist/index.js';

const rng = ad.random.rng(6);
const arr = (t: unknown) => Array.from((t as Tensor).data());

function mycosRule() {
  const calls = { pullback: 0 };
  const mycos = ad.defineRule((x: Tensor) => ad.add(ad.cos(x), 1), {
    name: 'mycos',
    // d(cos x + 1) = −sin x dx
    rrule: (x) => [ad.add(ad.cos(x), 1), (ybar: Tensor) => {
      calls.pullback++;
      return [ad.mul(ybar, ad.neg(ad.sin(x)))];
    }],
  });
  return { mycos, calls };
}

describe('defineRule', () => {
  it('W4: mycos(x) = cos x + 1 is used by grad (its pullback is called) and gives −sin x', () => {
    const { mycos, calls } = mycosRule();
    const x = rng.normal([5]);
    expect(arr(mycos(x))).toEqual(arr(ad.add(ad.cos(x), 1)));
    expect(calls.pullback).toBe(0);
    const g = ad.grad((u: Tensor) => ad.sum(mycos(u)))(x) as Tensor;
    expect(calls.pullback).toBe(1);
    arr(g).forEach((v, i) => expect(v).toBeCloseTo(-Math.sin(arr(x)[i]!), 14));
  });

  it('a wrong rule is observable: the gradient is the rule, not the function', () => {
    const wrong = ad.defineRule((x: Tensor) => ad.mul(x, x), { rrule: (x) => [ad.mul(x, x), (yb: Tensor) => [ad.mul(yb, 3)]] });
    expect(ad.grad((u: Tensor) => wrong(u))(2)).toBe(3);
  });

  it('grad of grad through a rule (the pullback is differentiated)', () => {
    const { mycos } = mycosRule();
    const d2 = ad.grad(ad.grad((u: Tensor) => mycos(u)))(0.7) as number;
    expect(d2).toBeCloseTo(-Math.cos(0.7), 13);
  });

  it('an rrule-only rule works under forward mode and hessian (double-VJP trick)', () => {
    const { mycos, calls } = mycosRule();
    const d = ad.derivative((u: Tensor) => mycos(u), 0.3) as Tensor;
    expect(d.item()).toBeCloseTo(-Math.sin(0.3), 14);
    expect(calls.pullback).toBeGreaterThan(0);
    const x = rng.normal([3]);
    const H = ad.hessian((u: Tensor) => ad.sum(mycos(u)))(x) as Tensor;
    const h = arr(H), xs = arr(x);
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) expect(h[i * 3 + j]).toBeCloseTo(i === j ? -Math.cos(xs[i]!) : 0, 12);
  });

  it('frule is used under forward mode; without an rrule, reverse mode differentiates fn itself', () => {
    let frules = 0;
    const sq = ad.defineRule((x: Tensor) => ad.mul(x, x), {
      frule: ([x], [dx]) => {
        frules++;
        return [ad.mul(x as Tensor, x as Tensor), ad.mul(ad.mul(x as Tensor, 2), dx!)];
      },
    });
    expect((ad.derivative((u: Tensor) => sq(u), 1.5) as Tensor).item()).toBe(3);
    expect(frules).toBe(1);
    expect(ad.grad((u: Tensor) => sq(u))(1.5)).toBe(3);
  });

  it('two arguments, one not differentiable (null), and a number argument', () => {
    const scale = ad.defineRule((x: Tensor, s: number) => ad.mul(x, s), {
      rrule: (x, s) => [ad.mul(x, s), (yb: Tensor) => [ad.mul(yb, s), null]],
    });
    const g = ad.grad((u: Tensor) => ad.sum(scale(u, 2.5)))(ad.ones([4])) as Tensor;
    expect(arr(g)).toEqual([2.5, 2.5, 2.5, 2.5]);
  });

  it('number cotangents for two tensor arguments reach each argument', () => {
    // scaled differently per argument, so the result shows the rule ran and which cotangent went where
    const mul = ad.defineRule((x: Tensor, y: Tensor) => ad.mul(x, y), {
      rrule: (x, y) => [ad.mul(x, y), (yb: Tensor) => [10 * yb.item() * (y as Tensor).item(), 100 * yb.item() * (x as Tensor).item()]],
    });
    const [gx, gy] = ad.grad((x: Tensor, y: Tensor) => mul(x, y), { argnums: [0, 1] })(ad.scalar(3), ad.scalar(5)) as Tensor[];
    expect([gx!.item(), gy!.item()]).toEqual([50, 300]);
  });

  it('more arguments than the native argument buffer holds is an ArgumentError naming the rule', () => {
    const total = ad.defineRule((...xs: Tensor[]) => ad.sum(ad.stack(xs)), { name: 'total', rrule: (...xs) => [ad.sum(ad.stack(xs as Tensor[])), (yb: Tensor) => xs.map(() => yb)] });
    const many = Array.from({ length: 5000 }, () => ad.scalar(1));
    expect(() => ad.grad((x: Tensor) => total(x, ...many))(ad.scalar(1))).toThrow(/rule 'total': takes at most \d+ arguments, got 5001/);
    expect((ad.grad((x: Tensor) => total(x, ...many.slice(0, 9)))(ad.scalar(1)) as Tensor).item()).toBe(1);
  });

  it('a cotangent of the wrong shape is a ShapeError naming the rule and the argument', () => {
    const bad = ad.defineRule((x: Tensor) => ad.sum(x), { name: 'bad', rrule: (x) => [ad.sum(x), (yb: Tensor) => [ad.mul(yb, ad.ones([2]))]] });
    expect(() => ad.grad(bad)(ad.ones([3]))).toThrow(/rule 'bad': cotangent 0 has shape \[2\] float64, but argument 0 has shape \[3\]/);
  });

  it('a malformed rrule result is an ArgumentError naming the rule, in reverse and in forward mode', () => {
    const noFn = ad.defineRule((x: Tensor) => ad.exp(x), { name: 'noFn', rrule: (x) => [ad.exp(x), 3 as never] });
    const short = ad.defineRule((x: Tensor, y: Tensor) => ad.mul(x, y), { name: 'short', rrule: (x, y) => [ad.mul(x, y), (yb: Tensor) => [yb]] });
    const x = ad.ones([2]);
    for (const [f, says] of [[noFn, /rule 'noFn': rrule must return \[y, pullback\] with pullback a function/], [short, /rule 'short': the pullback must return 2 cotangent\(s\)/]] as const) {
      const g = (u: Tensor) => (f as (...a: Tensor[]) => Tensor)(u, x);
      expect(() => ad.grad((u: Tensor) => ad.sum(g(u)))(x)).toThrow(ad.ArgumentError);
      expect(() => ad.grad((u: Tensor) => ad.sum(g(u)))(x)).toThrow(says);
      expect(() => ad.jvp(g, [x], [x])).toThrow(ad.ArgumentError);
      expect(() => ad.jvp(g, [x], [x])).toThrow(says);
    }
  });

  it('an exception in a pullback reaches the caller with the rule name; the library stays usable', () => {
    const boom = ad.defineRule((x: Tensor) => ad.exp(x), { name: 'boom', rrule: (x) => [ad.exp(x), () => { throw new Error('kaput'); }] });
    const before = ad.memory().tensors;
    for (let i = 0; i < 3; i++) expect(() => ad.grad((u: Tensor) => ad.sum(boom(u)))(ad.ones([2]))).toThrow("rule 'boom': kaput");
    expect(ad.grad((u: Tensor) => ad.sum(ad.exp(u)))(0)).toBeCloseTo(1, 15);
    expect(ad.memory().tensors - before).toBeLessThan(20);
  });
});
