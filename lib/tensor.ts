// The Tensor handle class: a small JS object naming a native value (DESIGN-NOTES §1), plus
// tidy/dispose/memory. Op methods are attached in methods.ts from the functions of ops.ts.
import { native } from './native.js';
import type { Handle } from './native-types.js';
import { DType, dtypeOf, isComplexDtype } from './dtype.js';
import { ArgumentError, DisposedError } from './errors.js';

/** Anything an op accepts where a tensor is expected. */
export type TensorLike = Tensor | number;

// Note [Argument buffer] (native/napi/ops_binding.cc): an op's id, handles and attributes, and
// the handles dispose and tidy release, go through one buffer shared with the addon instead of
// call arguments and JS arrays.
/** @internal */
export const ARGS = new Float64Array(native.argBuffer());

type Scope = Tensor[];
const scopes: Scope[] = [];

export class Tensor {
  /** @internal native handle; -1 once disposed */
  h: Handle = -1;
  /** @internal keeps this tensor's finalizer batch alive (Note [Finalizer batches]) */
  a: object | undefined = undefined;
  /** @internal cached [dtype, level, ...shape] */
  private meta: number[] | undefined = undefined;

  /** @internal Use ad.tensor(), ad.zeros() … to make tensors. */
  constructor() {
    // (scopes[-1] would be a slow string-keyed lookup on every op)
    if (scopes.length !== 0) scopes[scopes.length - 1]!.push(this);
  }

  /** @internal */
  info(): number[] {
    if (this.meta === undefined) {
      if (this.h < 0) throw new DisposedError('tensor was disposed');
      this.meta = native.info(this.h);
    }
    return this.meta;
  }

  get shape(): readonly number[] {
    return this.info().slice(2);
  }
  get dtype(): DType {
    return dtypeOf(this.info()[0]!);
  }
  get ndim(): number {
    return this.info().length - 2;
  }
  get size(): number {
    let n = 1;
    const m = this.info();
    for (let i = 2; i < m.length; i++) n *= m[i]!;
    return n;
  }

  /** A copy of the values (complex interleaved re, im). */
  data(): Float64Array | Float32Array {
    return native.read(this.h);
  }

  /** The value of a tensor with one element. */
  item(): number {
    return native.item(this.h);
  }

  /** Nested JS arrays (complex values as [re, im] pairs). */
  toArray(): unknown {
    const d = this.data();
    const shape = this.shape;
    const complex = isComplexDtype(this.dtype);
    const build = (axis: number, offset: number): unknown => {
      if (axis === shape.length) return complex ? [d[offset * 2], d[offset * 2 + 1]] : d[offset];
      const out: unknown[] = [];
      let stride = 1;
      for (let k = axis + 1; k < shape.length; k++) stride *= shape[k]!;
      for (let i = 0; i < shape[axis]!; i++) out.push(build(axis + 1, offset + i * stride));
      return out;
    };
    return build(0, 0);
  }

  /** Releases the native memory now; the tensor cannot be used afterwards. */
  dispose(): void {
    if (this.h >= 0) {
      ARGS[0] = this.h;
      native.dispose();
    }
    this.h = -1;
  }

  toString(): string {
    return `Tensor(${this.dtype}, [${this.shape.join(', ')}])`;
  }
}

// Note [Finalizer batches] (native/napi/handles.h): small tensors share one GC finalizer per
// batch of 64, put on the anchor object they all reference.
const BATCH = 64;
let anchor: object = {};
let sinceSeal = 0;

/** @internal Wraps the handle a native call returns into `shell`. */
export function fill(shell: Tensor, h: Handle): Tensor {
  shell.h = h;
  shell.a = anchor;
  if (++sinceSeal >= BATCH) seal();
  return shell;
}

/** @internal fill for the several handles one native call returned: all join the current
 * batch before it may be sealed (a seal between them would put handles of later shells under an
 * anchor those shells do not reference, to be released while they live). */
export function fillAll(shells: Tensor[], hs: Handle[]): Tensor[] {
  shells.forEach((s, i) => {
    s.h = hs[i]!;
    s.a = anchor;
  });
  sinceSeal += shells.length;
  if (sinceSeal >= BATCH) seal();
  return shells;
}

function seal(): void {
  native.sealBatch(anchor);
  anchor = {};
  sinceSeal = 0;
}

/** @internal The handle of a tensor argument, with a clear error for anything else. */
export function handleOf(x: unknown, api: string, name = 'argument'): Handle {
  if (x instanceof Tensor) {
    if (x.h < 0) throw new DisposedError(`${api}: ${name} was disposed`);
    return x.h;
  }
  throw new ArgumentError(`${api}: expected a Tensor for ${name} but received ${x === null ? 'null' : typeof x}`);
}

/** Runs fn, then disposes every tensor created during it that is not part of its result. */
export function tidy<T>(fn: () => T): T {
  const scope: Scope = [];
  scopes.push(scope);
  let result: T;
  try {
    result = fn();
  } finally {
    scopes.pop();
  }
  const keep = new Set<Tensor>();
  collectTensors(result, keep);
  const outer = scopes.length !== 0 ? scopes[scopes.length - 1] : undefined;
  disposeAll(scope.filter((t) => {
    if (!keep.has(t)) return true;
    outer?.push(t);
    return false;
  }));
  return result;
}

// t.dispose() for each, in native calls of a buffer's worth of handles.
function disposeAll(ts: Iterable<Tensor>): void {
  let n = 0;
  for (const t of ts) {
    if (t.h < 0) continue;
    ARGS[n++] = t.h;
    t.h = -1;
    if (n === ARGS.length) {
      native.disposeb(n);
      n = 0;
    }
  }
  if (n !== 0) native.disposeb(n);
}

function collectTensors(v: unknown, into: Set<Tensor>): void {
  if (v instanceof Tensor) into.add(v);
  else if (Array.isArray(v)) for (const e of v) collectTensors(e, into);
  else if (v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype)
    for (const e of Object.values(v)) collectTensors(e, into);
}

/** Disposes the tensors in a tree. */
export function dispose(tree: unknown): void {
  const all = new Set<Tensor>();
  collectTensors(tree, all);
  disposeAll(all);
}

/** Live native tensors and the bytes of their storage. */
export function memory(): { tensors: number; bytes: number } {
  const [tensors, bytes] = native.memory();
  return { tensors, bytes };
}
