// ad.LinearOperator: matrix-free linear maps {shape: [m, n], apply, adjoint}. A.apply(x) is
// differentiable in x through a rule whose pullback is the adjoint (and whose tangent is the map
// itself), so the user's apply need not be built from adjoint ops. Complex operands follow the
// library's convention: the pullback of y = A x is x̄ = Aᴴ ȳ. The builders (fromMatrix,
// diagonal, fft, restriction) and their adjoints and combinations are made of built-in
// differentiable ops: they apply as those ops, with no rule, so the tape stays native (no JS
// pullback in the sweep) and compile() records them; their derivatives are the same maps.
import * as ops from './ops.js';
import { call } from './ops.js';
import { zeros } from './create.js';
import { defineRule } from './rules.js';
import { fft as fftOp, ifft } from './fft.js';
import { ArgumentError, ShapeError, countArg, expected } from './errors.js';
import { DType, isComplexDtype } from './dtype.js';
import { Tensor, TensorLike } from './tensor.js';

type Map = (x: Tensor) => Tensor;

export interface LinearOperatorSpec {
  shape: readonly [number, number];
  dtype?: DType;
  apply: Map;
  adjoint: Map;
  name?: string;
}

export class LinearOperator {
  readonly shape: readonly [number, number];
  readonly dtype: DType | undefined;
  readonly name: string;
  private readonly fwd: Map;
  private readonly adj: Map;
  private readonly ruled: Map;
  /** made of built-in differentiable ops only: applied as they are, without the rule */
  private builtIn = false;

  constructor(spec: LinearOperatorSpec) {
    if (typeof spec !== 'object' || spec === null) throw expected('LinearOperator', '{shape, apply, adjoint}', 'spec', spec);
    const [m, n] = spec.shape ?? [];
    if (!Number.isInteger(m) || !Number.isInteger(n) || m! < 0 || n! < 0) throw expected('LinearOperator', '[m, n] non-negative integers', 'shape', spec.shape);
    if (typeof spec.apply !== 'function' || typeof spec.adjoint !== 'function') throw new ArgumentError('LinearOperator: apply and adjoint must be functions');
    this.shape = [m!, n!];
    this.dtype = spec.dtype;
    this.name = spec.name ?? 'LinearOperator';
    this.fwd = spec.apply;
    this.adj = spec.adjoint;
    const fwd = this.fwd, adj = this.adj;
    // y = A x; ẏ = A ẋ; x̄ = Aᴴ ȳ (its real part, in x's precision, for a real x)
    const like = (ct: Tensor, x: Tensor) => {
      const c = !isComplexDtype(x.dtype) && isComplexDtype(ct.dtype) ? ops.real(ct) : ct;
      return c.dtype === x.dtype ? c : ops.astype(c, x.dtype);
    };
    this.ruled = defineRule((x: Tensor) => fwd(x), {
      name: this.name,
      rrule: (x) => [fwd(x as Tensor), (ybar: Tensor) => [like(adj(ybar), x as Tensor)]],
      frule: ([x], [dx]) => [fwd(x as Tensor), fwd(dx!)],
    });
  }

  /** An operator from spec; builtIn when its maps are made of built-in differentiable ops only. */
  private static made(spec: LinearOperatorSpec, builtIn: boolean): LinearOperator {
    const A = new LinearOperator(spec);
    A.builtIn = builtIn;
    return A;
  }

  private check(x: Tensor, len: number, what: string): void {
    if (x.ndim < 1 || x.shape[0] !== len)
      throw new ShapeError(`${this.name}.${what}: expected a vector of length ${len} (or [${len}, k]), got shape [${x.shape.join(',')}]`);
  }

  /** A x, differentiable in x (pullback: the adjoint). */
  apply(x: TensorLike): Tensor {
    const t = ops.asTensor(x, `${this.name}.apply`);
    this.check(t, this.shape[1], 'apply');
    return this.builtIn ? this.fwd(t) : this.ruled(t);
  }

  /** The adjoint operator Aᴴ (shape [n, m]). */
  adjoint(): LinearOperator {
    return LinearOperator.made({ shape: [this.shape[1], this.shape[0]], dtype: this.dtype, apply: this.adj, adjoint: this.fwd, name: `${this.name}ᴴ` }, this.builtIn);
  }

  /** A∘B: x ↦ A(B x). */
  compose(B: LinearOperator): LinearOperator {
    if (B.shape[0] !== this.shape[1]) throw new ShapeError(`compose: ${this.name} is [${this.shape}] and ${B.name} is [${B.shape}]: inner sizes differ`);
    return LinearOperator.made({
      shape: [this.shape[0], B.shape[1]], dtype: this.dtype ?? B.dtype, name: `${this.name}∘${B.name}`,
      apply: (x) => this.fwd(B.fwd(x)),
      adjoint: (y) => B.adj(this.adj(y)),
    }, this.builtIn && B.builtIn);
  }

  /** A + B. */
  add(B: LinearOperator): LinearOperator {
    if (B.shape[0] !== this.shape[0] || B.shape[1] !== this.shape[1]) throw new ShapeError(`add: shapes [${this.shape}] and [${B.shape}] differ`);
    return LinearOperator.made({
      shape: this.shape, dtype: this.dtype ?? B.dtype, name: `(${this.name} + ${B.name})`,
      apply: (x) => ops.add(this.fwd(x), B.fwd(x)),
      adjoint: (y) => ops.add(this.adj(y), B.adj(y)),
    }, this.builtIn && B.builtIn);
  }

  /** c·A for a real c. */
  scale(c: number): LinearOperator {
    if (typeof c !== 'number') throw expected('scale', 'a number', 'c', c);
    return LinearOperator.made({
      shape: this.shape, dtype: this.dtype, name: `${c}·${this.name}`,
      apply: (x) => ops.mul(this.fwd(x), c),
      adjoint: (y) => ops.mul(this.adj(y), c),
    }, this.builtIn);
  }

  /** The operator of a dense matrix M (m×n): x ↦ M x, adjoint y ↦ Mᴴ y. */
  static fromMatrix(M: Tensor): LinearOperator {
    if (M.ndim !== 2) throw new ShapeError(`LinearOperator.fromMatrix: expected a matrix, got shape [${M.shape.join(',')}]`);
    const Mh = ops.conj(ops.transpose(M));
    return LinearOperator.made({ shape: [M.shape[0]!, M.shape[1]!], dtype: M.dtype, name: 'Matrix', apply: (x) => ops.matmul(M, x), adjoint: (y) => ops.matmul(Mh, y) }, true);
  }

  /** diag(d): x ↦ d ⊙ x, adjoint y ↦ conj(d) ⊙ y. */
  static diagonal(d: Tensor): LinearOperator {
    if (d.ndim !== 1) throw new ShapeError(`LinearOperator.diagonal: expected a vector, got shape [${d.shape.join(',')}]`);
    const dc = ops.conj(d);
    const along = (v: Tensor, x: Tensor) => (x.ndim === 2 ? ops.expandDims(v, 1) : v);
    return LinearOperator.made({ shape: [d.shape[0]!, d.shape[0]!], dtype: d.dtype, name: 'Diagonal', apply: (x) => ops.mul(along(d, x), x), adjoint: (y) => ops.mul(along(dc, y), y) }, true);
  }

  /** The unnormalized DFT of length n (along axis 0): x ↦ fft(x), adjoint y ↦ n·ifft(y). */
  static fft(n: number): LinearOperator {
    countArg('LinearOperator.fft', 'n', n, 1);
    return LinearOperator.made({ shape: [n, n], name: `DFT(${n})`, apply: (x) => fftOp(x, { axis: 0 }), adjoint: (y) => ifft(y, { axis: 0, norm: 'forward' }) }, true);
  }

  /** R: x ↦ x[indices] (rows of the identity), adjoint: scatter-add into zeros of length n. */
  static restriction(indices: readonly number[], n: number): LinearOperator {
    countArg('LinearOperator.restriction', 'n', n, 0);
    for (const i of indices) if (!Number.isInteger(i) || i < -n || i >= n) throw new ArgumentError(`LinearOperator.restriction: index ${i} is out of range for n = ${n}`);
    const idx = indices.map((i) => (i < 0 ? i + n : i));
    // the ops' attributes, checked once here rather than at every application
    const gather = [0, ...idx], scatter = [0, n, ...idx];
    return LinearOperator.made({
      shape: [idx.length, n], name: 'Restriction',
      apply: (x) => call('take', [x], gather),
      adjoint: (y) => (idx.length ? call('take_add', [y], scatter) : zeros([n, ...y.shape.slice(1)], { dtype: y.dtype as 'float32' | 'float64' })),
    }, true);
  }
}
