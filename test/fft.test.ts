// fft: values against a naive DFT (every norm, axis, batch layout, both precisions), round
// trips, Parseval, linearity, rfft/irfft with even and odd n and irfft's n=, frequencies and
// errors. The rules are checked by the gradient-check table (fft_* rows); accuracy against a
// long-double reference by fft-accuracy.test.ts.
import { describe, expect, it } from 'vitest';
import * as ad from '../dist/index.js';
import type { Tensor } from '../dist/index.js';

const rng = ad.random.rng(20261129);

/** Naive DFT of complex pairs along the last axis of a [rows, n] layout (float64). */
function dft(re: number[], im: number[], sign: number): [number[], number[]] {
  const n = re.length;
  const yr = new Array<number>(n).fill(0), yi = new Array<number>(n).fill(0);
  for (let k = 0; k < n; k++)
    for (let j = 0; j < n; j++) {
      const t = (sign * 2 * Math.PI * ((j * k) % n)) / n;
      yr[k]! += re[j]! * Math.cos(t) - im[j]! * Math.sin(t);
      yi[k]! += re[j]! * Math.sin(t) + im[j]! * Math.cos(t);
    }
  return [yr, yi];
}

/** Moves `axis` last and returns rows of that axis as [re, im] lists (complex or real t). */
function lanes(t: Tensor, axis: number): [number[], number[]][] {
  const ax = axis < 0 ? axis + t.ndim : axis;
  const perm = [...Array(t.ndim).keys()].filter((d) => d !== ax).concat([ax]);
  const moved = ad.transpose(t, perm);
  const cx = t.dtype.startsWith('complex');
  const d = Array.from(moved.data());
  const n = t.shape[ax]!;
  const rows: [number[], number[]][] = [];
  const count = n ? d.length / (cx ? 2 * n : n) : 0;
  for (let r = 0; r < count; r++) {
    const re: number[] = [], im: number[] = [];
    for (let j = 0; j < n; j++) {
      const e = r * n + j;
      re.push(cx ? d[2 * e]! : d[e]!);
      im.push(cx ? d[2 * e + 1]! : 0);
    }
    rows.push([re, im]);
  }
  return rows;
}

const randComplex = (shape: number[], dtype: 'complex64' | 'complex128' = 'complex128') =>
  ad.complex(rng.normal(shape), rng.normal(shape)).astype(dtype);

function expectLanesClose(got: [number[], number[]][], want: [number[], number[]][], tol: number) {
  expect(got.length).toBe(want.length);
  let err = 0, scale = 0;
  got.forEach(([gr, gi], r) => {
    const [wr, wi] = want[r]!;
    gr.forEach((v, j) => {
      err = Math.max(err, Math.abs(v - wr[j]!), Math.abs(gi[j]! - wi[j]!));
      scale = Math.max(scale, Math.abs(wr[j]!), Math.abs(wi[j]!));
    });
  });
  expect(err).toBeLessThanOrEqual(tol * Math.max(scale, 1));
}

const scaleOf = (norm: string, n: number, inverse: boolean) =>
  norm === 'ortho' ? 1 / Math.sqrt(n) : (norm === 'forward') !== inverse ? 1 / n : 1;

describe('fft and ifft against a naive DFT', () => {
  const cases: [number[], number][] = [[[1], -1], [[2], -1], [[3], 0], [[8], -1], [[12], -1], [[17], -1], [[100], -1],
    [[4, 6], 0], [[4, 6], 1], [[3, 5, 7], 1], [[2, 3, 4], 0], [[2, 3, 4], -1], [[97], 0], [[2, 128], -1]];
  for (const [shape, axis] of cases)
    for (const inverse of [false, true])
      for (const norm of ['backward', 'ortho', 'forward'] as const)
        for (const dtype of ['complex128', 'complex64'] as const)
          it(`${inverse ? 'ifft' : 'fft'} [${shape}] axis=${axis} norm=${norm} ${dtype}`, () => {
            const x = randComplex(shape, dtype);
            const y = (inverse ? ad.fft.ifft : ad.fft.fft)(x, { axis, norm });
            expect(y.dtype).toBe(dtype);
            expect(y.shape).toEqual(shape);
            const n = shape[axis < 0 ? axis + shape.length : axis]!;
            const s = scaleOf(norm, n, inverse);
            const want = lanes(x, axis).map(([re, im]) => dft(re, im, inverse ? 1 : -1).map((v) => v.map((e) => e * s)) as [number[], number[]]);
            expectLanesClose(lanes(y, axis), want, dtype === 'complex128' ? 1e-13 : 2e-5);
          });

  it('real input is transformed as complex, float32 → complex64', () => {
    const xf = rng.normal([10], { dtype: 'float32' });
    const y = ad.fft.fft(xf);
    expect(y.dtype).toBe('complex64');
    expectLanesClose(lanes(y, -1), lanes(xf, -1).map(([re, im]) => dft(re, im, -1)), 2e-5);
  });

  it('fft2 / ifft2 are the 1-D transforms over both axes; round trip', () => {
    const x = randComplex([3, 6, 5]);
    const y = ad.fft.fft2(x);
    const twice = ad.fft.fft(ad.fft.fft(x, { axis: -1 }), { axis: -2 });
    expectLanesClose(lanes(y, -1), lanes(twice, -1), 1e-15);
    expectLanesClose(lanes(ad.fft.ifft2(y), -1), lanes(x, -1), 1e-14);
    expectLanesClose(lanes(ad.fft.fft2(x, { axes: [0, 2], norm: 'ortho' }), -1),
      lanes(ad.fft.fft(ad.fft.fft(x, { axis: 2, norm: 'ortho' }), { axis: 0, norm: 'ortho' }), -1), 1e-15);
  });
});

describe('rfft and irfft', () => {
  for (const n of [1, 2, 3, 4, 5, 8, 9, 16, 31, 64, 100, 127])
    for (const dtype of ['float64', 'float32'] as const)
      it(`rfft is the first n/2+1 bins of fft; irfft inverts it (n = ${n}, ${dtype})`, () => {
        const x = rng.normal([3, n], { dtype });
        const y = ad.fft.rfft(x);
        expect(y.shape).toEqual([3, Math.floor(n / 2) + 1]);
        expect(y.dtype).toBe(dtype === 'float64' ? 'complex128' : 'complex64');
        const full = lanes(x, -1).map(([re, im]) => dft(re, im, -1).map((v) => v.slice(0, Math.floor(n / 2) + 1)) as [number[], number[]]);
        const tol = dtype === 'float64' ? 1e-13 : 2e-5;
        expectLanesClose(lanes(y, -1), full, tol);
        expectLanesClose(lanes(ad.fft.irfft(y, { n }), -1), lanes(x, -1), tol);
      });

  it('irfft with n truncates or zero-pads the bins (NumPy semantics) and uses the Hermitian extension', () => {
    const bins = randComplex([5]);
    for (const n of [3, 4, 7, 8, 9, 12]) {
      const m = Math.floor(n / 2) + 1;
      const [re, im] = lanes(bins, -1)[0]!;
      const b = Array.from({ length: m }, (_, k) => [k < 5 ? re[k]! : 0, k < 5 ? im[k]! : 0]);
      // Hermitian extension X_{n−k} = conj(X_k); Im of bin 0 (and n/2 for even n) ignored
      const xr = new Array<number>(n).fill(0), xi = new Array<number>(n).fill(0);
      for (let k = 0; k < m; k++) {
        const edge = k === 0 || (n % 2 === 0 && k === n / 2);
        xr[k] = b[k]![0]!;
        xi[k] = edge ? 0 : b[k]![1]!;
        if (!edge) {
          xr[n - k] = b[k]![0]!;
          xi[n - k] = -b[k]![1]!;
        }
      }
      const [yr] = dft(xr, xi, 1);
      const got = ad.fft.irfft(bins, { n });
      expect(got.shape).toEqual([n]);
      expectLanesClose(lanes(got, -1), [[yr.map((v) => v / n), new Array(n).fill(0)]], 1e-14);
    }
    expect(ad.fft.irfft(bins).shape).toEqual([8]);
  });

  it('along a middle axis, with norms', () => {
    const x = rng.normal([2, 7, 3]);
    const y = ad.fft.rfft(x, { axis: 1, norm: 'ortho' });
    expect(y.shape).toEqual([2, 4, 3]);
    const want = lanes(x, 1).map(([re, im]) => dft(re, im, -1).map((v) => v.slice(0, 4).map((e) => e / Math.sqrt(7))) as [number[], number[]]);
    expectLanesClose(lanes(y, 1), want, 1e-14);
    expectLanesClose(lanes(ad.fft.irfft(y, { axis: 1, n: 7, norm: 'ortho' }), 1), lanes(x, 1), 1e-14);
  });
});

describe('identities', () => {
  it("Parseval: Σ|x|² = Σ|fft x|²/n, and ortho is unitary", () => {
    const x = randComplex([1000]);
    const ex = ad.sum(ad.abs2(x)).item();
    expect(ad.sum(ad.abs2(ad.fft.fft(x))).item() / 1000).toBeCloseTo(ex, 9);
    expect(ad.sum(ad.abs2(ad.fft.fft(x, { norm: 'ortho' }))).item()).toBeCloseTo(ex, 9);
  });
  it('linearity: fft(a·x + y) = a·fft(x) + fft(y)', () => {
    const x = randComplex([37]), y = randComplex([37]);
    const lhs = ad.fft.fft(ad.add(ad.mul(x, 2.5), y));
    const rhs = ad.add(ad.mul(ad.fft.fft(x), 2.5), ad.fft.fft(y));
    expectLanesClose(lanes(lhs, -1), lanes(rhs, -1), 1e-14);
  });
  it('the adjoint of fft is n·ifft (dot-product test)', () => {
    const x = randComplex([24]), u = randComplex([24]);
    // Re⟨F x, u⟩ = Re⟨x, Fᴴ u⟩
    const lhs = ad.sum(ad.real(ad.mul(ad.fft.fft(x), ad.conj(u)))).item();
    const rhs = ad.sum(ad.real(ad.mul(x, ad.conj(ad.mul(ad.fft.ifft(u), 24))))).item();
    expect(lhs).toBeCloseTo(rhs, 11);
  });
});

describe('frequencies and errors', () => {
  it('fftfreq and rfftfreq match NumPy', () => {
    expect(ad.fft.fftfreq(5, 0.1).toArray()).toEqual([0, 2, 4, -4, -2]);
    expect(ad.fft.fftfreq(4).toArray()).toEqual([0, 0.25, -0.5, -0.25]);
    expect(ad.fft.rfftfreq(5).toArray()).toEqual([0, 0.2, 0.4]);
    expect(ad.fft.rfftfreq(4, 2).toArray()).toEqual([0, 0.125, 0.25]);
  });
  it('bad input gives typed errors', () => {
    expect(() => ad.fft.fft(ad.zeros([0]))).toThrow(/invalid number of data points \(0\)/);
    expect(() => ad.fft.fft(ad.scalar(1))).toThrow(ad.ArgumentError);
    expect(() => ad.fft.fft(ad.zeros([3]), { axis: 1 })).toThrow(ad.ArgumentError);
    expect(() => ad.fft.rfft(randComplex([4]))).toThrow(ad.DTypeError);
    expect(() => ad.fft.irfft(randComplex([1]))).toThrow(/invalid number of data points/);
    expect(() => ad.fft.fft(ad.zeros([4]), { norm: 'nope' as never })).toThrow(ad.ArgumentError);
    expect(() => ad.fft.fftfreq(0)).toThrow(ad.ArgumentError);
  });
});
