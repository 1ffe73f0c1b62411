// optim.minimize: deterministic optimizers on a tree-shaped x0 (flattened with ad.flatten),
// gradients by reverse mode. L-BFGS (two-loop recursion, history m), BFGS (dense inverse
// Hessian), nonlinear conjugate gradient (Polak–Ribière+, restarts on loss of descent) with a
// strong-Wolfe line search (Nocedal & Wright, algorithms 3.5 and 3.6, cubic interpolation),
// gradient descent with Armijo backtracking, and Adam. Convergence as Optim.jl: the gradient's
// infinity norm (gtol), the relative change of f (ftol) or of x (xtol), maxIter, timeLimit.
import { compile, valueAndGrad } from './transforms.js';
import { tensor } from './create.js';
import { flatten } from './tree.js';
import { ArgumentError, expected } from './errors.js';
import { Tensor } from './tensor.js';

export type Method = 'lbfgs' | 'bfgs' | 'cg' | 'gd' | 'adam';

export interface IterationInfo {
  iteration: number;
  value: number;
  gradNorm: number;
  step: number;
  evaluations: number;
  elapsedMs: number;
}

export interface MinimizeOptions {
  method?: Method;
  maxIter?: number;
  /** stop when ‖∇f‖∞ ≤ gtol (default 1e-8) */
  gtol?: number;
  /** stop when |Δf| ≤ ftol·|f| (default 0: off) */
  ftol?: number;
  /** stop when ‖Δx‖∞ ≤ xtol·‖x‖∞ (default 0: off) */
  xtol?: number;
  /** stop after this many milliseconds */
  timeLimit?: number;
  /** L-BFGS history (default 10) */
  m?: number;
  /** Adam's learning rate (default 1e-3) */
  lr?: number;
  /** called after every iteration; returning true stops */
  onIteration?: (info: IterationInfo) => boolean | void;
  /** a live progress line on stdout when it is a TTY */
  progress?: boolean;
  /** record f once with compile() and replay it natively at every evaluation (much faster
   * for small problems); f must then not branch on the values of its input (compile's rule) */
  compile?: boolean;
}

export interface MinimizeResult {
  x: unknown;
  value: number;
  gradNorm: number;
  iterations: number;
  evaluations: number;
  converged: boolean;
  reason: string;
  method: Method;
  trace: IterationInfo[];
  toString(): string;
}

type Vec = Float64Array;
const dotv = (a: Vec, b: Vec) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
};
const infNorm = (a: Vec) => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]!));
  return m;
};
const axpy = (x: Vec, a: number, d: Vec) => {
  const r = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) r[i] = x[i]! + a * d[i]!;
  return r;
};
const minus = (a: Vec, b: Vec) => axpy(a, -1, b);
const negated = (a: Vec) => axpy(new Float64Array(a.length), -1, a);

interface Point { x: Vec; f: number; g: Vec }

class Objective {
  evaluations = 0;
  iteration = 0;
  private readonly vg: (u: Tensor) => [Tensor, Tensor];
  constructor(f: (x: unknown) => unknown, private readonly unflatten: (v: Tensor) => unknown, private readonly dtype: 'float32' | 'float64', compiledAt?: Tensor) {
    const flat = (u: Tensor) => f(this.unflatten(u));
    this.vg = (compiledAt ? compile(flat, compiledAt).valueAndGrad : valueAndGrad(flat)) as (u: Tensor) => [Tensor, Tensor];
  }
  at(x: Vec): Point {
    this.evaluations++;
    const [v, g] = this.vg(tensor(x, { dtype: this.dtype }));
    const f = typeof v === 'number' ? v : v.item();
    const gv = Float64Array.from(g.data());
    if (!Number.isFinite(f)) throw new ArgumentError(`optim.minimize: the objective is ${f} at iteration ${this.iteration} (evaluation ${this.evaluations})`);
    if (!gv.every(Number.isFinite)) throw new ArgumentError(`optim.minimize: the gradient has non-finite entries at iteration ${this.iteration} (evaluation ${this.evaluations})`);
    return { x, f, g: gv };
  }
}

// Strong-Wolfe line search along d from p: returns the accepted point and step, or null.
function wolfe(obj: Objective, p: Point, d: Vec, alpha0: number, c1: number, c2: number): { q: Point; alpha: number } | null {
  const dphi0 = dotv(p.g, d);
  const phi = (a: number) => {
    const q = obj.at(axpy(p.x, a, d));
    return { q, a, f: q.f, df: dotv(q.g, d) };
  };
  type S = ReturnType<typeof phi>;
  const zoom = (lo: S, hi: S): S | null => {
    for (let k = 0; k < 30; k++) {
      // the minimizer of the cubic through (lo, hi) with their slopes, kept inside the bracket
      const d1 = lo.df + hi.df - (3 * (lo.f - hi.f)) / (lo.a - hi.a);
      const rad = d1 * d1 - lo.df * hi.df;
      let a = (lo.a + hi.a) / 2;
      if (rad >= 0) {
        const d2 = Math.sign(hi.a - lo.a) * Math.sqrt(rad);
        const c = hi.a - (hi.a - lo.a) * ((hi.df + d2 - d1) / (hi.df - lo.df + 2 * d2));
        const [l, h] = lo.a < hi.a ? [lo.a, hi.a] : [hi.a, lo.a];
        if (Number.isFinite(c) && c > l + 0.01 * (h - l) && c < h - 0.01 * (h - l)) a = c;
      }
      const s = phi(a);
      if (s.f > p.f + c1 * a * dphi0 || s.f >= lo.f) hi = s;
      else {
        if (Math.abs(s.df) <= -c2 * dphi0) return s;
        if (s.df * (hi.a - lo.a) >= 0) hi = lo;
        lo = s;
      }
      if (Math.abs(hi.a - lo.a) <= 1e-16 * Math.max(1, Math.abs(lo.a))) return lo.a > 0 && lo.f < p.f ? lo : null;
    }
    return lo.a > 0 && lo.f < p.f ? lo : null;
  };
  let prev: S = { q: p, a: 0, f: p.f, df: dphi0 };
  let a = alpha0;
  for (let i = 0; i < 40; i++) {
    const s = phi(a);
    if (s.f > p.f + c1 * a * dphi0 || (i > 0 && s.f >= prev.f)) {
      const z = zoom(prev, s);
      return z && { q: z.q, alpha: z.a };
    }
    if (Math.abs(s.df) <= -c2 * dphi0) return { q: s.q, alpha: a };
    if (s.df >= 0) {
      const z = zoom(s, prev);
      return z && { q: z.q, alpha: z.a };
    }
    prev = s;
    a *= 2;
  }
  return null;
}

// Armijo backtracking from alpha0.
function backtrack(obj: Objective, p: Point, d: Vec, alpha0: number): { q: Point; alpha: number } | null {
  const slope = dotv(p.g, d);
  let a = alpha0;
  for (let i = 0; i < 60; i++) {
    const q = obj.at(axpy(p.x, a, d));
    if (q.f <= p.f + 1e-4 * a * slope) return { q, alpha: a };
    a *= 0.5;
  }
  return null;
}

/** Minimizes f over a tree x0 (Tensors and numbers). */
export function minimize(f: (x: any) => unknown, x0: unknown, opts: MinimizeOptions = {}): MinimizeResult { // eslint-disable-line @typescript-eslint/no-explicit-any
  if (typeof f !== 'function') throw expected('optim.minimize', 'a function', 'f', f);
  const method: Method = opts.method ?? 'lbfgs';
  if (!['lbfgs', 'bfgs', 'cg', 'gd', 'adam'].includes(method)) throw expected('optim.minimize', "'lbfgs', 'bfgs', 'cg', 'gd' or 'adam'", 'method', method);
  const maxIter = opts.maxIter ?? 1000, gtol = opts.gtol ?? 1e-8, ftol = opts.ftol ?? 0, xtol = opts.xtol ?? 0;
  const [v0, unflatten] = flatten(x0);
  const dtype = (v0.dtype === 'float32' ? 'float32' : 'float64') as 'float32' | 'float64';
  const obj = new Objective(f, unflatten, dtype, opts.compile ? v0 : undefined);
  const t0 = Date.now();
  let p = obj.at(Float64Array.from(v0.data()));
  const n = p.x.length;
  const trace: IterationInfo[] = [];
  const tty = opts.progress && process.stdout.isTTY;
  let reason = 'maxIter', converged = false;

  // method state
  let d: Vec = negated(p.g);
  let alphaPrev = 1 / Math.max(1e-12, Math.sqrt(dotv(p.g, p.g)));
  const S: Vec[] = [], Y: Vec[] = [];
  let H: Float64Array | null = method === 'bfgs' ? new Float64Array(n * n) : null;
  if (H) for (let i = 0; i < n; i++) H[i * n + i] = 1;
  const adam = { m: new Float64Array(n), v: new Float64Array(n), lr: opts.lr ?? 1e-3 };

  if (infNorm(p.g) <= gtol) {
    reason = 'gtol';
    converged = true;
  }
  for (let it = 1; !converged && it <= maxIter; it++) {
    obj.iteration = it;
    let q: Point, alpha = 1;
    if (method === 'adam') {
      const b1 = 0.9, b2 = 0.999;
      for (let i = 0; i < n; i++) {
        adam.m[i] = b1 * adam.m[i]! + (1 - b1) * p.g[i]!;
        adam.v[i] = b2 * adam.v[i]! + (1 - b2) * p.g[i]! ** 2;
      }
      const c1 = 1 / (1 - b1 ** it), c2 = 1 / (1 - b2 ** it);
      q = obj.at(p.x.map((x, i) => x - (adam.lr * adam.m[i]! * c1) / (Math.sqrt(adam.v[i]! * c2) + 1e-8)));
      alpha = adam.lr;
    } else {
      // the search direction
      if (method === 'gd') d = negated(p.g);
      else if (method === 'lbfgs') {
        const qv = Float64Array.from(p.g), a = new Float64Array(S.length);
        for (let k = S.length - 1; k >= 0; k--) {
          const sk = S[k]!, yk = Y[k]!;
          const ak = dotv(sk, qv) / dotv(yk, sk);
          a[k] = ak;
          for (let i = 0; i < n; i++) qv[i]! -= ak * yk[i]!;
        }
        const gamma = S.length ? dotv(S[S.length - 1]!, Y[Y.length - 1]!) / dotv(Y[Y.length - 1]!, Y[Y.length - 1]!) : 1;
        for (let i = 0; i < n; i++) qv[i]! *= gamma;
        for (let k = 0; k < S.length; k++) {
          const sk = S[k]!, yk = Y[k]!;
          const c = a[k]! - dotv(yk, qv) / dotv(yk, sk);
          for (let i = 0; i < n; i++) qv[i]! += c * sk[i]!;
        }
        d = negated(qv);
      } else if (method === 'bfgs') {
        d = new Float64Array(n);
        for (let i = 0; i < n; i++) {
          let s = 0;
          for (let j = 0; j < n; j++) s += H![i * n + j]! * p.g[j]!;
          d[i] = -s;
        }
      }
      if (!(dotv(d, p.g) < 0)) d = negated(p.g); // not a descent direction: restart
      const alpha0 = method === 'cg' || method === 'gd' ? alphaPrev : S.length || (method === 'bfgs' && it > 1) ? 1 : alphaPrev;
      const ls = method === 'gd' ? backtrack(obj, p, d, Math.min(1, alpha0 * 2)) : wolfe(obj, p, d, alpha0, 1e-4, method === 'cg' ? 0.1 : 0.9);
      if (!ls) {
        reason = 'line search failed';
        break;
      }
      q = ls.q;
      alpha = ls.alpha;
      const s = minus(q.x, p.x), y = minus(q.g, p.g);
      const sy = dotv(s, y);
      if (method === 'lbfgs' && sy > 1e-300) {
        S.push(s);
        Y.push(y);
        if (S.length > (opts.m ?? 10)) (S.shift(), Y.shift());
      } else if (method === 'bfgs' && sy > 1e-300) {
        if (it === 1) {
          const scale = sy / dotv(y, y);
          for (let i = 0; i < n * n; i++) H![i]! *= scale;
        }
        // H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ
        const rho = 1 / sy;
        const Hy = new Float64Array(n);
        for (let i = 0; i < n; i++) {
          let acc = 0;
          for (let j = 0; j < n; j++) acc += H![i * n + j]! * y[j]!;
          Hy[i] = acc;
        }
        const yHy = dotv(y, Hy);
        for (let i = 0; i < n; i++)
          for (let j = 0; j < n; j++) H![i * n + j]! += rho * ((1 + rho * yHy) * s[i]! * s[j]! - Hy[i]! * s[j]! - s[i]! * Hy[j]!);
      } else if (method === 'cg') {
        // Polak–Ribière+: β = max(0, gᵀ(g − g_prev)/‖g_prev‖²)
        const beta = Math.max(0, dotv(q.g, y) / dotv(p.g, p.g));
        const dn = axpy(negated(q.g), beta, d);
        // the next initial step: α·(g_prevᵀd_prev)/(gᵀd) (Nocedal & Wright 3.60)
        const gd = dotv(q.g, dn);
        alphaPrev = gd < 0 ? (alpha * dotv(p.g, d)) / gd : alpha;
        d = dn;
      }
      if (method === 'gd') alphaPrev = alpha;
    }
    const dx = xtol > 0 ? infNorm(minus(q.x, p.x)) : 0, df = Math.abs(q.f - p.f);
    p = q;
    const info: IterationInfo = { iteration: it, value: p.f, gradNorm: infNorm(p.g), step: alpha, evaluations: obj.evaluations, elapsedMs: Date.now() - t0 };
    trace.push(info);
    if (tty) process.stdout.write(`\r${method} iter ${it}  f = ${p.f.toExponential(6)}  |g| = ${info.gradNorm.toExponential(2)}  evals ${obj.evaluations}   `);
    if (info.gradNorm <= gtol) [reason, converged] = ['gtol', true];
    else if (ftol > 0 && df <= ftol * Math.abs(p.f)) [reason, converged] = ['ftol', true];
    else if (xtol > 0 && dx <= xtol * infNorm(p.x)) [reason, converged] = ['xtol', true];
    else if (opts.onIteration?.(info) === true) reason = 'stopped by onIteration';
    else if (opts.timeLimit !== undefined && Date.now() - t0 > opts.timeLimit) reason = 'timeLimit';
    else continue;
    break;
  }
  if (tty) process.stdout.write('\n');
  const gradNorm = infNorm(p.g);
  const x = unflatten(tensor(p.x, { dtype }));
  const iterations = trace.length;
  return {
    x, value: p.f, gradNorm, iterations, evaluations: obj.evaluations, converged, reason, method, trace,
    toString: () => [
      `optim.minimize (${method}): ${converged ? 'converged' : 'not converged'} — ${reason}`,
      `  f(x)        ${p.f}`,
      `  ‖∇f(x)‖∞    ${gradNorm.toExponential(3)}`,
      `  iterations  ${iterations}`,
      `  f/∇f calls  ${obj.evaluations}`,
      `  time        ${Date.now() - t0} ms`,
    ].join('\n'),
  };
}
