// optim.minimize: deterministic optimizers on a tree-shaped x0 (flattened with ad.flatten),
// gradients by reverse mode. L-BFGS (two-loop recursion, history m), BFGS (dense inverse
// Hessian), nonlinear conjugate gradient (Polak–Ribière+, restarts on loss of descent) with a
// strong-Wolfe line search (Nocedal & Wright, algorithms 3.5 and 3.6, cubic interpolation),
// gradient descent with Armijo backtracking, and Adam. Without curvature information the first
// trial step is a unit-length move along −∇f (as SciPy's L-BFGS-B), after it the quasi-Newton
// step 1. Convergence as Optim.jl: the gradient's infinity norm (gtol), the relative change of
// f (ftol) or of x (xtol), maxIter, timeLimit.
import { native } from './native.js';
import { compile, valueAndGrad } from './transforms.js';
import { tensor } from './create.js';
import { flatten } from './tree.js';
import { ArgumentError, countArg, expected } from './errors.js';
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
const maxAbsDiff = (a: Vec, b: Vec) => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
};
/** out ← x + a·d (out may be x or d) */
const addScaled = (out: Vec, x: Vec, a: number, d: Vec) => {
  for (let i = 0; i < x.length; i++) out[i] = x[i]! + a * d[i]!;
  return out;
};
/** out ← −g */
const negate = (out: Vec, g: Vec) => {
  for (let i = 0; i < g.length; i++) out[i] = -g[i]!;
  return out;
};
const allFinite = (a: Vec) => {
  for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i]!)) return false;
  return true;
};
/** The values as a Float64Array (data() of a float32 tensor is a Float32Array) */
const float64 = (a: Float64Array | Float32Array): Vec => (a instanceof Float64Array ? a : Float64Array.from(a));
/** The first trial step along −g when there is no curvature information yet: a unit-length move. */
const unitStep = (g: Vec) => 1 / Math.max(1e-12, Math.sqrt(dotv(g, g)));

interface Point { x: Vec; f: number; g: Vec }
interface Step { q: Point; alpha: number }

type Real = 'float32' | 'float64';

class Objective {
  evaluations = 0;
  iteration = 0;
  private readonly vg: (u: Tensor) => [Tensor, Tensor];
  /** flat: the objective of the flattened x (a vector of dtype) */
  constructor(flat: (u: Tensor) => unknown, private readonly dtype: Real, compiledAt?: Tensor) {
    this.vg = (compiledAt ? compile(flat, compiledAt).valueAndGrad : valueAndGrad(flat)) as (u: Tensor) => [Tensor, Tensor];
  }
  /** f and ∇f at x, which the returned point keeps (the caller must not reuse it) */
  at(x: Vec): Point {
    this.evaluations++;
    const [v, g] = this.vg(tensor(x, { dtype: this.dtype }));
    const f = typeof v === 'number' ? v : v.item();
    const gv = float64(g.data());
    if (!Number.isFinite(f)) throw new ArgumentError(`optim.minimize: the objective is ${f} at iteration ${this.iteration} (evaluation ${this.evaluations})`);
    if (!allFinite(gv)) throw new ArgumentError(`optim.minimize: the gradient has non-finite entries at iteration ${this.iteration} (evaluation ${this.evaluations})`);
    return { x, f, g: gv };
  }
  /** the point p.x + a·d */
  along(p: Point, a: number, d: Vec): Point {
    return this.at(addScaled(new Float64Array(d.length), p.x, a, d));
  }
}

// Strong-Wolfe line search along d from p: returns the accepted point and step, or null.
function wolfe(obj: Objective, p: Point, d: Vec, alpha0: number, c1: number, c2: number): Step | null {
  const dphi0 = dotv(p.g, d);
  const phi = (a: number) => {
    const q = obj.along(p, a, d);
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
function backtrack(obj: Objective, p: Point, d: Vec, alpha0: number): Step | null {
  const slope = dotv(p.g, d);
  let a = alpha0;
  for (let i = 0; i < 60; i++) {
    const q = obj.along(p, a, d);
    if (q.f <= p.f + 1e-4 * a * slope) return { q, alpha: a };
    a *= 0.5;
  }
  return null;
}

/** One iteration of a method from p: the next point and the step taken, or null when the line search failed. */
type Stepper = (p: Point, it: number) => Step | null;

/** d ← −g when d is not a descent direction (restarts a method whose model went bad); true if it was. */
function ensureDescent(d: Vec, g: Vec): boolean {
  if (dotv(d, g) < 0) return true;
  negate(d, g);
  return false;
}

/**
 * The last m curvature pairs sᵢ = xᵢ₊₁ − xᵢ, yᵢ = ∇fᵢ₊₁ − ∇fᵢ, in one array allocated once in
 * the layout of native/optim/quasi_newton.h ([size, oldest, γ, ρ (m), α (m), s (m·n), y (m·n)]),
 * which native kernels update and apply: an iteration's vector arithmetic in a few fused passes.
 */
class LbfgsMemory {
  private readonly mem: Float64Array;
  constructor(n: number, m: number) {
    this.mem = new Float64Array(3 + 2 * m + 2 * m * n);
  }
  get size(): number {
    return this.mem[0]!;
  }
  /** Records the pair from p to q, unless sᵀy ≤ 0: H would then lose positive definiteness. */
  push(p: Point, q: Point): void {
    native.lbfgsPush(this.mem, p.x, q.x, p.g, q.g);
  }
  /** d ← −H∇f by the two-loop recursion (Nocedal & Wright, algorithm 7.4); H₀ = I without pairs. */
  direction(g: Vec, d: Vec): Vec {
    native.lbfgsDirection(this.mem, g, d);
    return d;
  }
}

function lbfgs(obj: Objective, n: number, m: number): Stepper {
  const mem = new LbfgsMemory(n, m), d = new Float64Array(n);
  return (p) => {
    mem.direction(p.g, d);
    // without curvature pairs d = −∇f, whose length says nothing about the step: start at a
    // unit-length move; with them the quasi-Newton step 1 is the natural first trial
    const alpha0 = ensureDescent(d, p.g) && mem.size ? 1 : unitStep(p.g);
    const ls = wolfe(obj, p, d, alpha0, 1e-4, 0.9);
    if (ls) mem.push(p, ls.q);
    return ls;
  };
}

function bfgs(obj: Objective, n: number): Stepper {
  // the dense inverse Hessian, updated natively (native/optim/quasi_newton.h)
  const H = new Float64Array(n * n), d = new Float64Array(n), work = new Float64Array(3 * n);
  for (let i = 0; i < n; i++) H[i * n + i] = 1;
  let scaled = false;
  return (p, it) => {
    native.bfgsDirection(H, p.g, d);
    const alpha0 = ensureDescent(d, p.g) && it > 1 ? 1 : unitStep(p.g);
    const ls = wolfe(obj, p, d, alpha0, 1e-4, 0.9);
    if (!ls) return null;
    // H₀ = (sᵀy/yᵀy) I before the first update (Nocedal & Wright 6.20)
    if (native.bfgsUpdate(H, p.x, ls.q.x, p.g, ls.q.g, !scaled, work)) scaled = true;
    return ls;
  };
}

function cg(obj: Objective, p0: Point): Stepper {
  const d = negate(new Float64Array(p0.g.length), p0.g);
  let alpha0 = unitStep(p0.g);
  return (p) => {
    if (!ensureDescent(d, p.g)) alpha0 = unitStep(p.g);
    const ls = wolfe(obj, p, d, alpha0, 1e-4, 0.1);
    if (!ls) return null;
    const q = ls.q, gd0 = dotv(p.g, d);
    // Polak–Ribière+: β = max(0, gᵀ(g − g_prev)/‖g_prev‖²)
    const beta = Math.max(0, (dotv(q.g, q.g) - dotv(q.g, p.g)) / dotv(p.g, p.g));
    for (let i = 0; i < d.length; i++) d[i] = beta * d[i]! - q.g[i]!;
    // the next initial step: α·(g_prevᵀd_prev)/(gᵀd) (Nocedal & Wright 3.60)
    const gd = dotv(q.g, d);
    alpha0 = gd < 0 ? (ls.alpha * gd0) / gd : ls.alpha;
    return ls;
  };
}

function gd(obj: Objective, n: number): Stepper {
  const d = new Float64Array(n);
  let alpha = 1;
  return (p, it) => {
    negate(d, p.g);
    const ls = backtrack(obj, p, d, it === 1 ? Math.min(1, 2 * unitStep(p.g)) : Math.min(1, 2 * alpha));
    if (ls) alpha = ls.alpha;
    return ls;
  };
}

function adam(obj: Objective, n: number, lr: number): Stepper {
  const m = new Float64Array(n), v = new Float64Array(n), b1 = 0.9, b2 = 0.999;
  return (p, it) => {
    for (let i = 0; i < n; i++) {
      m[i] = b1 * m[i]! + (1 - b1) * p.g[i]!;
      v[i] = b2 * v[i]! + (1 - b2) * p.g[i]! ** 2;
    }
    const c1 = 1 / (1 - b1 ** it), c2 = 1 / (1 - b2 ** it);
    return { q: obj.at(p.x.map((x, i) => x - (lr * m[i]! * c1) / (Math.sqrt(v[i]! * c2) + 1e-8))), alpha: lr };
  };
}

function stepper(method: Method, obj: Objective, p0: Point, opts: MinimizeOptions): Stepper {
  const n = p0.x.length;
  switch (method) {
    case 'lbfgs': return lbfgs(obj, n, countArg('optim.minimize', 'm', opts.m ?? 10, 1));
    case 'bfgs': return bfgs(obj, n);
    case 'cg': return cg(obj, p0);
    case 'gd': return gd(obj, n);
    case 'adam': return adam(obj, n, opts.lr ?? 1e-3);
  }
}

/** Minimizes f over a tree x0 (Tensors and numbers). */
export function minimize(f: (x: any) => unknown, x0: unknown, opts: MinimizeOptions = {}): MinimizeResult { // eslint-disable-line @typescript-eslint/no-explicit-any
  if (typeof f !== 'function') throw expected('optim.minimize', 'a function', 'f', f);
  const method: Method = opts.method ?? 'lbfgs';
  if (!['lbfgs', 'bfgs', 'cg', 'gd', 'adam'].includes(method)) throw expected('optim.minimize', "'lbfgs', 'bfgs', 'cg', 'gd' or 'adam'", 'method', method);
  const maxIter = opts.maxIter ?? 1000, gtol = opts.gtol ?? 1e-8, ftol = opts.ftol ?? 0, xtol = opts.xtol ?? 0;
  // a real vector x0 is its own flattening: f takes it as is, without the concat at the start
  // and the slice and reshape that unflatten would record at every evaluation
  const vector = x0 instanceof Tensor && x0.ndim === 1 && (x0.dtype === 'float32' || x0.dtype === 'float64');
  const [v0, unflatten] = vector ? [x0, null] : flatten(x0);
  const dtype: Real = v0.dtype === 'float32' ? 'float32' : 'float64';
  const obj = new Objective(unflatten ? (u) => f(unflatten(u)) : f, dtype, opts.compile ? v0 : undefined);
  const t0 = Date.now();
  let p = obj.at(float64(v0.data()));
  const step = stepper(method, obj, p, opts);
  const trace: IterationInfo[] = [];
  const tty = opts.progress && process.stdout.isTTY;
  let reason = 'maxIter', converged = false;

  if (infNorm(p.g) <= gtol) {
    reason = 'gtol';
    converged = true;
  }
  for (let it = 1; !converged && it <= maxIter; it++) {
    obj.iteration = it;
    const ls = step(p, it);
    if (!ls) {
      reason = 'line search failed';
      break;
    }
    const q = ls.q;
    const dx = xtol > 0 ? maxAbsDiff(q.x, p.x) : 0, df = Math.abs(q.f - p.f);
    p = q;
    const info: IterationInfo = { iteration: it, value: p.f, gradNorm: infNorm(p.g), step: ls.alpha, evaluations: obj.evaluations, elapsedMs: Date.now() - t0 };
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
  const xt = tensor(p.x, { dtype });
  const x = unflatten ? unflatten(xt) : xt;
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
