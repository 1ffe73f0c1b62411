// Jacobians and Hessians from the transformations of transforms.ts (JAX's jacfwd/jacrev,
// hessian = forward over reverse, hvp = one jvp of grad). jacfwd pushes a chunk of basis
// directions through one pass as tangent lanes (jvp's `batched`). On trees: the result has the output's
// tree shape, each output leaf holding the input's tree of blocks, and the block of output
// leaf o and input leaf x has shape [...o.shape, ...x.shape].
import { jvp, vjp, grad } from './transforms.js';
import { tensor } from './create.js';
import { concat, reshape, transpose } from './ops.js';
import { expected } from './errors.js';
import { Tensor } from './tensor.js';
import { Leaf, flattenTree } from './tree.js';

type Fn = (...args: any[]) => any; // eslint-disable-line @typescript-eslint/no-explicit-any

const shapeOf = (l: Leaf): readonly number[] => (l instanceof Tensor ? l.shape : []);
const sizeOf = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);
const dtypeOf = (l: Leaf) => (l instanceof Tensor ? (l.dtype as 'float32' | 'float64') : undefined);


/** The blocks (one per output leaf × input leaf) assembled into the output-of-input tree. A
 * number input with a scalar output gets a number (as grad gives), unless an enclosing
 * transformation traces the block. */
function assemble(outFlat: ReturnType<typeof flattenTree>, inFlat: ReturnType<typeof flattenTree>, block: (o: number, i: number) => Tensor): unknown {
  return outFlat.rebuild(outFlat.leaves.map((o, oi) =>
    inFlat.rebuild(inFlat.leaves.map((x, xi) => {
      const b = block(oi, xi);
      return typeof x === 'number' && shapeOf(o).length === 0 && b.info()[1] === 0 ? b.item() : b;
    }))));
}

function argCheck(api: string, f: unknown): void {
  if (typeof f !== 'function') throw expected(api, 'a function', 'f', f);
}

/** Tangent lanes per forward pass: enough to fill a pass, few enough that each lane-carrying
 * intermediate stays near 2^18 elements (a Hessian of n = 100 is one pass). */
const laneBudget = (nIn: number) => Math.max(1, Math.floor(2 ** 18 / Math.max(1, nIn)));

/** A tree shaped like `like` with `count` tangent lanes: lane j is the basis direction of
 * element e0 + j of leaf k (zeros in every other leaf). */
function basisLanes(like: Leaf[], k: number, e0: number, count: number): Tensor[] {
  return like.map((l, j) => {
    const s = shapeOf(l), n = sizeOf(s);
    const v = new Float64Array(count * n);
    if (j === k) for (let d = 0; d < count; d++) v[d * n + e0 + d] = 1;
    return tensor(v, { shape: [count, ...s], dtype: dtypeOf(l) });
  });
}

/** The Jacobian of f (with respect to its first argument) by forward mode: chunks of input
 * elements, each chunk one batched jvp. */
export function jacfwd(f: Fn): Fn {
  argCheck('jacfwd', f);
  return (x: unknown, ...rest: unknown[]) => {
    const inFlat = flattenTree(x);
    const g = (u: unknown) => f(u, ...rest);
    const nIn = inFlat.leaves.reduce((a: number, l) => a + sizeOf(shapeOf(l)), 0);
    const chunk = laneBudget(nIn);
    const blocks: Leaf[][][] = inFlat.leaves.map(() => []); // [input leaf][chunk] → output leaves [lanes, ...]
    let outFlat: ReturnType<typeof flattenTree> | undefined;
    inFlat.leaves.forEach((l, k) => {
      const n = sizeOf(shapeOf(l));
      for (let e0 = 0; e0 < n; e0 += chunk) {
        const count = Math.min(chunk, n - e0);
        const [y, t] = jvp(g, [x], [inFlat.rebuild(basisLanes(inFlat.leaves, k, e0, count))], { batched: true });
        outFlat ??= flattenTree(y);
        blocks[k]!.push(flattenTree(t).leaves);
      }
    });
    outFlat ??= flattenTree(g(x));
    const out = outFlat;
    return assemble(out, inFlat, (o, i) => {
      const os = shapeOf(out.leaves[o]!), is = shapeOf(inFlat.leaves[i]!);
      const rows = blocks[i]!.map((b) => { const t = b[o] as Tensor; return reshape(t, [t.shape[0]!, sizeOf(os)]); });
      const m = rows.length ? transpose(rows.length === 1 ? rows[0]! : concat(rows, 0)) : tensor(new Float64Array(0), { shape: [sizeOf(os), 0], dtype: dtypeOf(out.leaves[o]!) });
      return reshape(m, [...os, ...is]);
    });
  };
}

/** The Jacobian of f (with respect to its first argument) by reverse mode: the tape is recorded
 * once, and its pullback — linear in the cotangent — is pushed a chunk of basis cotangents at a
 * time as tangent lanes (forward over the retained sweep), each chunk one sweep. */
export function jacrev(f: Fn): Fn {
  argCheck('jacrev', f);
  return (x: unknown, ...rest: unknown[]) => {
    const inFlat = flattenTree(x);
    const [y, pullback] = vjp((u: unknown) => f(u, ...rest), x);
    const outFlat = flattenTree(y);
    const nOut = outFlat.leaves.reduce((a: number, l) => a + sizeOf(shapeOf(l)), 0);
    const chunk = laneBudget(nOut);
    const zero = outFlat.rebuild(outFlat.leaves.map((l) => tensor(new Float64Array(sizeOf(shapeOf(l))), { shape: shapeOf(l), dtype: dtypeOf(l) })));
    const blocks: Leaf[][][] = outFlat.leaves.map(() => []); // [output leaf][chunk] → input leaves [lanes, ...]
    outFlat.leaves.forEach((l, k) => {
      const n = sizeOf(shapeOf(l));
      for (let e0 = 0; e0 < n; e0 += chunk) {
        const count = Math.min(chunk, n - e0);
        const [, g] = jvp((ct: unknown) => pullback(ct)[0], [zero], [outFlat.rebuild(basisLanes(outFlat.leaves, k, e0, count))], { batched: true });
        blocks[k]!.push(flattenTree(g).leaves);
      }
    });
    return assemble(outFlat, inFlat, (o, i) => {
      const os = shapeOf(outFlat.leaves[o]!), is = shapeOf(inFlat.leaves[i]!);
      const rows = blocks[o]!.map((b) => { const t = b[i] as Tensor; return reshape(t, [t.shape[0]!, sizeOf(is)]); });
      const m = rows.length ? (rows.length === 1 ? rows[0]! : concat(rows, 0)) : tensor(new Float64Array(0), { shape: [0, sizeOf(is)], dtype: dtypeOf(inFlat.leaves[i]!) });
      return reshape(m, [...os, ...is]);
    });
  };
}

/** The Jacobian of f, by forward mode when the input has no more elements than the output,
 * else by reverse mode. */
export function jacobian(f: Fn): Fn {
  argCheck('jacobian', f);
  return (x: unknown, ...rest: unknown[]) => {
    const nIn = flattenTree(x).leaves.reduce((a: number, l) => a + sizeOf(shapeOf(l)), 0);
    const nOut = flattenTree(f(x, ...rest)).leaves.reduce((a: number, l) => a + sizeOf(shapeOf(l)), 0);
    return (nIn <= nOut ? jacfwd(f) : jacrev(f))(x, ...rest);
  };
}

/** The Hessian of a scalar f (forward over reverse: jacfwd of grad). */
export function hessian(f: Fn): Fn {
  argCheck('hessian', f);
  return jacfwd(grad(f));
}

/** The Hessian-vector product ∇²f(x)·v in one forward-over-reverse sweep. */
export function hvp(f: Fn, x: unknown, v: unknown): unknown {
  argCheck('hvp', f);
  return jvp(grad(f), [x], [v])[1];
}
