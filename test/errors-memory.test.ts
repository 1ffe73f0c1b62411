// Typed errors with shapes in the message, mutation of saved tensors, escaped traced values,
// and memory accounting (tidy, dispose, memory()).
import { describe, expect, it } from 'vitest';
import * as ad from '../dist/index.js';
import { call } from '../dist/ops.js';
import { native } from '../dist/native.js';
import { Tensor } from '../dist/index.js';

describe('errors', () => {
  it('broadcast mismatch names both shapes', () => {
    expect(() => ad.add(ad.zeros([2, 3]), ad.zeros([4]))).toThrow(ad.ShapeError);
    expect(() => ad.add(ad.zeros([2, 3]), ad.zeros([4]))).toThrow(/\[2,3\].*\[4\]/);
  });

  it('grad of a non-scalar function is a ShapeError naming the shape', () => {
    expect(() => ad.grad((x: Tensor) => ad.exp(x))(ad.zeros([3]))).toThrow(ad.ShapeError);
    expect(() => ad.grad((x: Tensor) => ad.exp(x))(ad.zeros([3]))).toThrow(/\[3\]/);
  });

  it('bad arguments are ArgumentErrors', () => {
    expect(() => ad.grad((x: Tensor) => ad.sum(x), { argnums: 2 })(ad.zeros([1]))).toThrow(ad.ArgumentError);
    expect(() => ad.tensor('abc' as never)).toThrow(ad.ArgumentError);
    expect(() => ad.tensor([[1, 2], [3]])).toThrow(ad.ShapeError);
    expect(() => ad.full([-1], 0)).toThrow(ad.ShapeError);
    expect(() => ad.exp({} as never)).toThrow(ad.ArgumentError);
    expect(() => ad.zeros([2]).astype('int8' as never)).toThrow(ad.ArgumentError);
  });

  it('ops without complex kernels refuse complex arrays with a DTypeError naming op and dtype', () => {
    const z = ad.zeros([2], { dtype: 'complex128' });
    expect(() => ad.erf(z)).toThrow(/erf: dtype complex128 is not supported/);
    expect(() => ad.maximum(z, z)).toThrow(ad.DTypeError);
    expect(() => ad.max(z)).toThrow(ad.DTypeError);
    expect(() => ad.less(z, 1)).toThrow(ad.DTypeError);
    expect(() => ad.complex(z, z)).toThrow(/complex: re and im must be real/);
    expect(() => ad.where(z, 1, 2)).toThrow(/condition must be real/);
  });

  it('op arguments through the shared argument buffer: non-integers, numbers as tensors, overlong lists', () => {
    const x = ad.arange(0, 6);
    // (the public ops validate first; the native check behind them is the last line)
    expect(() => call('reshape', [x], [2, 3.5])).toThrow(/expected integers, got 3.5/);
    expect(() => call('reshape', [x], [2, NaN])).toThrow(ad.ArgumentError);
    expect(ad.where(ad.greater(x, 2), x, 0).toArray()).toEqual([0, 0, 0, 3, 4, 5]);
    // more indices than the buffer holds take the array path, with the same result
    const idx = Array.from({ length: 5000 }, (_, i) => (i * 7) % 6);
    const got = Array.from(ad.take(x, idx).data());
    expect(got).toEqual(idx);
  });
  it('an exception inside f leaves the library usable', () => {
    const before = ad.memory().tensors;
    expect(() =>
      ad.grad((x: Tensor) => {
        ad.exp(x);
        throw new Error('user failure');
      })(ad.zeros([2])),
    ).toThrow('user failure');
    expect((ad.grad((x: Tensor) => ad.sum(ad.square(x)))(ad.tensor([3])) as Tensor).toArray()).toEqual([6]);
    expect(ad.memory().tensors).toBeLessThanOrEqual(before + 8);
  });

  it('using a traced intermediate after its transformation returned is a DisposedError', () => {
    let leaked: Tensor | undefined;
    ad.grad((x: Tensor) => {
      leaked = ad.exp(x);
      return ad.sum(leaked);
    })(ad.zeros([2]));
    expect(() => ad.add(leaked!, 1)).toThrow(ad.DisposedError);
  });

  it('use after dispose is a DisposedError', () => {
    const x = ad.zeros([2]);
    x.dispose();
    expect(() => ad.exp(x)).toThrow(ad.DisposedError);
    expect(() => x.shape).toThrow(ad.DisposedError);
  });
});

describe('mutation', () => {
  it('writing into a tensor a live tape saved throws MutationError', () => {
    const x = ad.tensor([1, 2, 3]);
    expect(() =>
      ad.grad((w: Tensor) => {
        const y = ad.sum(ad.mul(w, x)); // the tape saved x
        x.set_(0, 10);
        return y;
      })(ad.ones([3])),
    ).toThrow(ad.MutationError);
    // after the transformation returned nothing holds x: writing is allowed
    x.set_(0, 10);
    expect(x.toArray()).toEqual([10, 2, 3]);
  });

  it('a vjp pullback keeps its saved tensors protected', () => {
    const x = ad.tensor([1, 2]);
    const [, pb] = ad.vjp((w: Tensor) => ad.mul(w, x), ad.ones([2]));
    expect(() => x.set_(1, 0)).toThrow(ad.MutationError);
    expect(((pb(ad.ones([2])) as Tensor[])[0]!).toArray()).toEqual([1, 2]);
  });

  it('functional updates are differentiable in x and v', () => {
    const f = (x: Tensor, v: Tensor) => ad.sum(ad.square(x.at(1).set(v).at([0]).mul(3)));
    const [gx, gv] = ad.grad(f, { argnums: [0, 1] })(ad.tensor([1, 2, 3]), ad.scalar(5)) as Tensor[];
    // y = [3·1, 5, 3]: ∂/∂x = [2·9·1, 0, 2·3]; ∂/∂v = 2·5
    expect(gx!.toArray()).toEqual([18, 0, 6]);
    expect(gv!.item()).toBe(10);
  });

  it('set_ writes in place with broadcasting and slices', () => {
    const x = ad.zeros([2, 3]);
    x.set_([null, { start: 1 }], ad.tensor([7, 8]));
    expect(x.toArray()).toEqual([[0, 7, 8], [0, 7, 8]]);
  });
});

describe('memory', () => {
  it('tidy disposes what it does not return', () => {
    const before = ad.memory().tensors;
    const kept = ad.tidy(() => {
      const a = ad.ones([100]);
      const b = ad.exp(a);
      return ad.sum(b);
    });
    expect(ad.memory().tensors).toBe(before + 1);
    expect(kept.item()).toBeCloseTo(100 * Math.E, 10);
  });

  it('tidy disposes more intermediates than one native call takes (batches of the argument buffer)', () => {
    // (the loop allocates, so a GC may release other tests' garbage meanwhile: the count can
    // only end lower than before + 1, while 5000 intermediates left alive would end far higher)
    const before = ad.memory().tensors;
    const inner: Tensor[] = [];
    const x = ad.tidy(() => {
      let s = ad.zeros([3]);
      for (let i = 0; i < 5000; i++) inner.push((s = ad.add(s, 1)));
      return s;
    });
    expect(ad.memory().tensors).toBeLessThanOrEqual(before + 1);
    expect(inner.slice(0, -1).every((t) => t.h === -1)).toBe(true);
    expect(Array.from(x.data())).toEqual([5000, 5000, 5000]);
    const kept = ad.tidy(() => [ad.ones([2]), ad.ones([2])]);
    const live = ad.memory().tensors;
    ad.dispose(kept);
    expect(kept.every((t) => t.h === -1)).toBe(true);
    expect(ad.memory().tensors).toBe(live - 2);
  });

  it('results disposed in a loop share finalizer batches (Note [Finalizer batches])', () => {
    // 2 KiB results: 32 of them fill a batch's budget, so a loop of 1000 would put a finalizer on
    // each one past the 32nd of every batch if the disposed ones kept their bytes counted there
    const z = ad.zeros([128], { dtype: 'complex128' });
    ad.dispose(Array.from({ length: 64 }, () => ad.scalar(0)));  // (seals the batch open before)
    const own = native.memory()[2];
    for (let i = 0; i < 1000; i++) ad.fft.fft(z).dispose();
    expect(native.memory()[2]).toBe(own);
    // a result kept alive still counts: past the budget the next ones get their own finalizers
    const kept: Tensor[] = [];
    for (let i = 0; i < 100; i++) kept.push(ad.fft.fft(z));
    expect(native.memory()[2]).toBeGreaterThan(own);
    ad.dispose(kept);
    z.dispose();
  });

  it('memory() counts bytes of live storage', () => {
    // (measured across dispose, which allocates nothing: an allocation may run a GC whose
    // finalizers release other tests' garbage between two readings)
    const t = ad.zeros([1000]);
    const live = ad.memory();
    t.dispose();
    const after = ad.memory();
    expect(live.bytes - after.bytes).toBe(8000);
    expect(live.tensors - after.tensors).toBe(1);
  });

  it('a grad call leaves no traced handles behind', () => {
    const x = ad.ones([10]);
    const f = ad.grad((x: Tensor) => ad.sum(ad.tanh(ad.mul(x, 2))));
    const before = ad.memory().tensors;
    for (let i = 0; i < 5; i++) (f(x) as Tensor).dispose();
    expect(ad.memory().tensors).toBeLessThanOrEqual(before + 3);
  });
});
