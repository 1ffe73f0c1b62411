// The typed errors of API.md. Native code raises them through the classes handed over here,
// so they are created in JS and carry a JS stack.
import { native } from './native.js';

export class AdjointError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}
export class ShapeError extends AdjointError {}
export class DTypeError extends AdjointError {}
export class SingularMatrixError extends AdjointError {}
export class MutationError extends AdjointError {}
export class NotDifferentiableError extends AdjointError {}
export class ArgumentError extends AdjointError {}
/** Use of a tensor after dispose(), or of a traced intermediate after its transformation returned. */
export class DisposedError extends ArgumentError {}
/** A broken invariant inside adjoint: please report it. */
export class InternalError extends AdjointError {}

native.setErrorClasses({
  Shape: ShapeError,
  DType: DTypeError,
  SingularMatrix: SingularMatrixError,
  Mutation: MutationError,
  NotDifferentiable: NotDifferentiableError,
  Argument: ArgumentError,
  Disposed: DisposedError,
  Internal: InternalError,
});

function describe(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) return `array of length ${v.length}`;
  if (v === null) return 'null';
  if (typeof v === 'object') return (v as object).constructor?.name ?? 'object';
  return `${String(v)} of type ${typeof v}`;
}

/** `Expected <what> for <name> but received <value>` (an ArgumentError), prefixed by the API name. */
export function expected(api: string, what: string, name: string, value: unknown): ArgumentError {
  return new ArgumentError(`${api}: expected ${what} for ${name} but received ${describe(value)}`);
}

/** v as a count (an integer ≥ min: sizes, orders, band widths), else the ArgumentError of expected. */
export function countArg(api: string, name: string, v: unknown, min: 0 | 1): number {
  if (!Number.isInteger(v) || (v as number) < min) throw expected(api, min ? 'a positive integer' : 'a non-negative integer', name, v);
  return v as number;
}
