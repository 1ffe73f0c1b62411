// Workload 3 (and its float32 half, 5): the cost of a gradient relative to its primal, on a
// 10-layer chain u = tanh(1.01·u + 0.1) over 1e5 elements, summed at the end; TensorFlow.js
// (cpu backend, float32) runs the same chain with tf.grad.
import * as ad from 'adjoint';
import { prepare, compare, printTable, fmtNs, fmtRatio, report, loadTfjs } from './util.mjs';

const N = 100_000;
const LAYERS = 10;
const TARGET = 3;
const SAMPLES = 21;

console.log(`\n=== 3. grad/primal: ${LAYERS} layers of u = tanh(1.01·u + 0.1) on ${N.toExponential(0)} elements, then sum ===`);
console.log('Each sample is one call of f (primal) or of grad(f), run inside a tidy (ad.tidy / tf.tidy) with its result');
console.log('disposed. All cases are interleaved round-robin, so the ratios compare figures taken under the same load.');
console.log(`Target: adjoint grad/primal <= ${TARGET}.`);

const xs = new Float64Array(N);
for (let i = 0; i < N; i++) xs[i] = Math.sin(0.001 * i); // in [−1, 1]

const chain = (u) => {
  for (let l = 0; l < LAYERS; l++) u = ad.tanh(ad.add(ad.mul(u, 1.01), 0.1));
  return ad.sum(u);
};
const gradChain = ad.grad(chain);

const tf = await loadTfjs();
const tfChain = tf
  ? (u) => {
      for (let l = 0; l < LAYERS; l++) u = tf.tanh(tf.add(tf.mul(u, 1.01), 0.1));
      return tf.sum(u);
    }
  : null;
const tfGradChain = tf ? tf.grad(tfChain) : null;

const x64 = ad.tensor(xs);
const x32 = ad.tensor(Float32Array.from(xs));
const tx = tf ? tf.tensor1d(Float32Array.from(xs)) : null;

// one call per sample
const once = (fn) => prepare((n) => {
  for (let i = 0; i < n; i++) fn();
}, { inner: 1, warmupMs: 200 });
const samplers = {
  p64: once(() => ad.tidy(() => chain(x64)).dispose()),
  g64: once(() => ad.tidy(() => gradChain(x64)).dispose()),
  p32: once(() => ad.tidy(() => chain(x32)).dispose()),
  g32: once(() => ad.tidy(() => gradChain(x32)).dispose()),
  tp: tf ? once(() => tf.tidy(() => tfChain(tx)).dispose()) : null,
  tg: tf ? once(() => tf.tidy(() => tfGradChain(tx)).dispose()) : null,
};
// sanity: the gradients agree (float64 vs float32 vs tfjs) before anything is reported
{
  const g = gradChain(x64).data();
  const g32 = gradChain(x32).data();
  let err = 0;
  for (let i = 0; i < N; i += 997) err = Math.max(err, Math.abs(g[i] - g32[i]));
  if (tf) {
    const tg = tfGradChain(tx).dataSync();
    for (let i = 0; i < N; i += 997) err = Math.max(err, Math.abs(g[i] - tg[i]));
  }
  if (!(err < 1e-3)) throw new Error(`tanh chain: gradients disagree (max |Δ| = ${err})`);
}
const r = await compare(samplers, { samples: SAMPLES });

const cols = [
  { key: 'impl', title: 'implementation', align: 'left' },
  { key: 'p', title: 'primal median' },
  { key: 'pq', title: 'p10 / p90' },
  { key: 'g', title: 'grad median' },
  { key: 'gq', title: 'p10 / p90' },
  { key: 'ratio', title: 'grad/primal' },
  { key: 'ok', title: `<= ${TARGET}?` },
  { key: 'n', title: 'samples' },
];
const pq = (m) => `${fmtNs(m.p10)} / ${fmtNs(m.p90)}`;
const row = (impl, p, g, target) => ({
  impl,
  p: fmtNs(p.median),
  pq: pq(p),
  g: fmtNs(g.median),
  gq: pq(g),
  ratio: fmtRatio(g.median / p.median),
  ok: target ? (g.median / p.median <= TARGET ? 'yes' : 'NO') : '',
  n: `${p.samples}`,
});
const rows = [row('adjoint float64', r.p64, r.g64, true), row('adjoint float32', r.p32, r.g32, true)];
if (r.tp) rows.push(row('tfjs float32 (cpu backend)', r.tp, r.tg, false));
printTable(`tanh chain, ${LAYERS} layers × 3 ops, n = ${N}`, cols, rows);
if (r.tp) {
  printTable('adjoint float32 / tfjs float32 (same run)', [
    { key: 'w', title: 'what', align: 'left' },
    { key: 'v', title: 'adjoint/tfjs' },
  ], [
    { w: 'primal', v: fmtRatio(r.p32.median / r.tp.median) },
    { w: 'grad', v: fmtRatio(r.g32.median / r.tg.median) },
  ]);
}

report({ group: '3 tanh chain', name: 'grad/primal f64', value: r.g64.median / r.p64.median, unit: 'ratio', target: TARGET });
report({ group: '5 float32', name: 'tanh chain grad/primal f32', value: r.g32.median / r.p32.median, unit: 'ratio', target: TARGET });
if (r.tp) {
  report({ group: '4 vs tfjs', name: 'tanh chain primal f32, adjoint/tfjs', value: r.p32.median / r.tp.median, unit: 'ratio' });
  report({ group: '4 vs tfjs', name: 'tanh chain grad f32, adjoint/tfjs', value: r.g32.median / r.tg.median, unit: 'ratio' });
}
