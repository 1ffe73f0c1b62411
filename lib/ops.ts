// Every op of API.md as a function. Each is one native call on handles; validation that needs
// JS values happens here, shape and dtype checks in native (errors carry shapes either way).
import { native } from './native.js';
import { DType, dtypeCode } from './dtype.js';
import { ArgumentError, ShapeError, expected } from './errors.js';
import { ARGS, Tensor, TensorLike, fill, handleOf } from './tensor.js';
import type { Handle } from './native-types.js';
import { full } from './create.js';

const names = native.opNames();
const idOf = (list: string[]) => new Map(list.map((n, i) => [n, i] as const));
const unaryIds = idOf(names.unary);
const binaryIds = idOf(names.binary);
const genericIds = idOf(names.generic);
// The generic ids again as an object's properties: `call` looks one up per op, and a property
// load by a constant string hits V8's lookup cache where a Map lookup hashes and compares.
const genericIdOf: Readonly<Record<string, number>> = { ...Object.fromEntries(genericIds) };

function id(map: Map<string, number>, name: string): number {
  const i = map.get(name);
  if (i === undefined) throw new Error(`adjoint: the native addon has no op '${name}' (stale build? run npm run build)`);
  return i;
}

/** @internal A tensor for a tensor-or-number argument (numbers take the default dtype). */
export function asTensor(x: TensorLike, api: string, name = 'argument'): Tensor {
  if (x instanceof Tensor) return x;
  if (typeof x === 'number') return full([], x);
  handleOf(x, api, name);
  return x;
}

// Note [Temporaries stay reachable]: a tensor made here for a number argument is referenced
// only by its handle once `.h` is read; if a GC collected it (and with it, its finalizer batch)
// before the native call, the handle would be released under the call. So every native call
// that takes handles of temporaries also takes the temporaries themselves as a trailing
// argument the binding ignores: call arguments stay reachable until the call returns.

// opb's header in ARGS (Note [Argument buffer] in tensor.ts): [op id, handle count, integer
// count, d], then the handles, then the integers
const OPB_HEADER = 4;

/** @internal One native generic-op call (its id, handles and ints through ARGS). */
export function call(name: string, inputs: readonly TensorLike[], ints?: readonly number[], d?: number): Tensor {
  return callId(genericIdOf[name] ?? id(genericIds, name), name, inputs, ints, d);
}

// The id of generic op `name`, for callId: an op function made once resolves it once, where
// `call` looks it up by name on every call.
const genericId = (name: string): number => id(genericIds, name);

/** @internal call for generic op `name` with its id resolved once, for the ops called often:
 * `call`'s lookup by name, one load site for every op, goes megamorphic in a program that uses
 * many (a loop over a spline: ~2% of its time). */
export const generic = (name: string) => {
  const opId = genericId(name);
  return (inputs: readonly TensorLike[], ints?: readonly number[], d?: number): Tensor => callId(opId, name, inputs, ints, d);
};

// call with the op's id resolved (genericId); `name` names it in errors.
function callId(opId: number, name: string, inputs: readonly TensorLike[], ints?: readonly number[], d?: number): Tensor {
  const t = new Tensor();
  const n = inputs.length, m = ints ? ints.length : 0;
  if (OPB_HEADER + n + m > ARGS.length) {
    const ts = inputs.map((x, i) => asTensor(x, name, `input ${i}`));
    return fill(t, native.op(t, opId, ts.map((x) => x.h), ints as number[] | undefined, d, ts));
  }
  let temporaries: Tensor[] | undefined;
  for (let i = 0; i < n; i++) {
    const x = inputs[i];
    if (x instanceof Tensor) ARGS[OPB_HEADER + i] = x.h;
    else {
      const xt = asTensor(x!, name, `input ${i}`);
      (temporaries ??= []).push(xt);
      ARGS[OPB_HEADER + i] = xt.h;
    }
  }
  for (let k = 0; k < m; k++) ARGS[OPB_HEADER + n + k] = ints![k]!;
  ARGS[0] = opId;
  ARGS[1] = n;
  ARGS[2] = m;
  ARGS[3] = d ?? 0;
  return fill(t, native.opb(t, temporaries));
}

// The elementwise families pass [id, handles…] (binaryScalar: [id, h, value, scalarFirst])
// in ARGS, written after any temporary is made (making one is a native call of its own).
const unary = (name: string) => {
  const opId = id(unaryIds, name);
  return (x: TensorLike): Tensor => {
    const t = new Tensor();
    if (x instanceof Tensor) {
      ARGS[0] = opId;
      ARGS[1] = x.h;
      return fill(t, native.unary(t));
    }
    const xt = asTensor(x, name);
    ARGS[0] = opId;
    ARGS[1] = xt.h;
    return fill(t, native.unary(t, xt));
  };
};

const binary = (name: string) => {
  const opId = id(binaryIds, name);
  const withScalar = (t: Tensor, h: Handle, value: number, scalarFirst: number): Tensor => {
    ARGS[0] = opId;
    ARGS[1] = h;
    ARGS[2] = value;
    ARGS[3] = scalarFirst;
    return fill(t, native.binaryScalar(t));
  };
  return (a: TensorLike, b: TensorLike): Tensor => {
    const t = new Tensor();
    if (a instanceof Tensor) {
      if (b instanceof Tensor) {
        ARGS[0] = opId;
        ARGS[1] = a.h;
        ARGS[2] = b.h;
        return fill(t, native.binary(t));
      }
      if (typeof b === 'number') return withScalar(t, a.h, b, 0);
    } else if (typeof a === 'number') {
      if (b instanceof Tensor) return withScalar(t, b.h, a, 1);
      if (typeof b === 'number') {
        const ta = full([], a), tb = full([], b);
        ARGS[0] = opId;
        ARGS[1] = ta.h;
        ARGS[2] = tb.h;
        return fill(t, native.binary(t, ta, tb));
      }
    }
    handleOf(a instanceof Tensor || typeof a === 'number' ? b : a, name, a instanceof Tensor || typeof a === 'number' ? 'b' : 'a');
    throw new Error('unreachable');
  };
};

// Elementwise unary
export const neg = unary('neg'), abs = unary('abs'), sign = unary('sign'), sqrt = unary('sqrt');
export const cbrt = unary('cbrt'), square = unary('square'), exp = unary('exp'), expm1 = unary('expm1');
export const log = unary('log'), log1p = unary('log1p'), sin = unary('sin'), cos = unary('cos');
export const tan = unary('tan'), asin = unary('asin'), acos = unary('acos'), atan = unary('atan');
export const sinh = unary('sinh'), cosh = unary('cosh'), tanh = unary('tanh'), asinh = unary('asinh');
export const acosh = unary('acosh'), atanh = unary('atanh'), sigmoid = unary('sigmoid');
export const softplus = unary('softplus'), relu = unary('relu'), erf = unary('erf'), erfc = unary('erfc');
export const floor = unary('floor'), ceil = unary('ceil'), round = unary('round');

// Elementwise binary (NumPy broadcasting)
export const add = binary('add'), sub = binary('sub'), mul = binary('mul'), div = binary('div');
export const pow = binary('pow'), atan2 = binary('atan2'), maximum = binary('maximum');
export const minimum = binary('minimum'), hypot = binary('hypot');
export const less = binary('less'), greater = binary('greater'), equal = binary('equal');

/** Elementwise: a where cond is nonzero, else b (broadcasting all three). */
export function where(cond: TensorLike, a: TensorLike, b: TensorLike): Tensor {
  const ref = a instanceof Tensor ? a : b instanceof Tensor ? b : undefined;
  const lift = (v: TensorLike) => (typeof v === 'number' && ref ? full([], v, { dtype: ref.dtype }) : v);
  return call('where', [lift(cond), lift(a), lift(b)]);
}

export function astype(x: TensorLike, dtype: DType): Tensor {
  return call('cast', [x], [dtypeCode(dtype)]);
}

// Complex parts (on real tensors: real(x) = x, imag(x) = 0, conj(x) = x, angle(x) = 0 or π)
export const real = (z: TensorLike): Tensor => call('real', [z]);
export const imag = (z: TensorLike): Tensor => call('imag', [z]);
export const conj = (z: TensorLike): Tensor => call('conj', [z]);
/** |z|² (real). */
export const abs2 = (z: TensorLike): Tensor => call('abs2', [z]);
/** arg z = atan2(Im z, Re z) (real). */
export const angle = (z: TensorLike): Tensor => call('angle', [z]);
/** re + i·im from real tensors (broadcasting); complex64 from float32 parts, else complex128. */
export const complex = (re: TensorLike, im: TensorLike): Tensor => {
  const ref = re instanceof Tensor ? re : im instanceof Tensor ? im : undefined;
  const lift = (v: TensorLike) => (typeof v === 'number' && ref ? full([], v, { dtype: ref.dtype }) : v);
  return call('complex', [lift(re), lift(im)]);
};

/** The value with every level of differentiation removed (a constant to all of them). */
export function stopGradient(x: TensorLike): Tensor {
  return call('stop_gradient', [x]);
}

// Reductions
export interface ReduceOptions {
  axis?: number | readonly number[];
  keepdims?: boolean;
}

function axesList(api: string, axis: number | readonly number[] | undefined): number[] {
  if (axis === undefined) return [];
  const list = typeof axis === 'number' ? [axis] : [...axis];
  for (const a of list) if (!Number.isInteger(a)) throw expected(api, 'an integer axis', 'axis', a);
  return list;
}

// attributes of a reduction over all axes, by keepdims
const ALL_AXES = [[0], [1]] as const;
const reduction = (name: string) => {
  const opId = genericId(name);
  return (x: TensorLike, opts?: ReduceOptions): Tensor => {
    const keep = opts?.keepdims ? 1 : 0;
    if (opts?.axis === undefined) return callId(opId, name, [x], ALL_AXES[keep]);
    if (Array.isArray(opts.axis) && opts.axis.length === 0) return asTensor(x, name);
    return callId(opId, name, [x], [keep, ...axesList(name, opts.axis)]);
  };
};
export const sum = reduction('sum'), mean = reduction('mean'), prod = reduction('prod');
export const max = reduction('max'), min = reduction('min'), norm = reduction('norm');
export const logsumexp = reduction('logsumexp');

function intArg(api: string, name: string, v: unknown): number {
  if (!Number.isInteger(v)) throw expected(api, 'an integer', name, v);
  return v as number;
}

/** Cumulative sum along axis (the flattened array when axis is omitted, as NumPy). */
export function cumsum(x: TensorLike, opts: { axis?: number } = {}): Tensor {
  if (opts.axis === undefined) return call('cumsum', [reshape(x, [-1])], [0, 0]);
  return call('cumsum', [x], [intArg('cumsum', 'axis', opts.axis), 0]);
}

const diffOp = generic('diff');
/** x[1:] − x[:-1] along axis (default −1, as NumPy). */
export function diff(x: TensorLike, opts: { axis?: number } = {}): Tensor {
  return diffOp([x], [intArg('diff', 'axis', opts.axis ?? -1)]);
}

// Linear
export const matmul = (a: TensorLike, b: TensorLike): Tensor => call('matmul', [a, b]);
export const dot = (a: TensorLike, b: TensorLike): Tensor => call('dot', [a, b]);
export const outer = (a: TensorLike, b: TensorLike): Tensor => call('outer', [a, b]);

// Shape
function shapeArg(api: string, shape: readonly number[]): number[] {
  if (!Array.isArray(shape)) throw expected(api, 'an array of integers', 'shape', shape);
  for (const d of shape) if (!Number.isInteger(d)) throw new ShapeError(`${api}: invalid shape [${shape.join(',')}]`);
  return [...shape];
}

const reshapeOp = generic('reshape');
export const reshape = (x: TensorLike, shape: readonly number[]): Tensor => reshapeOp([x], shapeArg('reshape', shape));
export const transpose = (x: TensorLike, perm?: readonly number[]): Tensor =>
  call('transpose', [x], perm ? axesList('transpose', perm) : []);
export const broadcastTo = (x: TensorLike, shape: readonly number[]): Tensor =>
  call('broadcast_to', [x], shapeArg('broadcastTo', shape));
export const expandDims = (x: TensorLike, axis: number): Tensor => call('expand_dims', [x], [intArg('expandDims', 'axis', axis)]);
export const squeeze = (x: TensorLike, axis?: number | readonly number[]): Tensor => call('squeeze', [x], axesList('squeeze', axis));

const END = 2 ** 53;
const sliceOp = generic('slice');
/** NumPy's x[start:stop:step] along one axis (default 0); bounds may be negative. */
export function slice(x: TensorLike, start: number, stop?: number, step = 1, axis = 0): Tensor {
  intArg('slice', 'start', start);
  if (stop !== undefined) intArg('slice', 'stop', stop);
  intArg('slice', 'step', step);
  if (step === 0) throw new ArgumentError('slice: step must not be zero');
  return sliceOp([x], [start, stop ?? (step > 0 ? END : -END), step, intArg('slice', 'axis', axis)]);
}

function indexList(api: string, indices: readonly number[]): number[] {
  if (!Array.isArray(indices)) throw expected(api, 'an array of integer indices or a Tensor', 'indices', indices);
  for (const i of indices) intArg(api, 'index', i);
  return [...indices];
}

/** Gathers along axis (the flattened array when axis is omitted); indices may be negative. An
 * index Tensor (integer values, any shape) is read natively and its shape replaces the axis. */
export function take(x: TensorLike, indices: readonly number[] | Tensor, axis?: number): Tensor {
  const src = axis === undefined ? reshape(x, [-1]) : asTensor(x, 'take');
  const ax = axis === undefined ? 0 : intArg('take', 'axis', axis);
  const byTensor = indices instanceof Tensor;
  const shape = byTensor ? indices.shape : [indices.length];
  const r = byTensor ? call('take', [src, indices.ndim === 1 ? indices : reshape(indices, [-1])], [ax]) : call('take', [src], [ax, ...indexList('take', indices)]);
  if (shape.length === 1) return r;
  const rs = [...r.shape];
  const a = ax < 0 ? ax + rs.length : ax;
  rs.splice(a, 1, ...shape);
  return reshape(r, rs);
}

function tensorList(api: string, xs: readonly TensorLike[]): TensorLike[] {
  if (!Array.isArray(xs) || xs.length === 0) throw expected(api, 'a non-empty array of tensors', 'xs', xs);
  const ref = xs.find((v): v is Tensor => v instanceof Tensor);
  return xs.map((v) => (typeof v === 'number' && ref ? full([], v, { dtype: ref.dtype }) : v));
}

const concatOp = generic('concat'), stackOp = generic('stack');
export const concat = (xs: readonly TensorLike[], axis = 0): Tensor =>
  concatOp(tensorList('concat', xs), [intArg('concat', 'axis', axis)]);
export const stack = (xs: readonly TensorLike[], axis = 0): Tensor =>
  stackOp(tensorList('stack', xs), [intArg('stack', 'axis', axis)]);

/** Pads with a constant; widths as NumPy's pad_width: n, [before, after], or one pair per axis. */
export function pad(x: TensorLike, widths: number | readonly [number, number] | readonly (readonly [number, number])[], opts: { value?: number } = {}): Tensor {
  const t = asTensor(x, 'pad');
  const nd = t.ndim;
  let pairs: (readonly [number, number])[];
  if (typeof widths === 'number') pairs = Array.from({ length: nd }, () => [widths, widths] as const);
  else if (widths.length === 2 && typeof widths[0] === 'number') pairs = Array.from({ length: nd }, () => widths as readonly [number, number]);
  else pairs = [...(widths as readonly (readonly [number, number])[])];
  if (pairs.length !== nd) throw new ArgumentError(`pad: expected ${nd} (before, after) pairs for a tensor of shape [${t.shape.join(',')}], got ${pairs.length}`);
  const flat = pairs.flatMap((p) => [intArg('pad', 'width', p[0]), intArg('pad', 'width', p[1])]);
  return call('pad', [t], flat, opts.value ?? 0);
}

export const flip = (x: TensorLike, axis?: number | readonly number[]): Tensor => call('flip', [x], axesList('flip', axis));

/** Rolls elements along axis (the flattened array when axis is omitted, as NumPy). */
export function roll(x: TensorLike, shift: number, axis?: number): Tensor {
  intArg('roll', 'shift', shift);
  if (axis === undefined) {
    const t = asTensor(x, 'roll');
    return reshape(call('roll', [reshape(t, [-1])], [shift, 0]), t.shape);
  }
  return call('roll', [x], [shift, intArg('roll', 'axis', axis)]);
}

