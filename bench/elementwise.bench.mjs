// Workload 2 (and its float32 half, 5): elementwise ops on 1e6 elements against a plain C++
// loop over the same inputs (bench/native/loops.cc, compiled here), and against TensorFlow.js.
// Every timed adjoint call allocates its output and disposes it, as the C++ loop allocates
// and frees its own; one extra row leaves the output to the GC instead.
import { spawnSync } from 'node:child_process';
import * as ad from 'adjoint';
import {
  measure, printTable, fmtNs, fmtRatio, report, loadTfjs, buildLoops, keep, SCALE,
} from './util.mjs';

const N = 1_000_000;
const TARGET = 1.3;
const SAMPLES = 31;
const OPS = ['add', 'mul', 'exp', 'tanh'];

console.log(`\n=== 2. Elementwise ops on ${N.toExponential(0)} elements vs a plain C++ loop ===`);
console.log(`Each sample is one call (output allocated, computed, freed); target: adjoint/C++ <= ${TARGET}×.`);

// The inputs, as in loops.cc: x = 2·frac(i·φ⁻¹) − 1, y = 2·frac(i·(√2−1)) − 1, in [−1, 1).
const frac = (v) => v - Math.floor(v);
const xs = new Float64Array(N);
const ys = new Float64Array(N);
for (let i = 0; i < N; i++) {
  xs[i] = 2 * frac(i * 0.6180339887498949) - 1;
  ys[i] = 2 * frac(i * 0.41421356237309515) - 1;
}

// ---- C++ reference (run first, alone) ----------------------------------------------------------
let cpp = null;
const loops = buildLoops();
if (loops) {
  const samples = Math.max(5, Math.round(SAMPLES * Math.sqrt(SCALE)));
  const r = spawnSync(loops.bin, [String(N), String(samples), '5'], { encoding: 'utf8' });
  if (r.status === 0) {
    cpp = JSON.parse(r.stdout);
    console.log(`C++ loops: g++ ${loops.flags}, output via std::aligned_alloc(64) + free, ${cpp.samples} samples after ${cpp.warmup} warm-up calls.`);
  } else {
    console.log(`[C++ loops] skipped: the harness failed (${r.error?.message ?? r.stderr})`);
  }
}

// ---- adjoint -----------------------------------------------------------------------------------
function adjointCases(dtype) {
  const x = ad.tensor(dtype === 'float32' ? Float32Array.from(xs) : xs, { dtype });
  const y = ad.tensor(dtype === 'float32' ? Float32Array.from(ys) : ys, { dtype });
  const fns = {
    add: () => ad.add(x, y),
    mul: () => ad.mul(x, y),
    exp: () => ad.exp(x),
    tanh: () => ad.tanh(x),
  };
  const res = {};
  for (const op of OPS) {
    const f = fns[op];
    res[op] = measure((n) => {
      for (let i = 0; i < n; i++) f().dispose();
    }, { inner: 1, samples: SAMPLES, warmupMs: 150 });
  }
  res.addGc = measure((n) => {
    let z;
    for (let i = 0; i < n; i++) z = ad.add(x, y);
    keep(z);
  }, { inner: 1, samples: SAMPLES, warmupMs: 150 });
  keep(null);
  x.dispose();
  y.dispose();
  return res;
}
const a64 = adjointCases('float64');
const a32 = adjointCases('float32');

// ---- TensorFlow.js (float32) -----------------------------------------------------------------
const tf = await loadTfjs();
let t32 = null;
if (tf) {
  const x = tf.tensor1d(Float32Array.from(xs));
  const y = tf.tensor1d(Float32Array.from(ys));
  const fns = { add: () => tf.add(x, y), mul: () => tf.mul(x, y), exp: () => tf.exp(x), tanh: () => tf.tanh(x) };
  t32 = {};
  for (const op of OPS) {
    const f = fns[op];
    t32[op] = measure((n) => {
      for (let i = 0; i < n; i++) f().dispose();
    }, { inner: 1, samples: Math.round(SAMPLES / 2), warmupMs: 100 });
  }
  x.dispose();
  y.dispose();
}

// ---- report ------------------------------------------------------------------------------------
const dash = '—';
const pq = (m) => `${fmtNs(m.p10)} / ${fmtNs(m.p90)}`;
function rows(dtype, A) {
  const C = cpp?.[dtype];
  const out = OPS.map((op) => {
    const r = A[op].median / (C?.[op]?.median ?? NaN);
    const row = {
      op: `${op}${op === 'add' || op === 'mul' ? '(x, y)' : '(x)'}`,
      adj: fmtNs(A[op].median),
      adjq: pq(A[op]),
      cpp: C ? fmtNs(C[op].median) : dash,
      cppq: C ? pq(C[op]) : dash,
      ratio: C ? fmtRatio(r) : dash,
      ok: C ? (r <= TARGET ? 'yes' : 'NO') : dash,
      perEl: `${(A[op].median / N).toFixed(2)} ns`,
    };
    if (dtype === 'float32') {
      row.tf = t32 ? fmtNs(t32[op].median) : dash;
      row.tfr = t32 ? fmtRatio(A[op].median / t32[op].median) : dash;
    }
    return row;
  });
  const rg = A.addGc.median / (C?.add?.median ?? NaN);
  out.push({
    op: 'add(x, y), output left to GC',
    adj: fmtNs(A.addGc.median),
    adjq: pq(A.addGc),
    cpp: C ? fmtNs(C.add.median) : dash,
    cppq: C ? pq(C.add) : dash,
    ratio: C ? fmtRatio(rg) : dash,
    ok: '',
    perEl: `${(A.addGc.median / N).toFixed(2)} ns`,
    tf: '',
    tfr: '',
  });
  return out;
}
const cols = [
  { key: 'op', title: 'op', align: 'left' },
  { key: 'adj', title: 'adjoint median' },
  { key: 'adjq', title: 'p10 / p90' },
  { key: 'perEl', title: 'per element' },
  { key: 'cpp', title: 'C++ median' },
  { key: 'cppq', title: 'C++ p10 / p90' },
  { key: 'ratio', title: 'adjoint/C++' },
  { key: 'ok', title: `<= ${TARGET}×?` },
];
printTable(`float64, n = ${N} (adjoint: ${a64.add.samples} samples × 1 call each)`, cols, rows('float64', a64));
printTable(
  `float32, n = ${N} (like-for-like with tfjs, which is float32; tfjs: cpu backend, ${t32 ? t32.add.samples : 0} samples, output disposed)`,
  [...cols, { key: 'tf', title: 'tfjs median' }, { key: 'tfr', title: 'adjoint/tfjs' }],
  rows('float32', a32),
);

for (const op of OPS) {
  if (cpp) {
    report({ group: '2 elementwise', name: `${op} f64 adjoint/C++`, value: a64[op].median / cpp.float64[op].median, unit: 'ratio', target: TARGET });
  } else {
    report({ group: '2 elementwise', name: `${op} f64 adjoint (no C++ reference)`, value: a64[op].median, unit: 'ns' });
  }
}
for (const op of OPS) {
  if (cpp) report({ group: '5 float32', name: `${op} f32 adjoint/C++`, value: a32[op].median / cpp.float32[op].median, unit: 'ratio', target: TARGET });
  if (t32) report({ group: '4 vs tfjs', name: `${op} 1e6 f32 adjoint/tfjs`, value: a32[op].median / t32[op].median, unit: 'ratio' });
}
