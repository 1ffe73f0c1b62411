// Reproducible random numbers with explicit state (no global generator): xoshiro128** seeded
// through splitmix32, 53-bit uniforms from two draws, normals by Box–Muller.
import { ArgumentError } from './errors.js';
import { Tensor } from './tensor.js';
import { tensor } from './create.js';
import type { DType } from './dtype.js';

export interface Rng {
  /** Standard normal samples of the given shape. */
  normal(shape: readonly number[], opts?: { dtype?: DType }): Tensor;
  /** Uniform samples in [lo, hi). */
  uniform(shape: readonly number[], lo?: number, hi?: number, opts?: { dtype?: DType }): Tensor;
  /** The next uniform double in [0, 1). */
  next(): number;
}

export function rng(seed: number): Rng {
  if (!Number.isInteger(seed)) throw new ArgumentError(`random.rng: seed must be an integer, got ${seed}`);
  let x = seed >>> 0;
  const splitmix = () => {
    x = (x + 0x9e3779b9) >>> 0;
    let z = x;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  const s = Uint32Array.of(splitmix(), splitmix(), splitmix(), splitmix());
  const rotl = (v: number, k: number) => ((v << k) | (v >>> (32 - k))) >>> 0;
  const u32 = () => {
    const r = Math.imul(rotl(Math.imul(s[1]!, 5) >>> 0, 7), 9) >>> 0;
    const t = (s[1]! << 9) >>> 0;
    s[2]! ^= s[0]!;
    s[3]! ^= s[1]!;
    s[1]! ^= s[2]!;
    s[0]! ^= s[3]!;
    s[2]! ^= t;
    s[3] = rotl(s[3]!, 11);
    return r;
  };
  const next = () => ((u32() >>> 5) * 67108864 + (u32() >>> 6)) / 9007199254740992;
  const count = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);
  return {
    next,
    uniform(shape, lo = 0, hi = 1, opts = {}) {
      const v = new Float64Array(count(shape));
      for (let i = 0; i < v.length; i++) v[i] = lo + (hi - lo) * next();
      return tensor(v, { shape, ...opts });
    },
    normal(shape, opts = {}) {
      const v = new Float64Array(count(shape));
      for (let i = 0; i < v.length; i += 2) {
        const u1 = 1 - next();
        const u2 = next();
        const r = Math.sqrt(-2 * Math.log(u1));
        v[i] = r * Math.cos(2 * Math.PI * u2);
        if (i + 1 < v.length) v[i + 1] = r * Math.sin(2 * Math.PI * u2);
      }
      return tensor(v, { shape, ...opts });
    },
  };
}
