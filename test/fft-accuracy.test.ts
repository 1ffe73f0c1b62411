// native/fft against a long-double reference (native/fft/selftest.cc, bound as
// native.fftSelftest): every length 1..1100 and large and prime lengths, all four transform
// kinds, float64 and float32, plus batched and in-place layouts. The bound for float64 is
// 1e-15·(1 + log2 n)·C with C fixed; for float32, 1e-6 (relative RMS error).
import { describe, expect, it } from 'vitest';
import { native } from '../dist/native.js';

const C = 3;
const bound = (n: number, single: boolean) => (single ? 1e-6 : 1e-15 * (1 + Math.log2(n)) * C);
const KINDS = ['c2c forward', 'c2c backward', 'r2c', 'c2r'] as const;
const sanitizer = !!process.env.ADJOINT_SANITIZER;

function sweep(lengths: number[], single: boolean, kind: 0 | 1 | 2 | 3) {
  let worst = { n: 0, err: 0, ratio: 0 };
  for (const n of lengths) {
    const err = native.fftSelftest(n, single, kind, 1000 + n);
    const ratio = err / bound(n, single);
    if (!(ratio <= worst.ratio) || Number.isNaN(err)) worst = { n, err, ratio };
  }
  return worst;
}

const upTo1100 = Array.from({ length: sanitizer ? 200 : 1100 }, (_, i) => i + 1);
const large = sanitizer ? [4096, 10007] : [4096, 65536, 10007, 3 * 5 * 7 * 11 * 13];
// the largest ones (a long-double reference of 2^20 costs ~1 s) for the forward complex transform
const huge = sanitizer ? [] : [2 ** 20, 2 ** 17 - 1];

describe('fft accuracy against long double', () => {
  for (const single of [false, true])
    for (const kind of [0, 1, 2, 3] as const) {
      it(`${KINDS[kind]} ${single ? 'float32' : 'float64'}, n = 1..${upTo1100.length}`, () => {
        const w = sweep(upTo1100, single, kind);
        expect(w.ratio, `worst n = ${w.n}: rel RMS ${w.err.toExponential(2)} vs bound ${bound(w.n, single).toExponential(2)}`).toBeLessThanOrEqual(1);
      });
      const big = kind === 0 ? [...large, ...huge] : large;
      it(`${KINDS[kind]} ${single ? 'float32' : 'float64'}, n = ${big.join(', ')}`, () => {
        const w = sweep(big, single, kind);
        expect(w.ratio, `worst n = ${w.n}: rel RMS ${w.err.toExponential(2)} vs bound ${bound(w.n, single).toExponential(2)}`).toBeLessThanOrEqual(1);
      });
    }

  it('batched layouts ([outer, n, inner], inner > 1) and in place', () => {
    // [3, 128, 1] and [2, 1024, 1]: the fixed-length power-of-two kernels, in place too
    for (const [outer, n, inner] of [[3, 16, 5], [2, 15, 7], [1, 1009, 3], [4, 12, 1], [2, 64, 8], [1, 4096, 2], [3, 128, 1], [2, 1024, 1]])
      for (const single of [false, true])
        for (const kind of [0, 1, 2, 3] as const)
          for (const inPlace of kind < 2 ? [false, true] : [false]) {
            const err = native.fftSelftestBatched(outer!, n!, inner!, single, kind, inPlace, 7 + n!);
            expect(err, `[${outer}, ${n}, ${inner}] ${KINDS[kind]} ${single ? 'f32' : 'f64'}${inPlace ? ' in place' : ''}`).toBeLessThanOrEqual(bound(n!, single));
          }
  });
});
