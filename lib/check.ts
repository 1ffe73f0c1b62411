// check: derivative checkers for users' functions, rules and operators. Reverse and forward
// derivatives are compared with central differences and their Richardson extrapolation
// (D(h) + (D(h) − D(2h))/3, error O(h⁴)), and with each other through the dot-product identity
// ⟨ū, J v⟩ = ⟨Jᵀū, v⟩; a failure throws a GradcheckError naming the argument, the index and the
// expected and actual values.
import * as ops from './ops.js';
import { jvp, vjp } from './transforms.js';
import { tensor } from './create.js';
import { rng as makeRng } from './random.js';
import { AdjointError, ArgumentError, expected } from './errors.js';
import { Tensor } from './tensor.js';
import { isComplexDtype } from './dtype.js';
import type { LinearOperator } from './linop.js';

export class GradcheckError extends AdjointError {}

export interface GradcheckOptions {
  rtol?: number;
  atol?: number;
  /** The finite-difference step (default 1e-4 for float64, 1e-2 for float32; relative to |x|). */
  eps?: number;
  seed?: number;
  /** Check every index of arguments up to this many elements (default 64). */
  maxIndexChecks?: number;
  /** 'central' or 'richardson' (default) finite differences. */
  method?: 'central' | 'richardson';
}

const f64 = (t: Tensor) => Array.from(t.data());
const inner = (a: Tensor, b: Tensor) => ops.sum(ops.real(ops.mul(ops.conj(a), b))).item();

function tol(dtype: string, o: GradcheckOptions) {
  const single = dtype === 'float32' || dtype === 'complex64';
  return { rtol: o.rtol ?? (single ? 2e-2 : 1e-6), atol: o.atol ?? (single ? 1e-3 : 1e-9), eps: o.eps ?? (single ? 1e-2 : 1e-4) };
}

/**
 * Checks f's reverse and forward derivatives at `args` (Tensors are differentiated; numbers are
 * held fixed) against finite differences. Returns true, or throws a GradcheckError report.
 */
export function gradcheck(f: (...args: any[]) => Tensor, args: readonly unknown[], opts: GradcheckOptions = {}): true { // eslint-disable-line @typescript-eslint/no-explicit-any
  if (typeof f !== 'function') throw expected('check.gradcheck', 'a function', 'f', f);
  if (!Array.isArray(args)) throw expected('check.gradcheck', 'an array of arguments', 'args', args);
  const rng = makeRng(opts.seed ?? 1234);
  const y0 = f(...args);
  if (!(y0 instanceof Tensor)) throw new ArgumentError('check.gradcheck: f must return a Tensor');
  const u = ops.astype(rng.normal(y0.shape), y0.dtype); // the output cotangent
  const scalar = (xs: readonly unknown[]) => inner(u, f(...xs)); // ⟨u, f⟩
  const report = (lines: string[]): never => {
    throw new GradcheckError(['check.gradcheck failed:', ...lines.map((l) => `  ${l}`)].join('\n'));
  };
  const [, pullback] = vjp((...xs: unknown[]) => f(...xs), ...args);
  const bars = pullback(u) as unknown[];
  const richardson = (opts.method ?? 'richardson') === 'richardson';

  args.forEach((a, k) => {
    if (!(a instanceof Tensor)) return;
    const { rtol, atol, eps } = tol(a.dtype, opts);
    const h = eps * Math.max(1, ...f64(ops.abs(a)).map(Math.abs));
    const at = (d: Tensor, s: number) => scalar(args.map((x, j) => (j === k ? ops.add(a, ops.mul(d, s)) : x)));
    const diff = (d: Tensor, step: number) => (at(d, step) - at(d, -step)) / (2 * step);
    const fd = (d: Tensor) => (richardson ? diff(d, h) + (diff(d, h) - diff(d, 2 * h)) / 3 : diff(d, h));
    const close = (got: number, want: number, scale: number) => Math.abs(got - want) <= atol + rtol * Math.max(Math.abs(want), scale);
    const bar = bars[k] as Tensor;
    // index by index for small arguments (first: a report that names the entry)
    const barData = f64(bar);
    if (a.size <= (opts.maxIndexChecks ?? 64) && !isComplexDtype(a.dtype))
      for (let i = 0; i < a.size; i++) {
        const e = new Float64Array(a.size);
        e[i] = 1;
        const want = fd(tensor(e, { shape: a.shape, dtype: a.dtype as 'float32' | 'float64' }));
        if (!close(barData[i]!, want, Math.max(...barData.map(Math.abs), 1e-300)))
          report([`argument ${k} (shape [${a.shape}] ${a.dtype}), flat index ${i}: ∂⟨u, f⟩/∂x expected ${want} (finite differences), got ${barData[i]} (reverse mode)`]);
      }
    // a random direction: forward (⟨u, J v⟩ by jvp), reverse (⟨x̄, v⟩) and differences agree
    const v = ops.astype(makeRng((opts.seed ?? 1234) + k + 1).normal(a.shape), a.dtype);
    const fdv = fd(v);
    const [, jv] = jvp((x: Tensor) => f(...args.map((y, j) => (j === k ? x : y))), [a], [v]) as [Tensor, Tensor];
    const fwd = inner(u, jv), rev = inner(bar, v);
    const scale = Math.abs(fdv);
    if (!close(rev, fdv, scale))
      report([`argument ${k} (shape [${a.shape}] ${a.dtype}): reverse mode ⟨x̄, v⟩ = ${rev} but finite differences give ${fdv} (random direction v)`]);
    if (!close(fwd, fdv, scale))
      report([`argument ${k} (shape [${a.shape}] ${a.dtype}): forward mode ⟨u, J v⟩ = ${fwd} but finite differences give ${fdv} (random direction v)`]);
    if (!close(fwd, rev, scale))
      report([`argument ${k}: forward and reverse mode disagree: ⟨u, J v⟩ = ${fwd}, ⟨Jᵀu, v⟩ = ${rev}`]);
  });
  return true;
}

/**
 * Checks a function made by ad.defineRule: its rrule (reverse mode) and frule (forward mode)
 * against finite differences and against each other (the dot-product identity).
 */
export function testRule(fn: (...args: any[]) => Tensor, args: readonly unknown[], opts: GradcheckOptions = {}): true { // eslint-disable-line @typescript-eslint/no-explicit-any
  return gradcheck(fn, args, opts);
}

/** ⟨A x, y⟩ = ⟨x, Aᴴ y⟩ for random x, y; returns the relative mismatch, throws above rtol. */
export function dotTest(A: LinearOperator, opts: { rtol?: number; seed?: number; dtype?: 'float32' | 'float64' | 'complex64' | 'complex128' } = {}): number {
  const r = makeRng(opts.seed ?? 99);
  const [m, n] = A.shape;
  const dt = opts.dtype ?? A.dtype ?? 'float64';
  const draw = (k: number) => (isComplexDtype(dt) ? ops.astype(ops.complex(r.normal([k]), r.normal([k])), dt) : ops.astype(r.normal([k]), dt));
  const x = draw(n), y = draw(m);
  const lhs = inner(y, A.apply(x)), rhs = inner(A.adjoint().apply(y), x);
  const rel = Math.abs(lhs - rhs) / Math.max(Math.abs(lhs), Math.abs(rhs), 1e-300);
  const rtol = opts.rtol ?? (dt === 'float32' || dt === 'complex64' ? 1e-4 : 1e-10);
  if (!(rel <= rtol)) throw new GradcheckError(`check.dotTest failed for ${A.name} [${A.shape}]: ⟨A x, y⟩ = ${lhs} but ⟨x, Aᴴ y⟩ = ${rhs} (relative mismatch ${rel.toExponential(2)} > ${rtol})`);
  return rel;
}
