// A reusable gradient checker in the manner of JAX's lax_autodiff_test: derivatives are
// compared with central finite differences in random directions, never with hand-derived
// formulas (ChainRules' testing guide).
//
// For f of 1..3 tensors at random inputs x (drawn by per-input domain samplers from a seeded
// ad.random.rng), random directions v_i, a random output cotangent u and random weights w_i:
//   values    f(x) against a plain-JS reference on the same inputs;
//   forward   jvp(f, x, v) against (f(x + hv) − f(x − hv)) / 2h, with all inputs carrying
//             tangents and with each input alone (the others closed over as constants);
//   reverse   vjp(f, ...x) pullback(u) → x̄, with ⟨x̄_i, v_i⟩ checked against ⟨u, FD_i⟩ and
//             against ⟨u, jvp_i⟩ (the dot-product identity); each input alone gives the same x̄_i;
//   order 2   g(x) = Σ_i ⟨x̄_i(x), w_i⟩ and k(x) = ⟨u, J(x)v⟩, each differentiated by grad and
//             by jvp (reverse/forward over reverse, reverse/forward over forward) against
//             central differences of g and k — this is what catches wrong nested rules;
//   dtypes    every gradient and tangent has its primal's dtype and shape.
// Finite differences are evaluated on float64 copies of the inputs even for float32 rows, so
// the float32 tolerances measure float32 error and not the error of a float32 difference
// quotient. Failures throw one readable report naming the seed, the inputs, what was expected
// and what came back.
import * as ad from '../../dist/index.js';
import type { Tensor, DType } from '../../dist/index.js';
import { ND, nd, sizeOf } from './ndref.js';

export type RealDType = 'float32' | 'float64';

/** Draws the data of one input of `shape` from uniforms `u()` in [0, 1). */
export type Sampler = (u: () => number, shape: readonly number[]) => ArrayLike<number>;

// --- domain samplers -------------------------------------------------------------------------
const fill = (shape: readonly number[], g: () => number) => Array.from({ length: sizeOf(shape) }, g);
const gauss = (u: () => number) => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());

export const domains = {
  /** Standard normal. */
  normal: ((u, s) => fill(s, () => gauss(u))) as Sampler,
  /** Uniform in [lo, hi). */
  uniform: (lo: number, hi: number): Sampler => (u, s) => fill(s, () => lo + (hi - lo) * u()),
  /** ±uniform in [lo, hi): away from zero (kinks of abs, relu, sign; poles of 1/x). */
  signed: (lo: number, hi: number): Sampler => (u, s) => fill(s, () => (u() < 0.5 ? -1 : 1) * (lo + (hi - lo) * u())),
  /** Uniform in (−r, r) with every value at least `gap` from the nearest point of k + offset
   * (k integer): away from the jumps of floor/ceil (offset 0) and round (offset 0.5). */
  awayFromGrid: (r: number, offset: number, gap: number): Sampler => (u, s) =>
    fill(s, () => {
      for (;;) {
        const x = -r + 2 * r * u();
        const frac = x - offset - Math.floor(x - offset);
        if (frac > gap && frac < 1 - gap) return x;
      }
    }),
  /** Distinct values (pairwise gaps ≥ 0.1) in random order: max/min without ties. */
  distinct: ((u, s) => {
    const n = sizeOf(s);
    const v = Array.from({ length: n }, (_, i) => (i - n / 2) * 0.37 + 0.1 * u());
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(u() * (i + 1));
      [v[i], v[j]] = [v[j]!, v[i]!];
    }
    return v;
  }) as Sampler,
  /** Normal with about a third of the entries exactly 0 (prod's exact-at-zero rule). */
  someZeros: ((u, s) => fill(s, () => (u() < 0.33 ? 0 : gauss(u)))) as Sampler,
};

/** Draws the data of all inputs at once, for constraints between them. */
export type PairSampler = (u: () => number, shapes: readonly (readonly number[])[]) => ArrayLike<number>[];

// --- tolerances ------------------------------------------------------------------------------
// Errors are measured against a scale (the largest |entry| of the compared vectors; Σ|terms|
// for inner products, so cancellation does not make them look relative to ~0), plus the
// rounding noise a difference quotient cannot resolve (k·ε·|f|/h, see `noise`).
// f64: h = 1e-6; central differences are then good to ~1e-10 relative, so rtol 1e-8 leaves
//      two orders of margin and still catches a constant typed with float precision.
// f32, differences in float64: measures the float32 derivative's own error (observed ≤ ~1e-6
//      relative over many seeds), rtol 1e-4 (≈ 800 ulps); atol 1e-5 (≈ 80 ulps of the O(1)
//      terms whose cancellation leaves a zero second derivative, e.g. norm over a length-1 axis).
// f32fd, differences in float32 (the function pins a float32 output, e.g. astype): h = 1e-2,
//      rtol 2e-2.
interface Tier {
  h: number;
  rtol: number;
  atol: number;
  vtol: number; // value check against the JS reference: |y − ref| ≤ vtol·(|ref| + vfloor·max|ref|)
  vfloor: number; // (the floor admits cancellation: logsumexp's m + log s, matmul's sums)
}
export const TIERS: Record<'f64' | 'f32' | 'f32fd', Tier> = {
  f64: { h: 1e-6, rtol: 1e-8, atol: 1e-10, vtol: 1e-13, vfloor: 1e-2 },
  f32: { h: 1e-6, rtol: 1e-4, atol: 1e-5, vtol: 1e-5, vfloor: 1e-1 },
  f32fd: { h: 1e-2, rtol: 2e-2, atol: 1e-4, vtol: 1e-5, vfloor: 1e-1 },
};

export interface CheckSpec {
  /** The row's native op name (for the report). */
  name: string;
  /** A label for the case (shapes, options). */
  label?: string;
  dtype: RealDType;
  seed: number;
  /** One shape per input. */
  shapes: readonly (readonly number[])[];
  /** One domain sampler per input (default: normal). */
  domain?: readonly (Sampler | undefined)[];
  /** Draws all inputs at once (overrides `domain`), for constraints between inputs. */
  pair?: PairSampler;
  /** Plain-JS reference of f on float64 arrays. */
  ref?: (...xs: ND[]) => ND;
  /** The output dtype for this input dtype (default: the input dtype). */
  outDtype?: (dt: RealDType) => DType;
  /** Piecewise constant: values only; jvp and vjp must be exactly zero. */
  nondiff?: boolean;
  /** Skip the second-order checks (default: run them). */
  order2?: boolean;
  /** The finite differences cannot be taken on float64 copies (f fixes its dtypes). */
  fdInPrimalDtype?: boolean;
  /** Per-case override of the value tolerance (the JS reference is less accurate). */
  vtol?: number;
}

// --- small numeric helpers -------------------------------------------------------------------
const f64 = (t: Tensor): Float64Array => Float64Array.from(t.data());
const round32 = (a: ArrayLike<number>): Float64Array => Float64Array.from(a, Math.fround);

function dotScaled(a: ArrayLike<number>, b: ArrayLike<number>): { dot: number; scale: number } {
  let dot = 0;
  let scale = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    scale += Math.abs(a[i]! * b[i]!);
  }
  return { dot, scale };
}

const maxAbs = (a: ArrayLike<number>): number => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]!));
  return m;
};

function preview(a: ArrayLike<number>, n = 8): string {
  const parts = Array.from(a).slice(0, n).map((v) => (Number.isInteger(v) ? String(v) : v.toPrecision(10)));
  return `[${parts.join(', ')}${a.length > n ? `, … (${a.length})` : ''}]`;
}

const shapeStr = (s: readonly number[]) => `[${s.join(',')}]`;

export class GradcheckError extends Error {}

/** Seeds for one (row, case, dtype): a 32-bit FNV-1a hash of the key mixed with the run seed. */
export function caseSeed(runSeed: number, key: string): number {
  let h = 0x811c9dc5 ^ runSeed;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** The run's seed: $ADJOINT_TEST_SEED or a fixed default (printed by the test file). */
export const RUN_SEED = process.env.ADJOINT_TEST_SEED ? Number(process.env.ADJOINT_TEST_SEED) : 20250101;

// --- the checker -------------------------------------------------------------------------------
/**
 * Runs every check on f for the spec; throws a GradcheckError with a report on the first
 * mismatch. Returns the number of comparisons made.
 */
export function gradcheck(f: (...xs: Tensor[]) => Tensor, spec: CheckSpec): number {
  const { dtype, shapes } = spec;
  const n = shapes.length;
  const r = ad.random.rng(spec.seed);
  const u01 = () => r.next();
  const head = `${spec.name}${spec.label ? ` ${spec.label}` : ''} ${dtype} (seed ${spec.seed}, run seed ${RUN_SEED})`;
  const lines: string[] = [];
  const fail = (what: string, detail: string[]): never => {
    throw new GradcheckError([`${head}: ${what}`, ...detail.map((d) => `  ${d}`), ...lines.map((l) => `  ${l}`)].join('\n'));
  };
  const prec = (a: ArrayLike<number>) => (dtype === 'float32' ? round32(a) : Float64Array.from(a));

  // Inputs and random directions (float32 rows: rounded to float32, so the float64 copies
  // used by the differences are the very same points and directions).
  const raw = spec.pair ? spec.pair(u01, shapes) : shapes.map((s, i) => (spec.domain?.[i] ?? domains.normal)(u01, s));
  const xData = raw.map(prec);
  const vData = shapes.map((s) => prec(domains.normal(u01, s)));
  const wData = shapes.map((s) => prec(domains.normal(u01, s)));
  const mk = (d: ArrayLike<number>, s: readonly number[], dt: DType) => ad.tensor(Float64Array.from(d), { shape: s, dtype: dt as RealDType });
  const xs = xData.map((d, i) => mk(d, shapes[i]!, dtype));
  const vs = vData.map((d, i) => mk(d, shapes[i]!, dtype));
  xData.forEach((d, i) => lines.push(`x${i} ${shapeStr(shapes[i]!)} = ${preview(d)}`));

  // Value, dtype and shape of the output.
  const y = f(...xs);
  const outDtype = spec.outDtype ? spec.outDtype(dtype) : dtype;
  if (!(y instanceof ad.Tensor)) fail('f did not return a Tensor', [`got ${String(y)}`]);
  if (y.dtype !== outDtype) fail('output dtype', [`expected ${outDtype}`, `got ${y.dtype}`]);
  const yData = f64(y);
  const yShape = [...y.shape];
  let checks = 1;
  if (spec.ref) {
    const want = spec.ref(...xData.map((d, i) => nd(shapes[i]!, d)));
    if (shapeStr(want.shape) !== shapeStr(yShape)) fail('output shape', [`expected ${shapeStr(want.shape)}`, `got ${shapeStr(yShape)}`]);
    const vt = outDtype === 'float32' || dtype === 'float32' ? TIERS.f32 : TIERS.f64;
    const vtol = spec.vtol ?? vt.vtol;
    const scale = maxAbs(want.data);
    for (let i = 0; i < yData.length; i++) {
      const e = want.data[i]!;
      const g = yData[i]!;
      const same = Object.is(e, g) || (Number.isNaN(e) && Number.isNaN(g)) || (e === g);
      if (same) continue;
      if (!(Math.abs(g - e) <= vtol * (Math.abs(e) + vt.vfloor * scale)))
        fail(`value mismatch at flat index ${i}`, [`expected (JS reference) ${e}`, `got ${g}`, `relative error ${Math.abs(g - e) / Math.abs(e)} > ${vtol}`]);
    }
    checks++;
  }
  // The primal outputs of vjp and jvp are f(x) too.
  const sameValue = (what: string, t: Tensor) => {
    const d = f64(t);
    if (shapeStr(t.shape) !== shapeStr(yShape) || t.dtype !== outDtype || d.some((v, k) => !Object.is(v, yData[k]) && Math.abs(v - yData[k]!) > 1e-6 * maxAbs(yData)))
      fail(`${what} primal output differs from f(x)`, [`f(x) ${y} = ${preview(yData)}`, `got ${t} = ${preview(d)}`]);
  };

  // The cotangent, in the output's dtype and shape.
  const uData = outDtype === 'float32' ? round32(domains.normal(u01, yShape)) : Float64Array.from(domains.normal(u01, yShape));
  const u = mk(uData, yShape, outDtype);

  // Reverse: x̄ = pullback(u).
  const [y2, pullback] = ad.vjp(f, ...xs) as [Tensor, (c: unknown) => Tensor[]];
  sameValue('vjp', y2);
  const bars = pullback(u);
  if (!Array.isArray(bars) || bars.length !== n) fail('pullback result', [`expected an array of ${n} cotangents`, `got ${String(bars)}`]);
  bars.forEach((b, i) => {
    if (!(b instanceof ad.Tensor)) fail(`cotangent ${i} is not a Tensor`, [`got ${String(b)}`]);
    if (b.dtype !== dtype) fail(`cotangent ${i} dtype (a gradient has its primal's dtype)`, [`expected ${dtype}`, `got ${b.dtype}`]);
    if (shapeStr(b.shape) !== shapeStr(shapes[i]!)) fail(`cotangent ${i} shape`, [`expected ${shapeStr(shapes[i]!)}`, `got ${shapeStr(b.shape)}`]);
  });
  const barData = bars.map(f64);

  // Forward: all inputs carrying tangents, and each input alone with the others closed over
  // as constants (the rules' "absent tangent" paths).
  const only = (i: number) => (xi: Tensor) => f(...xs.map((x, j) => (j === i ? xi : x)));
  const jvpAlong = (which: number | 'all'): Float64Array => {
    const [yo, t] = (which === 'all' ? ad.jvp(f, xs, vs) : ad.jvp(only(which), [xs[which]!], [vs[which]!])) as [Tensor, Tensor | number];
    if (!(t instanceof ad.Tensor)) fail(`jvp tangent (along ${which}) is not a Tensor`, [`got ${String(t)}`]);
    const tt = t as Tensor;
    sameValue(`jvp (along ${which})`, yo);
    if (tt.dtype !== outDtype) fail(`jvp tangent dtype (along ${which})`, [`expected ${outDtype}`, `got ${tt.dtype}`]);
    if (shapeStr(tt.shape) !== shapeStr(yShape)) fail(`jvp tangent shape (along ${which})`, [`expected ${shapeStr(yShape)}`, `got ${shapeStr(tt.shape)}`]);
    return f64(tt);
  };
  // Reverse with the other inputs constant: the same cotangent as with all of them watched.
  const vjpOnly = (i: number): Float64Array => {
    const [, pb] = ad.vjp(only(i), xs[i]!) as [Tensor, (c: unknown) => Tensor[]];
    const b = pb(u)[0]!;
    if (b.dtype !== dtype || shapeStr(b.shape) !== shapeStr(shapes[i]!))
      fail(`cotangent of input ${i} alone: dtype/shape`, [`expected ${dtype} ${shapeStr(shapes[i]!)}`, `got ${b.dtype} ${shapeStr(b.shape)}`]);
    return f64(b);
  };

  if (spec.nondiff) {
    for (let i = 0; i < n; i++) {
      if (maxAbs(barData[i]!) !== 0) fail(`vjp of a non-differentiable op is not zero (input ${i})`, [`got ${preview(barData[i]!)}`]);
      for (const t of [jvpAlong(i), jvpAlong('all')])
        if (maxAbs(t) !== 0) fail(`jvp of a non-differentiable op is not zero (input ${i})`, [`got ${preview(t)}`]);
      if (n > 1 && maxAbs(vjpOnly(i)) !== 0) fail(`vjp of a non-differentiable op is not zero (input ${i} alone)`, []);
    }
    return checks + 2 * n;
  }

  // Finite differences, on float64 copies unless the function pins its dtypes.
  const fdDtype: RealDType = spec.fdInPrimalDtype ? dtype : 'float64';
  const fdOut = spec.fdInPrimalDtype ? outDtype : spec.outDtype ? spec.outDtype('float64') : 'float64';
  const tier = dtype === 'float64' && outDtype === 'float64' ? TIERS.f64 : fdDtype === 'float64' && fdOut === 'float64' ? TIERS.f32 : TIERS.f32fd;
  const h = tier.h;
  // Rounding noise of a central difference of values of size `mag`: ~ k·ε·mag / h. Not a
  // tolerance knob: it is what a difference quotient can resolve at all (linear ops, whose
  // second differences are pure noise, need it).
  const epsFd = fdDtype === 'float64' && fdOut === 'float64' ? 2.220446049250313e-16 : 1.1920928955078125e-7;
  const noise = (mag: number) => (32 * epsFd * mag) / h;
  const evalAt = (fn: (...a: Tensor[]) => Tensor, shift: Float64Array[] | null, sgn: number): Float64Array => {
    const ins = xData.map((d, i) => {
      const p = Float64Array.from(d, (v, k) => v + sgn * h * (shift?.[i]?.[k] ?? 0));
      return mk(p, shapes[i]!, fdDtype);
    });
    return f64(fn(...ins));
  };
  const dirOnly = (which: number | 'all'): Float64Array[] =>
    vData.map((d, i) => (which === 'all' || which === i ? d : new Float64Array(d.length)));
  const fdAlong = (fn: (...a: Tensor[]) => Tensor, which: number | 'all'): Float64Array => {
    const p = evalAt(fn, dirOnly(which), 1);
    const m = evalAt(fn, dirOnly(which), -1);
    return Float64Array.from(p, (v, k) => (v - m[k]!) / (2 * h));
  };

  const fNoise = noise(maxAbs(yData));
  const compareVec = (what: string, got: Float64Array, want: Float64Array) => {
    const scale = Math.max(maxAbs(want), maxAbs(got));
    let worst = 0;
    let at = -1;
    for (let k = 0; k < want.length; k++) {
      const e = Math.abs(got[k]! - want[k]!);
      if (!(e <= worst)) {
        worst = e;
        at = k;
      }
    }
    if (!(worst <= tier.rtol * scale + tier.atol + fNoise))
      fail(what, [
        `expected (central differences, h = ${h}) ${preview(want)}`,
        `got ${preview(got)}`,
        `worst at flat index ${at}: expected ${want[at]}, got ${got[at]}; |error| ${worst} > ${tier.rtol} · ${scale} + ${tier.atol} + noise ${fNoise}`,
      ]);
    checks++;
  };
  const compareScalar = (what: string, got: { dot: number; scale: number }, want: { dot: number; scale: number }, wantName: string, fdNoise = 0) => {
    const scale = Math.max(got.scale, want.scale);
    const e = Math.abs(got.dot - want.dot);
    if (!(e <= tier.rtol * scale + tier.atol + fdNoise))
      fail(what, [`expected ${wantName} = ${want.dot}`, `got ${got.dot}`, `|error| ${e} > ${tier.rtol} · ${scale} + ${tier.atol} + noise ${fdNoise}`]);
    checks++;
  };

  const fdF = f as (...a: Tensor[]) => Tensor;
  const fdAll = fdAlong(fdF, 'all');
  compareVec('jvp along all inputs vs finite differences', jvpAlong('all'), fdAll);
  for (let i = 0; i < n; i++) {
    const fd = n === 1 ? fdAll : fdAlong(fdF, i);
    const t = n === 1 ? jvpAlong('all') : jvpAlong(i);
    if (n > 1) compareVec(`jvp along input ${i} alone vs finite differences`, t, fd);
    const rev = dotScaled(barData[i]!, vData[i]!);
    compareScalar(`vjp: ⟨x̄${i}, v${i}⟩ vs ⟨u, FD${i}⟩`, rev, dotScaled(uData, fd), `⟨u, FD${i}⟩`, noise(dotScaled(uData, yData).scale));
    compareScalar(`dot-product identity: ⟨x̄${i}, v${i}⟩ vs ⟨u, jvp${i}⟩`, rev, dotScaled(uData, t), `⟨u, jvp${i}⟩`);
    if (n > 1) compareVec(`vjp: cotangent of input ${i} alone vs with all inputs watched`, vjpOnly(i), barData[i]!);
  }

  // Tangent lanes: three directions pushed through one batched jvp give, lane by lane, what
  // three separate jvps give (the same kernels, so to rounding) — of f, and of its pullback
  // (forward over reverse, which runs every vjp rule's ops on lane-carrying tangents).
  const dirs = [vData, wData, vData.map((d, i) => Float64Array.from(d, (v, k) => 2 * v - wData[i]![k]!))];
  const laneTol = dtype === 'float64' && outDtype === 'float64' ? 1e-12 : 2e-5;
  const compareLanes = (what: string, fn: (...a: Tensor[]) => Tensor | Tensor[]) => {
    const stacked = shapes.map((s, i) => mk(Float64Array.from(dirs.flatMap((d) => [...d[i]!])), [dirs.length, ...s], dtype));
    const flat = (t: unknown) => (Array.isArray(t) ? (t as Tensor[]) : [t as Tensor]);
    const batched = flat(ad.jvp(fn, xs, stacked, { batched: true })[1]);
    dirs.forEach((d, j) => {
      const single = flat(ad.jvp(fn, xs, d.map((v, i) => mk(v, shapes[i]!, dtype)))[1]);
      single.forEach((s, o) => {
        const b = batched[o]!;
        if (shapeStr(b.shape) !== shapeStr([dirs.length, ...s.shape])) fail(`${what}: batched tangent ${o} shape`, [`expected ${shapeStr([dirs.length, ...s.shape])}`, `got ${shapeStr(b.shape)}`]);
        if (b.dtype !== s.dtype) fail(`${what}: batched tangent ${o} dtype`, [`expected ${s.dtype}`, `got ${b.dtype}`]);
        const want = f64(s), got = f64(ad.reshape(ad.slice(b, j, j + 1), s.shape));
        const scale = maxAbs(want);
        for (let k = 0; k < want.length; k++)
          if (!(Math.abs(got[k]! - want[k]!) <= laneTol * scale) && !(Number.isNaN(got[k]!) && Number.isNaN(want[k]!)))
            fail(`${what}: lane ${j} of the batched jvp (output ${o}) vs its own jvp`, [`expected ${preview(want)}`, `got ${preview(got)}`, `at flat index ${k}`]);
      });
    });
    checks++;
  };
  compareLanes('tangent lanes', f);
  if (spec.order2 !== false && sizeOf(yShape) > 0)
    compareLanes('tangent lanes over reverse', (...a: Tensor[]) => (ad.vjp(f, ...a)[1] as (c: unknown) => Tensor[])(u));

  if (spec.order2 === false || sizeOf(yShape) === 0) return checks;

  // Second order. Two scalar functions of x, each differentiated by grad (reverse over …)
  // and by jvp (forward over …) against central differences of itself:
  //   g(x) = Σ_i ⟨x̄_i(x), w_i⟩, x̄ = pullback of u at x   (… over reverse), along v;
  //   k(x) = ⟨u, J(x)·v⟩ by jvp                             (… over forward), along w.
  const uOf = (dt: DType) => mk(uData, yShape, dt);
  const gOf = (uDt: DType, wDt: DType) => {
    const uT = uOf(uDt);
    const wT = wData.map((d, i) => mk(d, shapes[i]!, wDt));
    return (...a: Tensor[]): Tensor => {
      const [, pb] = ad.vjp(f, ...a) as [Tensor, (c: unknown) => Tensor[]];
      const xb = pb(uT);
      let s: Tensor = ad.sum(ad.mul(xb[0]!, wT[0]!));
      for (let i = 1; i < n; i++) s = ad.add(s, ad.sum(ad.mul(xb[i]!, wT[i]!)));
      return s;
    };
  };
  const kOf = (uDt: DType, vDt: DType) => {
    const uT = uOf(uDt);
    const vT = vData.map((d, i) => mk(d, shapes[i]!, vDt));
    return (...a: Tensor[]): Tensor => {
      const [, t] = ad.jvp(f, a, vT) as [Tensor, Tensor];
      return ad.sum(ad.mul(t, uT));
    };
  };
  // the rounding noise of differences of g and k: their terms are the x̄_k·w_k and u_k·ẏ_k
  const gNoise = noise(barData.reduce((s, b, i) => s + dotScaled(b, wData[i]!).scale, 0));
  const kNoise = noise(dotScaled(uData, jvpAlong('all')).scale);
  const argnums = Array.from({ length: n }, (_, i) => i);
  const nested = (what: string, s: (...a: Tensor[]) => Tensor, sFd: (...a: Tensor[]) => Tensor, dir: Float64Array[], dirT: Tensor[], sNoise: number) => {
    const grads = ad.grad(s, { argnums })(...xs) as Tensor[];
    grads.forEach((b, i) => {
      if (b.dtype !== dtype) fail(`${what}: second-order gradient ${i} dtype`, [`expected ${dtype}`, `got ${b.dtype}`]);
      if (shapeStr(b.shape) !== shapeStr(shapes[i]!)) fail(`${what}: second-order gradient ${i} shape`, [`expected ${shapeStr(shapes[i]!)}`, `got ${shapeStr(b.shape)}`]);
    });
    for (let i = 0; i < n; i++) {
      const shift = dir.map((d, j) => (j === i ? d : new Float64Array(d.length)));
      const fd = (evalAt(sFd, shift, 1)[0]! - evalAt(sFd, shift, -1)[0]!) / (2 * h);
      const rr = dotScaled(f64(grads[i]!), dir[i]!);
      const [, st] = ad.jvp((xi: Tensor) => s(...xs.map((x, j) => (j === i ? xi : x))), [xs[i]!], [dirT[i]!]) as [Tensor, Tensor];
      const fr = st.item();
      const scale = Math.max(rr.scale, Math.abs(fr), Math.abs(fd));
      const want = { dot: fd, scale };
      compareScalar(`reverse over ${what}: ⟨∇s${i}, d${i}⟩ vs FD of s`, { dot: rr.dot, scale }, want, 'FD of s', sNoise);
      compareScalar(`forward over ${what}: jvp(s)${i} vs FD of s`, { dot: fr, scale }, want, 'FD of s', sNoise);
    }
  };
  nested('reverse (s = Σ⟨x̄(x), w⟩)', gOf(outDtype, dtype), gOf(fdOut, fdDtype), vData, vs, gNoise);
  const ws = wData.map((d, i) => mk(d, shapes[i]!, dtype));
  nested('forward (s = ⟨u, J(x)v⟩)', kOf(outDtype, dtype), kOf(fdOut, fdDtype), wData, ws, kNoise);
  return checks;
}
