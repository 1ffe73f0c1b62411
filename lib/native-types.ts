// The shape of the native addon (native/napi). Handles are numbers naming native values; a
// `shell` is the JS object that will hold the returned handle (it gets the finalizer).
export type Handle = number;

export interface OpNames {
  unary: string[];
  binary: string[];
  generic: string[];
  primitives: string[];
  composites: string[];
}

export interface NativeAddon {
  setErrorClasses(classes: Record<string, new (message: string) => Error>): void;
  opNames(): OpNames;
  // (a trailing `keep` argument is ignored: Note [Temporaries stay reachable] in ops.ts)
  // ARGS: [id, h]; [id, ha, hb]; [id, h, value, scalarFirst (0/1)]
  unary(shell: object, keep?: unknown): Handle;
  binary(shell: object, ...keep: unknown[]): Handle;
  binaryScalar(shell: object): Handle;
  op(shell: object, id: number, inputs: Handle[], ints?: number[] | null, d?: number, keep?: unknown): Handle;
  opb(shell: object, keep?: unknown): Handle;
  argBuffer(): ArrayBuffer;

  fromData(shell: object, data: Float64Array | Float32Array, shape: readonly number[], dtype: number): Handle;
  full(shell: object, shape: readonly number[], value: number, dtype: number): Handle;
  read(h: Handle): Float64Array | Float32Array;
  item(h: Handle): number;
  /** The value of a one-element real tensor no active level traces, else null. */
  concreteItem(h: Handle): number | null;
  info(h: Handle): number[]; // [dtype, level tag, ...shape]
  dispose(): void;  // the handle in ARGS[0]
  disposeb(n: number): void;
  /** [live tensors, their storage bytes, values given a finalizer of their own so far] */
  memory(): [number, number, number];
  setRegion(h: Handle, region: number[], v: Handle): void;
  sealBatch(anchor: object): void;

  levelOpen(kind: 0 | 1 | 2, lanes?: number): number;
  levelClose(tag: number): void;
  watch(shell: object, tag: number, h: Handle): Handle;
  watchNumber(shell: object, tag: number, value: number, dtype: number): Handle;
  dual(shell: object, tag: number, h: Handle, t: Handle): Handle;
  lower(shell: object, tag: number, h: Handle): Handle;
  tangent(shell: object, tag: number, h: Handle): Handle;
  reverseClose(tag: number, outs: Handle[], leaves: Handle[], api: string | null, keep?: unknown): void;
  reverseSweep(tag: number, seeds: Handle[] | null, retain: boolean, shells: object[], keep?: unknown): Handle[];
  tapeRelease(tag: number): void;
  /** grad's one call: close the level, sweep from the scalar output, release the tape. */
  gradient(tag: number, outs: Handle[], leaves: Handle[], api: string, shells: object[], keep?: unknown): Handle[];
  compileOpen(): number;
  compileClose(tag: number, outs: Handle[], leaves: Handle[], keep?: unknown): number;
  replayCall(id: number, inputs: Handle[], shells: object[], keep?: unknown): Handle[] | undefined;
  replayGradient(id: number, inputs: Handle[], shells: object[], keep?: unknown): Handle[] | undefined;
  replayCallOne(id: number, input: Handle, shell: object, keep?: unknown): Handle | undefined;
  replayGradientOne(id: number, input: Handle, shell: object, keep?: unknown): Handle | undefined;
  programRelease(id: number): void;
  gradientOne(tag: number, out: Handle, leaf: Handle, api: string, shell: object, keep?: unknown): Handle;

  /** [tag, kind, below]: the innermost active level among the handles ([0, -1]: none; kind 1
   * reverse) and the innermost left after stripping it (0: concrete). */
  topLevel(handles: Handle[]): [number, number, number, number];
  /** topLevel of the n handles in the argument buffer, written to its entries 0–3 */
  topLevelb(n: number): void;
  /** the n inputs' handles in the argument buffer; adapter leaves one cotangent handle (or NaN) per input there */
  customRecord(shell: object, tag: number, n: number, y: Handle, adapter: () => void, name: string, keep?: unknown): Handle;
  customPending(shell: object): Handle;

  optimStep(shells: object[], keep?: unknown): Handle[] | undefined;
  /** optim.minimize's quasi-Newton kernels (native/optim/quasi_newton.h): an L-BFGS memory is
   * [size, oldest, γ, ρ (m), α (m), s (m·n), y (m·n)], zeroed when empty */
  lbfgsPush(memory: Float64Array, x0: Float64Array, x1: Float64Array, g0: Float64Array, g1: Float64Array): boolean;
  lbfgsDirection(memory: Float64Array, g: Float64Array, d: Float64Array): void;
  bfgsDirection(H: Float64Array, g: Float64Array, d: Float64Array): void;
  bfgsUpdate(H: Float64Array, x0: Float64Array, x1: Float64Array, g0: Float64Array, g1: Float64Array, first: boolean, work: Float64Array): boolean;
  /** native/fft's self-test: relative RMS error of one transform against long double. */
  fftSelftest(n: number, single: boolean, kind: 0 | 1 | 2 | 3, seed: number): number;
  /** The same over an [outer, n, inner] batch (optionally in place): the worst column's error. */
  fftSelftestBatched(outer: number, n: number, inner: number, single: boolean, kind: 0 | 1 | 2 | 3, inPlace: boolean, seed: number): number;
  /** native/ops/vmath's self-test over [lo, hi] (random, log-uniform and evenly spaced points, and
   * the special values): [max ulp error on the dispatched path, on the baseline path, worst x]. */
  mathSelftest(fn: 'exp' | 'expm1' | 'tanh' | 'sigmoid', single: boolean, lo: number, hi: number, count: number, seed: number): [number, number, number];
}
