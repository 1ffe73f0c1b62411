// The gradient-check table (helpers/op-table.ts) run through helpers/gradcheck.ts: for every op,
// every shape case and both float dtypes — values against a JS reference, jvp and vjp against
// central differences and each other, reverse-over-reverse and forward-over-reverse against
// differences of the gradient, and the dtypes/shapes of every derivative. Then the dedicated
// tests the table cannot express: ties at kinks, stop_gradient's meaning, mixed dtypes.
import { describe, expect, it } from 'vitest';
import * as ad from '../dist/index.js';
import type { Tensor } from '../dist/index.js';
import { ROWS } from './helpers/op-table.js';
import { RUN_SEED, caseSeed, gradcheck } from './helpers/gradcheck.js';
import type { RealDType } from './helpers/gradcheck.js';

// Print the seed at the start of a run (ForwardDiff); ADJOINT_TEST_SEED=<n> replays another.
console.log(`gradcheck: run seed ${RUN_SEED} (ADJOINT_TEST_SEED=<n> to change it)`);

/** Case ids (`<op> <label> <dtype>`) that fail because of a known bug in the op, each with its
 * report in the hand-back notes. `it.fails` turns into a failure once the op is fixed. */
const KNOWN_FAILURES = new Set<string>([]);

const shapesLabel = (shapes: number[][]) => shapes.map((s) => `[${s.join(',')}]`).join(' ');

/** A case with complex inputs as a real function (Case.complex): input k, flagged complex, is
 * real data of shape [...s, 2] made into ad.complex(re, im); a complex output becomes
 * stack([re, im], -1). Real finite differences of this function then check the complex rules
 * and their convention (cotangent ∂L/∂x + i∂L/∂y) through the real-linear maps complex/real/imag. */
function complexCase(fn: (xs: Tensor[]) => Tensor, flags: boolean[], shapes: number[][]) {
  const unpack = (x: Tensor, s: number[]) => ad.complex(ad.reshape(ad.take(x, [0], -1), s), ad.reshape(ad.take(x, [1], -1), s));
  return {
    fn: (...xs: Tensor[]) => {
      const y = fn(xs.map((x, k) => (flags[k] ? unpack(x, shapes[k]!) : x)));
      return y.dtype.startsWith('complex') ? ad.stack([ad.real(y), ad.imag(y)], -1) : y;
    },
    shapes: shapes.map((s, k) => (flags[k] ? [...s, 2] : s)),
  };
}

for (const row of ROWS) {
  describe(row.name, () => {
    for (const c of row.cases) {
      const label = `${shapesLabel(c.shapes)}${c.label ? ` ${c.label}` : ''}`;
      for (const dtype of c.dtypes ?? (['float64', 'float32'] as RealDType[])) {
        const id = `${row.name} ${label} ${dtype}`;
        const seed = caseSeed(RUN_SEED, id);
        const test = KNOWN_FAILURES.has(id) ? it.fails : it;
        test(`${label} ${dtype} (seed ${seed})`, () => {
          const cx = c.complex ? complexCase((xs) => row.fn(xs, c.args), c.complex, c.shapes) : undefined;
          const checks = gradcheck(cx ? cx.fn : (...xs: Tensor[]) => row.fn(xs, c.args), {
            name: row.name,
            label,
            dtype,
            seed,
            shapes: cx ? cx.shapes : c.shapes,
            domain: c.domain ?? row.domain,
            pair: c.pair ?? row.pair,
            ref: row.ref && !cx ? (...xs) => row.ref!(xs, c.args) : undefined,
            outDtype: row.outDtype && !cx ? (dt) => row.outDtype!(dt, c.args) : undefined,
            nondiff: row.nondiff,
            order2: c.order2 ?? row.order2,
            fdInPrimalDtype: row.fdInPrimalDtype,
            vtol: row.vtol,
          });
          expect(checks).toBeGreaterThan(0);
        });
      }
    }
  });
}

// --- what the table cannot express ------------------------------------------------------------

// Compositions: fan-out (cotangents accumulate), storage shared through reshape, a value reused
// by several ops and levels. The ops are checked above; this checks how their rules combine.
const COMPOSITIONS: [string, number[][], (...xs: Tensor[]) => Tensor][] = [
  ['fan-out: sin(x)·reshape(x) + x', [[2, 3]], (x) => ad.add(ad.mul(ad.sin(x), ad.reshape(ad.reshape(x, [3, 2]), [2, 3])), x!)],
  ['aliasing: r·r with r = reshape(x)', [[2, 3]], (x) => ad.reshape(ad.mul(ad.reshape(x, [-1]), ad.reshape(x, [-1])), [3, 2])],
  ['mixed: Σ_0 (tanh(a)·b) · mean(b)', [[2, 3], [3, 4]], (a, b) => ad.mul(ad.sum(ad.matmul(ad.tanh(a!), b!), { axis: 0 }), ad.mean(b!))],
  ['slices and concat of one x', [[5]], (x) => ad.concat([ad.slice(x!, 0, 2), ad.exp(ad.slice(x!, 1)), x!.at(3).get().expandDims(0)])],
  ['where over two branches of one x', [[6]], (x) => ad.where(ad.greater(x!, 0), ad.sqrt(ad.add(ad.square(x!), 1)), ad.mul(ad.sin(x!), x!))],
  ['.at updates chained', [[3, 4], [4]], (x, v) => x!.at(1).set(ad.mul(v!, v!)).at([null, { step: 2 }]).mul(2).at(0).add(v!)],
];

describe('compositions', () => {
  for (const [name, shapes, f] of COMPOSITIONS)
    for (const dtype of ['float64', 'float32'] as const) {
      const seed = caseSeed(RUN_SEED, `composition ${name} ${dtype}`);
      it(`${name} ${dtype} (seed ${seed})`, () => {
        expect(gradcheck(f, { name: 'composition', label: name, dtype, seed, shapes })).toBeGreaterThan(0);
      });
    }
});

const vec = (t: unknown) => Array.from((t as Tensor).data());

describe('ties and kinks (JAX conventions: ties split evenly, kinks take 0)', () => {
  for (const dtype of ['float64', 'float32'] as const) {
    it(`maximum/minimum at a == b split the derivative evenly (${dtype})`, () => {
      const a = ad.tensor([1, 2, -3], { dtype });
      const b = ad.tensor([1, 5, -3], { dtype });
      for (const op of [ad.maximum, ad.minimum]) {
        const [ga, gb] = ad.grad((x: Tensor, y: Tensor) => ad.sum(op(x, y)), { argnums: [0, 1] })(a, b) as Tensor[];
        const pick = op === ad.maximum ? [0.5, 0, 0.5] : [0.5, 1, 0.5];
        expect(vec(ga)).toEqual(pick);
        expect(vec(gb)).toEqual(pick.map((p, i) => (i === 1 ? 1 - p : p)));
        // forward mode agrees: d op(x, x) / dx = 1 along the diagonal
        const [, t] = ad.jvp((x: Tensor) => op(x, x), [a], [ad.ones([3], { dtype })]) as [Tensor, Tensor];
        expect(vec(t)).toEqual([1, 1, 1]);
      }
    });
    it(`max/min reductions share the derivative among tied elements (${dtype})`, () => {
      const x = ad.tensor([[1, 3, 3, 2], [0, 0, 0, 0]], { dtype });
      const gmax = ad.grad((z: Tensor) => ad.sum(ad.max(z, { axis: 1 })))(x) as Tensor;
      expect(gmax.toArray()).toEqual([[0, 0.5, 0.5, 0], [0.25, 0.25, 0.25, 0.25]]);
      const gmin = ad.grad((z: Tensor) => ad.min(z))(x) as Tensor;
      expect(gmin.toArray()).toEqual([[0, 0, 0, 0], [0.25, 0.25, 0.25, 0.25]]);
      const [, t] = ad.jvp((z: Tensor) => ad.max(z, { axis: 1 }), [x], [ad.tensor([[9, 1, 3, 9], [4, 0, 0, 0]], { dtype })]) as [Tensor, Tensor];
      expect(vec(t)).toEqual([2, 1]);
    });
    it(`abs and relu take derivative 0 at 0, norm has gradient 0 at the origin (${dtype})`, () => {
      const x = ad.tensor([0, 0], { dtype });
      expect(vec(ad.grad((z: Tensor) => ad.sum(ad.abs(z)))(x))).toEqual([0, 0]);
      expect(vec(ad.grad((z: Tensor) => ad.sum(ad.relu(z)))(x))).toEqual([0, 0]);
      const gn = ad.grad((z: Tensor) => ad.norm(z))(x) as Tensor;
      expect(vec(gn)).toEqual([0, 0]);
      expect(gn.dtype).toBe(dtype);
    });
  }
});

describe('special points stay finite in every order', () => {
  it('pow at a zero base: d/da and d/db are 0, not NaN, also nested', () => {
    const x = ad.tensor([0, 0]);
    expect(vec(ad.grad((z: Tensor) => ad.sum(ad.pow(z, 3)))(x))).toEqual([0, 0]);
    // d²/dz² z³ = 6z = 0 at 0
    expect(vec(ad.grad((z: Tensor) => ad.sum(ad.grad((w: Tensor) => ad.sum(ad.pow(w, 3)))(z) as Tensor))(x))).toEqual([0, 0]);
    // ∂/∂b 0^b = 0^b·log 0 → 0 by convention (b > 0)
    const [ga, gb] = ad.grad((a: Tensor, b: Tensor) => ad.sum(ad.pow(a, b)), { argnums: [0, 1] })(x, ad.tensor([2, 3])) as Tensor[];
    expect(vec(ga)).toEqual([0, 0]);
    expect(vec(gb)).toEqual([0, 0]);
    const [, t] = ad.jvp((b: Tensor) => ad.pow(x, b), [ad.tensor([2, 3])], [ad.ones([2])]) as [Tensor, Tensor];
    expect(vec(t)).toEqual([0, 0]);
  });
  it('hypot at the origin has gradient 0 (a subgradient), not NaN', () => {
    const [ga, gb] = ad.grad((a: Tensor, b: Tensor) => ad.sum(ad.hypot(a, b)), { argnums: [0, 1] })(ad.zeros([2]), ad.zeros([2])) as Tensor[];
    expect([...vec(ga), ...vec(gb)]).toEqual([0, 0, 0, 0]);
  });
});

describe('stop_gradient', () => {
  it('is a constant to every mode and order', () => {
    const x = ad.tensor([1, 2, 3]);
    // d/dx Σ x·sg(x) = sg(x)
    expect(vec(ad.grad((z: Tensor) => ad.sum(ad.mul(z, ad.stopGradient(z))))(x))).toEqual([1, 2, 3]);
    const [, t] = ad.jvp((z: Tensor) => ad.mul(z, ad.stopGradient(z)), [x], [ad.ones([3])]) as [Tensor, Tensor];
    expect(vec(t)).toEqual([1, 2, 3]);
    // second order: d²/dx² of x·sg(x)² … the outer level sees sg(x) as constant too
    const h = ad.grad((z: Tensor) => ad.sum(ad.grad((w: Tensor) => ad.sum(ad.mul(ad.square(w), ad.stopGradient(w))))(z) as Tensor))(x);
    expect(vec(h)).toEqual([2, 4, 6]);
  });
});

describe('mixed dtypes', () => {
  it('float32 ∘ float64 promotes to float64, and each gradient keeps its primal dtype', () => {
    const a = ad.tensor([1, 2, 3], { dtype: 'float32' });
    const b = ad.tensor([[0.5], [2]], { dtype: 'float64' });
    for (const op of [ad.add, ad.sub, ad.mul, ad.div, ad.pow, ad.atan2, ad.hypot, ad.maximum, ad.minimum]) {
      const [y, pb] = ad.vjp((p: Tensor, q: Tensor) => op(p, q), a, b) as [Tensor, (c: unknown) => Tensor[]];
      expect(y.dtype).toBe('float64');
      const [ga, gb] = pb(ad.ones(y.shape));
      expect([ga!.dtype, gb!.dtype]).toEqual(['float32', 'float64']);
      expect([ga!.shape, gb!.shape]).toEqual([[3], [2, 1]]);
    }
    const [y, t] = ad.jvp((p: Tensor) => ad.matmul(p, ad.ones([3, 2])), [a], [ad.ones([3], { dtype: 'float32' })]) as [Tensor, Tensor];
    expect([y.dtype, t.dtype]).toEqual(['float64', 'float64']);
    const g = ad.grad((p: Tensor) => ad.sum(ad.matmul(p, ad.ones([3, 2]))))(a) as Tensor;
    expect(g.dtype).toBe('float32');
    expect(vec(g)).toEqual([2, 2, 2]);
  });
  it('a JS number takes the tensor dtype', () => {
    const a = ad.tensor([1, 2], { dtype: 'float32' });
    expect(ad.add(a, 1.5).dtype).toBe('float32');
    expect(ad.mul(2, a).dtype).toBe('float32');
    const g = ad.grad((p: Tensor) => ad.sum(ad.pow(p, 3)))(a) as Tensor;
    expect(g.dtype).toBe('float32');
    expect(vec(g)).toEqual([3, 12]);
  });
});

describe('size-0 edges', () => {
  it('empty reductions follow NumPy (sum 0, prod 1, mean NaN, logsumexp −∞) and do not crash', () => {
    expect(ad.sum(ad.zeros([0])).item()).toBe(0);
    expect(ad.prod(ad.zeros([0])).item()).toBe(1);
    expect(vec(ad.mean(ad.zeros([2, 0]), { axis: 1 })).every(Number.isNaN)).toBe(true);
    expect(ad.logsumexp(ad.zeros([0])).item()).toBe(-Infinity);
    const g = ad.grad((z: Tensor) => ad.sum(ad.exp(z)))(ad.zeros([0, 3])) as Tensor;
    expect(g.shape).toEqual([0, 3]);
  });
});
