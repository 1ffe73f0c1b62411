// Workload 2 (and its float32 half, 5): elementwise ops on 1e6 elements against a plain C++
// loop over the same inputs (bench/native/loops.cc, compiled here), and against TensorFlow.js.
// Every timed adjoint call allocates its output and disposes it, as the C++ loop allocates
// and frees its own; one extra row leaves the output to the GC instead.
import * as ad from 'adjoint';
import {
  prepare, compare, printTable, fmtNs, fmtRatio, report, loadTfjs, buildLoops, startLoops, keep,
} from './util.mjs';

const N = 1_000_000;
const TARGET = 1.3;
const SAMPLES = 31;
const OPS = ['add', 'mul', 'exp', 'tanh'];

console.log(`\n=== 2. Elementwise ops on ${N.toExponential(0)} elements vs a plain C++ loop (5: float32 too) ===`);
console.log(`Each sample is one call (output allocated, computed, freed). adjoint, C++ and tfjs samples are`);
console.log(`interleaved round-robin, so each ratio compares figures taken under the same machine load.`);
console.log(`Target: adjoint/C++ <= ${TARGET}×.`);

// The inputs, as in loops.cc: x = 2·frac(i·φ⁻¹) − 1, y = 2·frac(i·(√2−1)) − 1, in [−1, 1).
const frac = (v) => v - Math.floor(v);
const xs = new Float64Array(N);
const ys = new Float64Array(N);
for (let i = 0; i < N; i++) {
  xs[i] = 2 * frac(i * 0.6180339887498949) - 1;
  ys[i] = 2 * frac(i * 0.41421356237309515) - 1;
}

// ---- C++ reference: a server process timing one call per request --------------------------
let cppServer = null;
const loops = buildLoops();
if (loops) {
  try {
    cppServer = await startLoops(loops.bin, N);
    console.log(`C++ loops: g++ ${loops.flags}; output via std::aligned_alloc(64) + free (as adjoint's storage).`);
  } catch (e) {
    console.log(`[C++ loops] skipped: the harness failed to start (${e.message})`);
  }
}

const tf = await loadTfjs();

async function run(dtype) {
  const x = ad.tensor(dtype === 'float32' ? Float32Array.from(xs) : xs, { dtype });
  const y = ad.tensor(dtype === 'float32' ? Float32Array.from(ys) : ys, { dtype });
  const tx = tf && dtype === 'float32' ? tf.tensor1d(Float32Array.from(xs)) : null;
  const ty = tx ? tf.tensor1d(Float32Array.from(ys)) : null;
  const adjFns = { add: () => ad.add(x, y), mul: () => ad.mul(x, y), exp: () => ad.exp(x), tanh: () => ad.tanh(x) };
  const tfFns = tx && { add: () => tf.add(tx, ty), mul: () => tf.mul(tx, ty), exp: () => tf.exp(tx), tanh: () => tf.tanh(tx) };
  const res = {};
  for (const op of OPS) {
    const f = adjFns[op];
    const samplers = {
      adj: prepare((n) => {
        for (let i = 0; i < n; i++) f().dispose();
      }, { inner: 1, warmupMs: 100 }),
      cpp: cppServer ? await cppServer.sampler(dtype, op) : null,
      tf: tfFns ? prepare((n) => {
        for (let i = 0; i < n; i++) tfFns[op]().dispose();
      }, { inner: 1, warmupMs: 100 }) : null,
    };
    if (op === 'add') {
      samplers.adjGc = prepare((n) => {
        let z;
        for (let i = 0; i < n; i++) z = ad.add(x, y);
        keep(z);
      }, { inner: 1, warmupMs: 100 });
    }
    res[op] = await compare(samplers, { samples: tfFns ? Math.round(SAMPLES * 0.6) : SAMPLES });
    keep(null);
  }
  x.dispose();
  y.dispose();
  tx?.dispose();
  ty?.dispose();
  return res;
}
const r64 = await run('float64');
const r32 = await run('float32');
cppServer?.close();

// ---- report ------------------------------------------------------------------------------------
const dash = '—';
const pq = (m) => `${fmtNs(m.p10)} / ${fmtNs(m.p90)}`;
function rows(dtype, R) {
  const out = [];
  for (const op of [...OPS, 'addGc']) {
    const g = R[op === 'addGc' ? 'add' : op];
    const A = op === 'addGc' ? g.adjGc : g.adj;
    const C = g.cpp;
    const r = C ? A.median / C.median : NaN;
    out.push({
      op: op === 'addGc' ? 'add(x, y), output left to GC' : `${op}${op === 'add' || op === 'mul' ? '(x, y)' : '(x)'}`,
      adj: fmtNs(A.median),
      adjq: pq(A),
      perEl: `${(A.median / N).toFixed(2)} ns`,
      cpp: C ? fmtNs(C.median) : dash,
      cppq: C ? pq(C) : dash,
      ratio: C ? fmtRatio(r) : dash,
      ok: C && op !== 'addGc' ? (r <= TARGET ? 'yes' : 'NO') : '',
      tf: g.tf && op !== 'addGc' ? fmtNs(g.tf.median) : '',
      tfr: g.tf && op !== 'addGc' ? fmtRatio(A.median / g.tf.median) : '',
      n: `${A.samples}`,
    });
  }
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
  { key: 'n', title: 'samples' },
];
printTable(`float64, n = ${N}`, cols, rows('float64', r64));
printTable(
  `float32, n = ${N} (like-for-like with tfjs, which computes in float32; tfjs: cpu backend, output disposed)`,
  [...cols, { key: 'tf', title: 'tfjs median' }, { key: 'tfr', title: 'adjoint/tfjs' }],
  rows('float32', r32),
);

for (const op of OPS) {
  const g = r64[op];
  if (g.cpp) report({ group: '2 elementwise f64', name: `${op} 1e6 f64, adjoint/C++`, value: g.adj.median / g.cpp.median, unit: 'ratio', target: TARGET });
  else report({ group: '2 elementwise f64', name: `${op} 1e6 f64, adjoint (no C++ reference)`, value: g.adj.median, unit: 'ns' });
}
for (const op of OPS) {
  const g = r32[op];
  if (g.cpp) report({ group: '5 float32', name: `${op} 1e6 f32, adjoint/C++`, value: g.adj.median / g.cpp.median, unit: 'ratio', target: TARGET });
}
for (const op of OPS) {
  const g = r32[op];
  if (g.tf) report({ group: '4 vs tfjs', name: `${op} 1e6 f32, adjoint/tfjs`, value: g.adj.median / g.tf.median, unit: 'ratio' });
}
