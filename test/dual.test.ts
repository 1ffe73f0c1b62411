// Fused forward kernels (Note [Fused forward], native/dual/forward.h): an elementwise op at a
// forward level with concrete operands computes its output and tangent lanes in one pass over
// Dual<T, N>. Every smooth unary and binary op, with one tangent and k lanes (chunks of 8, 4, 2,
// 1), float64 and float32, shapes of 0, 1 and several blocks of elements, against the same jvps
// in a child process where ADJ_FUSED_FORWARD=0 makes each op run its kernel, then its tangent
// rule; and nested transformations, which keep to the general path, against closed forms.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as ad from '../dist/index.js';
import type { Tensor } from '../dist/index.js';
// @ts-expect-error: a plain ES module shared with the child process (no declarations)
import { arrays, cases } from './helpers/dual-cases.mjs';

type Encoded = { dtype: 'float32' | 'float64'; b64: string };
type Case = [string, () => unknown];

const dir = mkdtempSync(join(tmpdir(), 'adj-dual-'));
let twoKernel: Record<string, Encoded[]> = {};
const fused: Case[] = (cases as () => Case[])();

beforeAll(() => {
  const script = fileURLToPath(new URL('./helpers/dual-cases.mjs', import.meta.url));
  const file = join(dir, 'two-kernel.json');
  const r = spawnSync(process.execPath, [script, file], { encoding: 'utf8', env: { ...process.env, ADJ_FUSED_FORWARD: '0' } });
  if (r.status !== 0) throw new Error(`child process failed (${r.status}): ${r.stderr}`);
  twoKernel = JSON.parse(readFileSync(file, 'utf8')) as Record<string, Encoded[]>;
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const decode = (e: Encoded) => {
  const bytes = Buffer.from(e.b64, 'base64');
  const copy = new Uint8Array(bytes).buffer;
  return e.dtype === 'float32' ? new Float32Array(copy) : new Float64Array(copy);
};

/** Equal, or within `rel` of each other relative to the larger magnitude; NaN where the other is. */
function mismatches(got: ArrayLike<number>, want: ArrayLike<number>, rel: number): string[] {
  const bad: string[] = [];
  for (let i = 0; i < want.length && bad.length < 5; i++) {
    const g = got[i]!, w = want[i]!;
    if (g === w || (Number.isNaN(g) && Number.isNaN(w))) continue;
    if (!(Math.abs(g - w) <= rel * Math.max(Math.abs(g), Math.abs(w)))) bad.push(`[${i}] ${g} vs ${w}`);
  }
  return bad;
}

describe('fused forward kernels equal the kernel-then-tangent-rule path', () => {
  // one test per op and dtype, over every shape and lane count
  const groups = new Map<string, Case[]>();
  for (const c of fused) {
    const words = c[0].split(' ');
    const dtype = words.find((w) => w.startsWith('float'));
    const key = dtype ? `${words[0]} ${dtype}` : 'nested transformations';
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  for (const [key, group] of groups)
    it(key, () => {
      for (const [id, run] of group) {
        const got = arrays(run()) as (Float64Array | Float32Array)[];
        const want = twoKernel[id]!.map(decode);
        expect(got.length, id).toBe(want.length);
        got.forEach((g, j) => {
          expect(g.constructor, `${id} output ${j} dtype`).toBe(want[j]!.constructor);
          expect(g.length, `${id} output ${j} size`).toBe(want[j]!.length);
          expect(mismatches(g, want[j]!, g instanceof Float32Array ? 1e-6 : 1e-15), `${id} output ${j}`).toEqual([]);
        });
      }
    });
});

describe('nested levels keep to the general path', () => {
  const x = ad.tensor([0.3, 0.7, 1.1, -0.4, 2.0]);
  const v = ad.tensor([1, -0.5, 0.25, 2, -1]);
  const w = ad.tensor([0.5, 1, -2, 0.3, 1.5]);
  const close = (got: Tensor, want: number[], tol = 1e-12) => {
    const g = Array.from(got.data(), Number);
    expect(g.length).toBe(want.length);
    g.forEach((a, i) => expect(Math.abs(a - want[i]!)).toBeLessThanOrEqual(tol * (1 + Math.abs(want[i]!))));
  };
  const xs = Array.from(x.data(), Number), vs = Array.from(v.data(), Number), ws = Array.from(w.data(), Number);

  it('jvp of jvp: sin″ = −sin', () => {
    const [, t] = ad.jvp((u: Tensor) => ad.jvp(ad.sin, [u], [v])[1], [x], [w]) as [Tensor, Tensor];
    close(t, xs.map((a, i) => -Math.sin(a) * vs[i]! * ws[i]!));
  });

  it('batched jvp over jvp: each lane its own second derivative of exp(x)·x', () => {
    const W = ad.stack([w, v, ad.onesLike(x)]);
    const [, t] = ad.jvp((u: Tensor) => ad.jvp((z: Tensor) => ad.mul(ad.exp(z), z), [u], [v])[1], [x], [W], { batched: true }) as [Tensor, Tensor];
    const rows = [ws, vs, xs.map(() => 1)];
    close(t, rows.flatMap((r) => xs.map((a, i) => Math.exp(a) * (a + 2) * vs[i]! * r[i]!)));
  });

  it('grad of jvp: d/dx Σ tanh′(x)·v = tanh″(x)·v', () => {
    const g = ad.grad((u: Tensor) => ad.sum(ad.jvp(ad.tanh, [u], [v])[1] as Tensor))(x) as Tensor;
    close(g, xs.map((a, i) => -2 * Math.tanh(a) * (1 - Math.tanh(a) ** 2) * vs[i]!));
  });

  it('hessian and hvp of Σ exp(x)·sin(x) + x·hypot(x, 2)', () => {
    const f = (u: Tensor) => ad.sum(ad.add(ad.mul(ad.exp(u), ad.sin(u)), ad.mul(u, ad.hypot(u, 2))));
    // (x·h)″ with h = √(x² + 4): d/dx (h + x²/h) = 3x/h − x³/h³
    const d2 = xs.map((a) => {
      const h = Math.hypot(a, 2);
      return 2 * Math.exp(a) * Math.cos(a) + (3 * a) / h - a ** 3 / h ** 3;
    });
    const H = ad.hessian(f)(x) as Tensor;
    close(H, xs.flatMap((_, i) => xs.map((__, j) => (i === j ? d2[i]! : 0))));
    close(ad.hvp(f, x, v) as Tensor, d2.map((d, i) => d * vs[i]!));
  });
});
