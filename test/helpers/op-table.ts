// THE gradient-check table: one row per op of native/ops/table.h (plus stop_gradient), named
// by its native name. test/gradcheck.test.ts runs every row through helpers/gradcheck.ts;
// test/op-table.test.ts fails when native.opNames() lists an op with no row here.
//
// A row: the op reached through the public API (internal ops through the public path that
// emits them: region_* through x.at(i), take_add through take's gradient, sum_to_shape through
// broadcastTo's gradient, prod_except through prod's gradient), a plain-JS reference of its
// value, shape cases (broadcasting, size 0 and 1, random shapes) and a domain sampler per input
// (JAX's GradTestSpec: positive for log, away from kinks for abs/max/floor, …).
import * as ad from '../../dist/index.js';
import type { Tensor, DType } from '../../dist/index.js';
import * as R from './ndref.js';
import type { ND } from './ndref.js';
import { domains, RUN_SEED, caseSeed } from './gradcheck.js';
import type { PairSampler, RealDType, Sampler } from './gradcheck.js';

export interface Case<A = unknown> {
  shapes: number[][];
  args?: A;
  label?: string;
  domain?: (Sampler | undefined)[];
  pair?: PairSampler;
  dtypes?: RealDType[];
  order2?: boolean;
  /** Which inputs are complex: each is drawn as real data of shape [...shape, 2] holding
   * (re, im) and passed to the op as ad.complex(re, im); a complex output is checked as
   * [...shape, 2] too (test/gradcheck.test.ts: complexCase). The float dtype of the case
   * picks complex128 (float64) or complex64 (float32). Values are checked in complex.test.ts. */
  complex?: boolean[];
}

export interface Row<A = any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  /** The native op name (native.opNames()). */
  name: string;
  fn: (xs: Tensor[], a: A) => Tensor;
  ref?: (xs: ND[], a: A) => ND;
  cases: Case<A>[];
  domain?: (Sampler | undefined)[];
  pair?: PairSampler;
  nondiff?: boolean;
  order2?: boolean;
  outDtype?: (dt: RealDType, a: A) => DType;
  fdInPrimalDtype?: boolean;
  vtol?: number;
}

// Random shapes, fixed by the run seed (they appear in the test names).
const shapeRng = ad.random.rng(caseSeed(RUN_SEED, 'shapes'));
const randInt = (lo: number, hi: number) => lo + Math.floor(shapeRng.next() * (hi - lo + 1));
const randShape = (minNd = 1, maxNd = 3, maxDim = 4): number[] => Array.from({ length: randInt(minNd, maxNd) }, () => randInt(1, maxDim));
/** A random shape and a random broadcast partner (some axes dropped or set to 1). */
function randBroadcastPair(): number[][] {
  const a = randShape(2, 3, 4);
  const b = a.slice(randInt(0, 1)).map((d) => (shapeRng.next() < 0.4 ? 1 : d));
  return shapeRng.next() < 0.5 ? [a, b] : [b, a];
}

// --- elementwise -------------------------------------------------------------------------------
const UNARY_SHAPES: number[][][] = [[[]], [[1]], [[0]], [[5]], [[2, 3]], [[3, 1, 2]], [[2, 0, 3]], [randShape()], [randShape()]];

function unaryRow(name: string, fn: (x: Tensor) => Tensor, ref: (x: number) => number, domain: Sampler = domains.normal, extra: Partial<Row> = {}): Row {
  return {
    name,
    fn: ([x]) => fn(x!),
    ref: ([x]) => R.map(ref, x!),
    cases: UNARY_SHAPES.map((s) => ({ shapes: s })),
    domain: [domain],
    ...extra,
  };
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const awayFromZero = domains.signed(0.2, 2.5);

const UNARY_ROWS: Row[] = [
  unaryRow('neg', ad.neg, (x) => -x),
  unaryRow('abs', ad.abs, Math.abs, awayFromZero),
  unaryRow('sign', ad.sign, Math.sign, awayFromZero, { nondiff: true }),
  unaryRow('sqrt', ad.sqrt, Math.sqrt, domains.uniform(0.2, 3)),
  unaryRow('cbrt', ad.cbrt, Math.cbrt, awayFromZero),
  unaryRow('square', ad.square, (x) => x * x),
  unaryRow('exp', ad.exp, Math.exp, domains.uniform(-3, 3)),
  unaryRow('expm1', ad.expm1, Math.expm1, domains.uniform(-3, 3)),
  unaryRow('log', ad.log, Math.log, domains.uniform(0.2, 3)),
  unaryRow('log1p', ad.log1p, Math.log1p, domains.uniform(-0.8, 3)),
  unaryRow('sin', ad.sin, Math.sin),
  unaryRow('cos', ad.cos, Math.cos),
  unaryRow('tan', ad.tan, Math.tan, domains.uniform(-1.3, 1.3)),
  unaryRow('asin', ad.asin, Math.asin, domains.uniform(-0.9, 0.9)),
  unaryRow('acos', ad.acos, Math.acos, domains.uniform(-0.9, 0.9)),
  unaryRow('atan', ad.atan, Math.atan),
  unaryRow('sinh', ad.sinh, Math.sinh, domains.uniform(-3, 3)),
  unaryRow('cosh', ad.cosh, Math.cosh, domains.uniform(-3, 3)),
  unaryRow('tanh', ad.tanh, Math.tanh, domains.uniform(-3, 3)),
  unaryRow('asinh', ad.asinh, Math.asinh, domains.uniform(-3, 3)),
  unaryRow('acosh', ad.acosh, Math.acosh, domains.uniform(1.1, 4)),
  unaryRow('atanh', ad.atanh, Math.atanh, domains.uniform(-0.9, 0.9)),
  unaryRow('sigmoid', ad.sigmoid, sigmoid, domains.uniform(-5, 5)),
  unaryRow('softplus', ad.softplus, (x) => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x))), domains.uniform(-5, 5)),
  unaryRow('relu', ad.relu, (x) => Math.max(x, 0), awayFromZero),
  unaryRow('erf', ad.erf, R.erf, domains.uniform(-2.5, 2.5)),
  unaryRow('erfc', ad.erfc, R.erfc, domains.uniform(-2.5, 2.5)),
  unaryRow('floor', ad.floor, Math.floor, domains.awayFromGrid(4, 0, 0.05), { nondiff: true }),
  unaryRow('ceil', ad.ceil, Math.ceil, domains.awayFromGrid(4, 0, 0.05), { nondiff: true }),
  unaryRow('round', ad.round, R.rint, domains.awayFromGrid(4, 0.5, 0.05), { nondiff: true }),
];

const BINARY_SHAPES: number[][][] = [
  [[4], [4]],
  [[2, 3], [3]],
  [[3], [2, 3]],
  [[2, 1], [1, 3]],
  [[], [4]],
  [[2, 2], []],
  [[], []],
  [[1], [1]],
  [[0], [1]],
  [[2, 0, 3], [1, 3]],
  // axes the kernel merges (contiguous in both, or held in one) around ones it cannot
  [[3, 4, 5], [4, 5]],
  [[2, 3, 4], [2, 1, 4]],
  [[5, 1, 3], [1, 4, 1]],
  [randShape(), []],
  randBroadcastPair(),
  randBroadcastPair(),
];
const same = (s: number[]): number[][] => [s, s];
BINARY_SHAPES.push(same(randShape()));

// integers + ½ (jittered) against integers (jittered): elementwise gaps ≥ 0.3 under any
// broadcasting, so maximum/minimum/less/greater never see a tie
const halfGrid: Sampler = (u, s) => Array.from({ length: R.sizeOf(s) }, () => Math.floor(6 * u()) - 3 + 0.5 + 0.2 * (u() - 0.5));
const intGrid: Sampler = (u, s) => Array.from({ length: R.sizeOf(s) }, () => Math.floor(6 * u()) - 3 + 0.2 * (u() - 0.5));
const smallInts: Sampler = (u, s) => Array.from({ length: R.sizeOf(s) }, () => Math.floor(3 * u()) - 1);

interface BinArgs { lhs?: number; rhs?: number }
/** Cases with a JS number for one operand (the native binaryScalar path): `consts` are values
 * inside each operand's domain. */
function scalarCases(consts: [number, number]): Case<BinArgs>[] {
  return [
    { shapes: [[2, 3]], args: { rhs: consts[1] }, label: `b = ${consts[1]} (number)` },
    { shapes: [[]], args: { rhs: consts[1] }, label: `b = ${consts[1]} (number)` },
    { shapes: [[4]], args: { lhs: consts[0] }, label: `a = ${consts[0]} (number)` },
  ];
}

function binaryRow(name: string, fn: (a: Tensor | number, b: Tensor | number) => Tensor, ref: (a: number, b: number) => number,
  domain: (Sampler | undefined)[] = [], consts: [number, number] = [0.7, -1.3], extra: Partial<Row> = {}): Row<BinArgs> {
  const pairCases: Case<BinArgs>[] = BINARY_SHAPES.map((sh) => ({ shapes: sh }));
  // a number operand: the tensor operand keeps its own domain
  const numCases = scalarCases(consts).map((c) => ({ ...c, domain: [c.args!.lhs !== undefined ? domain[1] : domain[0]] }));
  return {
    name,
    fn: ([a, b], k) => (k?.lhs !== undefined ? fn(k.lhs, a!) : k?.rhs !== undefined ? fn(a!, k.rhs) : fn(a!, b!)),
    ref: ([a, b], k) => {
      const num = (v: number) => R.nd([], [v]);
      return k?.lhs !== undefined ? R.map(ref, num(k.lhs), a!) : k?.rhs !== undefined ? R.map(ref, a!, num(k.rhs)) : R.map(ref, a!, b!);
    },
    cases: [...pairCases, ...numCases],
    domain,
    ...extra,
  };
}

const BINARY_ROWS: Row[] = [
  binaryRow('add', ad.add, (a, b) => a + b),
  binaryRow('sub', ad.sub, (a, b) => a - b),
  binaryRow('mul', ad.mul, (a, b) => a * b),
  binaryRow('div', ad.div, (a, b) => a / b, [undefined, domains.signed(0.5, 2)], [0.7, -1.3]),
  binaryRow('pow', ad.pow, Math.pow, [domains.uniform(0.3, 2.5), domains.uniform(-2, 2)], [1.7, 0.8]),
  binaryRow('atan2', ad.atan2, Math.atan2, [domains.signed(0.2, 2), domains.normal], [0.7, -1.3]),
  binaryRow('maximum', ad.maximum, Math.max, [halfGrid, intGrid], [0.5, 0]),
  binaryRow('minimum', ad.minimum, Math.min, [intGrid, halfGrid], [0, 0.5]),
  binaryRow('hypot', ad.hypot, Math.hypot, [domains.signed(0.2, 2), domains.normal], [0.7, -1.3]),
  binaryRow('less', ad.less, (a, b) => +(a < b), [halfGrid, intGrid], [0.5, 0], { nondiff: true }),
  binaryRow('greater', ad.greater, (a, b) => +(a > b), [intGrid, halfGrid], [0, 0.5], { nondiff: true }),
  binaryRow('equal', ad.equal, (a, b) => +(a === b), [smallInts, smallInts], [0, 1], { nondiff: true }),
];
// tanh_grad(y, s) = s·(1 − y²), the primitive tanh's rules apply on traced values, reached
// through tanh's jvp: the row's inputs are x (y = tanh x) and the tangent s.
BINARY_ROWS.push({
  name: 'tanh_grad',
  fn: ([x, s]) => ad.jvp(ad.tanh, [x!], [s!])[1] as Tensor,
  ref: ([x, s]) => R.map((xv, sv) => sv * (1 - Math.tanh(xv) ** 2), x!, s!),
  cases: [[], [1], [0], [5], [2, 3], [3, 1, 2], randShape()].map((sh) => ({ shapes: [sh, sh] })),
});
// pow of a negative base to an integer power (a number: no derivative in b is asked for)
BINARY_ROWS.find((r) => r.name === 'pow')!.cases.push(
  { shapes: [[5]], args: { rhs: 3 }, label: 'negative base, b = 3 (number)', domain: [domains.signed(0.3, 2)] },
  { shapes: [[5]], args: { rhs: -2 }, label: 'negative base, b = -2 (number)', domain: [domains.signed(0.3, 2)] },
);

// --- select and cast ---------------------------------------------------------------------------
interface WhereArgs { cond: ND }
const condOf = (shape: number[]): ND => R.nd(shape, Array.from({ length: R.sizeOf(shape) }, () => (shapeRng.next() < 0.5 ? 1 : 0)));
const condTensor = (c: ND) => ad.tensor(c.data, { shape: c.shape });

const SELECT_ROWS: Row[] = [
  {
    name: 'where',
    fn: ([a, b], { cond }: WhereArgs) => ad.where(condTensor(cond), a!, b!),
    ref: ([a, b], { cond }: WhereArgs) => R.map((c, x, y) => (c !== 0 ? x : y), cond, a!, b!),
    cases: [
      { shapes: [[5], [5]], args: { cond: condOf([5]) } },
      { shapes: [[1, 3], []], args: { cond: condOf([2, 1]) }, label: 'cond [2,1]' },
      { shapes: [[2, 3], [2, 3]], args: { cond: condOf([2, 3]) } },
      { shapes: [[3], [2, 1]], args: { cond: condOf([]) }, label: 'cond []' },
      { shapes: [[0], [0]], args: { cond: condOf([0]) } },
      { shapes: [[], []], args: { cond: condOf([]) } },
    ],
  },
  {
    // astype to the other float dtype (and to its own, a no-op); the function pins dtypes,
    // so its differences are taken in the primal's dtype
    name: 'cast',
    fn: ([x], a: { same?: boolean; to?: 'complex' | 'real' }) => {
      const single = x!.dtype === 'float32' || x!.dtype === 'complex64';
      if (a?.to) return ad.astype(x!, a.to === 'complex' ? (single ? 'complex64' : 'complex128') : single ? 'float32' : 'float64');
      return ad.astype(x!, a?.same ? x!.dtype : x!.dtype === 'float64' ? 'float32' : 'float64');
    },
    ref: ([x]) => x!,
    cases: [
      { shapes: [[5]] },
      { shapes: [[2, 3]] },
      { shapes: [[]] },
      { shapes: [[0, 2]] },
      { shapes: [[3]], args: { same: true }, label: 'same dtype' },
    ],
    outDtype: (dt, a: { same?: boolean } | undefined) => (a?.same ? dt : dt === 'float64' ? 'float32' : 'float64'),
    fdInPrimalDtype: true,
  },
];

// --- reductions ----------------------------------------------------------------------------------
interface RedArgs { axis?: number | number[]; keepdims?: boolean }
const redLabel = (a: RedArgs) => `axis=${a.axis === undefined ? 'all' : JSON.stringify(a.axis)}${a.keepdims ? ' keepdims' : ''}`;
function redCases(extra: Case<RedArgs>[] = []): Case<RedArgs>[] {
  const base: [number[], RedArgs][] = [
    [[], {}],
    [[1], {}],
    [[5], {}],
    [[5], { axis: 0, keepdims: true }],
    [[2, 3], {}],
    [[2, 3], { axis: 0 }],
    [[2, 3], { axis: 1, keepdims: true }],
    [[2, 3], { axis: -1 }],
    [[2, 3], { axis: [0, 1], keepdims: true }],
    [[2, 3, 4], { axis: [0, 2] }],
    [[2, 3, 4], { axis: [-1, 1], keepdims: true }],
    [[3, 1, 2], { axis: 1 }],
    [[0, 3], { axis: 1 }],
  ];
  const rs = randShape(2, 3);
  base.push([rs, { axis: randInt(0, rs.length - 1), keepdims: shapeRng.next() < 0.5 }]);
  return [...base.map(([s, a]) => ({ shapes: [s], args: a, label: redLabel(a) })), ...extra];
}

function redRow(name: string, fn: (x: Tensor, o: RedArgs) => Tensor, red: (v: number[]) => number, domain: Sampler = domains.normal, extra: Case<RedArgs>[] = []): Row<RedArgs> {
  return {
    name,
    fn: ([x], a) => fn(x!, a),
    ref: ([x], a) => R.reduce(x!, a.axis, !!a.keepdims, red),
    cases: redCases(extra),
    domain: [domain],
  };
}

const emptyCases = (): Case<RedArgs>[] => [
  { shapes: [[0]], args: {}, label: 'empty, axis=all' },
  { shapes: [[2, 0]], args: { axis: 1 }, label: 'empty, axis=1' },
  { shapes: [[2, 0]], args: { axis: 0, keepdims: true }, label: 'empty, axis=0 keepdims' },
];

const normOf = (v: number[]) => Math.sqrt(R.sumOf(v.map((e) => e * e)));

// prod_except, reached through prod's gradient: ∂/∂x Σ c·prod(x, axis) = c·prod_except(x).
interface PeArgs { axis: number | number[]; c: ND }
function prodExceptRef(x: ND, axis: number | number[]): ND {
  // element i ↦ product of the other elements of its reduction group
  const axes = (typeof axis === 'number' ? [axis] : axis).map((a) => (a < 0 ? a + x.shape.length : a));
  const key = (idx: number[]) => idx.map((v, k) => (axes.includes(k) ? 0 : v)).join(',');
  const groups = new Map<string, number[]>();
  for (let i = 0; i < x.data.length; i++) {
    const k = key(R.unravel(i, x.shape));
    if (!groups.has(k)) groups.set(k, []);
    groups.get(k)!.push(i);
  }
  const y = R.nd(x.shape);
  for (const members of groups.values())
    for (const i of members) y.data[i] = members.reduce((p, j) => (j === i ? p : p * x.data[j]!), 1);
  return y;
}
const peCase = (shape: number[], axis: number | number[], label?: string, domain?: Sampler): Case<PeArgs> => {
  const red = R.reduce(R.nd(shape), axis, true, () => 0).shape;
  const c = R.nd(red, Array.from({ length: R.sizeOf(red) }, () => Math.round((shapeRng.next() * 4 - 2) * 8) / 8));
  return { shapes: [shape], args: { axis, c }, label: `axis=${JSON.stringify(axis)}${label ? ` ${label}` : ''}`, domain: domain && [domain] };
};

const REDUCTION_ROWS: Row[] = [
  redRow('sum', ad.sum, R.sumOf, domains.normal, emptyCases()),
  redRow('prod', ad.prod, R.prodOf, domains.normal, [
    ...emptyCases(),
    { shapes: [[2, 4]], args: { axis: 1 }, label: 'axis=1 with zeros', domain: [domains.someZeros] },
    { shapes: [[6]], args: {}, label: 'axis=all with zeros', domain: [domains.someZeros] },
  ]),
  redRow('max', ad.max, R.maxOf, domains.distinct),
  redRow('min', ad.min, R.minOf, domains.distinct),
  redRow('mean', ad.mean, (v) => R.sumOf(v) / v.length),
  redRow('norm', ad.norm, normOf, domains.signed(0.2, 2)),
  redRow('logsumexp', ad.logsumexp, R.lseOf),
  {
    name: 'prod_except',
    fn: ([x], { axis, c }: PeArgs) =>
      ad.grad((z: Tensor) => ad.sum(ad.mul(ad.prod(z, { axis, keepdims: true }), ad.tensor(c.data, { shape: c.shape, dtype: z.dtype as RealDType }))))(x!) as Tensor,
    ref: ([x], { axis, c }: PeArgs) => R.map((p, cc) => p * cc, prodExceptRef(x!, axis), c),
    cases: [
      peCase([5], 0),
      peCase([1], 0),
      peCase([2, 3], 1),
      peCase([2, 3], 0),
      peCase([2, 3, 2], [0, 2], 'several axes'),
      peCase([3, 4], -1, 'with zeros', domains.someZeros),
      peCase([6], 0, 'with zeros', domains.someZeros),
      peCase([0, 3], 1),
    ],
  } as Row<PeArgs>,
  {
    name: 'cumsum',
    fn: ([x], a: { axis?: number }) => ad.cumsum(x!, a),
    ref: ([x], a: { axis?: number }) => R.cumsum(x!, a.axis),
    cases: [
      { shapes: [[5]], args: {} },
      { shapes: [[1]], args: { axis: 0 } },
      { shapes: [[2, 3]], args: { axis: 0 } },
      { shapes: [[2, 3]], args: { axis: 1 } },
      { shapes: [[2, 3, 2]], args: { axis: -2 } },
      { shapes: [[2, 3]], args: {}, label: 'flattened' },
      { shapes: [[0]], args: {} },
      { shapes: [[2, 0]], args: { axis: 0 } },
    ].map((c) => ({ ...c, label: c.label ?? `axis=${c.args.axis ?? 'none'}` })),
  },
  {
    name: 'diff',
    fn: ([x], a: { axis?: number }) => ad.diff(x!, a),
    ref: ([x], a: { axis?: number }) => R.diff(x!, a.axis),
    cases: [
      { shapes: [[5]], args: {} },
      { shapes: [[1]], args: {} },
      { shapes: [[0]], args: {} },
      { shapes: [[2, 3]], args: { axis: 0 } },
      { shapes: [[2, 4]], args: { axis: -1 } },
      { shapes: [[3, 2, 3]], args: { axis: 1 } },
    ].map((c) => ({ ...c, label: `axis=${c.args.axis ?? 'default'}` })),
  },
];

// --- linear -----------------------------------------------------------------------------------------
const LINEAR_ROWS: Row[] = [
  {
    name: 'matmul',
    fn: ([a, b]) => ad.matmul(a!, b!),
    ref: ([a, b]) => R.matmul(a!, b!),
    cases: [
      { shapes: [[2, 3], [3, 4]] },
      { shapes: [[1, 1], [1, 1]] },
      { shapes: [[3], [3, 2]], label: '1-D a' },
      { shapes: [[2, 3], [3]], label: '1-D b' },
      { shapes: [[4], [4]], label: '1-D both' },
      { shapes: [[2, 2, 3], [2, 3, 2]], label: 'batched' },
      { shapes: [[2, 1, 2, 3], [3, 3, 2]], label: 'broadcast batch' },
      { shapes: [[4, 2, 3], [3, 2]], label: 'batched a, matrix b' },
      { shapes: [[3], [2, 3, 2]], label: '1-D a, batched b' },
      { shapes: [[0, 3], [3, 2]] },
      { shapes: [[2, 0], [0, 3]], label: 'empty contraction' },
    ],
  },
  {
    name: 'dot',
    fn: ([a, b]) => ad.dot(a!, b!),
    ref: ([a, b]) => R.dot(a!, b!),
    cases: [
      { shapes: [[3], [3]] },
      { shapes: [[2, 3], [3]] },
      { shapes: [[3], [3, 2]] },
      { shapes: [[2, 3], [3, 4]] },
      { shapes: [[], [3]], label: 'scalar a' },
      { shapes: [[2, 3], [2, 3, 4]], label: 'N-D b' },
      { shapes: [[0], [0]] },
    ],
  },
  {
    name: 'outer',
    fn: ([a, b]) => ad.outer(a!, b!),
    ref: ([a, b]) => R.outer(a!, b!),
    cases: [
      { shapes: [[3], [4]] },
      { shapes: [[1], [1]] },
      { shapes: [[2, 2], [3]], label: 'flattens' },
      { shapes: [[], [2]] },
      { shapes: [[0], [3]] },
    ],
  },
];

// --- shape ----------------------------------------------------------------------------------------
const SHAPE_ROWS: Row[] = [
  {
    name: 'reshape',
    fn: ([x], s: number[]) => ad.reshape(x!, s),
    ref: ([x], s: number[]) => R.reshape(x!, s),
    cases: ([
      [[2, 3], [3, 2]],
      [[6], [2, -1]],
      [[], [1, 1]],
      [[1, 1], []],
      [[0, 3], [3, 0]],
      [[2, 3, 4], [4, -1]],
    ] as [number[], number[]][]).map(([s, t]) => ({ shapes: [s], args: t, label: `to [${t.join(',')}]` })),
  },
  {
    name: 'transpose',
    fn: ([x], p?: number[]) => ad.transpose(x!, p),
    ref: ([x], p?: number[]) => R.transpose(x!, p),
    cases: ([
      [[2, 3], undefined],
      [[2, 3, 4], [1, 0, 2]],
      [[2, 3, 4], [2, 0, 1]],
      [[2, 3, 4], [-1, 0, 1]],
      [[], undefined],
      [[0, 2], undefined],
      [[1, 3], [1, 0]],
      // tiled transposing copies (both sides ≥ 8): odd edges, several tiles, an outer axis
      [[13, 9], undefined],
      [[37, 20], undefined],
      [[3, 17, 10], [0, 2, 1]],
    ] as [number[], number[] | undefined][]).map(([s, p]) => ({ shapes: [s], args: p, label: `perm=${p ? `[${p.join(',')}]` : 'reversed'}` })),
  },
  {
    name: 'broadcast_to',
    fn: ([x], s: number[]) => ad.broadcastTo(x!, s),
    ref: ([x], s: number[]) => R.broadcastTo(x!, s),
    cases: ([
      [[3], [2, 3]],
      [[2, 1], [2, 4]],
      [[], [3]],
      [[1, 3], [2, 2, 3]],
      [[1], [0]],
      [[2, 3], [2, 3]],
    ] as [number[], number[]][]).map(([s, t]) => ({ shapes: [s], args: t, label: `to [${t.join(',')}]` })),
  },
  {
    // sum_to_shape through broadcastTo's gradient: ∂/∂x Σ g·broadcast(x) = sum_to_shape(g)
    name: 'sum_to_shape',
    fn: ([g], small: number[]) =>
      ad.grad((x: Tensor) => ad.sum(ad.mul(ad.broadcastTo(x, g!.shape), g!)))(ad.zeros(small, { dtype: g!.dtype as RealDType })) as Tensor,
    ref: ([g], small: number[]) => R.sumToShape(g!, small),
    cases: ([
      [[2, 3], [3]],
      [[2, 3], [2, 1]],
      [[4], []],
      [[2, 2, 3], [1, 3]],
      [[2, 3], [2, 3]],
      [[0, 3], [3]],
      [[2, 0], [1]],
    ] as [number[], number[]][]).map(([g, s]) => ({ shapes: [g], args: s, label: `to [${s.join(',')}]` })),
  },
  {
    name: 'concat',
    fn: (xs, axis: number) => ad.concat(xs, axis),
    ref: (xs, axis: number) => R.concat(xs, axis),
    cases: ([
      [[[2], [3]], 0],
      [[[2, 3], [2, 1]], 1],
      [[[1, 2], [2, 2], [3, 2]], 0],
      [[[2, 0], [2, 3]], -1],
      [[[0, 2], [0, 2]], 0],
      [[[1], [1], [1]], 0],
      [[[1, 2], [1, 3]], 1], // unit axes before the axis: each input one block of the output
      [[[1, 1, 2], [1, 1, 0], [1, 1, 3]], -1],
    ] as [number[][], number][]).map(([s, a]) => ({ shapes: s, args: a, label: `axis=${a}` })),
  },
  {
    name: 'stack',
    fn: (xs, axis: number) => ad.stack(xs, axis),
    ref: (xs, axis: number) => R.stack(xs, axis),
    cases: ([
      [[[3], [3]], 0],
      [[[2, 3], [2, 3], [2, 3]], 1],
      [[[2, 3], [2, 3]], -1],
      [[[], []], 0],
      [[[0], [0]], 0],
    ] as [number[][], number][]).map(([s, a]) => ({ shapes: s, args: a, label: `axis=${a}` })),
  },
  {
    name: 'pad',
    fn: ([x], a: { w: Parameters<typeof ad.pad>[1]; value?: number }) => ad.pad(x!, a.w, { value: a.value }),
    ref: ([x], a: { w: Parameters<typeof ad.pad>[1]; value?: number }) => {
      const nd_ = x!.shape.length;
      const w = a.w;
      const pairs = typeof w === 'number' ? Array.from({ length: nd_ }, () => [w, w] as const)
        : w.length === 2 && typeof w[0] === 'number' ? Array.from({ length: nd_ }, () => w as readonly [number, number])
        : (w as readonly (readonly [number, number])[]);
      return R.pad(x!, pairs, a.value ?? 0);
    },
    cases: [
      { shapes: [[3]], args: { w: 1 } },
      { shapes: [[2, 3]], args: { w: [[1, 0], [2, 1]], value: 0.5 } },
      { shapes: [[2, 3]], args: { w: [1, 2] } },
      { shapes: [[0]], args: { w: [1, 1] } },
      { shapes: [[]], args: { w: [] } },
      { shapes: [[2, 2]], args: { w: 0 } },
    ].map((c) => ({ ...c, label: `widths=${JSON.stringify(c.args.w)}${c.args.value !== undefined ? ` value=${c.args.value}` : ''}` })),
  } as Row,
  {
    name: 'flip',
    fn: ([x], a?: number | number[]) => ad.flip(x!, a),
    ref: ([x], a?: number | number[]) => R.flip(x!, a),
    cases: ([
      [[4], undefined],
      [[2, 3], 0],
      [[2, 3, 2], [0, 2]],
      [[2, 3], -1],
      [[0, 2], undefined],
      [[], undefined],
    ] as [number[], number | number[] | undefined][]).map(([s, a]) => ({ shapes: [s], args: a, label: `axis=${JSON.stringify(a) ?? 'all'}` })),
  },
  {
    name: 'roll',
    fn: ([x], a: { shift: number; axis?: number }) => ad.roll(x!, a.shift, a.axis),
    ref: ([x], a: { shift: number; axis?: number }) => R.roll(x!, a.shift, a.axis),
    cases: ([
      [[5], 2, 0],
      [[5], -7, 0],
      [[2, 3], 1, 1],
      [[2, 3], 4, undefined],
      [[2, 3], -1, -2],
      [[0], 1, 0],
      [[2, 0], 3, 1],
      [[1], 5, 0],
    ] as [number[], number, number | undefined][]).map(([s, shift, axis]) => ({ shapes: [s], args: { shift, axis }, label: `shift=${shift} axis=${axis ?? 'none'}` })),
  },
  {
    name: 'expand_dims',
    fn: ([x], a: number) => ad.expandDims(x!, a),
    ref: ([x], a: number) => R.expandDims(x!, a),
    cases: ([
      [[3], 0],
      [[3], 1],
      [[3], -1],
      [[], 0],
      [[2, 3], -2],
      [[0, 2], 1],
    ] as [number[], number][]).map(([s, a]) => ({ shapes: [s], args: a, label: `axis=${a}` })),
  },
  {
    name: 'squeeze',
    fn: ([x], a?: number | number[]) => ad.squeeze(x!, a),
    ref: ([x], a?: number | number[]) => R.squeeze(x!, a),
    cases: ([
      [[1, 3, 1], undefined],
      [[1, 3, 1], 0],
      [[1, 3, 1], [-1]],
      [[1], undefined],
      [[0, 1], 1],
      [[2, 3], undefined],
    ] as [number[], number | number[] | undefined][]).map(([s, a]) => ({ shapes: [s], args: a, label: `axis=${JSON.stringify(a) ?? 'all'}` })),
  },
  {
    name: 'slice',
    fn: ([x], a: [number, number?, number?, number?]) => ad.slice(x!, ...a),
    ref: ([x], a: [number, number?, number?, number?]) => R.slice(x!, ...a),
    cases: ([
      [[5], [1, 4]],
      [[5], [-3]],
      [[6], [5, undefined, -2]],
      [[2, 5], [0, 5, 2, 1]],
      [[4], [10, 20]],
      [[3, 4], [-1, undefined, 1, 0]],
      [[3, 4], [3, 0, -1, -1]],
      [[0, 2], [0, 1]],
    ] as [number[], [number, number?, number?, number?]][]).map(([s, a]) => ({ shapes: [s], args: a, label: `(${a.map((v) => v ?? 'undefined').join(', ')})` })),
  },
];

// --- indexing -----------------------------------------------------------------------------------------
type Ix = R.IndexItem[];
const ixLabel = (ix: Ix) => `at ${JSON.stringify(ix)}`;

interface TakeArgs { idx: number[] | number[][]; axis?: number }
const idxTensor = (idx: number[] | number[][]) => (Array.isArray(idx[0]) ? ad.tensor(idx as number[][]) : (idx as number[]));
const flatIdx = (idx: number[] | number[][]) => (idx as (number | number[])[]).flat() as number[];
// take with nested (tensor) indices: the gathered axis becomes the index array's axes
function takeRef(x: ND, a: TakeArgs): ND {
  const y = R.take(x, flatIdx(a.idx), a.axis);
  if (!Array.isArray(a.idx[0])) return y;
  const s = [...y.shape];
  const ax = a.axis === undefined ? 0 : a.axis < 0 ? a.axis + s.length : a.axis;
  s.splice(ax, 1, (a.idx as number[][]).length, (a.idx[0] as number[]).length);
  return R.nd(s, y.data);
}

interface TakeAddArgs { idx: number[]; axis: number; xShape: number[] }
function takeAddCase(xShape: number[], idx: number[], axis: number): Case<TakeAddArgs> {
  const g = [...xShape];
  const ax = axis < 0 ? axis + g.length : axis;
  g[ax] = idx.length;
  return { shapes: [g], args: { idx, axis, xShape }, label: `indices=${JSON.stringify(idx)} axis=${axis} n=${xShape[ax]}` };
}

interface RegArgs { ix: Ix }
const regCases = (withValue: boolean): Case<RegArgs>[] => {
  const cs: [number[], Ix, number[]][] = [
    [[5], [2], []],
    [[5], [{ start: 1, stop: 4 }], [3]],
    [[3, 4], [1], [4]],
    [[3, 4], [1, { step: 2 }], [2]],
    [[3, 4], [null, { start: 3, stop: 0, step: -1 }], [3, 3]],
    [[3, 4], [null, { step: 2 }], [1]],
    [[2, 3, 4], [{ start: -1 }, 1], [1, 4]],
    [[2, 3, 4], [-1, -2, -3], []],
    [[4], [{ start: 5 }], [0]],
    [[0, 3], [null, 1], [0]],
    [[1], [0], []],
  ];
  return cs.map(([s, ix, v]) => ({ shapes: withValue ? [s, v] : [s], args: { ix }, label: ixLabel(ix) }));
};

const INDEX_ROWS: Row[] = [
  {
    name: 'take',
    fn: ([x], a: TakeArgs) => ad.take(x!, idxTensor(a.idx), a.axis),
    ref: ([x], a: TakeArgs) => takeRef(x!, a),
    cases: ([
      [[5], [0, 2, 2, -1], 0],
      [[2, 3], [1, 0], 1],
      [[2, 3], [], 0],
      [[2, 3], [5, 0], undefined],
      [[5], [[0, 1], [4, 4]], undefined],
      [[3, 2], [[2, 0], [0, -3]], 0],
      [[1], [0, 0, 0], 0],
      [[0, 2], [1], 1],
    ] as [number[], number[] | number[][], number | undefined][]).map(([s, idx, axis]) => ({ shapes: [s], args: { idx, axis }, label: `indices=${JSON.stringify(idx)} axis=${axis ?? 'none'}` })),
  },
  {
    // take_add (scatter-add), through take's gradient: ∂/∂x Σ g·take(x) = take_add(g)
    name: 'take_add',
    fn: ([g], a: TakeAddArgs) =>
      ad.grad((x: Tensor) => ad.sum(ad.mul(ad.take(x, a.idx, a.axis), g!)))(ad.zeros(a.xShape, { dtype: g!.dtype as RealDType })) as Tensor,
    ref: ([g], a: TakeAddArgs) => R.takeAdd(g!, a.idx, a.axis, a.xShape[a.axis < 0 ? a.axis + a.xShape.length : a.axis]!),
    cases: [
      takeAddCase([5], [0, 2, 2, -1], 0),
      takeAddCase([2, 3], [1, 0, 1], 1),
      takeAddCase([3, 2], [2, 2], -2),
      takeAddCase([2, 3], [], 0),
      takeAddCase([1], [0, 0, 0], 0),
      takeAddCase([0, 2], [1], 1),
    ],
  },
  {
    name: 'region_get',
    fn: ([x], a: RegArgs) => x!.at(a.ix).get(),
    ref: ([x], a: RegArgs) => R.regionGet(x!, a.ix),
    cases: regCases(false),
  },
  {
    name: 'region_set',
    fn: ([x, v], a: RegArgs) => x!.at(a.ix).set(v!),
    ref: ([x, v], a: RegArgs) => R.regionUpdate(x!, a.ix, v!, (_, b) => b),
    cases: regCases(true),
  },
  {
    name: 'region_add',
    fn: ([x, v], a: RegArgs) => x!.at(a.ix).add(v!),
    ref: ([x, v], a: RegArgs) => R.regionUpdate(x!, a.ix, v!, (e, b) => e + b),
    cases: regCases(true),
  },
  {
    name: 'region_mul',
    fn: ([x, v], a: RegArgs) => x!.at(a.ix).mul(v!),
    ref: ([x, v], a: RegArgs) => R.regionUpdate(x!, a.ix, v!, (e, b) => e * b),
    cases: regCases(true),
  },
  {
    // stop_gradient: the value passes, no derivative of any order or mode does
    name: 'stop_gradient',
    fn: ([x]) => ad.stopGradient(x!),
    ref: ([x]) => x!,
    cases: UNARY_SHAPES.map((s) => ({ shapes: s })),
    nondiff: true,
  },
];

// --- complex -------------------------------------------------------------------------------------
// The complex parts have rows of their own; the ops with complex kernels get complex cases.
const C1 = [true];
const complexUnaryCases = (): Case[] => [[[3]], [[2, 2]], [[]], [[0]]].map((shapes) => ({ shapes, complex: C1, label: 'complex' }));
const complexRow = (name: string, fn: (z: Tensor) => Tensor, domain: Sampler = domains.normal): Row => ({
  name,
  fn: ([z]) => fn(z!),
  cases: [...complexUnaryCases(), { shapes: [[4]], label: 'real input' }],
  domain: [domain],
});

const COMPLEX_ROWS: Row[] = [
  complexRow('real', ad.real),
  complexRow('imag', ad.imag),
  complexRow('conj', ad.conj),
  complexRow('abs2', ad.abs2),
  complexRow('angle', ad.angle, domains.signed(0.3, 2)),
  {
    name: 'complex',
    fn: ([a, b]) => ad.complex(a!, b!),
    cases: [[[3], [3]], [[2, 3], [3]], [[], [2]], [[0], [0]]].map((shapes) => ({ shapes, complex: [false, false] })),
  },
];

// --- fft -------------------------------------------------------------------------------------------
// Values are checked against a naive DFT in fft.test.ts; here the rules, with complex inputs and
// outputs seen as (re, im) pairs, so the finite differences run over real and imaginary parts
// (this is what checks rfft's and irfft's Hermitian bin weights for even and odd n).
type FftArgs = { axis?: number; inverse?: boolean; norm?: 'backward' | 'ortho' | 'forward'; n?: number };
const fftLabel = (a: FftArgs) => Object.entries(a).map(([k, v]) => `${k}=${v}`).join(' ');
const FFT_ROWS: Row[] = [
  {
    name: 'fft_c2c',
    fn: ([x], a: FftArgs) => (a.inverse ? ad.fft.ifft : ad.fft.fft)(x!, a),
    cases: ([
      [[8], {}, true],
      [[5], { inverse: true }, true],
      [[1], {}, true],
      [[6], { norm: 'ortho' }, true],
      [[7], { inverse: true, norm: 'forward' }, true],
      [[3, 4], { axis: 0 }, true],
      [[2, 3, 5], { axis: 1, inverse: true }, true],
      [[0, 4], {}, true],
      [[6], {}, false],
      [[2, 9], { norm: 'ortho', inverse: true }, false],
    ] as [number[], FftArgs, boolean][]).map(([s, a, cx]) => ({ shapes: [s], args: a, complex: [cx], label: `${cx ? 'complex' : 'real'} ${fftLabel(a)}` })),
  },
  {
    name: 'fft_r2c',
    fn: ([x], a: FftArgs) => ad.fft.rfft(x!, a),
    cases: ([
      [[8], {}],
      [[7], {}],
      [[1], {}],
      [[2], {}],
      [[6], { norm: 'ortho' }],
      [[5], { norm: 'forward' }],
      [[4, 3], { axis: 0 }],
      [[2, 5, 3], { axis: 1 }],
      [[3, 0], { axis: 0 }],
    ] as [number[], FftArgs][]).map(([s, a]) => ({ shapes: [s], args: a, complex: [false], label: fftLabel(a) })),
  },
  {
    name: 'fft_c2r',
    fn: ([x], a: FftArgs) => ad.fft.irfft(x!, a),
    cases: ([
      [[5], {}],
      [[5], { n: 9 }],
      [[1], { n: 1 }],
      [[2], {}],
      [[4], { n: 7 }],
      [[4], { n: 3 }],
      [[4], { n: 12 }],
      [[4], { norm: 'ortho' }],
      [[3], { norm: 'forward', n: 5 }],
      [[3, 4], { axis: 0 }],
      [[2, 4, 3], { axis: 1, n: 7 }],
    ] as [number[], FftArgs][]).map(([s, a]) => ({ shapes: [s], args: a, complex: [true], label: fftLabel(a) })),
  },
];

// --- linear algebra --------------------------------------------------------------------------------
// Random normal matrices and bands: non-symmetric and not diagonally dominant (a transposed solve
// that used A⁻¹ instead of A⁻ᵀ would pass on symmetric ones, as jax-ml/jax #25787 shows). The
// values are checked against a dense reference in linalg.test.ts.
const L = ad.linalg;
/** Normal entries plus `shift` on the diagonal (keeps tiny random systems away from singular). */
const shifted = (shift: number): Sampler => (u, s) => {
  const v = Array.from(domains.normal(u, s));
  const n = s[0]!;
  if (s.length === 2 && s[0] === s[1]) for (let i = 0; i < n; i++) v[i * n + i]! += shift * Math.sign(v[i * n + i]! || 1);
  return v;
};
/** The diagonal row(s) of a band away from zero: entries ±[1, 2.5) (no dominance). */
const awayFromZeroBand: Sampler = (u, s) => Array.from(domains.signed(1, 2.5)(u, s));
/** An SPD upper band [k+1, n]: off-diagonal rows normal·0.3, diagonal row 1 + k·0.6 + |normal|. */
const spdBand: Sampler = (u, s) => {
  const [k1, n] = [s[0]!, s[1]!];
  const v = Array.from(domains.normal(u, s), (e) => 0.3 * e);
  for (let j = 0; j < n; j++) v[(k1 - 1) * n + j] = 1 + (k1 - 1) * 0.6 + Math.abs(v[(k1 - 1) * n + j]!) * 3;
  return v;
};
const sq = (n: number, k?: number): number[][] => [[n, n], k === undefined ? [n] : [n, k]];
const triShapes = (n: number, k?: number): number[][] => [[Math.max(n - 1, 0)], [n], [Math.max(n - 1, 0)], k === undefined ? [n] : [n, k]];

const LINALG_ROWS: Row[] = [
  {
    name: 'solve',
    fn: ([a, b]) => L.solve(a!, b!),
    cases: [sq(1), sq(3), sq(4, 2), sq(5), sq(2, 1), sq(0), sq(3, 0)].map((shapes) => ({ shapes })),
    domain: [shifted(1.5), domains.normal],
  },
  {
    name: 'inv',
    fn: ([a]) => L.inv(a!),
    cases: [[[1, 1]], [[3, 3]], [[4, 4]]].map((shapes) => ({ shapes })),
    domain: [shifted(1.5)],
  },
  {
    name: 'det',
    fn: ([a]) => L.det(a!),
    cases: [[[1, 1]], [[2, 2]], [[4, 4]]].map((shapes) => ({ shapes })),
    domain: [shifted(1.5)],
  },
  {
    name: 'logabsdet',
    fn: ([a]) => L.slogdet(a!)[1],
    cases: [[[1, 1]], [[3, 3]], [[5, 5]]].map((shapes) => ({ shapes })),
    domain: [shifted(1.5)],
  },
  {
    name: 'det_sign',
    fn: ([a]) => L.slogdet(a!)[0],
    cases: [[[3, 3]]].map((shapes) => ({ shapes })),
    domain: [shifted(1.5)],
    nondiff: true,
  },
  {
    name: 'tridiagonal_solve',
    fn: ([dl, d, du, b]) => L.tridiagonalSolve(dl!, d!, du!, b!),
    cases: [triShapes(1), triShapes(2), triShapes(5), triShapes(6, 3), triShapes(4, 1), triShapes(0)].map((shapes) => ({ shapes })),
    domain: [domains.normal, awayFromZeroBand, domains.normal, domains.normal],
  },
  {
    name: 'cyclic_tridiagonal_solve',
    fn: ([dl, d, du, lo, up, b]) => L.cyclicTridiagonalSolve(dl!, d!, du!, b!, { lower: lo!, upper: up! }),
    cases: [1, 2, 3, 6].flatMap((n) => [undefined, 2].map((k) => {
      const [dl, d, du, b] = triShapes(n, k);
      return { shapes: [dl!, d!, du!, [], [], b!], label: `n=${n}${k ? ` k=${k}` : ''}` };
    })),
    domain: [domains.normal, awayFromZeroBand, domains.normal, domains.normal, domains.normal, domains.normal],
  },
  {
    name: 'banded_solve',
    fn: ([ab, b], a: { kl: number; ku: number }) => L.bandedSolve(ab!, a, b!),
    cases: ([[2, 2, 6], [1, 2, 5], [0, 1, 4], [2, 0, 4], [1, 1, 1 + 2], [0, 0, 3], [3, 1, 7]] as [number, number, number][]).flatMap(([kl, ku, n]) =>
      [undefined, 2].map((k) => ({ shapes: [[kl + ku + 1, n], k ? [n, k] : [n]], args: { kl, ku }, label: `kl=${kl} ku=${ku} n=${n}${k ? ` k=${k}` : ''}`,
        // the diagonal row (ku) away from zero, the others normal
        domain: [((u, s) => { const v = Array.from(domains.normal(u, s)); for (let j = 0; j < n; j++) v[ku * n + j] = (u() < 0.5 ? -1 : 1) * (1.5 + u()); return v; }) as Sampler] }))),
  },
  {
    name: 'cholesky_banded_solve',
    fn: ([ab, b]) => L.choleskyBandedSolve(ab!, {}, b!),
    cases: ([[1, 5], [2, 6], [0, 3], [0, 1], [3, 4]] as [number, number][]).flatMap(([k, n]) =>
      [undefined, 2].map((c) => ({ shapes: [[k + 1, n], c ? [n, c] : [n]], label: `k=${k} n=${n}${c ? ` nrhs=${c}` : ''}` }))),
    domain: [spdBand, domains.normal],
  },
  {
    name: 'band_matvec',
    fn: ([ab, x], a: { kl: number; ku: number; transpose?: boolean }) => L.bandMatvec(ab!, a, x!, a),
    cases: ([[1, 1, 5, false], [2, 1, 6, true], [0, 2, 4, false], [1, 0, 1, true]] as [number, number, number, boolean][]).flatMap(([kl, ku, n, transpose]) =>
      [undefined, 3].map((k) => ({ shapes: [[kl + ku + 1, n], k ? [n, k] : [n]], args: { kl, ku, transpose }, label: `kl=${kl} ku=${ku} n=${n}${transpose ? ' transposed' : ''}${k ? ` k=${k}` : ''}` }))),
  },
  {
    // reached through band_matvec's gradient with respect to the band
    name: 'band_outer',
    fn: ([x, g], a: { kl: number; ku: number }) =>
      ad.grad((ab: Tensor) => ad.sum(ad.mul(L.bandMatvec(ab, a, x!), g!)))(ad.zeros([a.kl + a.ku + 1, x!.shape[0]!], { dtype: x!.dtype as RealDType })) as Tensor,
    cases: ([[1, 1, 5], [2, 0, 4], [0, 2, 3]] as [number, number, number][]).flatMap(([kl, ku, n]) =>
      [undefined, 2].map((k) => ({ shapes: [k ? [n, k] : [n], k ? [n, k] : [n]], args: { kl, ku }, label: `kl=${kl} ku=${ku} n=${n}${k ? ` k=${k}` : ''}` }))),
  },
];

// segment_index is piecewise constant (its value is checked in interp.test.ts)
const SEARCH_ROWS: Row[] = [{
  name: 'segment_index',
  fn: ([x, q]) => ad.interp.segmentIndex(x!, q!),
  cases: [[[5], [7]], [[2], [3]], [[4], [2, 3]], [[3], [0]]].map((shapes) => ({ shapes })),
  // ascending knots 0, 1, 2, … and queries off the knots
  pair: (u, shapes) => [Array.from({ length: R.sizeOf(shapes[0]!) }, (_, i) => i), Array.from({ length: R.sizeOf(shapes[1]!) }, () => Math.floor(8 * u()) - 2 + 0.5)],
  nondiff: true,
}];

// ppval (through the public interpolants' coefficient form) and its adjoint ppval_t (through
// ppval's gradient in the coefficients); x and the queries drawn apart from the knots.
type PpArgs = { k: number };
const ppPair: PairSampler = (u, shapes) => {
  const n = shapes[1]![0]!;
  const x = Array.from({ length: n }, (_, i) => i + 0.3 * (u() - 0.5));
  const q = Array.from({ length: R.sizeOf(shapes[2]!) }, () => -0.5 + Math.floor((n + 0.5) * u()) + 0.25 + 0.4 * u());
  return [Array.from(domains.normal(u, shapes[0]!)), x, q];
};
const ppCases = (): Case<PpArgs>[] => ([[4, 3, 0], [4, 3, 1], [3, 4, 2], [5, 2, 0], [2, 4, 3], [3, 3, 4]] as [number, number, number][]).flatMap(([n, P, k]) =>
  [[7], [2, 3]].map((qs) => ({ shapes: [[n - 1, P], [n], qs], args: { k }, label: `n=${n} P=${P} k=${k} q=[${qs}]` })));
const PP_ROWS: Row[] = [
  {
    name: 'ppval',
    fn: ([c, x, q], a: PpArgs) => ad.interp.ppval(c!, x!, q!, a.k),
    cases: ppCases(),
    pair: ppPair,
  },
  {
    name: 'ppval_t',
    fn: ([c, x, q], a: PpArgs) => ad.grad((cc: Tensor) => ad.sum(ad.mul(ad.interp.ppval(cc, x!, q!, a.k), ad.sin(q!))))(c!) as Tensor,
    cases: ppCases(),
    pair: ppPair,
  },
];

const HOLOMORPHIC = new Set(['neg', 'sqrt', 'square', 'exp', 'log', 'sin', 'cos', 'tan', 'sinh', 'cosh', 'tanh']);
for (const r of UNARY_ROWS) if (HOLOMORPHIC.has(r.name) || r.name === 'abs') r.cases.push(...complexUnaryCases());
for (const r of BINARY_ROWS.filter((b) => ['add', 'sub', 'mul', 'div'].includes(b.name)))
  r.cases.push(
    { shapes: [[3], [3]], complex: [true, true], label: 'complex' },
    { shapes: [[2, 3], [3]], complex: [true, true], label: 'complex' },
    { shapes: [[2, 1], []], complex: [true, true], label: 'complex' },
    { shapes: [[3], [3]], complex: [true, false], label: 'complex ∘ real' },
    { shapes: [[2, 3], [3]], complex: [false, true], label: 'real ∘ complex' },
    { shapes: [[2, 3]], args: { rhs: 0.7 }, complex: [true], label: 'complex ∘ number' },
  );
const withComplex = (name: string, cases: Case[]) => ROWS_BY_NAME(name).cases.push(...cases.map((c) => ({ ...c, complex: c.complex ?? c.shapes.map(() => true) })));
const ROWS_BY_NAME = (name: string): Row => [...SELECT_ROWS, ...REDUCTION_ROWS, ...LINEAR_ROWS, ...SHAPE_ROWS, ...INDEX_ROWS].find((r) => r.name === name)!;
withComplex('sum', [{ shapes: [[2, 3]], args: {}, label: 'complex, axis=all' }, { shapes: [[2, 3]], args: { axis: 1 }, label: 'complex, axis=1' }]);
withComplex('mean', [{ shapes: [[2, 3]], args: { axis: 0 }, label: 'complex, axis=0' }]);
withComplex('cumsum', [{ shapes: [[2, 3]], args: { axis: 1 }, label: 'complex, axis=1' }]);
withComplex('where', [{ shapes: [[5], [5]], args: { cond: condOf([5]) }, label: 'complex' }, { shapes: [[5], [5]], args: { cond: condOf([5]) }, complex: [true, false], label: 'complex, real b' }]);
withComplex('cast', [
  { shapes: [[3]], args: { to: 'real' }, label: 'complex to real (the real part)' },
  { shapes: [[3]], args: { same: true }, label: 'complex, same dtype' },
  { shapes: [[2, 2]], args: { to: 'complex' }, complex: [false], label: 'real to complex' },
]);
withComplex('reshape', [{ shapes: [[2, 3]], args: [3, 2], label: 'complex' }]);
withComplex('transpose', [{ shapes: [[2, 3]], args: undefined, label: 'complex' }, { shapes: [[11, 9]], args: undefined, label: 'complex, tiled' }]);
withComplex('broadcast_to', [{ shapes: [[2, 1]], args: [2, 5], label: 'complex' }]);
withComplex('concat', [{ shapes: [[2], [3]], args: 0, label: 'complex' }, { shapes: [[2], [3]], args: 0, complex: [true, false], label: 'complex and real' }]);
withComplex('take', [{ shapes: [[5]], args: { idx: [4, 0, 0, -1], axis: 0 }, label: 'complex' }]);
withComplex('matmul', [{ shapes: [[2, 3], [3, 4]], label: 'complex' }, { shapes: [[2, 2, 3], [3, 2]], label: 'complex batched' }, { shapes: [[3], [3, 2]], complex: [false, true], label: 'real ∘ complex' }]);
withComplex('dot', [{ shapes: [[3], [3]], label: 'complex' }]);
withComplex('outer', [{ shapes: [[3], [2]], label: 'complex' }]);
withComplex('region_mul', [{ shapes: [[4], [2]], args: { ix: [{ start: 1, stop: 3 }] }, label: 'complex' }, { shapes: [[4], [2]], args: { ix: [{ start: 1, stop: 3 }] }, complex: [true, false], label: 'complex x, real v' }]);

export const ROWS: Row[] = [...UNARY_ROWS, ...BINARY_ROWS, ...SELECT_ROWS, ...REDUCTION_ROWS, ...LINEAR_ROWS, ...SHAPE_ROWS, ...INDEX_ROWS, ...COMPLEX_ROWS, ...FFT_ROWS, ...LINALG_ROWS, ...SEARCH_ROWS, ...PP_ROWS];

/** The native op names that have a row. */
export const ROW_NAMES: readonly string[] = ROWS.map((r) => r.name);
