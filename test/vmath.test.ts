// The vectorized exp, expm1, tanh and sigmoid behind ad.exp … on float32 and float64
// (native/ops/vmath.h). Accuracy against a long-double reference (native.mathSelftest): the max
// error in ulps, on the dispatched path (AVX2+FMA where the CPU has it) and on the baseline path,
// over random, log-uniform and evenly spaced points of ranges around each function's switch
// points (overflow, underflow into subnormals, tanh's saturation, the ends of the reduced range
// ±ln2/2), plus the special values. Then the special values, large and tiny arguments through
// the public ops, against Math.* where its double result is close enough to judge.
import { describe, expect, it } from 'vitest';
import * as ad from '../dist/index.js';
import { native } from '../dist/native.js';

type Fn = 'exp' | 'expm1' | 'tanh' | 'sigmoid';
const sanitizer = !!process.env.ADJOINT_SANITIZER;
const COUNT = sanitizer ? 1000 : 20000;
const BOUND: Record<Fn, number> = { exp: 1, expm1: 1, tanh: 2, sigmoid: 2 };
const HALF_LN2 = Math.LN2 / 2;

type Range = [number, number];
// [double ranges, float ranges]: a broad one, the whole domain, then the switch points.
const RANGES: Record<Fn, [Range[], Range[]]> = {
  exp: [
    [[-1, 1], [-20, 20], [-1000, 1000], [709, 709.8], [-746, -707], [HALF_LN2 - 0.01, HALF_LN2 + 0.01], [-HALF_LN2 - 0.01, -HALF_LN2 + 0.01]],
    [[-1, 1], [-20, 20], [-200, 200], [88, 88.8], [-104, -86], [HALF_LN2 - 0.01, HALF_LN2 + 0.01], [-HALF_LN2 - 0.01, -HALF_LN2 + 0.01]],
  ],
  expm1: [
    [[-1, 1], [-20, 20], [-1000, 1000], [709, 709.8], [-40, -30], [HALF_LN2 - 0.01, HALF_LN2 + 0.01], [-HALF_LN2 - 0.01, -HALF_LN2 + 0.01], [30, 45]],
    [[-1, 1], [-20, 20], [-200, 200], [88, 88.8], [-20, -15], [HALF_LN2 - 0.01, HALF_LN2 + 0.01], [-HALF_LN2 - 0.01, -HALF_LN2 + 0.01], [14, 20]],
  ],
  tanh: [
    [[-1, 1], [-25, 25], [-1000, 1000], [18, 21], [-21, -18], [HALF_LN2 / 2 - 0.01, HALF_LN2 / 2 + 0.01]],
    [[-1, 1], [-12, 12], [-200, 200], [8.5, 10.5], [-10.5, -8.5], [HALF_LN2 / 2 - 0.01, HALF_LN2 / 2 + 0.01]],
  ],
  sigmoid: [
    [[-1, 1], [-40, 40], [-1000, 1000], [-746, -700], [30, 45], [-HALF_LN2 - 0.01, -HALF_LN2 + 0.01]],
    [[-1, 1], [-20, 20], [-200, 200], [-104, -86], [15, 20], [-HALF_LN2 - 0.01, -HALF_LN2 + 0.01]],
  ],
};

describe('vmath accuracy against long double', () => {
  for (const fn of Object.keys(RANGES) as Fn[])
    for (const single of [false, true])
      it(`${fn} ${single ? 'float32' : 'float64'} within ${BOUND[fn]} ulp, dispatched and baseline`, () => {
        for (const [lo, hi] of RANGES[fn][single ? 1 : 0]!) {
          const [dispatched, baseline, worstX] = native.mathSelftest(fn, single, lo, hi, COUNT, 17);
          const where = `over [${lo}, ${hi}], worst x = ${worstX}`;
          expect(dispatched, `dispatched path ${where}`).toBeLessThanOrEqual(BOUND[fn]);
          expect(baseline, `baseline path ${where}`).toBeLessThanOrEqual(BOUND[fn]);
        }
      });
});

// The value of fn through the public op, for each x alone (a scalar tensor) and all together (an
// array of 37: the vector loop and its remainder).
function run(fn: Fn, xs: number[], dtype: 'float32' | 'float64'): number[] {
  const one = xs.map((x) => ad[fn](ad.tensor(x, { dtype })).item());
  const many = Array.from(ad[fn](ad.tensor(Array.from({ length: 37 }, (_, i) => xs[i % xs.length]!), { dtype })).data());
  xs.forEach((_, i) => expect(Object.is(many[i], one[i]), `${fn}(${xs[i]}) alone ${one[i]}, in an array ${many[i]}`).toBe(true));
  return one;
}

const inf = Infinity;
// [x, exact result] for both dtypes (every x is a float32 value; -0 and NaN compared by Object.is)
const SPECIAL: Record<Fn, [number, number][]> = {
  exp: [[0, 1], [-0, 1], [inf, inf], [-inf, 0], [NaN, NaN], [1000, inf], [-1000, 0], [1e30, inf], [-1e30, 0]],
  expm1: [[0, 0], [-0, -0], [inf, inf], [-inf, -1], [NaN, NaN], [1000, inf], [-1000, -1], [-100, -1], [1e30, inf], [-1e30, -1]],
  tanh: [[0, 0], [-0, -0], [inf, 1], [-inf, -1], [NaN, NaN], [20, 1], [-20, -1], [1000, 1], [-1e30, -1]],
  sigmoid: [[0, 0.5], [-0, 0.5], [inf, 1], [-inf, 0], [NaN, NaN], [50, 1], [-1000, 0], [1e30, 1], [-1e30, 0]],
};

describe('vmath special values through the ops', () => {
  for (const dtype of ['float64', 'float32'] as const)
    for (const fn of Object.keys(SPECIAL) as Fn[])
      it(`${fn} ${dtype}: ±0, ±inf, NaN, saturation`, () => {
        const got = run(fn, SPECIAL[fn].map(([x]) => x), dtype);
        SPECIAL[fn].forEach(([x, want], i) => expect(Object.is(got[i], want), `${fn}(${x}) = ${got[i]}, want ${want}`).toBe(true));
      });

  it('thresholds: overflow, subnormal results, tiny arguments', () => {
    const f64 = (fn: Fn, x: number) => run(fn, [x], 'float64')[0]!;
    const f32 = (fn: Fn, x: number) => run(fn, [x], 'float32')[0]!;
    const f = Math.fround;
    expect(ulps(f64('exp', 709.78), Math.exp(709.78), false)).toBeLessThanOrEqual(2);  // near DBL_MAX
    expect(f64('exp', 709.79)).toBe(inf);
    expect(ulps(f32('exp', 88.72), f(Math.exp(f(88.72))), true)).toBeLessThanOrEqual(1.5);  // near FLT_MAX
    expect(f32('exp', 88.73)).toBe(inf);
    expect(f64('exp', -745.2)).toBe(0);  // below half the smallest subnormal
    expect(f64('exp', -745)).toBe(5e-324);  // e^-745 ≈ 2.8e-324: rounds up to the smallest subnormal
    expect(ulps(f64('exp', -740), Math.exp(-740), false)).toBeLessThanOrEqual(1);  // subnormal: ulp 5e-324
    expect(f32('exp', -103.98)).toBe(0);
    expect(f32('exp', -103.97)).toBe(f(1e-45));
    expect(ulps(f32('exp', -95), f(Math.exp(f(-95))), true)).toBeLessThanOrEqual(1);
    expect(ulps(f64('sigmoid', -700), Math.exp(-700), false)).toBeLessThanOrEqual(2);  // σ(x) ≈ eˣ
    expect(ulps(f64('expm1', 709.78), Math.expm1(709.78), false)).toBeLessThanOrEqual(2);
    for (const x of [5e-324, -5e-324, 1e-300, -1e-300, 1e-20]) {
      expect(f64('expm1', x)).toBe(x);
      expect(f64('tanh', x)).toBe(x);
      expect(f64('exp', x)).toBe(1);
      expect(f64('sigmoid', x)).toBe(0.5);
    }
    for (const x of [1e-45, -1e-45, 1e-40, -1e-30]) {
      const xf = Math.fround(x);
      expect(f32('expm1', x)).toBe(xf);
      expect(f32('tanh', x)).toBe(xf);
    }
  });
});

// |a − b| in units in the last place of b, in float64 or float32.
function ulps(a: number, b: number, single: boolean): number {
  const mant = single ? 23 : 52, minExp = single ? -126 : -1022;
  const e = b === 0 ? minExp : Math.max(Math.floor(Math.log2(Math.abs(b))), minExp);
  // Math.log2 may round up just below a power of two: that overstates the ulp by 2 at most
  return Math.abs(a - b) / 2 ** (e - mant);
}

describe('vmath against Math', () => {
  const xs = Array.from({ length: 2001 }, (_, i) => -30 + 0.03 * i).concat([0.3465, 0.3466, 0.3467, -0.3466, 0.1733, 0.1734, 1e-5, -1e-8]);
  const math: Record<Fn, (x: number) => number> = {
    exp: Math.exp,
    expm1: Math.expm1,
    tanh: Math.tanh,
    sigmoid: (x) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x))),
  };
  // float32: Math's double result rounded is within about half an ulp, so the bound is ours +
  // 0.5. float64: Math's own error (~1 ulp) adds to ours, and sigmoid's formula rounds thrice.
  const bound32: Record<Fn, number> = { exp: 1.5, expm1: 1.5, tanh: 2.5, sigmoid: 2.5 };
  const bound64: Record<Fn, number> = { exp: 2, expm1: 2, tanh: 3, sigmoid: 4 };
  for (const fn of Object.keys(math) as Fn[])
    it(`${fn} on [-30, 30] float64 and float32`, () => {
      for (const single of [false, true]) {
        const x = single ? xs.map(Math.fround) : xs;
        const got = ad[fn](ad.tensor(single ? Float32Array.from(x) : Float64Array.from(x))).data();
        let worst = 0, at = 0;
        x.forEach((v, i) => {
          const want = single ? Math.fround(math[fn](v)) : math[fn](v);
          const e = ulps(got[i]!, want, single);
          if (!(e <= worst)) [worst, at] = [e, v];
        });
        expect(worst, `${single ? 'float32' : 'float64'} worst at x = ${at}`).toBeLessThanOrEqual(single ? bound32[fn] : bound64[fn]);
      }
    });
});
