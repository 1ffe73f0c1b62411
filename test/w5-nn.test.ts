// W5 of WORKLOADS.md (the PINN) and its building blocks: nn layers, ad.flatten, the training
// optimizers. The θ-gradient (reverse over forward) matches central differences to 1e-6
// relative in float64; Adam brings the loss below 1e-3 in 250 steps; the u_tt variant (forward
// over forward inside reverse) and a 2-input Laplacian are checked the same way.
import { describe, expect, it } from 'vitest';
import * as ad from '../dist/index.js';
import type { Tensor } from '../dist/index.js';
import { pinn } from '../examples/pinn/w5.mjs';

const rng = ad.random.rng(2026);

/** ⟨∇L(θ), v⟩ against a central difference along v, θ flattened. */
function dirCheck(loss: (p: unknown) => Tensor, params: unknown, h = 1e-5): { an: number; fd: number } {
  const [theta, unflatten] = ad.flatten(params);
  const g = ad.flatten(ad.grad(loss)(params))[0];
  const v = rng.normal(theta.shape);
  const at = (s: number) => loss(unflatten(ad.add(theta, ad.mul(v, s)))).item();
  return { an: ad.sum(ad.mul(g, v)).item(), fd: (at(h) - at(-h)) / (2 * h) };
}

describe('W5: physics-informed network', () => {
  it('the reverse-over-forward gradient matches central differences to 1e-6 (float64)', () => {
    const w = pinn();
    const { an, fd } = dirCheck(w.loss, w.params);
    expect(Math.abs(an - fd)).toBeLessThan(1e-6 * Math.abs(fd));
  });
  it('the reverse-over-Taylor gradient matches reverse over forward and central differences', () => {
    const f = pinn(), t = pinn({ mode: 'taylor' });
    const [lf, gf] = f.valueAndGrad(f.params) as [Tensor, unknown];
    const [lt, gt] = t.valueAndGrad(t.params) as [Tensor, unknown];
    expect(Math.abs(lt.item() - lf.item())).toBeLessThan(1e-15 * lf.item());
    const a = Array.from(ad.flatten(gf)[0].data()), b = Array.from(ad.flatten(gt)[0].data());
    const scale = Math.max(...a.map(Math.abs));
    a.forEach((v, i) => expect(Math.abs(v - b[i]!)).toBeLessThan(1e-13 * scale));
    const { an, fd } = dirCheck(t.loss, t.params);
    expect(Math.abs(an - fd)).toBeLessThan(1e-6 * Math.abs(fd));
  });
  it('Adam for 250 steps brings the loss below 1e-3 (float64 and float32)', () => {
    for (const dtype of ['float64', 'float32'] as const) {
      const w = pinn({ dtype });
      let p = w.params;
      const opt = ad.optim.adam({ lr: 0.01 });
      let s = opt.init(p);
      let first = 0, last = 0;
      for (let i = 0; i <= 250; i++) {
        const [L, g] = w.valueAndGrad(p) as [Tensor, unknown];
        if (i === 0) first = L.item();
        last = L.item();
        [p, s] = opt.update(g, s, p);
      }
      expect(first).toBeGreaterThan(0.1);
      expect(last).toBeLessThan(1e-3);
    }
  });
  it('u_tt variant: d²u/dt² by nested forward mode, differentiated in θ', () => {
    const w = pinn({ seed: 3 });
    const ones = ad.onesLike(w.t);
    // residual u'' + u (zero for u = sin t), the second derivative as a jvp of a jvp
    const loss = (p: unknown) => {
      const du = (tt: Tensor) => ad.jvp((s: Tensor) => w.u(p, s), [tt], [ones])[1] as Tensor;
      const [, d2u] = ad.jvp(du, [w.t], [ones]) as [Tensor, Tensor];
      return ad.mean(ad.square(ad.add(d2u, w.u(p, w.t))));
    };
    const { an, fd } = dirCheck(loss, w.params);
    expect(Math.abs(an - fd)).toBeLessThan(1e-6 * Math.abs(fd));
    // the same u_tt as 2·(second Taylor coefficient), in one Taylor pass, and its θ-gradient
    const lossTaylor = (p: unknown) => {
      const [u0, , c2] = ad.taylor((s: Tensor) => w.u(p, s), w.t, ones, 2) as Tensor[];
      return ad.mean(ad.square(ad.add(ad.mul(c2!, 2), u0!)));
    };
    expect(lossTaylor(w.params).item()).toBeCloseTo(loss(w.params).item(), 13);
    const t = dirCheck(lossTaylor, w.params);
    expect(Math.abs(t.an - t.fd)).toBeLessThan(1e-6 * Math.abs(t.fd));
  });
  it('2-input Laplacian u_xx + u_yy by nested forward mode, differentiated in θ', () => {
    const net = ad.nn.mlp([2, 8, 8, 1], { activation: 'tanh' });
    const params = net.init(ad.random.rng(4));
    const pts = rng.uniform([20, 2], -1, 1);
    const ex = ad.broadcastTo(ad.tensor([[1, 0]]), [20, 2]), ey = ad.broadcastTo(ad.tensor([[0, 1]]), [20, 2]);
    const second = (p: unknown, e: Tensor) => {
      const d = (q: Tensor) => ad.jvp((r: Tensor) => net.apply(p, r), [q], [e])[1] as Tensor;
      return ad.jvp(d, [pts], [e])[1] as Tensor;
    };
    const lap = (p: unknown) => ad.add(second(p, ex), second(p, ey));
    // against central differences in the inputs (x direction)
    const f = (q: Tensor) => net.apply(params, q);
    const h = 1e-4;
    const fdxx = ad.div(ad.add(ad.sub(f(ad.add(pts, ad.mul(ex, h))), ad.mul(f(pts), 2)), f(ad.sub(pts, ad.mul(ex, h)))), h * h);
    const got = Array.from(second(params, ex).data()), want = Array.from(fdxx.data());
    got.forEach((g, i) => expect(g).toBeCloseTo(want[i]!, 5));
    const loss = (p: unknown) => ad.mean(ad.square(lap(p)));
    const { an, fd } = dirCheck(loss, params);
    expect(Math.abs(an - fd)).toBeLessThan(1e-6 * Math.abs(fd));
    // by Taylor mode: u_xx + u_yy = 2·(c₂ along e_x + c₂ along e_y), one pass per direction
    const lapTaylor = (p: unknown) => ad.mul(ad.add(...([ex, ey].map((e) => (ad.taylor((r: Tensor) => net.apply(p, r), pts, e, 2) as Tensor[])[2]!) as [Tensor, Tensor])), 2);
    const l1 = Array.from(lap(params).data()), l2 = Array.from(lapTaylor(params).data());
    l1.forEach((v, i) => expect(Math.abs(v - l2[i]!)).toBeLessThan(1e-12 * (1 + Math.abs(v))));
    const lossT = (p: unknown) => ad.mean(ad.square(lapTaylor(p)));
    const t = dirCheck(lossT, params);
    expect(Math.abs(t.an - t.fd)).toBeLessThan(1e-6 * Math.abs(t.fd));
  });
});

describe('nn, flatten and optimizers', () => {
  it('mlp maps [..., in] to [..., out]; dense init scales; chain of functions', () => {
    const net = ad.nn.mlp([3, 5, 2]);
    const p = net.init(ad.random.rng(1)) as { W: Tensor; b: Tensor }[];
    expect(p[0]!.W.shape).toEqual([3, 5]);
    expect(Math.max(...Array.from(p[0]!.W.data()).map(Math.abs))).toBeLessThanOrEqual(Math.sqrt(6 / 8));
    expect(net.apply(p, rng.normal([4, 7, 3])).shape).toEqual([4, 7, 2]);
    expect(() => net.apply(p, rng.normal([4, 2]))).toThrow(/expected input \[\.\.\., 3\]/);
    expect(ad.nn.mse(ad.tensor([1, 2]), ad.tensor([1, 4])).item()).toBe(2);
  });
  it('flatten round-trips a tree, numbers included, and is differentiable', () => {
    const tree = { a: rng.normal([2, 2]), b: [3, rng.normal([3])] };
    const [v, unflatten] = ad.flatten(tree);
    expect(v.shape).toEqual([8]);
    const back = unflatten(v) as { a: Tensor; b: [number, Tensor] };
    expect(back.b[0]).toBe(3);
    expect(Array.from(back.a.data())).toEqual(Array.from(tree.a.data()));
    const g = ad.grad((u: Tensor) => ad.sum(ad.square((unflatten(u) as { a: Tensor }).a)))(v) as Tensor;
    expect(Array.from(g.data()).slice(0, 4)).toEqual(Array.from(tree.a.data()).map((x) => 2 * x));
  });
  it('sgd, momentum, rmsprop and adam minimize a quadratic with explicit state', () => {
    const loss = (p: { x: Tensor; y: number }) => ad.add(ad.sum(ad.square(ad.sub(p.x, 3))), ad.mul(ad.square(ad.sub(p.y, -1)), 2));
    for (const opt of [ad.optim.sgd({ lr: 0.1 }), ad.optim.momentum({ lr: 0.05 }), ad.optim.momentum({ lr: 0.05, nesterov: true }),
      ad.optim.rmsprop({ lr: 0.05 }), ad.optim.adam({ lr: 0.1 })]) {
      let p: unknown = { x: ad.zeros([3]), y: 0 };
      let s = opt.init(p);
      for (let i = 0; i < 300; i++) [p, s] = opt.update(ad.grad(loss)(p), s, p);
      expect(loss(p as { x: Tensor; y: number }).item()).toBeLessThan(1e-3);
    }
    expect(() => ad.optim.adam({ lr: -1 })).toThrow(ad.ArgumentError);
  });
  it('the fused update runs trees of more leaves than one native call takes (in chunks), equal to the op-by-op update', () => {
    const leaves = 1500; // Adam's four lists of handles exceed the 4096-entry argument buffer
    const p = Array.from({ length: leaves }, (_, i) => ad.scalar(Math.sin(i)));
    const g = Array.from({ length: leaves }, (_, i) => ad.scalar(Math.cos(3 * i)));
    const opt = ad.optim.adam({ lr: 0.1 });
    const s = opt.init(p);
    const [fusedP, fusedS] = opt.update(g, s, p) as [Tensor[], { m: Tensor[]; v: Tensor[] }];
    const [byOps] = ad.jvp((q: unknown) => opt.update(g, s, q)[0], [p], [p.map((t) => ad.zerosLike(t))]) as [Tensor[]];
    expect(fusedP.length).toBe(leaves);
    expect(fusedS.m.length).toBe(leaves);
    fusedP.forEach((t, i) => expect(Math.abs(t.item() - byOps[i]!.item())).toBeLessThanOrEqual(1e-15 * (1 + Math.abs(byOps[i]!.item()))));
    fusedS.v.forEach((t, i) => expect(t.item()).toBeCloseTo(0.001 * Math.cos(3 * i) ** 2, 15));
  });
  it('an optimizer state of another tree shape than the params is an ArgumentError', () => {
    const opt = ad.optim.adam({ lr: 0.1 });
    const s = opt.init([ad.zeros([2])]);
    expect(() => opt.update([ad.ones([2]), ad.ones([2])], s, [ad.zeros([2]), ad.zeros([2])])).toThrow(/differ in their number of leaves \(2, 2, 1, 1\)/);
  });
  it('the fused native update equals the op-by-op update (taken when the params are traced)', () => {
    for (const dtype of ['float64', 'float32'] as const) {
      const tol = dtype === 'float64' ? 1e-15 : 1e-6;
      for (const opt of [ad.optim.sgd({ lr: 0.1 }), ad.optim.momentum({ lr: 0.05 }), ad.optim.momentum({ lr: 0.05, nesterov: true }),
        ad.optim.rmsprop({ lr: 0.05 }), ad.optim.adam({ lr: 0.1 })] as ad.optim.Optimizer[]) {
        let p: unknown = [ad.astype(rng.normal([2, 3]), dtype), ad.astype(rng.normal([3]), dtype)];
        let s = opt.init(p);
        for (let step = 0; step < 3; step++) {
          const g = [ad.astype(rng.normal([2, 3]), dtype), ad.astype(rng.normal([3]), dtype)];
          const [fusedP, fusedS] = opt.update(g, s, p);
          // inside jvp the params carry tangents, so update runs its differentiable ops
          const [byOps] = ad.jvp((q: unknown) => opt.update(g, s, q)[0], [p], [(p as Tensor[]).map((t) => ad.zerosLike(t))]) as [Tensor[]];
          (fusedP as Tensor[]).forEach((t, i) => {
            expect(t.dtype).toBe(dtype);
            const a = Array.from(t.data()), b = Array.from(byOps[i]!.data());
            a.forEach((v, k) => expect(Math.abs(v - b[k]!)).toBeLessThanOrEqual(tol * (1 + Math.abs(b[k]!))));
          });
          [p, s] = [fusedP, fusedS];
        }
      }
    }
  });
});
