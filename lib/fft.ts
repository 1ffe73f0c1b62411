// fft: discrete Fourier transforms (NumPy's numpy.fft names and conventions), differentiable
// in forward and reverse mode. The transforms run in native/fft; this file maps options.
import { call, generic } from './ops.js';
import { tensor } from './create.js';
import type { DType } from './dtype.js';
import { ArgumentError, countArg, expected } from './errors.js';
import type { Tensor, TensorLike } from './tensor.js';

/** NumPy's `norm`: which direction carries the 1/n ('ortho': 1/√n both ways). */
export type FftNorm = 'backward' | 'ortho' | 'forward';
const NORMS: readonly FftNorm[] = ['backward', 'ortho', 'forward'];

export interface FftOptions {
  /** The axis to transform (default −1, the last). */
  axis?: number;
  norm?: FftNorm;
}

function normCode(api: string, norm: FftNorm | undefined): number {
  if (norm === undefined) return 0;  // 'backward' (no array search on the common call)
  const c = NORMS.indexOf(norm);
  if (c < 0) throw expected(api, `one of ${NORMS.map((n) => `'${n}'`).join(', ')}`, 'norm', norm);
  return c;
}

function axisOf(api: string, axis: number | undefined): number {
  if (axis === undefined) return -1;
  if (!Number.isInteger(axis)) throw expected(api, 'an integer', 'axis', axis);
  return axis;
}

const c2cOp = generic('fft_c2c');
const c2c = (api: string, inverse: boolean) => (x: TensorLike, opts?: FftOptions): Tensor =>
  c2cOp([x], [axisOf(api, opts?.axis), inverse ? 1 : 0, normCode(api, opts?.norm)]);

/** The DFT y_k = Σ_j x_j e^(−2πi·jk/n) along an axis; real input is taken as complex. */
export const fft = c2c('fft', false);
/** The inverse DFT (1/n)·Σ_k y_k e^(+2πi·jk/n) (with norm 'backward'). */
export const ifft = c2c('ifft', true);

/** The DFT of real input: the n/2 + 1 non-negative frequencies (complex). */
export function rfft(x: TensorLike, opts: FftOptions = {}): Tensor {
  return call('fft_r2c', [x], [axisOf('rfft', opts.axis), normCode('rfft', opts.norm)]);
}

/** The inverse of rfft: real output of length n (default 2(m − 1) for m input bins). */
export function irfft(x: TensorLike, opts: FftOptions & { n?: number } = {}): Tensor {
  if (opts.n !== undefined) countArg('irfft', 'n', opts.n, 1);
  return call('fft_c2r', [x], [opts.n ?? -1, axisOf('irfft', opts.axis), normCode('irfft', opts.norm)]);
}

export interface Fft2Options {
  /** The two axes to transform (default [−2, −1]). */
  axes?: readonly [number, number];
  norm?: FftNorm;
}

const twoD = (api: string, one: typeof fft) => (x: TensorLike, opts: Fft2Options = {}): Tensor => {
  const axes = opts.axes ?? [-2, -1];
  if (!Array.isArray(axes) || axes.length !== 2) throw expected(api, 'two axes', 'axes', axes);
  return one(one(x, { axis: axes[1], norm: opts.norm }), { axis: axes[0], norm: opts.norm });
};
/** The 2-D DFT over two axes (default the last two). */
export const fft2 = twoD('fft2', fft);
/** The 2-D inverse DFT over two axes (default the last two). */
export const ifft2 = twoD('ifft2', ifft);

function freqArgs(api: string, n: number, d: number): void {
  countArg(api, 'n', n, 1);
  if (typeof d !== 'number' || !Number.isFinite(d) || d === 0) throw new ArgumentError(`${api}: d must be a finite non-zero number, got ${d}`);
}

/** The sample frequencies of fft: [0, 1, …, ⌈n/2⌉−1, −⌊n/2⌋, …, −1] / (d·n). */
export function fftfreq(n: number, d = 1, opts: { dtype?: DType } = {}): Tensor {
  freqArgs('fftfreq', n, d);
  const v = new Float64Array(n);
  for (let k = 0; k < n; k++) v[k] = (k < Math.ceil(n / 2) ? k : k - n) / (d * n);
  return tensor(v, { dtype: opts.dtype });
}

/** The sample frequencies of rfft: [0, 1, …, ⌊n/2⌋] / (d·n). */
export function rfftfreq(n: number, d = 1, opts: { dtype?: DType } = {}): Tensor {
  freqArgs('rfftfreq', n, d);
  const v = new Float64Array(Math.floor(n / 2) + 1);
  for (let k = 0; k < v.length; k++) v[k] = k / (d * n);
  return tensor(v, { dtype: opts.dtype });
}
