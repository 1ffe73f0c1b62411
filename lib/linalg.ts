// linalg: dense and structured linear solves, differentiable in every matrix entry (or band)
// and in the right-hand side. Band gradients stay in band storage (O(n·bandwidth)); nothing
// dense n×n is formed for band structures. The numerics run in native/linalg.
import { call, generic, asTensor, stack, pad } from './ops.js';
import { eye, constantTensor } from './create.js';
import { ArgumentError, countArg, expected } from './errors.js';
import { Tensor, TensorLike } from './tensor.js';

/** x with A x = b (LU with partial pivoting); b is [n] or [n, k]. */
export const solve = (A: TensorLike, b: TensorLike): Tensor => call('solve', [A, b]);
/** A⁻¹. */
export const inv = (A: TensorLike): Tensor => call('inv', [A]);
/** det A (0 for a singular A). */
export const det = (A: TensorLike): Tensor => call('det', [A]);
/** [sign, log|det A|] (sign is 0 and log|det| −∞ for a singular A; the sign is a constant). */
export const slogdet = (A: TensorLike): [Tensor, Tensor] => [call('det_sign', [A]), call('logabsdet', [A])];

const tridiagonalOp = generic('tridiagonal_solve'), cyclicOp = generic('cyclic_tridiagonal_solve');

/** x with T x = b, T tridiagonal: T[i+1][i] = dl[i], T[i][i] = d[i], T[i][i+1] = du[i] (partial pivoting). */
export const tridiagonalSolve = (dl: TensorLike, d: TensorLike, du: TensorLike, b: TensorLike): Tensor =>
  tridiagonalOp([dl, d, du, b]);

/** As tridiagonalSolve, plus the periodic corners A[n−1][0] = lower and A[0][n−1] = upper
 * (for n = 2 they add to the off-diagonals; for n = 1 they are ignored). */
export function cyclicTridiagonalSolve(dl: TensorLike, d: TensorLike, du: TensorLike, b: TensorLike,
  corners: { lower?: TensorLike; upper?: TensorLike } = {}): Tensor {
  const ref = asTensor(d, 'cyclicTridiagonalSolve', 'd');
  const corner = (v: TensorLike | undefined, name: string) => {
    if (v instanceof Tensor) return v;
    if (v !== undefined && typeof v !== 'number') throw expected('cyclicTridiagonalSolve', 'a number or a 0-d Tensor', name, v);
    return constantTensor(v ?? 0, ref.dtype);  // (a solve in a loop would make two per call)
  };
  return cyclicOp([dl, d, du, corner(corners.lower, 'lower'), corner(corners.upper, 'upper'), b]);
}

/** x with A x = b for a band matrix in SciPy's solve_banded storage: ab is [kl+ku+1, n] with
 * ab[ku + i − j][j] = A[i][j] (LU with partial pivoting). */
export function bandedSolve(ab: TensorLike, band: { kl: number; ku: number }, b: TensorLike): Tensor {
  if (typeof band !== 'object' || band === null) throw expected('bandedSolve', '{kl, ku}', 'band', band);
  return call('banded_solve', [ab, b], [countArg('bandedSolve', 'kl', band.kl, 0), countArg('bandedSolve', 'ku', band.ku, 0)]);
}

/** x with A x = b for a symmetric positive definite band matrix given by its upper band
 * (SciPy's solveh_banded): ab is [k+1, n] with ab[k + i − j][j] = A[i][j] for i ≤ j. */
export function choleskyBandedSolve(ab: TensorLike, band: { k?: number } = {}, b?: TensorLike): Tensor {
  if (b === undefined) throw new ArgumentError('choleskyBandedSolve: missing right-hand side b');
  const t = asTensor(ab, 'choleskyBandedSolve', 'ab');
  const k = band.k ?? t.shape[0]! - 1;
  return call('cholesky_banded_solve', [t, b], [countArg('choleskyBandedSolve', 'k', k, 0)]);
}

/** y = A x (Aᵀx) for A in band storage; x is [n] or [n, k]. */
export const bandMatvec = (ab: TensorLike, band: { kl: number; ku: number }, x: TensorLike, opts: { transpose?: boolean } = {}): Tensor =>
  call('band_matvec', [ab, x], [countArg('bandMatvec', 'kl', band.kl, 0), countArg('bandMatvec', 'ku', band.ku, 0), opts.transpose ? 1 : 0]);

/** A band matrix (SciPy's band storage) with its products, solves and dense form. */
export class BandedMatrix {
  readonly kl: number;
  readonly ku: number;
  constructor(readonly ab: Tensor, band: { kl: number; ku: number }) {
    this.kl = countArg('Banded', 'kl', band?.kl, 0);
    this.ku = countArg('Banded', 'ku', band?.ku, 0);
    if (ab.ndim !== 2 || ab.shape[0] !== this.kl + this.ku + 1)
      throw new ArgumentError(`Banded: ab of shape [${ab.shape.join(',')}] does not hold kl + ku + 1 = ${this.kl + this.ku + 1} diagonals`);
  }
  get n(): number {
    return this.ab.shape[1]!;
  }
  matvec(x: TensorLike): Tensor {
    return bandMatvec(this.ab, this, x);
  }
  solve(b: TensorLike): Tensor {
    return bandedSolve(this.ab, this, b);
  }
  /** The n×n matrix (differentiable in the bands). */
  toDense(): Tensor {
    return this.matvec(eye(this.n, { dtype: this.ab.dtype as 'float32' | 'float64' }));
  }
}

/** A tridiagonal matrix T[i+1][i] = dl[i], T[i][i] = d[i], T[i][i+1] = du[i]. */
export class TridiagonalMatrix {
  readonly dl: Tensor;
  readonly d: Tensor;
  readonly du: Tensor;
  constructor(dl: TensorLike, d: TensorLike, du: TensorLike) {
    this.d = asTensor(d, 'Tridiagonal', 'd');
    const like = (v: TensorLike, name: string) => (v instanceof Tensor ? v : asTensor(v, 'Tridiagonal', name).astype(this.d.dtype));
    this.dl = like(dl, 'dl');
    this.du = like(du, 'du');
  }
  get n(): number {
    return this.d.shape[0]!;
  }
  /** The same matrix in band storage (kl = ku = 1). */
  banded(): BandedMatrix {
    return new BandedMatrix(stack([pad(this.du, [1, 0]), this.d, pad(this.dl, [0, 1])]), { kl: 1, ku: 1 });
  }
  matvec(x: TensorLike): Tensor {
    return this.banded().matvec(x);
  }
  solve(b: TensorLike): Tensor {
    return tridiagonalSolve(this.dl, this.d, this.du, b);
  }
  toDense(): Tensor {
    return this.banded().toDense();
  }
}

// Callable with or without `new` (API.md writes `linalg.Tridiagonal(dl, d, du)`).
export interface TridiagonalConstructor {
  new (dl: TensorLike, d: TensorLike, du: TensorLike): TridiagonalMatrix;
  (dl: TensorLike, d: TensorLike, du: TensorLike): TridiagonalMatrix;
}
export interface BandedConstructor {
  new (ab: Tensor, band: { kl: number; ku: number }): BandedMatrix;
  (ab: Tensor, band: { kl: number; ku: number }): BandedMatrix;
}
export const Tridiagonal = function (dl: TensorLike, d: TensorLike, du: TensorLike) {
  return new TridiagonalMatrix(dl, d, du);
} as unknown as TridiagonalConstructor;
Tridiagonal.prototype = TridiagonalMatrix.prototype;
export const Banded = function (ab: Tensor, band: { kl: number; ku: number }) {
  return new BandedMatrix(ab, band);
} as unknown as BandedConstructor;
Banded.prototype = BandedMatrix.prototype;
