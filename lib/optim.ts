// optim: training-loop optimizers with explicit state (optax-style). `opt.init(params)` makes
// the state; `opt.update(grads, state, params)` returns [newParams, newState]. params and grads
// are trees of the same shape (Tensors or numbers).
import * as ops from './ops.js';
import { native } from './native.js';
import { ArgumentError, expected } from './errors.js';
import { ARGS, Tensor, fillAll } from './tensor.js';
import { Leaf, flattenTree } from './tree.js';

export { minimize } from './minimize.js';
export type { MinimizeOptions, MinimizeResult, IterationInfo, Method } from './minimize.js';

export interface Optimizer<S = unknown> {
  init(params: unknown): S;
  update(grads: unknown, state: S, params: unknown): [unknown, S];
}

type L = Leaf;
const zerosOf = (l: L): L => (l instanceof Tensor ? ops.mul(l, 0) : 0);
const lin = (a: L, b: L, sa: number, sb: number): L =>
  typeof a === 'number' && typeof b === 'number' ? sa * a + sb * b : ops.add(ops.mul(a, sa), ops.mul(b, sb));
const mulL = (a: L, b: L): L => (typeof a === 'number' && typeof b === 'number' ? a * b : ops.mul(a, b));
const divL = (a: L, b: L): L => (typeof a === 'number' && typeof b === 'number' ? a / b : ops.div(a, b));
const scaleL = (a: L, c: number): L => (typeof a === 'number' ? a * c : ops.mul(a, c));
const sqrtPlus = (a: L, eps: number): L => (typeof a === 'number' ? Math.sqrt(a) + eps : ops.add(ops.sqrt(a), eps));

// The leaves of a tree; for grads, `count` is the number of params leaves they must match.
function leavesOf(api: string, tree: unknown, count?: number): { leaves: L[]; rebuild: (ls: readonly unknown[]) => unknown } {
  const f = flattenTree(tree);
  if (count !== undefined && f.leaves.length !== count)
    throw new ArgumentError(`${api}: grads and params are trees of different shapes (${f.leaves.length} vs ${count} leaves)`);
  return f;
}

// A tree of zeros shaped like params (the optimizers' initial moments).
function zerosTree(api: string, params: unknown): unknown {
  const p = leavesOf(api, params);
  return p.rebuild(p.leaves.map(zerosOf));
}

// Rules of the native fused update (native/optim/step.h).
const enum Rule { Sgd = 0, Momentum = 1, Nesterov = 2, RmsProp = 3, Adam = 4 }

/** The update by the native fused kernel: new params and moments, or null when some leaf is a
 * number, traced by a transformation (an update inside grad stays differentiable through the
 * op-by-op path) or of another shape/dtype than its parameter. hyper: [lr, β₁, β₂, ε, c₁, c₂]. */
function fused(rule: Rule, hyper: number[], p: L[], g: L[], moments: L[][]): Tensor[][] | null {
  const lists = [p, g, ...moments];
  if (!lists.every((ls) => ls.every((l) => l instanceof Tensor))) return null;
  const n = p.length, outs = 1 + moments.length;
  if (lists.some((ls) => ls.length !== n))
    throw new ArgumentError(`optim: params, grads and the optimizer state differ in their number of leaves (${lists.map((ls) => ls.length).join(', ')})`);
  const result: Tensor[][] = Array.from({ length: outs }, () => []);
  // the leaves in chunks that fit the argument buffer: [rule, count, hyper…, handles list by list]
  const chunk = Math.max(1, Math.floor((ARGS.length - STEP_HEADER) / lists.length));
  for (let from = 0; from < n; from += chunk) {
    const count = Math.min(chunk, n - from);
    ARGS[0] = rule;
    ARGS[1] = count;
    for (let k = 0; k < 6; k++) ARGS[2 + k] = hyper[k]!;
    let at = STEP_HEADER;
    for (const ls of lists) for (let i = from; i < from + count; i++) ARGS[at++] = (ls[i] as Tensor).h;
    const shells = Array.from({ length: count * outs }, () => new Tensor());
    const hs = native.optimStep(shells, lists);
    if (!hs) {
      result.forEach((ts) => ts.forEach((t) => t.dispose()));
      return null;
    }
    fillAll(shells, hs);
    for (let k = 0; k < outs; k++) result[k]!.push(...shells.slice(k * count, (k + 1) * count));
  }
  return result;
}
const STEP_HEADER = 8;

function rate(api: string, v: unknown, name = 'lr'): number {
  if (typeof v !== 'number' || !(v > 0) || !Number.isFinite(v)) throw expected(api, 'a positive number', name, v);
  return v;
}

/** Plain gradient descent: p − lr·g. */
export function sgd(opts: { lr: number }): Optimizer<null> {
  const lr = rate('optim.sgd', opts?.lr);
  return {
    init: () => null,
    update(grads, state, params) {
      const p = leavesOf('optim.sgd', params), g = leavesOf('optim.sgd', grads, p.leaves.length);
      const f = fused(Rule.Sgd, [lr, 0, 0, 0, 1, 1], p.leaves, g.leaves, []);
      if (f) return [p.rebuild(f[0]!), state];
      return [p.rebuild(p.leaves.map((x, i) => lin(x, g.leaves[i]!, 1, -lr))), state];
    },
  };
}

/** Heavy-ball momentum (or Nesterov): v ← β·v + g; p ← p − lr·v (Nesterov: p − lr·(g + β·v)). */
export function momentum(opts: { lr: number; beta?: number; nesterov?: boolean }): Optimizer<{ v: unknown }> {
  const lr = rate('optim.momentum', opts?.lr), beta = opts.beta ?? 0.9;
  return {
    init: (params) => ({ v: zerosTree('optim.momentum', params) }),
    update(grads, state, params) {
      const p = leavesOf('optim.momentum', params), g = leavesOf('optim.momentum', grads, p.leaves.length), v = leavesOf('optim.momentum', state.v);
      const f = fused(opts.nesterov ? Rule.Nesterov : Rule.Momentum, [lr, beta, 0, 0, 1, 1], p.leaves, g.leaves, [v.leaves]);
      if (f) return [p.rebuild(f[0]!), { v: v.rebuild(f[1]!) }];
      const nv = v.leaves.map((vi, i) => lin(vi, g.leaves[i]!, beta, 1));
      const step = opts.nesterov ? nv.map((vi, i) => lin(g.leaves[i]!, vi, 1, beta)) : nv;
      return [p.rebuild(p.leaves.map((x, i) => lin(x, step[i]!, 1, -lr))), { v: v.rebuild(nv) }];
    },
  };
}

/** RMSProp: s ← ρ·s + (1 − ρ)·g²; p ← p − lr·g/(√s + ε). */
export function rmsprop(opts: { lr: number; decay?: number; eps?: number }): Optimizer<{ s: unknown }> {
  const lr = rate('optim.rmsprop', opts?.lr), rho = opts.decay ?? 0.9, eps = opts.eps ?? 1e-8;
  return {
    init: (params) => ({ s: zerosTree('optim.rmsprop', params) }),
    update(grads, state, params) {
      const p = leavesOf('optim.rmsprop', params), g = leavesOf('optim.rmsprop', grads, p.leaves.length), s = leavesOf('optim.rmsprop', state.s);
      const f = fused(Rule.RmsProp, [lr, rho, 0, eps, 1, 1], p.leaves, g.leaves, [s.leaves]);
      if (f) return [p.rebuild(f[0]!), { s: s.rebuild(f[1]!) }];
      const ns = s.leaves.map((si, i) => lin(si, mulL(g.leaves[i]!, g.leaves[i]!), rho, 1 - rho));
      return [p.rebuild(p.leaves.map((x, i) => lin(x, divL(g.leaves[i]!, sqrtPlus(ns[i]!, eps)), 1, -lr))), { s: s.rebuild(ns) }];
    },
  };
}

/** Adam (Kingma & Ba) with bias correction: m, v moments; p ← p − lr·m̂/(√v̂ + ε). */
export function adam(opts: { lr: number; beta1?: number; beta2?: number; eps?: number }): Optimizer<{ m: unknown; v: unknown; t: number }> {
  const lr = rate('optim.adam', opts?.lr), b1 = opts.beta1 ?? 0.9, b2 = opts.beta2 ?? 0.999, eps = opts.eps ?? 1e-8;
  return {
    init: (params) => ({ m: zerosTree('optim.adam', params), v: zerosTree('optim.adam', params), t: 0 }),
    update(grads, state, params) {
      const p = leavesOf('optim.adam', params), g = leavesOf('optim.adam', grads, p.leaves.length);
      const m = leavesOf('optim.adam', state.m), v = leavesOf('optim.adam', state.v);
      const t = state.t + 1;
      const c1 = 1 / (1 - b1 ** t), c2 = 1 / (1 - b2 ** t);
      const f = fused(Rule.Adam, [lr, b1, b2, eps, c1, c2], p.leaves, g.leaves, [m.leaves, v.leaves]);
      if (f) return [p.rebuild(f[0]!), { m: m.rebuild(f[1]!), v: v.rebuild(f[2]!), t }];
      const nm = m.leaves.map((mi, i) => lin(mi, g.leaves[i]!, b1, 1 - b1));
      const nv = v.leaves.map((vi, i) => lin(vi, mulL(g.leaves[i]!, g.leaves[i]!), b2, 1 - b2));
      const np = p.leaves.map((x, i) => lin(x, divL(scaleL(nm[i]!, c1), sqrtPlus(scaleL(nv[i]!, c2), eps)), 1, -lr));
      return [p.rebuild(np), { m: m.rebuild(nm), v: v.rebuild(nv), t }];
    },
  };
}
