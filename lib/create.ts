// Creating tensors from JS data.
import { native } from './native.js';
import { DType, dtypeCode, getDefaultDtype, isComplexDtype } from './dtype.js';
import { ArgumentError, DTypeError, ShapeError, countArg, expected } from './errors.js';
import { Tensor, fill } from './tensor.js';

export interface DTypeOption {
  dtype?: DType;
}

function anyDtype(dt: DType | undefined): DType {
  const d = dt ?? getDefaultDtype();
  dtypeCode(d);
  return d;
}

/** For creators that only make real ranges (linspace, arange, eye): use astype for complex. */
function realDtype(api: string, dt: DType | undefined): DType {
  const d = anyDtype(dt);
  if (isComplexDtype(d)) throw new DTypeError(`${api}: dtype ${d} is not supported (create a real tensor, then .astype('${d}'))`);
  return d;
}

function checkShape(api: string, shape: readonly number[]): void {
  if (!Array.isArray(shape)) throw expected(api, 'an array of non-negative integers', 'shape', shape);
  for (const d of shape)
    if (!Number.isInteger(d) || d < 0) throw new ShapeError(`${api}: invalid shape [${shape.join(',')}]: dimensions must be non-negative integers`);
}

function flattenNested(api: string, data: unknown): { values: number[]; shape: number[] } {
  const shape: number[] = [];
  let probe: unknown = data;
  while (Array.isArray(probe)) {
    shape.push(probe.length);
    probe = probe[0];
  }
  const values: number[] = [];
  const walk = (v: unknown, axis: number, path: string): void => {
    if (axis === shape.length) {
      if (typeof v !== 'number') throw expected(api, 'a number', `element ${path || '[]'}`, v);
      values.push(v);
      return;
    }
    if (!Array.isArray(v) || v.length !== shape[axis])
      throw new ShapeError(`${api}: ragged nested array: element ${path || '[]'} should be an array of length ${shape[axis]}`);
    v.forEach((e, i) => walk(e, axis + 1, `${path}[${i}]`));
  };
  walk(data, 0, '');
  return { values, shape };
}

/**
 * A tensor from nested arrays, a typed array or a number. With a complex dtype, a typed array
 * holds interleaved (re, im) values and nested arrays end in [re, im] pairs (as toArray()
 * returns them); a number is a real value.
 */
export function tensor(
  data: number | readonly unknown[] | Float64Array | Float32Array | Tensor,
  opts: { dtype?: DType; shape?: readonly number[] } = {},
): Tensor {
  if (data instanceof Tensor) return opts.dtype && opts.dtype !== data.dtype ? data.astype(opts.dtype) : data;
  let dtype: DType;
  let flat: Float64Array | Float32Array;
  let shape: readonly number[];
  if (data instanceof Float64Array || data instanceof Float32Array) {
    dtype = anyDtype(opts.dtype ?? (data instanceof Float32Array ? 'float32' : undefined));
    flat = data;
    if (isComplexDtype(dtype) && data.length % 2 !== 0)
      throw new ShapeError(`tensor: a ${dtype} tensor needs interleaved (re, im) pairs, got an odd count ${data.length}`);
    shape = opts.shape ?? [isComplexDtype(dtype) ? data.length / 2 : data.length];
  } else if (typeof data === 'number') {
    dtype = anyDtype(opts.dtype);
    if (!opts.shape && isComplexDtype(dtype)) return full([], data, { dtype });
    flat = Float64Array.of(data);
    shape = opts.shape ?? [];
  } else if (Array.isArray(data)) {
    dtype = anyDtype(opts.dtype);
    const f = flattenNested('tensor', data);
    flat = Float64Array.from(f.values);
    shape = opts.shape ?? f.shape;
    if (isComplexDtype(dtype) && !opts.shape) {
      if (f.shape[f.shape.length - 1] !== 2)
        throw new ShapeError(`tensor: a ${dtype} tensor from nested arrays needs [re, im] pairs innermost, got shape [${f.shape.join(',')}] (use ad.complex(re, im) or .astype('${dtype}') for real data)`);
      shape = f.shape.slice(0, -1);
    }
  } else {
    throw expected('tensor', 'a number, nested array, Float64Array, Float32Array or Tensor', 'data', data);
  }
  checkShape('tensor', shape);
  if (typeof data === 'number' && opts.shape) return full(opts.shape, data, { dtype });
  const t = new Tensor();
  return fill(t, native.fromData(t, flat, shape, dtypeCode(dtype)));
}

export function scalar(v: number, opts: DTypeOption = {}): Tensor {
  if (typeof v !== 'number') throw expected('scalar', 'a number', 'value', v);
  return full([], v, opts);
}

export function full(shape: readonly number[], value: number, opts: DTypeOption = {}): Tensor {
  checkShape('full', shape);
  if (typeof value !== 'number') throw expected('full', 'a number', 'value', value);
  const t = new Tensor();
  return fill(t, native.full(t, shape, value, dtypeCode(anyDtype(opts.dtype))));
}

export const zeros = (shape: readonly number[], opts: DTypeOption = {}): Tensor => full(shape, 0, opts);
export const ones = (shape: readonly number[], opts: DTypeOption = {}): Tensor => full(shape, 1, opts);

// Constants library code needs on every call (a spline system's ones and zeros, a solve's number
// corners): one tensor per (dtype, length or 0-d, value), made again if a tidy() around its first
// use disposed it; at most kConstants, all dropped when that is exceeded. Keyed by numbers (a
// string built per call cost more than the lookup); −0 is not cached (a Map does not tell it
// from 0).
const kConstants = 256;
let constants: Partial<Record<DType, Map<number, Map<number, Tensor>>>> = {};
let constantCount = 0;
/** @internal full(length === undefined ? [] : [length], value, {dtype}), made once. */
export function constantTensor(value: number, dtype: DType, length?: number): Tensor {
  const shape = length === undefined ? [] : [length];
  if (Object.is(value, -0)) return full(shape, value, { dtype });
  const byLength = (constants[dtype] ??= new Map());
  let byValue = byLength.get(length ?? -1);
  if (byValue === undefined) byLength.set(length ?? -1, (byValue = new Map()));
  let t = byValue.get(value);
  if (t !== undefined && t.h >= 0) return t;
  if (t === undefined && ++constantCount > kConstants) {
    constants = {};
    constantCount = 0;
    return constantTensor(value, dtype, length);
  }
  t = full(shape, value, { dtype });
  byValue.set(value, t);
  return t;
}

export function linspace(a: number, b: number, n: number, opts: DTypeOption & { endpoint?: boolean } = {}): Tensor {
  countArg('linspace', 'n', n, 0);
  const endpoint = opts.endpoint ?? true;
  const div = endpoint ? n - 1 : n;
  const step = div > 0 ? (b - a) / div : 0;
  const v = new Float64Array(n);
  for (let i = 0; i < n; i++) v[i] = a + i * step;
  if (endpoint && n > 1) v[n - 1] = b;
  return tensor(v, { dtype: realDtype('linspace', opts.dtype) });
}

export function arange(start: number, stop?: number, step = 1, opts: DTypeOption = {}): Tensor {
  const [lo, hi] = stop === undefined ? [0, start] : [start, stop];
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) throw new ArgumentError(`arange: bounds must be finite, got ${lo} and ${hi}`);
  if (step === 0 || !Number.isFinite(step)) throw new ArgumentError(`arange: step must be finite and non-zero, got ${step}`);
  const n = Math.max(0, Math.ceil((hi - lo) / step));
  const v = new Float64Array(n);
  for (let i = 0; i < n; i++) v[i] = lo + i * step;
  return tensor(v, { dtype: realDtype('arange', opts.dtype) });
}

export function eye(n: number, opts: DTypeOption = {}): Tensor {
  countArg('eye', 'n', n, 0);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  return tensor(v, { dtype: realDtype('eye', opts.dtype), shape: [n, n] });
}

/** Zeros (ones) with x's shape and dtype: constants, not traced. */
export const zerosLike = (x: Tensor): Tensor => full(x.shape, 0, { dtype: x.dtype });
export const onesLike = (x: Tensor): Tensor => full(x.shape, 1, { dtype: x.dtype });
