// Taylor mode (Note [Taylor mode], native/ops/taylor.h). Every row of the gradient-check table:
// the coefficients y_k of s ↦ f(x + s·v) from one taylor() pass equal the k-th derivative of
// that path by nested forward mode (an independent route: first-order jvp rules), divided by
// k!. Then closed forms to order 8, nesting (grad over taylor, taylor over grad), and errors.
import { describe, expect, it } from 'vitest';
import * as ad from '../dist/index.js';
import type { Tensor } from '../dist/index.js';
import { ROWS } from './helpers/op-table.js';
import { RUN_SEED, caseSeed, domains } from './helpers/gradcheck.js';

const ORDER = 3;
const fact = (k: number): number => (k <= 1 ? 1 : k * fact(k - 1));
const data = (t: Tensor | number) => (t instanceof ad.Tensor ? Array.from(t.data(), Number) : [t]);
const maxAbs = (a: number[]) => a.reduce((m, v) => Math.max(m, Math.abs(v)), 0);

/** Ops with no Taylor rule when every input carries coefficients (products, an .at().mul()
 * whose target and factor both vary, ppval's knots and queries): taylor raises a typed error. */
const NO_RULE = new Set(['prod', 'prod_except', 'region_mul', 'ppval', 'ppval_t']);

/** dᵏ/dsᵏ g at s = 0 by k nested derivatives. */
function nestedDerivative(g: (s: Tensor) => Tensor, k: number): Tensor {
  let h: (s: Tensor) => Tensor = g;
  for (let j = 0; j < k; j++) {
    const prev = h;
    h = (s: Tensor) => ad.derivative(prev, s) as Tensor;
  }
  return h(ad.tensor(0));
}

describe('taylor: every op of the table against nested forward mode', () => {
  for (const row of ROWS) {
    // the first three real cases of each row, float64
    const cases = row.cases.filter((c) => !c.complex && !(c.dtypes && !c.dtypes.includes('float64'))).slice(0, 3);
    for (const c of cases) {
      const label = c.shapes.map((s) => `[${s.join(',')}]`).join(' ') + (c.label ? ` ${c.label}` : '');
      it(`${row.name} ${label}`, () => {
        const seed = caseSeed(RUN_SEED, `taylor ${row.name} ${label}`);
        const rng = ad.random.rng(seed);
        const u01 = () => rng.next();
        const domain = c.domain ?? row.domain;
        const pair = c.pair ?? row.pair;
        const raw = pair ? pair(u01, c.shapes) : c.shapes.map((s, i) => (domain?.[i] ?? domains.normal)(u01, s));
        const xs = raw.map((d, i) => ad.tensor(Float64Array.from(d), { shape: c.shapes[i]!, dtype: 'float64' }));
        // small directions keep the path x + s·v inside each input's domain near s = 0
        const vs = c.shapes.map((s) => ad.tensor(Float64Array.from(domains.normal(u01, s), (v) => 0.3 * v), { shape: s, dtype: 'float64' }));
        const f = (ins: Tensor[]) => row.fn(ins, c.args);
        if (NO_RULE.has(row.name)) {
          expect(() => ad.taylor(f, xs, vs, ORDER)).toThrow(ad.NotDifferentiableError);
          return;
        }
        const terms = ad.taylor(f, xs, vs, ORDER) as Tensor[];
        expect(terms.length).toBe(ORDER + 1);
        const y = f(xs);
        expect(terms[0]!.shape).toEqual(y.shape);
        expect(data(terms[0]!)).toEqual(data(y));
        const path = (s: Tensor) => f(xs.map((x, i) => ad.add(x, ad.mul(s, vs[i]!))));
        for (let k = 1; k <= ORDER; k++) {
          const got = data(terms[k]!).map((v) => v * fact(k));
          const want = data(nestedDerivative(path, k));
          expect(terms[k]!.shape, `order ${k} shape`).toEqual(y.shape);
          expect(terms[k]!.dtype).toBe(y.dtype);
          const scale = Math.max(maxAbs(want), 1e-300);
          got.forEach((g, i) => {
            if (Number.isNaN(want[i]!)) return;
            expect(Math.abs(g - want[i]!), `order ${k}, element ${i}: taylor ${g} vs nested ${want[i]}`).toBeLessThanOrEqual(1e-9 * scale + 1e-12);
          });
        }
      });
    }
  }
});

describe('taylor: closed forms to order 8', () => {
  const x = 0.4, K = 8;
  const binom = (a: number, k: number) => { let r = 1; for (let j = 0; j < k; j++) r *= (a - j) / (j + 1); return r; };
  const cases: [string, (t: Tensor) => Tensor, (k: number) => number][] = [
    ['exp', ad.exp, (k) => Math.exp(x) / fact(k)],
    ['sin', ad.sin, (k) => [Math.sin(x), Math.cos(x), -Math.sin(x), -Math.cos(x)][k % 4]! / fact(k)],
    ['cosh', ad.cosh, (k) => (k % 2 ? Math.sinh(x) : Math.cosh(x)) / fact(k)],
    ['log', ad.log, (k) => (k === 0 ? Math.log(x) : (k % 2 ? 1 : -1) / (k * x ** k))],
    ['log1p', ad.log1p, (k) => (k === 0 ? Math.log1p(x) : (k % 2 ? 1 : -1) / (k * (1 + x) ** k))],
    ['sqrt', ad.sqrt, (k) => binom(0.5, k) * x ** (0.5 - k)],
    ['cbrt', ad.cbrt, (k) => binom(1 / 3, k) * x ** (1 / 3 - k)],
    ['pow 2.5', (t) => ad.pow(t, 2.5), (k) => binom(2.5, k) * x ** (2.5 - k)],
    ['1/(1−x)', (t) => ad.div(1, ad.sub(1, t)), (k) => 1 / (1 - x) ** (k + 1)],
    ['atanh at 0', (t) => ad.atanh(ad.sub(t, x)), (k) => (k % 2 ? 1 / k : 0)],
    ['atan at 0', (t) => ad.atan(ad.sub(t, x)), (k) => (k % 2 ? (k % 4 === 1 ? 1 : -1) / k : 0)],
    ['asin at 0', (t) => ad.asin(ad.sub(t, x)), (k) => (k % 2 ? binom(-0.5, (k - 1) / 2) * (-1) ** ((k - 1) / 2) / k : 0)],
    ['asinh at 0', (t) => ad.asinh(ad.sub(t, x)), (k) => (k % 2 ? binom(-0.5, (k - 1) / 2) / k : 0)],
    ['erf at 0', (t) => ad.erf(ad.sub(t, x)), (k) => (k % 2 ? (2 / Math.sqrt(Math.PI)) * (-1) ** ((k - 1) / 2) / (fact((k - 1) / 2) * k) : 0)],
  ];
  for (const [name, f, coef] of cases)
    it(name, () => {
      const got = (ad.taylor(f, ad.tensor(x), ad.tensor(1), K) as Tensor[]).map((t) => t.item());
      got.forEach((g, k) => expect(Math.abs(g - coef(k)), `${name}, order ${k}: ${g} vs ${coef(k)}`).toBeLessThanOrEqual(1e-13 * (1 + Math.abs(coef(k)))));
    });

  it('complex exp along a complex direction', () => {
    const z = ad.complex(ad.tensor(0.2), ad.tensor(-0.5)), v = ad.complex(ad.tensor(0.3), ad.tensor(0.7));
    const terms = ad.taylor(ad.exp, z, v, 5) as Tensor[];
    // eᶻ⁺ˢᵛ: coefficient k = eᶻ vᵏ / k!
    let re = Math.exp(0.2) * Math.cos(-0.5), im = Math.exp(0.2) * Math.sin(-0.5);
    terms.forEach((t, k) => {
      if (k > 0) [re, im] = [(re * 0.3 - im * 0.7) / k, (re * 0.7 + im * 0.3) / k];
      expect(Math.abs(ad.real(t).item() - re) + Math.abs(ad.imag(t).item() - im)).toBeLessThan(1e-14);
    });
  });
});

describe('taylor: native Taylor<T, K> kernels against the op-by-op rule', () => {
  // With nothing traced by another level, a unary op's coefficients come from the native
  // kernel (dual/taylor.h); under an outer jvp level (x·t, t traced) the same recurrences run
  // op by op. Both must agree on every smooth unary op, to order 8, in each dtype.
  const domainOf: Record<string, [number, number]> = {
    sqrt: [0.3, 2], cbrt: [0.3, 2], log: [0.3, 2], log1p: [-0.5, 1], asin: [-0.6, 0.6], acos: [-0.6, 0.6],
    atanh: [-0.6, 0.6], acosh: [1.3, 3], tan: [-1, 1],
  };
  const ops = ['exp', 'expm1', 'square', 'sqrt', 'cbrt', 'log', 'log1p', 'sin', 'cos', 'sinh', 'cosh', 'tan', 'tanh', 'sigmoid', 'atan', 'atanh',
    'asin', 'acos', 'asinh', 'acosh', 'erf', 'erfc', 'softplus'] as const;
  const K = 8;
  const opByOp = (f: (t: Tensor) => Tensor, x: Tensor, v: Tensor) =>
    (ad.jvp((t: Tensor) => ad.taylor(f, ad.mul(x, t), v, K) as Tensor[], [ad.tensor(1, { dtype: x.dtype })], [ad.tensor(0, { dtype: x.dtype })])[0] as Tensor[]);
  for (const dtype of ['float64', 'float32'] as const)
    for (const name of ops)
      it(`${name} ${dtype}`, () => {
        const [lo, hi] = domainOf[name] ?? [-1.5, 1.5];
        const rng = ad.random.rng(caseSeed(RUN_SEED, `native taylor ${name} ${dtype}`));
        const x = ad.astype(rng.uniform([5], lo, hi), dtype), v = ad.astype(ad.mul(rng.normal([5]), 0.4), dtype);
        const f = (ad as unknown as Record<string, (t: Tensor) => Tensor>)[name]!;
        const native = ad.taylor(f, x, v, K) as Tensor[], ops = opByOp(f, x, v);
        const tol = dtype === 'float64' ? 1e-12 : 2e-4;
        for (let k = 0; k <= K; k++) {
          expect(native[k]!.dtype).toBe(dtype);
          const a = data(native[k]!), b = data(ops[k]!), scale = Math.max(maxAbs(b), 1e-300);
          a.forEach((g, i) => expect(Math.abs(g - b[i]!), `order ${k}, element ${i}: native ${g} vs op by op ${b[i]}`).toBeLessThanOrEqual(tol * scale));
        }
      });

  it('complex: the holomorphic ops agree', () => {
    const rng = ad.random.rng(caseSeed(RUN_SEED, 'native taylor complex'));
    const z = ad.complex(rng.uniform([4], 0.3, 1), rng.uniform([4], -0.5, 0.5)), v = ad.complex(rng.normal([4]), rng.normal([4]));
    for (const f of [ad.exp, ad.log, ad.sqrt, ad.sin, ad.cos, ad.tanh, ad.square]) {
      const native = ad.taylor(f, z, v, K) as Tensor[];
      const ops = ad.jvp((t: Tensor) => ad.taylor(f, ad.mul(z, t), v, K) as Tensor[], [ad.complex(1, 0)], [ad.complex(0, 0)])[0] as Tensor[];
      for (let k = 0; k <= K; k++) {
        const d = ad.abs(ad.sub(native[k]!, ops[k]!)), s = ad.max(ad.abs(ops[k]!)).item();
        expect(ad.max(d).item(), `${f.name} order ${k}`).toBeLessThanOrEqual(1e-12 * s);
      }
    }
  });

  it('binary rules: mul, div, pow (varying and fixed exponents), atan2, hypot', () => {
    const rng = ad.random.rng(caseSeed(RUN_SEED, 'native taylor binary'));
    const a = rng.uniform([6], 0.5, 2), b = rng.uniform([6], -1.5, 1.5), va = rng.normal([6]), vb = rng.normal([6]);
    const cases: [string, (p: Tensor[]) => Tensor][] = [
      ['mul', ([p, q]) => ad.mul(p!, q!)],
      ['mul, broadcasting', ([p, q]) => ad.mul(ad.reshape(p!, [6, 1]), q!)],
      ['div', ([p, q]) => ad.div(p!, ad.add(q!, 3))],
      ['pow', ([p, q]) => ad.pow(p!, q!)],
      ['pow, fixed array exponent', ([p]) => ad.pow(p!, b)],
      ['pow, fixed scalar exponent', ([p]) => ad.pow(ad.sub(p!, 1.2), 3)],
      ['atan2', ([p, q]) => ad.atan2(p!, q!)],
      ['hypot', ([p, q]) => ad.hypot(p!, q!)],
    ];
    for (const dtype of ['float64', 'float32'] as const) {
      const [x, y, u, w] = [a, b, va, vb].map((t) => ad.astype(t, dtype)) as [Tensor, Tensor, Tensor, Tensor];
      for (const [name, f] of cases) {
        const native = ad.taylor(f, [x, y], [u, w], K) as Tensor[];
        const one = ad.tensor(1, { dtype }), zero = ad.tensor(0, { dtype });
        const ops = ad.jvp((t: Tensor) => ad.taylor(f, [ad.mul(x, t), y], [u, w], K) as Tensor[], [one], [zero])[0] as Tensor[];
        const tol = dtype === 'float64' ? 1e-12 : 2e-4;
        for (let k = 0; k <= K; k++) {
          const p = data(native[k]!), q = data(ops[k]!), scale = Math.max(maxAbs(q), 1e-300);
          p.forEach((g, i) => expect(Math.abs(g - q[i]!), `${name} ${dtype} order ${k}, element ${i}: ${g} vs ${q[i]}`).toBeLessThanOrEqual(tol * scale));
        }
      }
    }
    const z = ad.complex(a, b), v = ad.complex(vb, va);
    const native = ad.taylor((p: Tensor) => ad.div(1, ad.add(p, 2)), z, v, K) as Tensor[];
    // 1/(2 + z + s·v) = Σ (−v)ᵏ/(2 + z)ᵏ⁺¹ sᵏ
    let want = ad.div(1, ad.add(z, 2));
    native.forEach((t, k) => {
      if (k > 0) want = ad.mul(want, ad.div(ad.neg(v), ad.add(z, 2)));
      expect(ad.max(ad.abs(ad.sub(t, want))).item(), `complex 1/(2 + z), order ${k}`).toBeLessThanOrEqual(1e-12 * ad.max(ad.abs(want)).item());
    });
  });

  it('orders past the native kernel run op by op', () => {
    const terms = (ad.taylor(ad.exp, ad.tensor(0.3), ad.tensor(1), 11) as Tensor[]).map((t) => t.item());
    terms.forEach((t, k) => expect(t).toBeCloseTo(Math.exp(0.3) / fact(k), 13));
  });
});

describe('taylor: nesting and errors', () => {
  it('grad over taylor: d/dθ of the second coefficient of sin(θ·(x + s)) matches the closed form', () => {
    // y_2 = −θ² sin(θx)/2, so d/dθ y_2 = −θ sin(θx) − θ²x cos(θx)/2
    const x = 0.7, th = 1.3;
    const g = ad.grad((t: Tensor) => (ad.taylor((u: Tensor) => ad.sin(ad.mul(t, u)), ad.tensor(x), ad.tensor(1), 2) as Tensor[])[2]!)(ad.tensor(th)) as Tensor;
    expect(g.item()).toBeCloseTo(-th * Math.sin(th * x) - (th * th * x * Math.cos(th * x)) / 2, 13);
  });

  it('taylor over grad: Taylor coefficients of a gradient (the third derivative)', () => {
    // f = x⁴: f′ = 4x³, along s: 4(x+s)³ = 4x³ + 12x² s + 12x s² + 4 s³
    const x = 0.6;
    const terms = (ad.taylor(ad.grad((u: Tensor) => ad.pow(u, 4)), ad.tensor(x), ad.tensor(1), 3) as Tensor[]).map((t) => t.item());
    [4 * x ** 3, 12 * x ** 2, 12 * x, 4].forEach((w, k) => expect(terms[k]).toBeCloseTo(w, 12));
  });

  it('nested taylor levels keep their coefficients apart', () => {
    // outer s, inner r: f(x + s + r) with f = exp; the inner y_1 is e^(x+s), whose outer
    // coefficients are e^x/k!
    const x = 0.25;
    const inner = (u: Tensor) => (ad.taylor(ad.exp, u, ad.tensor(1), 1) as Tensor[])[1]!;
    const terms = (ad.taylor(inner, ad.tensor(x), ad.tensor(1), 4) as Tensor[]).map((t) => t.item());
    terms.forEach((t, k) => expect(t).toBeCloseTo(Math.exp(x) / fact(k), 13));
  });

  it('trees, number leaves and constants in the output', () => {
    const f = ({ a, b }: { a: Tensor; b: number }) => ({ p: ad.mul(a, b), q: 7 });
    const terms = ad.taylor(f, { a: ad.tensor([1, 2]), b: 3 }, { a: ad.tensor([1, 0]), b: 1 }, 2) as { p: Tensor; q: Tensor | number }[];
    expect(data(terms[1]!.p)).toEqual([4, 2]); // b·v_a + a·v_b
    expect(data(terms[2]!.p)).toEqual([1, 0]); // v_a·v_b
    expect(data(terms[2]!.q as Tensor)).toEqual([0]);
  });

  it('custom rules are run as their function (a first-order rule says nothing of higher terms)', () => {
    const cube = ad.defineRule((x: Tensor) => ad.mul(x, ad.mul(x, x)), { rrule: (x) => [ad.mul(x, ad.mul(x, x)), (g) => [ad.mul(g, ad.mul(3, ad.square(x as Tensor)))]] });
    const terms = (ad.taylor(cube, ad.tensor(2), ad.tensor(1), 3) as Tensor[]).map((t) => t.item());
    expect(terms).toEqual([8, 12, 6, 1]);
  });

  it('order 1 is the jvp for every op, with or without a Taylor rule', () => {
    // prod has no rule for orders ≥ 2; its first coefficient is the directional derivative
    const x = ad.tensor([1, 2, 3, 4]), v = ad.tensor([1, 0, 0, 1]);
    const terms = ad.taylor((u: Tensor) => ad.prod(u), x, v, 1) as Tensor[];
    expect(terms[1]!.item()).toBeCloseTo((ad.jvp((u: Tensor) => ad.prod(u), [x], [v])[1] as Tensor).item(), 13);
    expect(terms[1]!.item()).toBeCloseTo(2 * 3 * 4 + 1 * 2 * 3, 13);
  });

  it('bad arguments are typed errors', () => {
    expect(() => ad.taylor(ad.exp, ad.tensor([1, 2]), ad.tensor([1, 2, 3]), 2)).toThrow(ad.ShapeError);
    expect(() => ad.taylor(ad.exp, ad.tensor(1), ad.tensor(1), -1)).toThrow(ad.ArgumentError);
    expect(() => ad.taylor(ad.exp, ad.tensor(1), ad.tensor(1), 1.5)).toThrow(ad.ArgumentError);
    expect(() => ad.taylor((x: Tensor) => ad.prod(x), ad.tensor([1, 2, 3, 4]), ad.tensor([1, 0, 0, 1]), 2)).toThrow(/prod has no Taylor-mode rule/);
    expect((ad.taylor(ad.exp, ad.tensor(0), ad.tensor(1), 0) as Tensor[]).map((t) => t.item())).toEqual([1]);
  });
});
