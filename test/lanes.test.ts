// Tangent lanes (Note [Tangent lanes], native/core/level.h): jvp(f, x, V, {batched: true}) pushes
// the k rows of V through one pass. Every op's lanes are checked against single jvps in the
// gradient-check table; here: trees and numbers, nesting of batched levels (perturbation
// confusion), custom rules, lane-shape errors, and the Hessian built on lanes.
import { describe, expect, it } from 'vitest';
import * as ad from '../dist/index.js';
import type { Tensor } from '../dist/index.js';

const close = (a: Tensor | number, b: Tensor | number, tol = 1e-12) => {
  const x = a instanceof ad.Tensor ? Array.from(a.data(), Number) : [a];
  const y = b instanceof ad.Tensor ? Array.from(b.data(), Number) : [b];
  expect(x.length).toBe(y.length);
  x.forEach((v, i) => expect(Math.abs(v - y[i]!)).toBeLessThanOrEqual(tol * (1 + Math.abs(y[i]!))));
};
const lane = (t: Tensor, j: number) => ad.reshape(ad.slice(t, j, j + 1), t.shape.slice(1));

describe('batched jvp', () => {
  it('trees with number leaves: each lane equals its own jvp', () => {
    const f = ({ a, s }: { a: Tensor; s: number }) => ({ y: ad.mul(ad.sin(a), s), z: ad.sum(ad.exp(ad.mul(a, a))), c: 3 });
    const x = { a: ad.tensor([0.1, -0.4, 0.7]), s: 1.5 };
    const V = { a: ad.tensor([[1, 0, 0], [0, 2, 0], [0.3, 0.1, -1], [0, 0, 0]]), s: ad.tensor([0, 1, -2, 1]) };
    const [y, t] = ad.jvp(f, [x], [V], { batched: true }) as [any, any]; // eslint-disable-line @typescript-eslint/no-explicit-any
    close(y.y, f(x).y);
    expect(t.y.shape).toEqual([4, 3]);
    expect(t.z.shape).toEqual([4]);
    expect(t.c.shape).toEqual([4]);
    for (let j = 0; j < 4; j++) {
      const [, tj] = ad.jvp(f, [x], [{ a: lane(V.a, j), s: lane(V.s, j) }]) as [any, any]; // eslint-disable-line @typescript-eslint/no-explicit-any
      close(lane(t.y, j), tj.y);
      close(lane(t.z, j), tj.z);
      close(lane(t.c, j), 0);
    }
  });

  it('k = 0 directions gives empty tangents', () => {
    const [y, t] = ad.jvp((x: Tensor) => ad.mul(x, 2), [ad.tensor([1, 2])], [ad.zeros([0, 2])], { batched: true }) as [Tensor, Tensor];
    close(y, ad.tensor([2, 4]));
    expect(t.shape).toEqual([0, 2]);
  });

  it('tangents of mismatched lane counts or shapes are ShapeErrors', () => {
    const f = (a: Tensor, b: Tensor) => ad.add(a, b);
    const x = ad.tensor([1, 2]);
    expect(() => ad.jvp(f, [x, x], [ad.zeros([3, 2]), ad.zeros([2, 2])], { batched: true })).toThrow(ad.ShapeError);
    expect(() => ad.jvp(f, [x, x], [ad.zeros([3, 2]), ad.zeros([3, 3])], { batched: true })).toThrow(/3 lanes of primal of shape \[2\]/);
  });

  it('nested batched levels keep their lanes apart (perturbation confusion)', () => {
    // d/dx [x · d/dy (x + y)] at y = 1 is 1 (the inner derivative is 1, not affected by x's
    // tangent); with lanes on both levels every lane of the outer tangent must be its seed.
    const inner = (x: Tensor) => (y: Tensor) => ad.add(x, y);
    const f = (x: Tensor) => {
      const [, t] = ad.jvp(inner(x), [ad.tensor(1)], [ad.tensor([1, 1, 1])], { batched: true }) as [Tensor, Tensor];
      return ad.mul(x, t); // [3] lanes of the inner level, each d/dy = 1
    };
    const [, t] = ad.jvp(f, [ad.tensor(2)], [ad.tensor([1, -2])], { batched: true }) as [Tensor, Tensor];
    close(t, ad.tensor([[1, 1, 1], [-2, -2, -2]]));
    // Siskind–Pearlmutter: d/dx (x · d/dy (x·y))|y=2 = 2x, at x = 3 → 6, per lane scaled by its seed
    const g = (x: Tensor) => ad.mul(x, (ad.jvp((y: Tensor) => ad.mul(x, y), [ad.tensor(2)], [ad.tensor([1, 1])], { batched: true })[1] as Tensor));
    const [, tg] = ad.jvp(g, [ad.tensor(3)], [ad.tensor([1, 0.5, 0])], { batched: true }) as [Tensor, Tensor];
    close(tg, ad.tensor([[6, 6], [3, 3], [0, 0]]));
  });

  it('custom rules see one direction at a time (frule and rrule-only)', () => {
    const cube = (x: Tensor) => ad.mul(x, ad.mul(x, x));
    const withF = ad.defineRule(cube, { frule: ([x], [dx]) => [cube(x as Tensor), ad.mul(ad.mul(3, ad.square(x as Tensor)), dx!)] });
    const withR = ad.defineRule(cube, { rrule: (x) => [cube(x as Tensor), (g) => [ad.mul(g, ad.mul(3, ad.square(x as Tensor)))]] });
    const x = ad.tensor([0.5, -1.5]);
    const V = ad.tensor([[1, 0], [0, 1], [2, 3]]);
    const [, want] = ad.jvp(cube, [x], [V], { batched: true }) as [Tensor, Tensor];
    for (const f of [withF, withR]) close((ad.jvp(f, [x], [V], { batched: true }) as [Tensor, Tensor])[1], want);
  });

  it('forward over reverse with lanes: hessian of Rosenbrock equals its closed form', () => {
    const n = 7;
    const rosen = (x: Tensor) => ad.sum(ad.add(ad.mul(100, ad.square(ad.sub(ad.slice(x, 1), ad.square(ad.slice(x, 0, -1))))), ad.square(ad.sub(1, ad.slice(x, 0, -1)))));
    const xs = Array.from({ length: n }, (_, i) => 0.3 + 0.1 * i - 0.05 * (i % 3));
    const H = ad.hessian(rosen)(ad.tensor(xs)) as Tensor;
    const want = Array.from({ length: n }, () => new Array<number>(n).fill(0));
    for (let i = 0; i < n - 1; i++) {
      want[i]![i]! += 1200 * xs[i]! ** 2 - 400 * xs[i + 1]! + 2;
      want[i + 1]![i + 1]! += 200;
      want[i]![i + 1] = want[i + 1]![i] = -400 * xs[i]!;
    }
    close(H, ad.tensor(want), 1e-12);
  });
});
