// x.at(index).set/add/mul/get (JAX's .at[]) and the in-place x.set_(index, v).
// An index picks, per leading axis, an integer (the axis is dropped), null (the whole axis) or
// a slice {start?, stop?, step?} with NumPy's rules; axes not named are taken whole.
import { native } from './native.js';
import { ArgumentError, expected } from './errors.js';
import { Tensor, TensorLike } from './tensor.js';
import { asTensor, astype, broadcastTo, call, reshape } from './ops.js';
import { full } from './create.js';

export interface Slice {
  start?: number;
  stop?: number;
  step?: number;
}
export type IndexItem = number | null | Slice;
export type Index = IndexItem | readonly IndexItem[];

interface Region {
  triples: number[]; // (start, step, count) per axis
  counts: number[]; // region shape
  kept: number[]; // region shape without the integer-indexed axes
}

function sliceTriple(api: string, s: Slice, n: number, axis: number): [number, number, number] {
  const step = s.step ?? 1;
  if (!Number.isInteger(step) || step === 0) throw new ArgumentError(`${api}: slice step on axis ${axis} must be a non-zero integer, got ${step}`);
  for (const [k, v] of [['start', s.start], ['stop', s.stop]] as const)
    if (v !== undefined && !Number.isInteger(v)) throw expected(api, 'an integer', `slice ${k} on axis ${axis}`, v);
  const norm = (v: number, lo: number, hi: number) => Math.min(Math.max(v < 0 ? v + n : v, lo), hi);
  let start: number, stop: number;
  if (step > 0) {
    start = s.start === undefined ? 0 : norm(s.start, 0, n);
    stop = s.stop === undefined ? n : norm(s.stop, 0, n);
  } else {
    start = s.start === undefined ? n - 1 : norm(s.start, -1, n - 1);
    stop = s.stop === undefined ? -1 : norm(s.stop, -1, n - 1);
  }
  const count = Math.max(0, Math.ceil((stop - start) / step));
  return [count > 0 ? start : 0, step, count];
}

function region(api: string, shape: readonly number[], index: Index): Region {
  const items: readonly IndexItem[] = Array.isArray(index) ? index : [index as IndexItem];
  if (items.length > shape.length)
    throw new ArgumentError(`${api}: too many indices (${items.length}) for a tensor of shape [${shape.join(',')}]`);
  const r: Region = { triples: [], counts: [], kept: [] };
  shape.forEach((n, axis) => {
    const it = axis < items.length ? items[axis] : null;
    let t: [number, number, number];
    if (typeof it === 'number') {
      if (!Number.isInteger(it)) throw expected(api, 'an integer index', `axis ${axis}`, it);
      const i = it < 0 ? it + n : it;
      if (i < 0 || i >= n) throw new ArgumentError(`${api}: index ${it} is out of bounds for axis ${axis} with size ${n}`);
      t = [i, 1, 1];
    } else if (it === null || it === undefined) {
      t = [0, 1, n];
      r.kept.push(n);
    } else if (typeof it === 'object') {
      t = sliceTriple(api, it, n, axis);
      r.kept.push(t[2]);
    } else {
      throw expected(api, 'an integer, null or {start, stop, step}', `index on axis ${axis}`, it);
    }
    r.triples.push(...t);
    r.counts.push(t[2]);
  });
  return r;
}

// v as the region's full shape (integer axes restored as length 1), in x's dtype.
function fitted(api: string, x: Tensor, r: Region, v: TensorLike): Tensor {
  let t = typeof v === 'number' ? full([], v, { dtype: x.dtype }) : asTensor(v, api, 'value');
  if (t.dtype !== x.dtype) t = astype(t, x.dtype);
  return reshape(broadcastTo(t, r.kept), r.counts);
}

export class At {
  constructor(private readonly x: Tensor, private readonly index: Index) {}
  private region(api: string): Region {
    return region(api, this.x.shape, this.index);
  }
  /** The selected part (integer-indexed axes dropped). */
  get(): Tensor {
    const r = this.region('at().get');
    return reshape(call('region_get', [this.x], r.triples), r.kept);
  }
  /** A new tensor with the selected part replaced by v (broadcast). */
  set(v: TensorLike): Tensor {
    const r = this.region('at().set');
    return call('region_set', [this.x, fitted('at().set', this.x, r, v)], r.triples);
  }
  /** A new tensor with v added to the selected part. */
  add(v: TensorLike): Tensor {
    const r = this.region('at().add');
    return call('region_add', [this.x, fitted('at().add', this.x, r, v)], r.triples);
  }
  /** A new tensor with the selected part multiplied by v. */
  mul(v: TensorLike): Tensor {
    const r = this.region('at().mul');
    return call('region_mul', [this.x, fitted('at().mul', this.x, r, v)], r.triples);
  }
}

export function at(x: Tensor, index: Index): At {
  return new At(x, index);
}

/** Writes v into x in place. Refused (MutationError) when a live tape saved x. */
export function setInPlace(x: Tensor, index: Index, v: TensorLike): Tensor {
  const r = region('set_', x.shape, index);
  native.setRegion(x.h, r.triples, fitted('set_', x, r, v).h);
  return x;
}
