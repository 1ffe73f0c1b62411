// The transformations of API.md. Each call opens a level with a fresh tag (DESIGN-NOTES §2)
// and closes it on return or throw; the native dispatcher does the rest.
import { native } from './native.js';
import type { Handle } from './native-types.js';
import { ArgumentError, ShapeError, countArg, expected } from './errors.js';
import { concat, reshape, slice } from './ops.js';
import { Tensor, fill, fillAll } from './tensor.js';
import { dtypeCode, getDefaultDtype } from './dtype.js';
import { full } from './create.js';
import { Leaf, flattenTree, isLeaf, treeLeaves, withLeaves } from './tree.js';

const FORWARD = 0;
const REVERSE = 1;
const TAYLOR = 2;

type Fn = (...args: any[]) => any; // eslint-disable-line @typescript-eslint/no-explicit-any

function leafTensor(v: Leaf, dtype?: Tensor['dtype']): Tensor {
  return v instanceof Tensor ? v : full([], v, dtype ? { dtype } : {});
}

// A leaf's result as the user gave it: a JS number for a number argument, unless the value is
// traced by an enclosing transformation (a number cannot carry that, so it stays a Tensor).
function asGiven(given: Leaf, result: Tensor): Leaf {
  if (typeof given !== 'number') return result;
  const v = native.concreteItem(result.h);
  return v === null ? result : v;
}

function wrapAll(tag: number, tensors: Tensor[], make: (shell: Tensor, t: Tensor, i: number) => Handle): Tensor[] {
  return tensors.map((t, i) => {
    const shell = new Tensor();
    return fill(shell, make(shell, t, i));
  });
}

function lowerLeaf(tag: number, v: unknown): unknown {
  if (!(v instanceof Tensor)) return v;
  const shell = new Tensor();
  return fill(shell, native.lower(shell, tag, v.h));
}

function lowerTree(tag: number, tree: unknown): unknown {
  const f = flattenTree(tree);
  return f.rebuild(f.leaves.map((l) => lowerLeaf(tag, l)));
}

function argnumList(api: string, argnums: number | readonly number[] | undefined, nargs: number): number[] {
  const list = argnums === undefined ? [0] : typeof argnums === 'number' ? [argnums] : [...argnums];
  for (const a of list)
    if (!Number.isInteger(a) || a < 0 || a >= nargs)
      throw new ArgumentError(`${api}: argnums ${a} is out of range for a call with ${nargs} argument(s)`);
  return list;
}

// (its shape and dtype are checked by reverseClose, without an info() call here)
function scalarOutput(api: string, out: unknown): Tensor {
  if (typeof out === 'number') return full([], out);
  if (!(out instanceof Tensor)) throw expected(api, 'f to return a scalar Tensor or number', 'the result', out);
  return out;
}

export interface GradOptions {
  argnums?: number | readonly number[];
  hasAux?: boolean;
}

// Runs f at a new reverse level with the chosen arguments watched, sweeps, and returns the
// lowered value (and aux) with the gradients in the shape of the arguments.
function reverse(api: string, f: Fn, opts: GradOptions, args: unknown[], wantValue: boolean): { value: unknown; aux: unknown; grads: unknown[] } {
  if (typeof f !== 'function') throw expected(api, 'a function', 'f', f);
  const nums = argnumList(api, opts.argnums, args.length);
  const only = args[nums[0]!];
  if (nums.length === 1 && !opts.hasAux && (typeof only === 'number' || only instanceof Tensor))
    return reverseOne(api, f, nums[0]!, only, args, wantValue);
  const tag = native.levelOpen(REVERSE);
  let closed = false;
  try {
    const callArgs = [...args];
    const flats = nums.map((k) => flattenTree(args[k]));
    const watched = flats.map((fl) => wrapAll(tag, fl.leaves.map((l) => leafTensor(l)), (s, t) => native.watch(s, tag, t.h)));
    nums.forEach((k, j) => (callArgs[k] = flats[j]!.rebuild(watched[j]!)));
    const out = f(...callArgs);
    let y: unknown = out;
    let aux: unknown;
    if (opts.hasAux) {
      if (!Array.isArray(out) || out.length !== 2) throw expected(api, 'f to return [value, aux] (hasAux)', 'the result', out);
      [y, aux] = out;
    }
    const yt = scalarOutput(api, y);
    const value = typeof y === 'number' || !wantValue ? y : lowerLeaf(tag, yt);
    aux = lowerTree(tag, aux);
    const leaves = watched.length === 1 ? watched[0]! : watched.flat();
    const shells = leaves.map(() => new Tensor());
    // close, sweep and release in one call (yt: Note [Temporaries stay reachable] in ops.ts)
    fillAll(shells, native.gradient(tag, [yt.h], leaves.map((t) => t.h), api, shells, yt));
    closed = true;
    let next = 0;
    const grads = flats.map((fl) => fl.rebuild(fl.leaves.map((l) => asGiven(l, shells[next++]!))));
    return { value, aux, grads };
  } finally {
    if (!closed) native.levelClose(tag);
  }
}

// reverse for the common case — one argument, a Tensor or a number, no aux — in fewer native
// calls and without trees.
function reverseOne(api: string, f: Fn, k: number, x: Tensor | number, args: unknown[], wantValue: boolean): { value: unknown; aux: unknown; grads: unknown[] } {
  const tag = native.levelOpen(REVERSE);
  let closed = false;
  try {
    const w = new Tensor();
    fill(w, typeof x === 'number' ? native.watchNumber(w, tag, x, dtypeCode(getDefaultDtype())) : native.watch(w, tag, x.h));
    const callArgs = [...args];
    callArgs[k] = w;
    const y = f(...callArgs);
    const yt = scalarOutput(api, y);
    const value = typeof y === 'number' || !wantValue ? y : lowerLeaf(tag, yt);
    const shell = new Tensor();
    fill(shell, native.gradientOne(tag, yt.h, w.h, api, shell, yt));
    closed = true;
    return { value, aux: undefined, grads: [asGiven(x, shell)] };
  } finally {
    if (!closed) native.levelClose(tag);
  }
}

/** ∇f: the gradient of a scalar function with respect to argument(s) `argnums` (default 0). */
export function grad(f: Fn, opts: GradOptions = {}): Fn {
  return (...args: unknown[]) => {
    const r = reverse('grad', f, opts, args, false);
    const g = Array.isArray(opts.argnums) ? r.grads : r.grads[0];
    return opts.hasAux ? [g, r.aux] : g;
  };
}

/** [f(x), ∇f(x)]; with hasAux, [[value, aux], grads] (as JAX). */
export function valueAndGrad(f: Fn, opts: GradOptions = {}): Fn {
  return (...args: unknown[]) => {
    const r = reverse('valueAndGrad', f, opts, args, true);
    const g = Array.isArray(opts.argnums) ? r.grads : r.grads[0];
    return [opts.hasAux ? [r.value, r.aux] : r.value, g];
  };
}

const pullbackTapes = new FinalizationRegistry<number>((tag) => native.tapeRelease(tag));

/** [f(...primals), pullback]; pullback(cotangent shaped like the output) → one cotangent per primal. */
export function vjp(f: Fn, ...primals: unknown[]): [unknown, (cotangent: unknown) => unknown[]] {
  if (typeof f !== 'function') throw expected('vjp', 'a function', 'f', f);
  const tag = native.levelOpen(REVERSE);
  let closed = false;
  try {
    const flats = primals.map((p) => flattenTree(p));
    const watched = flats.map((fl) => wrapAll(tag, fl.leaves.map((l) => leafTensor(l)), (s, t) => native.watch(s, tag, t.h)));
    const out = f(...flats.map((fl, j) => fl.rebuild(watched[j]!)));
    const outFlat = flattenTree(out);
    const outTensors = outFlat.leaves.map((l) => leafTensor(l));
    const primalOut = outFlat.rebuild(outFlat.leaves.map((l, i) => (typeof l === 'number' ? l : lowerLeaf(tag, outTensors[i]))));
    const shapes = outTensors.map((t) => ({ shape: t.shape, dtype: t.dtype }));
    native.reverseClose(tag, outTensors.map((t) => t.h), watched.flat().map((t) => t.h), null, outTensors);
    closed = true;
    const pullback = (cotangent: unknown): unknown[] => {
      const ct = flattenTree(cotangent);
      if (ct.leaves.length !== shapes.length)
        throw new ArgumentError(`vjp: the cotangent has ${ct.leaves.length} leaves but the output has ${shapes.length}`);
      const seeds = ct.leaves.map((l, i) => leafTensor(l, shapes[i]!.dtype));
      const shells = watched.flat().map(() => new Tensor());
      fillAll(shells, native.reverseSweep(tag, seeds.map((s) => s.h), true, shells, seeds));
      let next = 0;
      return flats.map((fl) => fl.rebuild(fl.leaves.map((l) => asGiven(l, shells[next++]!))));
    };
    pullbackTapes.register(pullback, tag);
    return [primalOut, pullback];
  } catch (e) {
    if (!closed) native.levelClose(tag);
    native.tapeRelease(tag);
    throw e;
  }
}

export interface JvpOptions {
  /** Tangents with a leading axis k: k directions pushed through one pass as tangent lanes
   * (Note [Tangent lanes] in native/core/level.h); the output tangents get the same leading axis. */
  batched?: boolean;
}

/** [f(...primals), J·tangents] by forward mode. */
export function jvp(f: Fn, primals: readonly unknown[], tangents: readonly unknown[], opts: JvpOptions = {}): [unknown, unknown] {
  if (typeof f !== 'function') throw expected('jvp', 'a function', 'f', f);
  if (!Array.isArray(primals) || !Array.isArray(tangents) || primals.length !== tangents.length)
    throw new ArgumentError('jvp: primals and tangents must be arrays of the same length');
  const lanes = opts.batched ? laneCount(tangents) : 0;
  if (opts.batched && lanes === 0) return noLanes(f, primals);
  const tag = native.levelOpen(FORWARD, lanes);
  try {
    const duals = primals.map((p, j) => {
      const fp = flattenTree(p);
      const ft = flattenTree(tangents[j]);
      if (fp.leaves.length !== ft.leaves.length)
        throw new ArgumentError(`jvp: tangent ${j} has ${ft.leaves.length} leaves but primal ${j} has ${fp.leaves.length}`);
      const ps = fp.leaves.map((l) => leafTensor(l));
      const ts = ft.leaves.map((l, i) => leafTensor(l, ps[i]!.dtype));
      return fp.rebuild(wrapAll(tag, ps, (s, t, i) => native.dual(s, tag, t.h, ts[i]!.h)));
    });
    const out = f(...duals);
    const fo = flattenTree(out);
    const primalOut = fo.rebuild(fo.leaves.map((l) => lowerLeaf(tag, l)));
    const tangentOut = fo.rebuild(
      fo.leaves.map((l) => {
        if (typeof l === 'number') return lanes ? full([lanes], 0) : 0;
        const shell = new Tensor();
        return fill(shell, native.tangent(shell, tag, l.h));
      }),
    );
    return [primalOut, tangentOut];
  } finally {
    native.levelClose(tag);
  }
}

// The number k of tangent lanes of a batched jvp: the leading axis every tangent leaf shares.
function laneCount(tangents: readonly unknown[]): number {
  const ks = tangents.flatMap((t) => flattenTree(t).leaves).map((l) => (l instanceof Tensor && l.ndim > 0 ? l.shape[0]! : -1));
  const k = ks[0] ?? 0;
  if (ks.some((v) => v !== k || v < 0))
    throw new ShapeError(`jvp (batched): every tangent needs the same leading axis k, got leading lengths [${ks.join(', ')}]`);
  return k;
}

// A batched jvp of zero directions: f's value and empty tangents [0, ...shape].
function noLanes(f: Fn, primals: readonly unknown[]): [unknown, unknown] {
  const y = f(...primals);
  const fo = flattenTree(y);
  return [y, fo.rebuild(fo.leaves.map((l) => full([0, ...(l instanceof Tensor ? l.shape : [])], 0, l instanceof Tensor ? { dtype: l.dtype } : {})))];
}

/** d f(x) / dx for a scalar x, by forward mode; f may return any tree. */
export function derivative(f: Fn, x: number | Tensor): unknown {
  if (!isLeaf(x)) throw expected('derivative', 'a number or a scalar Tensor', 'x', x);
  if (x instanceof Tensor && x.size !== 1) throw new ShapeError(`derivative: x must be a scalar, got shape [${x.shape.join(',')}]`);
  return jvp(f, [x], [1])[1];
}

/** The Taylor coefficients [y_0, y_1, …, y_order] of s ↦ f(x + s·v) at s = 0, with
 * y_k = (1/k!)·dᵏ/dsᵏ f(x + s·v), computed in one pass of f (Taylor mode: every op propagates
 * all coefficients at once; Note [Taylor mode] in native/ops/taylor.h). x and v are trees of
 * the same shape; each y_k is a tree shaped like f's output. Nests with every transformation
 * (grad of a taylor gives PINN losses in u_t, u_tt and Laplacians their parameter gradients). */
export function taylor(f: Fn, x: unknown, v: unknown, order: number): unknown[] {
  if (typeof f !== 'function') throw expected('taylor', 'a function', 'f', f);
  countArg('taylor', 'order', order, 0);
  if (order === 0) return [f(x)];
  const fx = flattenTree(x), fv = flattenTree(v);
  if (fx.leaves.length !== fv.leaves.length)
    throw new ArgumentError(`taylor: v has ${fv.leaves.length} leaves but x has ${fx.leaves.length}`);
  const tag = native.levelOpen(TAYLOR, order);
  try {
    const ps = fx.leaves.map((l) => leafTensor(l));
    const coeffs = fv.leaves.map((l, i) => {
      const p = ps[i]!, d = leafTensor(l, p.dtype);
      if (d.shape.length !== p.shape.length || d.shape.some((n, k) => n !== p.shape[k]))
        throw new ShapeError(`taylor: direction ${i} has shape [${d.shape.join(', ')}] but x has shape [${p.shape.join(', ')}]`);
      // x(s) = x + s·v: coefficient 1 is v, the higher ones zero
      return concat([reshape(d, [1, ...d.shape]), full([order - 1, ...d.shape], 0, { dtype: p.dtype })], 0);
    });
    const out = f(fx.rebuild(wrapAll(tag, ps, (s, t, i) => native.dual(s, tag, t.h, coeffs[i]!.h))));
    const fo = flattenTree(out);
    const stacks = fo.leaves.map((l) => {
      if (!(l instanceof Tensor)) return full([order], 0);
      const shell = new Tensor();
      return fill(shell, native.tangent(shell, tag, l.h));
    });
    const terms: unknown[] = [fo.rebuild(fo.leaves.map((l) => lowerLeaf(tag, l)))];
    for (let k = 1; k <= order; k++)
      terms.push(fo.rebuild(stacks.map((s) => reshape(slice(s, k - 1, k), s.shape.slice(1)))));
    return terms;
  } finally {
    native.levelClose(tag);
  }
}

export interface Compiled {
  /** f(...args), replayed. */
  call(...args: unknown[]): unknown;
  /** The gradient of a scalar f with respect to its first argument (as grad(f)). */
  grad(...args: unknown[]): unknown;
  /** [f(...args), the gradient] (as valueAndGrad(f)). */
  valueAndGrad(...args: unknown[]): [unknown, unknown];
}

const compiledPrograms = new FinalizationRegistry<number>((id) => native.programRelease(id));

const tracedAny = (ts: Tensor[]) => ts.length > 0 && native.topLevel(ts.map((t) => t.h))[0] !== 0;

/**
 * f recorded once for arguments shaped like exampleArgs, then replayed natively for new
 * arguments of the same tree structure, shapes and dtypes: forward, and backward for grad and
 * valueAndGrad, with no call into JS per op (Note [Replay] in native/core/replay.h). Values f
 * computes in JS from its inputs (a branch on .item(), a loop bound) are fixed at recording:
 * data-dependent control flow is the caller's responsibility. Under an enclosing
 * transformation (traced arguments) the calls run f itself, so compiled functions nest.
 */
export function compile(f: Fn, ...exampleArgs: unknown[]): Compiled {
  if (typeof f !== 'function') throw expected('compile', 'a function', 'f', f);
  const flats = exampleArgs.map((a) => flattenTree(a));
  const examples = flats.flatMap((fl) => fl.leaves.map((l) => leafTensor(l)));
  if (tracedAny(examples)) throw new ArgumentError('compile: the example arguments are traced by a transformation; compile outside it');
  const rec = native.compileOpen();
  let id = 0;
  let outFlat: ReturnType<typeof flattenTree>;
  let closed = false;
  try {
    const watched = wrapAll(rec, examples, (s, t) => native.watch(s, rec, t.h));
    let next = 0;
    const out = f(...flats.map((fl) => fl.rebuild(fl.leaves.map(() => watched[next++]!))));
    outFlat = flattenTree(out);
    const outs = outFlat.leaves.map((l) => leafTensor(l));
    id = native.compileClose(rec, outs.map((t) => t.h), watched.map((t) => t.h), outs);
    closed = true;
  } finally {
    if (!closed) native.levelClose(rec);
  }
  const outLeaves = outFlat.leaves;
  // f of one array (the common case): its calls pass that array's handle alone, without trees
  // (call and grad without arrays across the boundary either)
  const oneArray = (args: unknown[]): args is [Tensor] => examples.length === 1 && args.length === 1 && args[0] instanceof Tensor && exampleArgs[0] instanceof Tensor;
  // the arguments' leaves as arrays of the examples' dtypes, and the first argument's leaves as
  // given (a gradient takes their kinds: numbers or arrays)
  const inputsOf = (api: string, args: unknown[]): [Tensor[], Leaf[]] => {
    if (args.length !== exampleArgs.length) throw new ArgumentError(`compiled ${api}: expected ${exampleArgs.length} argument(s), got ${args.length}`);
    let k = 0;
    let first: Leaf[] = [];
    const ts = args.flatMap((a, i) => {
      const leaves = treeLeaves(a);
      if (leaves.length !== flats[i]!.leaves.length)
        throw new ArgumentError(`compiled ${api}: argument ${i} has ${leaves.length} leaves, compiled for ${flats[i]!.leaves.length}`);
      if (i === 0) first = leaves;
      return leaves.map((l) => leafTensor(l, examples[k++]!.dtype));
    });
    return [ts, first];
  };
  // [value, gradient in the first argument] by one replay, or null when an argument is traced
  const replayGradient = (api: string, args: unknown[]): [unknown, unknown] | null => {
    const value = (shell: Tensor) => (typeof outLeaves[0] === 'number' ? outLeaves[0] : shell);
    if (oneArray(args)) {
      const shells = [new Tensor(), new Tensor()];
      const hs = native.replayGradient(id, [args[0].h], shells, args[0]);
      if (!hs) return null;
      fillAll(shells, hs);
      return [value(shells[0]!), shells[1]!];
    }
    const [ts, given] = inputsOf(api, args);
    if (!flats.length) throw new ArgumentError(`compiled ${api}: f was compiled without arguments`);
    const shells = [new Tensor(), ...ts.map(() => new Tensor())];
    const hs = native.replayGradient(id, ts.map((t) => t.h), shells, ts);
    if (!hs) return null;
    fillAll(shells, hs);
    const g = withLeaves(args[0], given.map((l, j) => asGiven(l, shells[1 + j]!)));
    return [value(shells[0]!), g];
  };
  const compiled: Compiled = {
    call(...args) {
      if (oneArray(args) && outLeaves.length === 1) {
        const shell = new Tensor();
        const h = native.replayCallOne(id, args[0].h, shell, args[0]);
        if (h === undefined) return f(...args);
        return outFlat.rebuild([typeof outLeaves[0] === 'number' ? outLeaves[0] : fill(shell, h)]);
      }
      const [ts] = inputsOf('call', args);
      const shells = outLeaves.map(() => new Tensor());
      const hs = native.replayCall(id, ts.map((t) => t.h), shells, ts);
      if (!hs) return f(...args); // traced by an enclosing transformation
      fillAll(shells, hs);
      return outFlat.rebuild(outLeaves.map((l, i) => (typeof l === 'number' ? l : shells[i]!)));
    },
    grad(...args) {
      if (oneArray(args)) {
        const shell = new Tensor();
        const h = native.replayGradientOne(id, args[0].h, shell, args[0]);
        return h === undefined ? grad(f)(...args) : fill(shell, h);
      }
      const r = replayGradient('grad', args);
      return r ? r[1] : grad(f)(...args);
    },
    valueAndGrad(...args) {
      return replayGradient('valueAndGrad', args) ?? (valueAndGrad(f)(...args) as [unknown, unknown]);
    },
  };
  compiledPrograms.register(compiled, id);
  return compiled;
}
