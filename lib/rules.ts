// ad.defineRule: functions with hand-written derivative rules (ChainRules' rrule/frule).
// Note [Custom rules] (native/core/custom.h). Under a reverse level the rule's output is
// recorded as one tape node whose pullback is the user's, called from the native sweep; under a
// forward level the frule gives the tangent — or, with only an rrule, the tangent comes from
// the pullback, which is linear in ȳ: J·ẋ is the gradient in ȳ of ⟨pullback(ȳ), ẋ⟩ (the
// double-VJP trick), so forward mode and hessian work with rrule-only rules. Rules see the
// arguments one level down and may call any adjoint op, so they nest like built-in ops.
import { native } from './native.js';
import type { Handle } from './native-types.js';
import { grad } from './transforms.js';
import { full, zerosLike } from './create.js';
import * as ops from './ops.js';
import { ArgumentError, expected } from './errors.js';
import { ARGS, Tensor, fill } from './tensor.js';

type Arg = Tensor | number;
/** rrule(...xs) → [y, pullback]; pullback(ȳ) → one cotangent per argument (null: none). */
export type RRule = (...xs: Arg[]) => [Tensor, (ybar: Tensor) => (Tensor | number | null | undefined)[]];
/** frule(xs, ẋs) → [y, ẏ]. */
export type FRule = (xs: Arg[], dxs: Tensor[]) => [Tensor, Tensor];

export interface RuleOptions {
  name?: string;
  rrule?: RRule;
  frule?: FRule;
}

const REVERSE = 1;
const TAYLOR = 2;

function lowered(tag: number, x: Arg): Arg {
  if (!(x instanceof Tensor)) return x;
  const shell = new Tensor();
  return fill(shell, native.lower(shell, tag, x.h));
}

function tangentOf(tag: number, x: Arg, lanes: number): Tensor {
  if (!(x instanceof Tensor)) return full(lanes ? [lanes] : [], 0);
  const shell = new Tensor();
  return fill(shell, native.tangent(shell, tag, x.h));
}

/** Prefixes an error thrown inside a rule with the rule's name (once). */
function named(name: string, e: unknown): unknown {
  if (e instanceof Error && !e.message.startsWith(`rule '${name}'`)) e.message = `rule '${name}': ${e.message}`;
  return e;
}

function checkResult(name: string, what: string, r: unknown): asserts r is [Tensor, unknown] {
  if (!Array.isArray(r) || r.length !== 2 || !(r[0] instanceof Tensor))
    throw new ArgumentError(`rule '${name}': ${what} must return [y, ${what === 'rrule' ? 'pullback' : 'ẏ'}] with y a Tensor`);
  if (what === 'rrule' && typeof r[1] !== 'function') throw new ArgumentError(`rule '${name}': rrule must return [y, pullback] with pullback a function`);
}

/** What a pullback returned, checked: one cotangent per argument. */
function checkCotangents(name: string, cts: unknown, count: number): asserts cts is unknown[] {
  if (!Array.isArray(cts) || cts.length !== count)
    throw new ArgumentError(`rule '${name}': the pullback must return ${count} cotangent(s) (null for a non-differentiable argument), got ${Array.isArray(cts) ? cts.length : typeof cts}`);
}

/**
 * The handle of a pullback's cotangent c for argument x (as the rule saw it: the traced
 * argument is released by the time the sweep runs); NaN for none (null, or x a number).
 */
function cotangentHandle(c: unknown, x: Arg): Handle {
  if (c === null || c === undefined || !(x instanceof Tensor)) return NaN;
  return (c instanceof Tensor ? c : full([], c as number, { dtype: x.dtype })).h;
}

/** fn with its derivative given by `rrule` (reverse mode) and/or `frule` (forward mode). */
export function defineRule<F extends (...xs: any[]) => Tensor>(fn: F, opts: RuleOptions): F { // eslint-disable-line @typescript-eslint/no-explicit-any
  if (typeof fn !== 'function') throw expected('defineRule', 'a function', 'fn', fn);
  const name = opts.name ?? (fn.name || 'rule');
  const { rrule, frule } = opts;
  if (rrule !== undefined && typeof rrule !== 'function') throw expected('defineRule', 'a function', 'rrule', rrule);
  if (frule !== undefined && typeof frule !== 'function') throw expected('defineRule', 'a function', 'frule', frule);

  const ruled = (...xs: Arg[]): Tensor => {
    // the arguments' handles go through the argument buffer (Note [Argument buffer])
    if (xs.length > ARGS.length) throw new ArgumentError(`rule '${name}': takes at most ${ARGS.length} arguments, got ${xs.length}`);
    let n = 0;
    for (let k = 0; k < xs.length; k++) {
      const x = xs[k];
      if (x instanceof Tensor) ARGS[n++] = x.h;
      else if (typeof x !== 'number') throw expected(name, 'a Tensor or a number', `argument ${k}`, x);
    }
    native.topLevelb(n);
    const tag = ARGS[0]!, kind = ARGS[1]!, below = ARGS[2]!, lanes = ARGS[3]!;
    // no level involved, or no rule for this mode: the function itself (its ops are recorded;
    // Taylor mode always takes this path — a first-order rule says nothing of higher terms)
    if (tag === 0 || kind === TAYLOR || (kind === REVERSE ? !rrule : !frule && !rrule)) return fn(...xs);
    const low = xs.map((x) => lowered(tag, x));
    // Levels below this one see the rule too: the primal goes through `ruled` again when any
    // lowered argument is still traced.
    const traced = below !== 0;
    try {
      if (kind === REVERSE) {
        const r = rrule!(...low);
        checkResult(name, 'rrule', r);
        const [y0, pullback] = r as [Tensor, (yb: Tensor) => unknown];
        const y = traced ? ruled(...low) : y0;
        const adapter = (): void => {
          const ybar = new Tensor();
          fill(ybar, native.customPending(ybar));
          let cts: unknown;
          try {
            cts = pullback(ybar);
          } catch (e) {
            throw named(name, e);
          }
          checkCotangents(name, cts, xs.length);
          // straight into the buffer: cotangentHandle runs no op that uses it (full is one
          // direct native call)
          for (let k = 0; k < cts.length; k++) ARGS[k] = cotangentHandle(cts[k], low[k]!);
        };
        const out = new Tensor();
        const inputs = n === xs.length ? (xs as Tensor[]) : xs.map((x) => (x instanceof Tensor ? x : full([], x)));
        for (let k = 0; k < inputs.length; k++) ARGS[k] = inputs[k]!.h;
        return fill(out, native.customRecord(out, tag, inputs.length, y.h, adapter, name, inputs));
      }
      // forward level: [y, ẏ] for one tangent direction
      const forward = (dxs: Tensor[]): [Tensor, Tensor] => {
        if (frule) {
          const r = frule(low, dxs);
          checkResult(name, 'frule', r);
          return r as [Tensor, Tensor];
        }
        const r = rrule!(...low);
        checkResult(name, 'rrule', r);
        const [y0, pullback] = r as [Tensor, (yb: Tensor) => (Tensor | number | null)[]];
        // J·ẋ = ∇_ȳ ⟨pullback(ȳ), ẋ⟩ (the pullback is linear in ȳ)
        const dy = grad((ybar: Tensor) => {
          const cts = pullback(ybar);
          checkCotangents(name, cts, xs.length);
          let s: Tensor | number = 0;
          cts.forEach((c, k) => {
            if (c !== null && c !== undefined && xs[k] instanceof Tensor) s = ops.add(s, ops.sum(ops.mul(c, dxs[k]!)));
          });
          return s;
        })(zerosLike(y0)) as Tensor; // (any ȳ would do: the pullback is linear in it)
        return [y0, dy];
      };
      const dxs = xs.map((x) => tangentOf(tag, x, lanes));
      let y: Tensor, dy: Tensor;
      if (lanes === 0) [y, dy] = forward(dxs);
      else {
        // a batched level (tangent lanes): the rule sees one direction at a time
        const each = Array.from({ length: lanes }, (_, j) => forward(dxs.map((d) => ops.reshape(ops.slice(d, j, j + 1), d.shape.slice(1)))));
        y = each[0]![0];
        dy = ops.stack(each.map((r) => r[1]), 0);
      }
      if (traced) y = ruled(...low);
      const out = new Tensor();
      return fill(out, native.dual(out, tag, y.h, dy.h));
    } catch (e) {
      throw named(name, e);
    }
  };
  return ruled as unknown as F;
}
