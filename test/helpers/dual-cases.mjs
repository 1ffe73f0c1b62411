// The cases of test/dual.test.ts: jvps of every smooth elementwise op (one tangent and k lanes,
// float64 and float32, several shapes) and nested transformations, each giving its outputs as
// typed arrays. The test runs them in its own process (fused forward kernels on) and in a child
// process with ADJ_FUSED_FORWARD=0 (the op's kernel, then its tangent rule): run as a script,
// this file writes the second set to the file named by its argument.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as ad from '../../dist/index.js';

export const LANES = [0, 1, 2, 3, 5, 8, 16, 17]; // 0: an unbatched jvp
export const SHAPES = [[0], [], [1], [5], [2, 3], [300], [2, 0]]; // 300: more than one block
const DTYPES = ['float64', 'float32'];

// [name, lo, hi]: inputs drawn uniformly from a part of the domain
export const UNARY = [
  ['neg', -2, 2], ['abs', -2, 2], ['sqrt', 0.1, 3], ['cbrt', -2, 2], ['square', -2, 2], ['exp', -3, 3],
  ['expm1', -2, 2], ['log', 0.1, 3], ['log1p', -0.5, 2], ['sin', -4, 4], ['cos', -4, 4], ['tan', -1.2, 1.2],
  ['asin', -0.9, 0.9], ['acos', -0.9, 0.9], ['atan', -3, 3], ['sinh', -2, 2], ['cosh', -2, 2], ['tanh', -5, 5],
  ['asinh', -3, 3], ['acosh', 1.1, 3], ['atanh', -0.9, 0.9], ['sigmoid', -8, 8], ['softplus', -5, 5],
  ['relu', -1, 1], ['erf', -2, 2], ['erfc', -2, 2],
];
// [name, a's range, b's range]
export const BINARY = [
  ['add', [-2, 2], [-2, 2]], ['sub', [-2, 2], [-2, 2]], ['mul', [-2, 2], [-2, 2]], ['div', [-2, 2], [0.5, 2]],
  ['pow', [0.5, 2], [-2, 2]], ['atan2', [-2, 2], [-2, 2]], ['hypot', [-2, 2], [-2, 2]],
  ['maximum', [-1, 1], [-1, 1]], ['minimum', [-1, 1], [-1, 1]],
];
// which operands vary: both, one, or a with b a fixed scalar (a held operand), or the reverse
const MODES = ['ab', 'a', 'b', 'a-held', 'held-b'];

let seed = 1;
const draw = (shape, lo, hi, dtype) => ad.random.rng(seed++).uniform(shape, lo, hi, { dtype });
const tangentsOf = (shape, lanes, dtype) => draw(lanes ? [lanes, ...shape] : shape, -1, 1, dtype);
const jvpOf = (f, xs, vs, lanes) => ad.jvp(f, xs, vs, lanes ? { batched: true } : {});

/** [id, () => outputs] for every case, inputs drawn in a fixed order (both processes alike). */
export function cases() {
  seed = 1;
  const out = [];
  for (const dtype of DTYPES)
    for (const shape of SHAPES)
      for (const lanes of LANES) {
        const tag = `${dtype} [${shape}] k=${lanes}`;
        for (const [name, lo, hi] of UNARY) {
          const x = draw(shape, lo, hi, dtype), v = tangentsOf(shape, lanes, dtype);
          out.push([`${name} ${tag}`, () => jvpOf(ad[name], [x], [v], lanes)]);
        }
        for (const [name, ra, rb] of BINARY)
          for (const mode of MODES) {
            const sa = mode === 'held-b' ? [] : shape, sb = mode === 'a-held' ? [] : shape;
            const a = draw(sa, ...ra, dtype), b = draw(sb, ...rb, dtype);
            const va = tangentsOf(sa, lanes, dtype), vb = tangentsOf(sb, lanes, dtype);
            const op = ad[name];
            const run =
              mode === 'ab' ? () => jvpOf(op, [a, b], [va, vb], lanes)
              : mode === 'b' || mode === 'held-b' ? () => jvpOf((u) => op(a, u), [b], [vb], lanes)
              : () => jvpOf((u) => op(u, b), [a], [va], lanes);
            out.push([`${name} ${mode} ${tag}`, run]);
          }
      }
  out.push(...nested());
  return out;
}

// Nested levels: every op under another level's trace takes the two-kernel path (the test also
// checks these against closed forms).
function nested() {
  const x = draw([7], 0.2, 1.5, 'float64'), v = draw([7], -1, 1, 'float64'), w = draw([7], -1, 1, 'float64');
  const V = draw([3, 7], -1, 1, 'float64');
  const g = (u) => ad.add(ad.mul(ad.tanh(ad.exp(u)), ad.sin(u)), ad.atan2(u, ad.hypot(u, 1.5)));
  const scalar = (u) => ad.sum(ad.add(ad.mul(ad.exp(u), ad.sin(u)), ad.div(ad.tanh(u), ad.pow(u, 3))));
  return [
    ['jvp of jvp', () => ad.jvp((u) => ad.jvp(g, [u], [v])[1], [x], [w])],
    ['batched jvp of jvp', () => ad.jvp((u) => ad.jvp(g, [u], [v])[1], [x], [V], { batched: true })],
    ['jvp of batched jvp', () => ad.jvp((u) => ad.jvp(g, [u], [V], { batched: true })[1], [x], [w])],
    ['grad of jvp', () => ad.grad((u) => ad.sum(ad.jvp(g, [u], [v])[1]))(x)],
    ['grad of batched jvp', () => ad.grad((u) => ad.sum(ad.jvp(g, [u], [V], { batched: true })[1]))(x)],
    ['hvp', () => ad.hvp(scalar, x, v)],
    ['hessian', () => ad.hessian(scalar)(x)],
    ['jacfwd', () => ad.jacfwd(g)(x)],
  ];
}

/** The arrays of a case's result (a tensor, a number, or nested arrays of them). */
export function arrays(r) {
  if (r instanceof ad.Tensor) return [r.data()];
  if (typeof r === 'number') return [Float64Array.of(r)];
  return r.flatMap(arrays);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const results = {};
  for (const [id, run] of cases())
    results[id] = arrays(run()).map((a) => ({ dtype: a instanceof Float32Array ? 'float32' : 'float64', b64: Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64') }));
  writeFileSync(process.argv[2], JSON.stringify(results));
}
