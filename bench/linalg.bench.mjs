// Structured linear algebra and interpolation (issue 4):
//  1. native: bench/native/linalg_bench.cc times native/linalg against LAPACK (Debian
//     liblapack-dev: dgtsv, dgbsv, dgesv; skipped with a message when missing) and a plain
//     unpivoted Thomas loop, factor + solve with one right-hand side, in one process;
//  2. W2 (finite-difference Poisson, cyclic tridiagonal; dense LU for comparison) and W3
//     (quadratic spline, 64 knots, 640 queries) from JS, value and gradient; TensorFlow.js runs
//     W3 (float32; the bidiagonal recurrence as an alternating cumulative sum, gather by
//     segment) — it has no linear solve for W2. Eager rows run plain (intermediates left to the
//     GC's finalizer batches) and inside ad.tidy (freed when the call returns; tfjs runs in
//     tf.tidy), beside the compiled replay.
// Targets: pivoted tridiagonal ≤ 1.3× the Thomas loop; banded kl = ku = 2 ≤ 0.5× dgbsv; dense
// ≤ 1.3× dgesv; W2 gradient ≤ 10 µs; W3 value ≤ 3 µs and gradient in y ≤ 10 µs.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { prepare, compare, printTable, fmtNs, fmtRatio, report, buildHarness, loadTfjs, SCALE } from './util.mjs';
import { fdPoisson } from '../examples/poisson-fd/w2.mjs';
import { w3Problem } from '../examples/spline/w3.mjs';
import * as ad from 'adjoint';

console.log('\n=== Linear algebra: native/linalg vs LAPACK and a Thomas loop; W2 and W3 from JS ===');

// ---- 1. native ----------------------------------------------------------------------------------
const lapackLib = ['/usr/lib/x86_64-linux-gnu/liblapack.so', '/usr/lib/liblapack.so'].find((f) => fs.existsSync(f));
if (!lapackLib) console.log('[LAPACK] skipped: liblapack.so not found (apt install liblapack-dev to compare against LAPACK)');
const srcFile = new URL('./native/linalg_bench.cc', import.meta.url);
let rows = [];
if (!fs.existsSync(srcFile)) {
  console.log('[linalg_bench] skipped: bench/native/linalg_bench.cc is missing');
} else {
  // (the factorizations allocate through core/pool)
  const sources = fs.readdirSync(new URL('../native/linalg', import.meta.url)).filter((f) => f.endsWith('.cc')).map((f) => `native/linalg/${f}`);
  sources.push('native/core/pool.cc');
  const harness = buildHarness('linalg_bench', { sources, defines: lapackLib ? ['-DHAVE_LAPACK'] : [], libs: lapackLib ? ['-llapack'] : [] });
  if (harness) {
    const r = spawnSync(harness.bin, SCALE < 1 ? ['--quick'] : [], { encoding: 'utf8', maxBuffer: 1 << 24 });
    if (r.status === 0) rows = JSON.parse(r.stdout);
    else console.log(`[linalg_bench] failed: ${r.stderr || r.error}`);
  }
}
const TARGETS = { tridiagonal: ['ref_ns', 1.3, 'Thomas'], banded: ['lapack_ns', 0.5, 'dgbsv'], dense: ['lapack_ns', 1.3, 'dgesv'] };
if (rows.length) {
  printTable('native, factor + solve, one right-hand side (medians)', [
    { key: 'what', title: 'solver', align: 'left' },
    { key: 'n', title: 'n' },
    { key: 'ours', title: 'adjoint' },
    { key: 'per', title: 'per unknown' },
    { key: 'lapack', title: 'LAPACK' },
    { key: 'lper', title: 'per unknown' },
    { key: 'ref', title: 'Thomas loop' },
    { key: 'ratio', title: 'vs target peer' },
    { key: 'ok', title: 'target' },
  ], rows.map((x) => {
    const t = TARGETS[x.what];
    const peer = t ? x[t[0]] : null;
    const ratio = peer ? x.ours_ns / peer : NaN;
    if (t && peer) report({ group: 'linalg native', name: `${x.what} n = ${x.n}, adjoint/${t[2]}`, value: ratio, unit: 'ratio', target: t[1] });
    return {
      what: x.what,
      n: String(x.n),
      ours: fmtNs(x.ours_ns),
      per: fmtNs(x.ours_ns / x.n),
      lapack: x.lapack_ns ? fmtNs(x.lapack_ns) : '—',
      lper: x.lapack_ns ? fmtNs(x.lapack_ns / x.n) : '—',
      ref: x.ref_ns ? fmtNs(x.ref_ns) : '—',
      ratio: t && peer ? `${fmtRatio(ratio)} ${t[2]}` : '',
      ok: t && peer ? (ratio <= t[1] ? `yes (<= ${t[1]}×)` : `NO (<= ${t[1]}×)`) : '',
    };
  }));
}

// ---- 2. W2 and W3 from JS -------------------------------------------------------------------------
const tf = await loadTfjs();
const each = (fn) => prepare((n) => {
  for (let i = 0; i < n; i++) fn(i);
}, { minSampleMs: 20, warmupMs: 200 });

const w2 = fdPoisson(128), w2dense = fdPoisson(128, { solver: 'dense' });
const tOf = (i) => 0.3 + (i % 500) * 0.0117;
// compile (tape replayed natively): t as a 0-d tensor argument
const w2c = ad.compile((t) => ad.sum(ad.square(w2.phi(t))), ad.tensor(0.3));
const tTensors = Array.from({ length: 500 }, (_, i) => ad.tensor(tOf(i)));
const r2 = await compare({
  value: each((i) => w2.I(tOf(i))),
  grad: each((i) => w2.dIdt(tOf(i))),
  gradTidy: each((i) => ad.tidy(() => w2.dIdt(tOf(i)))),
  gradCompiled: each((i) => w2c.grad(tTensors[i % 500])),
  denseGrad: each((i) => w2dense.dIdt(tOf(i))),
}, { samples: 21 });

const p = w3Problem();
let tfW3 = null;
if (tf) {
  // the same loss in TensorFlow.js: z_i = Σ_{k≤i} (−1)^{i−k}·r_k (r_0 = 0, r_k = 2Δy/Δx), segments
  // from the same search, coefficients gathered per query
  const x = tf.tensor1d(Float32Array.from(p.x.data()));
  const t = tf.tensor1d(Float32Array.from(p.t.data()));
  const segs = segmentsOf(Array.from(p.x.data()), Array.from(p.t.data()));
  const seg = tf.tensor1d(Int32Array.from(segs), 'int32');
  const segNext = tf.tensor1d(Int32Array.from(segs, (v) => v + 1), 'int32');
  const n = p.x.shape[0];
  const sign = tf.tensor1d(Float32Array.from({ length: n }, (_, i) => (i % 2 ? -1 : 1)));
  const loss = (y) => {
    const h = tf.sub(x.slice(1), x.slice(0, n - 1));
    const r = tf.concat([tf.zeros([1]), tf.mul(tf.div(tf.sub(y.slice(1), y.slice(0, n - 1)), h), 2)]);
    const z = tf.mul(sign, tf.cumsum(tf.mul(sign, r)));
    const zi = tf.gather(z, seg), zn = tf.gather(z, segNext);
    const xi = tf.gather(x, seg), hi = tf.gather(h, seg), yi = tf.gather(y, seg);
    const d = tf.sub(t, xi);
    return tf.sum(tf.add(tf.add(tf.mul(zi, d), tf.div(tf.mul(tf.mul(tf.sub(zn, zi), 0.5), tf.mul(d, d)), hi)), yi));
  };
  const y32 = tf.tensor1d(Float32Array.from(p.y.data()));
  const gradLoss = tf.grad(loss);
  const check = tf.tidy(() => loss(y32).dataSync()[0]);
  const ours = p.loss(p.y).item();
  tfW3 = { loss, gradLoss, y32, agree: Math.abs(check - ours) / Math.abs(ours) };
}
function segmentsOf(xs, ts) {
  return ts.map((q) => Math.min(Math.max(xs.findIndex((v) => v >= q) < 0 ? xs.length - 1 : xs.findIndex((v) => v >= q), 1), xs.length - 1) - 1);
}
const w3c = ad.compile((y) => p.loss(y), p.y);
const r3 = await compare({
  value: each(() => p.loss(p.y).dispose()),
  grad: each(() => p.gradY(p.y).dispose()),
  valueTidy: each(() => ad.tidy(() => p.loss(p.y)).dispose()),
  gradTidy: each(() => ad.tidy(() => p.gradY(p.y)).dispose()),
  valueCompiled: each(() => w3c.call(p.y).dispose()),
  gradCompiled: each(() => w3c.grad(p.y).dispose()),
  tfValue: tfW3 ? each(() => tf.tidy(() => tfW3.loss(tfW3.y32).dataSync())) : null,
  tfGrad: tfW3 ? each(() => tf.tidy(() => tfW3.gradLoss(tfW3.y32).dataSync())) : null,
}, { samples: 21 });

printTable('W2 (Nx = 128) and W3 (64 knots, 640 queries), float64 (tfjs float32); medians', [
  { key: 'what', title: 'workload', align: 'left' },
  { key: 'v', title: 'median' },
  { key: 'q', title: 'p10 / p90' },
  { key: 'target', title: 'target' },
  { key: 'ok', title: 'met?' },
], [
  ['W2 I(t), cyclic tridiagonal', r2.value],
  ['W2 dI/dt, cyclic tridiagonal', r2.grad, 10_000],
  ['W2 dI/dt, in ad.tidy', r2.gradTidy, 10_000],
  ['W2 dI/dt, compiled', r2.gradCompiled, 10_000],
  ['W2 dI/dt, dense LU (comparison)', r2.denseGrad],
  ['W3 value', r3.value, 3_000],
  ['W3 gradient in y', r3.grad, 10_000],
  ['W3 value, in ad.tidy', r3.valueTidy, 3_000],
  ['W3 gradient in y, in ad.tidy', r3.gradTidy, 10_000],
  ['W3 value, compiled', r3.valueCompiled, 3_000],
  ['W3 gradient in y, compiled', r3.gradCompiled, 10_000],
  ...(r3.tfValue ? [[`W3 value, tfjs (agrees to ${tfW3.agree.toExponential(1)} rel.)`, r3.tfValue], ['W3 gradient in y, tfjs', r3.tfGrad]] : []),
].map(([what, m, target]) => ({
  what, v: fmtNs(m.median), q: `${fmtNs(m.p10)} / ${fmtNs(m.p90)}`,
  target: target ? `<= ${fmtNs(target)}` : '', ok: target ? (m.median <= target ? 'yes' : 'NO') : '',
})));
report({ group: 'W2 fd Poisson', name: 'dI/dt Nx = 128 (cyclic tridiagonal)', value: r2.grad.median, unit: 'ns', target: 10_000 });
report({ group: 'W2 fd Poisson', name: 'dI/dt Nx = 128, dense/tridiagonal', value: r2.denseGrad.median / r2.grad.median, unit: 'ratio' });
report({ group: 'W3 spline', name: 'value', value: r3.value.median, unit: 'ns', target: 3_000 });
report({ group: 'W3 spline', name: 'gradient in y', value: r3.grad.median, unit: 'ns', target: 10_000 });
report({ group: 'W2 fd Poisson', name: 'dI/dt Nx = 128, in ad.tidy', value: r2.gradTidy.median, unit: 'ns', target: 10_000 });
report({ group: 'W3 spline', name: 'value, in ad.tidy', value: r3.valueTidy.median, unit: 'ns', target: 3_000 });
report({ group: 'W3 spline', name: 'gradient in y, in ad.tidy', value: r3.gradTidy.median, unit: 'ns', target: 10_000 });
report({ group: 'W2 fd Poisson', name: 'dI/dt Nx = 128, compiled', value: r2.gradCompiled.median, unit: 'ns', target: 10_000 });
report({ group: 'W3 spline', name: 'value, compiled', value: r3.valueCompiled.median, unit: 'ns', target: 3_000 });
report({ group: 'W3 spline', name: 'gradient in y, compiled', value: r3.gradCompiled.median, unit: 'ns', target: 10_000 });
if (r3.tfValue) {
  report({ group: '4 vs tfjs', name: 'W3 value, adjoint f64/tfjs f32', value: r3.value.median / r3.tfValue.median, unit: 'ratio' });
  report({ group: '4 vs tfjs', name: 'W3 gradient, adjoint f64/tfjs f32', value: r3.grad.median / r3.tfGrad.median, unit: 'ratio' });
}
