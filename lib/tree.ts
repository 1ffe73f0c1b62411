// Trees: a Tensor or a number is a leaf; arrays and plain objects are nodes; anything else
// (strings, booleans, null, functions, class instances) is static structure, passed through.
import { Tensor } from './tensor.js';
import { reshape, concat, slice } from './ops.js';
import { full } from './create.js';

export type Leaf = Tensor | number;
export type Tree = Leaf | readonly Tree[] | { readonly [key: string]: Tree } | unknown;

export interface Flat {
  leaves: Leaf[];
  rebuild(leaves: readonly unknown[]): unknown;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object') return false;
  const p = Object.getPrototypeOf(v);
  return p === Object.prototype || p === null;
}

export function isLeaf(v: unknown): v is Leaf {
  return v instanceof Tensor || typeof v === 'number';
}

/** The leaves of a tree in a fixed order (depth first, object keys in insertion order) and a rebuild. */
const single = (src: readonly unknown[]) => src[0];

// A leaf's place in a skeleton (module-private, so no static value of a tree can be it).
const SLOT = Symbol('leaf');

// A copy of the tree's nodes with SLOT for each leaf (pushed to `leaves` in order) and static
// structure kept: what a rebuild fills, fixed when the tree was flattened.
function skeleton(v: unknown, leaves: Leaf[]): unknown {
  if (isLeaf(v)) {
    leaves.push(v);
    return SLOT;
  }
  if (Array.isArray(v)) return v.map((e) => skeleton(e, leaves));
  if (!isPlainObject(v)) return v;
  const o: Record<string, unknown> = {};
  for (const k of Object.keys(v)) o[k] = skeleton(v[k], leaves);
  return o;
}

// `tree` with each place where isSlot holds replaced by the next of src, in walk order
function refill(tree: unknown, isSlot: (v: unknown) => boolean, src: readonly unknown[]): unknown {
  let next = 0;
  const walk = (v: unknown): unknown => {
    if (isSlot(v)) return src[next++];
    if (Array.isArray(v)) return v.map(walk);
    if (!isPlainObject(v)) return v;
    const o: Record<string, unknown> = {};
    for (const k of Object.keys(v)) o[k] = walk(v[k]);
    return o;
  };
  return walk(tree);
}
const isSlot = (v: unknown): boolean => v === SLOT;

// (a skeleton and one walk per rebuild: a rebuild made of a closure per node costs twice as
// much for a network's parameters, flattened on every training step)
export function flattenTree(tree: unknown): Flat {
  if (isLeaf(tree)) return { leaves: [tree], rebuild: single }; // the common case, without a walk
  const leaves: Leaf[] = [];
  const skel = skeleton(tree, leaves);
  return { leaves, rebuild: (src) => refill(skel, isSlot, src) };
}

/** The leaves of a tree in flattenTree's order, without making a rebuild: for callers that only
 * read them (a compiled function's inputs), since the rebuild's closures cost more than the walk. */
export function treeLeaves(tree: unknown, into: Leaf[] = []): Leaf[] {
  if (isLeaf(tree)) into.push(tree);
  else if (Array.isArray(tree)) for (const v of tree) treeLeaves(v, into);
  else if (isPlainObject(tree)) for (const k of Object.keys(tree)) treeLeaves(tree[k], into);
  return into;
}

/** `tree` with its leaves replaced, in treeLeaves' order, by `leaves` (static structure kept):
 * flattenTree(tree).rebuild(leaves) in one walk, without building the rebuild's closures. */
export function withLeaves(tree: unknown, leaves: readonly unknown[]): unknown {
  return refill(tree, isLeaf, leaves);
}

/** Applies fn to every leaf. */
export function mapTree(tree: unknown, fn: (leaf: Leaf, index: number) => unknown): unknown {
  const f = flattenTree(tree);
  return f.rebuild(f.leaves.map(fn));
}

/**
 * A tree's leaves as one vector (Flux.destructure / jax.flatten_util.ravel_pytree) and the
 * inverse: `unflatten(v)` rebuilds the tree from a vector of the same length, differentiably.
 * Numbers become one entry each and come back as 0-d tensors (or numbers when v is untraced).
 */
export function flatten(tree: unknown): [Tensor, (v: Tensor) => unknown] {
  const f = flattenTree(tree);
  const shapes = f.leaves.map((l) => (l instanceof Tensor ? l.shape : []));
  const dtype = f.leaves.find((l): l is Tensor => l instanceof Tensor)?.dtype;
  const parts = f.leaves.map((l) => reshape(l instanceof Tensor ? l : full([], l, dtype ? { dtype } : {}), [-1]));
  const vector = parts.length ? concat(parts) : full([0], 0, dtype ? { dtype } : {});
  const unflatten = (v: Tensor): unknown => {
    let at = 0;
    return f.rebuild(shapes.map((s, i) => {
      const n = s.reduce((a, b) => a * b, 1);
      const piece = reshape(slice(v, at, at + n), s);
      at += n;
      return typeof f.leaves[i] === 'number' && piece.info()[1] === 0 ? piece.item() : piece;
    }));
  };
  return [vector, unflatten];
}
