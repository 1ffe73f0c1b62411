// Op methods on Tensor (`a.add(b)`, `x.sum({axis: 0})`, `x.at(i).set(v)`): the functions of
// ops.ts attached to the prototype, typed by augmenting the class.
import { Tensor, TensorLike } from './tensor.js';
import * as ops from './ops.js';
import type { ReduceOptions } from './ops.js';
import type { DType } from './dtype.js';
import { At, Index, at, setInPlace } from './indexing.js';

type Unary = 'neg' | 'abs' | 'sign' | 'sqrt' | 'cbrt' | 'square' | 'exp' | 'expm1' | 'log' | 'log1p' | 'sin' | 'cos' |
  'tan' | 'asin' | 'acos' | 'atan' | 'sinh' | 'cosh' | 'tanh' | 'asinh' | 'acosh' | 'atanh' | 'sigmoid' | 'softplus' |
  'relu' | 'erf' | 'erfc' | 'floor' | 'ceil' | 'round' | 'stopGradient' | 'real' | 'imag' | 'conj' | 'abs2' | 'angle';
type Binary = 'add' | 'sub' | 'mul' | 'div' | 'pow' | 'atan2' | 'maximum' | 'minimum' | 'hypot' | 'less' | 'greater' |
  'equal' | 'matmul' | 'dot' | 'outer';
type Reduction = 'sum' | 'mean' | 'prod' | 'max' | 'min' | 'norm' | 'logsumexp';

const UNARY: Unary[] = ['neg', 'abs', 'sign', 'sqrt', 'cbrt', 'square', 'exp', 'expm1', 'log', 'log1p', 'sin', 'cos',
  'tan', 'asin', 'acos', 'atan', 'sinh', 'cosh', 'tanh', 'asinh', 'acosh', 'atanh', 'sigmoid', 'softplus', 'relu', 'erf',
  'erfc', 'floor', 'ceil', 'round', 'stopGradient', 'real', 'imag', 'conj', 'abs2', 'angle'];
const BINARY: Binary[] = ['add', 'sub', 'mul', 'div', 'pow', 'atan2', 'maximum', 'minimum', 'hypot', 'less', 'greater',
  'equal', 'matmul', 'dot', 'outer'];
const REDUCTION: Reduction[] = ['sum', 'mean', 'prod', 'max', 'min', 'norm', 'logsumexp'];

declare module './tensor.js' {
  interface Tensor extends Record<Unary, () => Tensor>, Record<Binary, (other: TensorLike) => Tensor>,
    Record<Reduction, (opts?: ReduceOptions) => Tensor> {
    astype(dtype: DType): Tensor;
    reshape(shape: readonly number[]): Tensor;
    transpose(perm?: readonly number[]): Tensor;
    broadcastTo(shape: readonly number[]): Tensor;
    expandDims(axis: number): Tensor;
    squeeze(axis?: number | readonly number[]): Tensor;
    slice(start: number, stop?: number, step?: number, axis?: number): Tensor;
    take(indices: readonly number[] | Tensor, axis?: number): Tensor;
    flip(axis?: number | readonly number[]): Tensor;
    roll(shift: number, axis?: number): Tensor;
    pad(widths: Parameters<typeof ops.pad>[1], opts?: { value?: number }): Tensor;
    cumsum(opts?: { axis?: number }): Tensor;
    diff(opts?: { axis?: number }): Tensor;
    where(cond: TensorLike, other: TensorLike): Tensor;
    /** Functional update: x.at(i).set(v) / .add(v) / .mul(v) / .get(). */
    at(index: Index): At;
    /** In-place write, refused (MutationError) when a live tape saved this tensor. */
    set_(index: Index, v: TensorLike): Tensor;
  }
}

const proto = Tensor.prototype as unknown as Record<string, unknown>;
for (const name of UNARY) proto[name] = function (this: Tensor) { return ops[name](this); };
for (const name of BINARY) proto[name] = function (this: Tensor, o: TensorLike) { return ops[name](this, o); };
for (const name of REDUCTION) proto[name] = function (this: Tensor, o?: ReduceOptions) { return ops[name](this, o); };

Object.assign(proto, {
  astype(this: Tensor, dt: DType) { return ops.astype(this, dt); },
  reshape(this: Tensor, s: readonly number[]) { return ops.reshape(this, s); },
  transpose(this: Tensor, p?: readonly number[]) { return ops.transpose(this, p); },
  broadcastTo(this: Tensor, s: readonly number[]) { return ops.broadcastTo(this, s); },
  expandDims(this: Tensor, a: number) { return ops.expandDims(this, a); },
  squeeze(this: Tensor, a?: number | readonly number[]) { return ops.squeeze(this, a); },
  slice(this: Tensor, start: number, stop?: number, step?: number, axis?: number) { return ops.slice(this, start, stop, step, axis); },
  take(this: Tensor, i: readonly number[] | Tensor, axis?: number) { return ops.take(this, i, axis); },
  flip(this: Tensor, a?: number | readonly number[]) { return ops.flip(this, a); },
  roll(this: Tensor, s: number, a?: number) { return ops.roll(this, s, a); },
  pad(this: Tensor, w: Parameters<typeof ops.pad>[1], o?: { value?: number }) { return ops.pad(this, w, o); },
  cumsum(this: Tensor, o?: { axis?: number }) { return ops.cumsum(this, o); },
  diff(this: Tensor, o?: { axis?: number }) { return ops.diff(this, o); },
  where(this: Tensor, c: TensorLike, other: TensorLike) { return ops.where(c, this, other); },
  at(this: Tensor, i: Index) { return at(this, i); },
  set_(this: Tensor, i: Index, v: TensorLike) { return setInPlace(this, i, v); },
});
