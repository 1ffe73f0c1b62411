// interp: piecewise-polynomial interpolants built from differentiable ops and the band solvers,
// so values and derivatives are differentiable in the knots x, the values y and the queries xq.
// Each interpolant is a set of per-segment polynomial coefficients c_p (in the local variable
// δ = t − x_i of segment i); evaluation gathers the segment's coefficients (segment_index, a
// constant) and runs Horner's rule.
import * as ops from './ops.js';
import { generic, asTensor } from './ops.js';
import { zeros, ones, constantTensor } from './create.js';
import { tridiagonalSolve, bandedSolve, cyclicTridiagonalSolve } from './linalg.js';
import { ArgumentError, ShapeError, countArg, expected } from './errors.js';
import { Tensor, TensorLike } from './tensor.js';

/** For ascending knots x, the index i of the segment [x_i, x_{i+1}] holding each query
 * (the first knot ≥ t closes the segment; outside the knots, the end segments). */
const segmentIndexOp = generic('segment_index'), ppvalOp = generic('ppval');
export const segmentIndex = (x: TensorLike, xq: TensorLike): Tensor => segmentIndexOp([x, xq]);

/** dᵏ/dtᵏ of the piecewise polynomial Σ_p coef[s, p]·(t − x_s)^p at the queries, s the segment of
 * each query (segmentIndex); coef is [n − 1, P]. Differentiable in coef, x and the queries. */
export function ppval(coef: TensorLike, x: TensorLike, xq: TensorLike, k = 0): Tensor {
  countArg('ppval', 'k', k, 0);
  return ppvalOp([coef, x, xq], [k]);
}

/** An interpolant: values and derivatives at query points (any shape). */
export interface Interpolant {
  /** s(xq). */
  at(xq: TensorLike): Tensor;
  /** dᵏs/dxᵏ at xq (order k ≥ 1, default 1; 0 gives the values). */
  derivative(xq: TensorLike, order?: number): Tensor;
}

function knots(api: string, x: TensorLike, y: TensorLike, min: number): { x: Tensor; y: Tensor; n: number } {
  const tx = asTensor(x, api, 'x');
  const ty = asTensor(y, api, 'y');
  if (tx.ndim !== 1 || ty.ndim !== 1 || tx.shape[0] !== ty.shape[0])
    throw new ShapeError(`${api}: x and y must be vectors of the same length, got shapes [${tx.shape.join(',')}] and [${ty.shape.join(',')}]`);
  if (tx.shape[0]! < min) throw new ShapeError(`${api}: needs at least ${min} knots, got ${tx.shape[0]}`);
  return { x: tx, y: ty, n: tx.shape[0]! };
}

function orderArg(order: number | undefined): number {
  return countArg('derivative', 'order', order ?? 1, 0);
}

/**
 * The interpolant with coefficients coef[p] (each [n − 1], the δ^p coefficient per segment),
 * evaluated by the native piecewise-polynomial op. `inRange` checks queries when extrapolation
 * is off.
 */
function piecewise(x: Tensor, coef: Tensor[], inRange?: (xq: Tensor) => void): Interpolant {
  const C = ops.stack(coef, 1);
  const evaluate = (xq0: TensorLike, k: number): Tensor => {
    const xq = asTensor(xq0, 'interpolant', 'xq');
    inRange?.(xq);
    return ppvalOp([C, x, xq], [k]);
  };
  return {
    at: (xq) => evaluate(xq, 0),
    derivative: (xq, order) => evaluate(xq, orderArg(order)),
  };
}

function rangeCheck(api: string, x: Tensor): (xq: Tensor) => void {
  const d = x.data();
  const lo = d[0]!, hi = d[d.length - 1]!;
  return (xq) => {
    for (const t of xq.data())
      if (!(t >= lo && t <= hi)) throw new ArgumentError(`${api}: query ${t} is outside [${lo}, ${hi}] (pass {extrapolate: true} to extend the end pieces)`);
  };
}

const first = (v: Tensor, count: number) => ops.slice(v, 0, count);
const rest = (v: Tensor, from: number) => ops.slice(v, from);

/** Piecewise linear interpolation (extrapolates with the end segments). */
export function linear(x: TensorLike, y: TensorLike): Interpolant {
  const k = knots('interp.linear', x, y, 2);
  const slope = ops.div(ops.diff(k.y), ops.diff(k.x));
  return piecewise(k.x, [first(k.y, k.n - 1), slope]);
}

/**
 * DataInterpolations' QuadraticSpline: z solves z_0 = 0, z_{i−1} + z_i = 2(y_i − y_{i−1})/(x_i −
 * x_{i−1}) (a bidiagonal system, solved by the tridiagonal solver), and on segment i
 * s(t) = y_i + z_i·δ + ½(z_{i+1} − z_i)/(x_{i+1} − x_i)·δ². extrapolate (default false) extends
 * the end pieces; without it a query outside the knots is an ArgumentError.
 */
export function quadraticSpline(x: TensorLike, y: TensorLike, opts: { extrapolate?: boolean } = {}): Interpolant {
  const k = knots('interp.quadraticSpline', x, y, 2);
  const h = ops.diff(k.x);
  const dt = k.y.dtype as 'float32' | 'float64';
  // (the factors 2 and ½ go with h: with fixed knots, ops on x alone are constants, not ops
  // a gradient in y records and sweeps)
  const rhs = ops.concat([constantTensor(0, dt, 1), ops.div(ops.diff(k.y), ops.mul(h, 0.5))]);
  const z = tridiagonalSolve(constantTensor(1, dt, k.n - 1), constantTensor(1, dt, k.n), constantTensor(0, dt, k.n - 1), rhs);
  const curvature = ops.div(ops.diff(z), ops.mul(h, 2));
  return piecewise(k.x, [first(k.y, k.n - 1), first(z, k.n - 1), curvature], opts.extrapolate ? undefined : rangeCheck('interp.quadraticSpline', k.x));
}

export type CubicBoundary = 'natural' | 'not-a-knot' | 'clamped' | 'periodic';

/**
 * Cubic spline through (x, y) (SciPy's CubicSpline conditions): 'not-a-knot' (default; a
 * continuous third derivative at the second and second-to-last knots), 'natural' (zero second
 * derivative at the ends), 'clamped' (zero first derivative at the ends), 'periodic' (y must
 * repeat: y_0 = y_{n−1}). Solves for the second derivatives M at the knots with the
 * tridiagonal, banded (not-a-knot) or cyclic tridiagonal solver; extrapolates with the end
 * cubics.
 */
export function cubicSpline(x: TensorLike, y: TensorLike, opts: { bc?: CubicBoundary } = {}): Interpolant {
  const bc = opts.bc ?? 'not-a-knot';
  const api = 'interp.cubicSpline';
  if (!['natural', 'not-a-knot', 'clamped', 'periodic'].includes(bc)) throw expected(api, "'natural', 'not-a-knot', 'clamped' or 'periodic'", 'bc', bc);
  const k = knots(api, x, y, bc === 'periodic' ? 3 : 2);
  const { n } = k;
  const dt = { dtype: k.y.dtype as 'float32' | 'float64' };
  const h = ops.diff(k.x); // [n−1]
  const slope = ops.div(ops.diff(k.y), h); // Δ_i, [n−1]
  // interior rows i = 1..n−2: h_{i−1} M_{i−1} + 2(h_{i−1} + h_i) M_i + h_i M_{i+1} = 6(Δ_i − Δ_{i−1})
  const hl = first(h, n - 2), hr = rest(h, 1);
  const mid = ops.mul(ops.add(hl, hr), 2);
  const rhsMid = ops.mul(ops.diff(slope), 6);
  const z1 = zeros([1], dt), o1 = ones([1], dt);
  let M: Tensor;
  if (bc === 'periodic') {
    const yd = k.y.data();
    if (Math.abs(yd[0]! - yd[n - 1]!) > 1e-12 * Math.max(1, Math.abs(yd[0]!)))
      throw new ArgumentError(`${api}: periodic boundary needs y[0] = y[n−1], got ${yd[0]} and ${yd[n - 1]}`);
    // unknowns M_0..M_{m−1}, m = n − 1 (M_{n−1} = M_0); row 0 wraps around:
    // h_{m−1} M_{m−1} + 2(h_{m−1} + h_0) M_0 + h_0 M_1 = 6(Δ_0 − Δ_{m−1}), so the corners are h_{m−1}
    const m = n - 1;
    const hw = rest(h, m - 1);
    const d = ops.concat([ops.mul(ops.add(hw, first(h, 1)), 2), mid]);
    const r = ops.concat([ops.mul(ops.sub(first(slope, 1), rest(slope, m - 1)), 6), rhsMid]);
    const off = first(h, m - 1);
    const corner = ops.reshape(hw, []);
    const Mc = cyclicTridiagonalSolve(off, d, off, r, { lower: corner, upper: corner });
    M = ops.concat([Mc, first(Mc, 1)]);
  } else if (bc === 'not-a-knot' && n >= 4) {
    // rows 0 and n−1: h_1 M_0 − (h_0 + h_1) M_1 + h_0 M_2 = 0 and its mirror
    // h_{n−2} M_{n−3} − (h_{n−3} + h_{n−2}) M_{n−2} + h_{n−3} M_{n−1} = 0: a band with kl = ku = 2,
    // stored as ab[2 + i − j][j] = A[i][j]
    const zeroes = (c: number) => zeros([c], dt);
    const h0 = first(h, 1), h1 = ops.slice(h, 1, 2), hLast = rest(h, n - 2), hPrev = ops.slice(h, n - 3, n - 2);
    const ab = ops.stack([
      ops.concat([zeroes(2), h0, zeroes(n - 3)]), // A[i][i+2]: only A[0][2] = h_0
      ops.concat([zeroes(1), ops.neg(ops.add(h0, h1)), hr]), // A[i][i+1]
      ops.concat([h1, mid, hPrev]), // A[i][i]
      ops.concat([hl, ops.neg(ops.add(hPrev, hLast)), zeroes(1)]), // A[i+1][i]
      ops.concat([zeroes(n - 3), hLast, zeroes(2)]), // A[i+2][i]: only A[n−1][n−3] = h_{n−2}
    ]);
    M = bandedSolve(ab, { kl: 2, ku: 2 }, ops.concat([z1, rhsMid, z1]));
  } else {
    // natural: M_0 = M_{n−1} = 0. clamped: s′ = 0 at the ends, 2h_0 M_0 + h_0 M_1 = 6Δ_0 and
    // h_{n−2} M_{n−2} + 2h_{n−2} M_{n−1} = −6Δ_{n−2}. not-a-knot with n = 3: the parabola,
    // M_0 = M_1 = M_2; with n = 2: the line, M = 0.
    const parabola = bc === 'not-a-knot' && n === 3;
    const clamped = bc === 'clamped';
    const hFirst = first(h, 1), hLast = rest(h, n - 2);
    const d0 = clamped ? ops.mul(hFirst, 2) : o1;
    const dn = clamped ? ops.mul(hLast, 2) : o1;
    const u0 = clamped ? hFirst : parabola ? ops.neg(o1) : z1;
    const ln = clamped ? hLast : parabola ? ops.neg(o1) : z1;
    const r0 = clamped ? ops.mul(first(slope, 1), 6) : z1;
    const rn = clamped ? ops.mul(rest(slope, n - 2), -6) : z1;
    M = tridiagonalSolve(ops.concat([hl, ln]), ops.concat([d0, mid, dn]), ops.concat([u0, hr]), ops.concat([r0, rhsMid, rn]));
  }
  // on segment i: s = y_i + b_i δ + (M_i/2) δ² + (M_{i+1} − M_i)/(6h_i) δ³, b_i = Δ_i − h_i(2M_i + M_{i+1})/6
  const Mi = first(M, n - 1), Mn = rest(M, 1);
  const b = ops.sub(slope, ops.div(ops.mul(h, ops.add(ops.mul(Mi, 2), Mn)), 6));
  return piecewise(k.x, [first(k.y, n - 1), b, ops.mul(Mi, 0.5), ops.div(ops.sub(Mn, Mi), ops.mul(h, 6))]);
}
