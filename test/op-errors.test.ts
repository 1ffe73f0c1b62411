// Bad input throws the typed errors of API.md, with the offending shapes/axes/indices in the
// message — eagerly, under grad and under jvp — and leaves the library usable afterwards.
import { describe, expect, it } from 'vitest';
import * as ad from '../dist/index.js';
import type { Tensor } from '../dist/index.js';

type ErrorClass = typeof ad.ShapeError | typeof ad.ArgumentError | typeof ad.DTypeError;
interface ErrorRow {
  op: string;
  call: () => unknown;
  error: ErrorClass;
  /** Substrings the message must contain (the shapes, axes or indices involved). */
  says: string[];
}

const o = (s: number[]) => ad.ones(s);
const c = (s: number[]) => ad.complex(o(s), o(s));
const { linalg: L, fft: F, interp: I } = ad;

const ERROR_ROWS: ErrorRow[] = [
  // mismatched broadcast shapes
  { op: 'add', call: () => ad.add(o([2, 3]), o([4])), error: ad.ShapeError, says: ['[2,3]', '[4]'] },
  { op: 'mul', call: () => ad.mul(o([2, 1, 3]), o([2, 2])), error: ad.ShapeError, says: ['[2,1,3]', '[2,2]'] },
  { op: 'pow', call: () => ad.pow(o([3]), o([0])), error: ad.ShapeError, says: ['[3]', '[0]'] },
  { op: 'less', call: () => ad.less(o([2]), o([3])), error: ad.ShapeError, says: ['[2]', '[3]'] },
  { op: 'where', call: () => ad.where(o([2]), o([3]), o([3])), error: ad.ShapeError, says: ['[2]', '[3]'] },
  { op: 'broadcast_to', call: () => ad.broadcastTo(o([2, 3]), [3, 3]), error: ad.ShapeError, says: ['[2,3]', '[3,3]'] },
  { op: 'matmul', call: () => ad.matmul(o([2, 3]), o([4, 2])), error: ad.ShapeError, says: ['[2,3]', '[4,2]'] },
  { op: 'matmul', call: () => ad.matmul(o([2, 2, 3]), o([3, 3, 1])), error: ad.ShapeError, says: ['[2,2,3]', '[3,3,1]'] },
  { op: 'matmul', call: () => ad.matmul(ad.scalar(1), o([3])), error: ad.ShapeError, says: ['[]', '[3]'] },
  { op: 'dot', call: () => ad.dot(o([3]), o([4])), error: ad.ShapeError, says: ['[3]', '[4]'] },
  { op: 'reshape', call: () => ad.reshape(o([2, 3]), [4, 2]), error: ad.ShapeError, says: ['[2,3]', '[4,2]'] },
  { op: 'reshape', call: () => ad.reshape(o([2, 3]), [-1, -1]), error: ad.ShapeError, says: ['[-1,-1]'] },
  { op: 'concat', call: () => ad.concat([o([2, 3]), o([3, 2])], 0), error: ad.ShapeError, says: ['[2,3]', '[3,2]'] },
  { op: 'concat', call: () => ad.concat([ad.scalar(1), ad.scalar(2)]), error: ad.ShapeError, says: ['[]'] },
  { op: 'stack', call: () => ad.stack([o([2, 3]), o([3])]), error: ad.ShapeError, says: ['[2,3]', '[3]'] },
  { op: 'squeeze', call: () => ad.squeeze(o([2, 3]), 0), error: ad.ShapeError, says: ['axis 0', '[2,3]'] },
  { op: 'region_set', call: () => o([3, 4]).at(0).set(o([3])), error: ad.ShapeError, says: ['[3]', '[4]'] },
  { op: 'region_add', call: () => o([3, 4]).at([null, 1]).add(o([2])), error: ad.ShapeError, says: ['[2]', '[3]'] },
  // bad axes
  { op: 'sum', call: () => ad.sum(o([2, 3]), { axis: 2 }), error: ad.ArgumentError, says: ['axis 2', 'ndim 2'] },
  { op: 'sum', call: () => ad.sum(o([2, 3]), { axis: -3 }), error: ad.ArgumentError, says: ['-3'] },
  { op: 'sum', call: () => ad.sum(o([2, 3]), { axis: [0, 0] }), error: ad.ArgumentError, says: ['[0,0]', '[2,3]'] },
  { op: 'max', call: () => ad.max(o([2, 3]), { axis: 5 }), error: ad.ArgumentError, says: ['axis 5'] },
  { op: 'max', call: () => ad.max(o([2, 0]), { axis: 1 }), error: ad.ArgumentError, says: ['[2,0]'] },
  { op: 'logsumexp', call: () => ad.logsumexp(o([3]), { axis: 1 }), error: ad.ArgumentError, says: ['axis 1'] },
  { op: 'cumsum', call: () => ad.cumsum(o([3]), { axis: 1 }), error: ad.ArgumentError, says: ['axis 1', 'ndim 1'] },
  { op: 'diff', call: () => ad.diff(o([3]), { axis: 1 }), error: ad.ArgumentError, says: ['axis 1', 'ndim 1'] },
  { op: 'diff', call: () => ad.diff(ad.scalar(1)), error: ad.ArgumentError, says: ['[]'] },
  { op: 'transpose', call: () => ad.transpose(o([2, 3]), [0, 0]), error: ad.ArgumentError, says: ['[0,0]'] },
  { op: 'transpose', call: () => ad.transpose(o([2, 3]), [0, 1, 2]), error: ad.ArgumentError, says: ['[0,1,2]'] },
  { op: 'expand_dims', call: () => ad.expandDims(o([2, 3]), 4), error: ad.ArgumentError, says: ['axis 4'] },
  { op: 'concat', call: () => ad.concat([o([2, 3]), o([2, 3])], 2), error: ad.ArgumentError, says: ['axis 2'] },
  { op: 'stack', call: () => ad.stack([o([2]), o([2])], 3), error: ad.ArgumentError, says: ['axis 3'] },
  { op: 'flip', call: () => ad.flip(o([3]), 1), error: ad.ArgumentError, says: ['axis 1'] },
  { op: 'roll', call: () => ad.roll(o([3]), 1, 1), error: ad.ArgumentError, says: ['axis 1'] },
  { op: 'slice', call: () => ad.slice(o([3]), 0, 1, 1, 1), error: ad.ArgumentError, says: ['axis 1'] },
  { op: 'slice', call: () => ad.slice(o([3]), 0, 3, 0), error: ad.ArgumentError, says: ['step'] },
  { op: 'squeeze', call: () => ad.squeeze(o([1, 1]), [0, 0]), error: ad.ArgumentError, says: ['0'] },
  { op: 'take', call: () => ad.take(o([2, 3]), [0], 2), error: ad.ArgumentError, says: ['axis 2'] },
  { op: 'pad', call: () => ad.pad(o([3]), -1), error: ad.ArgumentError, says: ['-1'] },
  { op: 'pad', call: () => ad.pad(o([2, 3]), [[1, 1]]), error: ad.ArgumentError, says: ['[2,3]'] },
  // out-of-range indices
  { op: 'take', call: () => ad.take(o([3]), [3]), error: ad.ArgumentError, says: ['index 3', 'size 3'] },
  { op: 'take', call: () => ad.take(o([3]), [-4]), error: ad.ArgumentError, says: ['index -4', 'size 3'] },
  { op: 'take', call: () => ad.take(o([2, 3]), [0, 3], 1), error: ad.ArgumentError, says: ['index 3', 'axis 1', 'size 3'] },
  { op: 'take', call: () => ad.take(o([0]), [0]), error: ad.ArgumentError, says: ['index 0', 'size 0'] },
  { op: 'take', call: () => ad.take(o([3]), [0.5]), error: ad.ArgumentError, says: ['0.5'] },
  { op: 'region_get', call: () => o([3]).at(3).get(), error: ad.ArgumentError, says: ['index 3', 'size 3'] },
  { op: 'region_get', call: () => o([3, 2]).at([0, -3]).get(), error: ad.ArgumentError, says: ['index -3', 'axis 1', 'size 2'] },
  { op: 'region_get', call: () => o([3]).at([0, 0]).get(), error: ad.ArgumentError, says: ['[3]'] },
  { op: 'region_set', call: () => o([3]).at(5).set(1), error: ad.ArgumentError, says: ['index 5', 'size 3'] },
  { op: 'region_mul', call: () => o([3]).at({ step: 0 }).mul(2), error: ad.ArgumentError, says: ['step'] },
  // complex parts, FFTs, solves, determinants, band products, knots (band_outer is reached only
  // through band_matvec's gradient, whose operands band_matvec has checked)
  { op: 'complex', call: () => ad.complex(c([2]), o([2])), error: ad.DTypeError, says: ['complex128', 'float64'] },
  { op: 'complex', call: () => ad.complex(o([2]), o([3])), error: ad.ShapeError, says: ['[2]', '[3]'] },
  { op: 'fft_c2c', call: () => F.fft(o([4]), { axis: 1 }), error: ad.ArgumentError, says: ['axis 1', 'ndim 1'] },
  { op: 'fft_c2c', call: () => F.ifft(o([4]), { norm: 'bad' as never }), error: ad.ArgumentError, says: ['norm', 'bad'] },
  { op: 'fft_r2c', call: () => F.rfft(c([4])), error: ad.DTypeError, says: ['complex128'] },
  { op: 'fft_c2r', call: () => F.irfft(c([3]), { n: 0 }), error: ad.ArgumentError, says: ['n', '0'] },
  { op: 'solve', call: () => L.solve(c([2, 2]), o([2])), error: ad.DTypeError, says: ['complex128'] },
  { op: 'cyclic_tridiagonal_solve', call: () => L.cyclicTridiagonalSolve(o([2]), o([3]), o([2]), o([3]), { lower: o([2]) }), error: ad.ShapeError, says: ['lower', '[2]', '[]'] },
  { op: 'cholesky_banded_solve', call: () => L.choleskyBandedSolve(o([4, 3]), { k: 3 }, o([3])), error: ad.ShapeError, says: ['k = 3', 'n = 3'] },
  { op: 'det', call: () => L.det(o([2, 3])), error: ad.ShapeError, says: ['square', '[2,3]'] },
  { op: 'logabsdet', call: () => L.slogdet(o([3])), error: ad.ShapeError, says: ['square', '[3]'] },
  { op: 'inv', call: () => L.inv(o([2, 3])), error: ad.ShapeError, says: ['square', '[2,3]'] },
  { op: 'band_matvec', call: () => L.bandMatvec(o([2, 4]), { kl: 1, ku: 1 }, o([4])), error: ad.ShapeError, says: ['[2,4]', 'kl = 1', 'expected [3,4]'] },
  { op: 'band_matvec', call: () => L.bandMatvec(o([3, 4]), { kl: 1, ku: 1 }, o([5])), error: ad.ShapeError, says: ['[3,4]', 'n = 5'] },
  { op: 'band_matvec', call: () => L.bandMatvec(o([3, 4]), { kl: 1, ku: 1 }, o([4, 1, 1])), error: ad.ShapeError, says: ['x', '[4,1,1]'] },
  { op: 'segment_index', call: () => I.segmentIndex(o([1]), o([1])), error: ad.ShapeError, says: ['at least 2', '[1]'] },
  { op: 'ppval', call: () => I.ppval(o([2, 2]), ad.tensor([0, 2, 1]), o([1])), error: ad.ArgumentError, says: ['strictly increasing', 'x[2]'] },
  { op: 'ppval', call: () => I.ppval(o([3, 2]), ad.tensor([0, 1, 2]), o([1])), error: ad.ShapeError, says: ['[3,2]', '2 segments'] },
  { op: 'ppval', call: () => I.ppval(o([2, 2]), o([2, 2]), o([1])), error: ad.ShapeError, says: ['knots', '[2,2]'] },
  { op: 'ppval', call: () => I.ppval(o([2, 2]), ad.tensor([0, 1, 2]), o([1]), -1), error: ad.ArgumentError, says: ['k', '-1'] },
];

describe('bad inputs throw typed errors naming what was wrong', () => {
  ERROR_ROWS.forEach((r, k) => {
    it(`${r.op} #${k}: ${r.error.name} ${r.says.join(' ')}`, () => {
      let caught: unknown;
      try {
        r.call();
      } catch (e) {
        caught = e;
      }
      expect(caught, 'did not throw').toBeInstanceOf(r.error);
      expect(caught).toBeInstanceOf(ad.AdjointError);
      for (const s of r.says) expect((caught as Error).message).toContain(s);
    });
  });

  it('the same errors come out of grad and jvp, and leave every level closed', () => {
    const x = ad.tensor([1, 2, 3]);
    expect(() => ad.grad((z: Tensor) => ad.sum(ad.add(z, o([2]))))(x)).toThrow(ad.ShapeError);
    expect(() => ad.jvp((z: Tensor) => ad.take(z, [7]), [x], [x])).toThrow(ad.ArgumentError);
    expect(() => ad.vjp((z: Tensor) => ad.sum(z, { axis: 3 }), x)).toThrow(ad.ArgumentError);
    expect(() => ad.grad((z: Tensor) => ad.grad((w: Tensor) => ad.sum(ad.matmul(w, o([2]))))(z))(x)).toThrow(ad.ShapeError);
    expect(() => ad.grad((z: Tensor) => ad.sum(I.ppval(o([2, 2]), z, o([1]))))(ad.tensor([0, 2, 1]))).toThrow(ad.ArgumentError);
    expect(() => ad.jvp((z: Tensor) => L.bandMatvec(z, { kl: 1, ku: 1 }, o([5])), [o([3, 4])], [o([3, 4])])).toThrow(ad.ShapeError);
    // nothing leaked: derivatives taken afterwards are right
    expect(Array.from((ad.grad((z: Tensor) => ad.sum(ad.square(z)))(x) as Tensor).data())).toEqual([2, 4, 6]);
    const [, t] = ad.jvp((z: Tensor) => ad.mul(z, z), [x], [ad.ones([3])]) as [Tensor, Tensor];
    expect(Array.from(t.data())).toEqual([2, 4, 6]);
  });
});
