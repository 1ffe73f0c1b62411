// Workload 1: the fixed cost of one op on 0-d tensors from JS, outside any transformation and
// while a grad is recording; plain JS for scale; TensorFlow.js (cpu backend) alongside.
import * as ad from 'adjoint';
import {
  measure, prepare, selfTimed, compare, nowNs, keep, printTable, timingColumns, timingRow, fmtNs, fmtRatio, report,
  loadTfjs, SCALE,
} from './util.mjs';

const TARGET_NS = 300;
// Ops per grad call in the self-timed cases. The same K for adjoint and tfjs: tfjs's per-op
// recording cost grows with the tape length (~5 µs/op at 2000 ops, ~25 µs/op at 8000 here).
const K = Math.max(500, Math.round(2000 * SCALE));

console.log('\n=== 1. Per-op overhead: scalar (0-d) ops from JS ===');
console.log(`adjoint: float64 0-d tensors; target <= ${TARGET_NS} ns/op. Figures are per op (per call).`);

// ---- plain JS, for scale -------------------------------------------------------------------
const scale = [];
{
  const addFn = (a, b) => a + b;
  let acc = 0;
  scale.push(['JS call, monomorphic (V8 inlines it)', measure((n) => {
    for (let i = 0; i < n; i++) acc = addFn(acc, 1);
    keep(acc);
  })]);
  // eight distinct closures at one call site: megamorphic, so V8 cannot inline the callee
  const fns = Array.from({ length: 8 }, (_, k) => new Function('a', 'b', `return a + b + ${k};`));
  scale.push(['JS call, megamorphic (not inlined)', measure((n) => {
    for (let i = 0; i < n; i++) acc = fns[i & 7](acc, 1);
    keep(acc);
  })]);
  class Shell {
    constructor(h) {
      this.h = h;
      this.meta = undefined;
    }
  }
  const ring = new Array(1024).fill(null);
  scale.push(['JS object creation (escaping, 2 fields)', measure((n) => {
    for (let i = 0; i < n; i++) ring[i & 1023] = new Shell(i);
    keep(ring);
  })]);
  let m = 0.5;
  scale.push(['Math.exp on a JS number', measure((n) => {
    for (let i = 0; i < n; i++) m = Math.exp(-m);
    keep(m);
  })]);
}
printTable('Plain JS (for scale)', timingColumns, scale.map(([name, m]) => timingRow(name, m)));

const tf = await loadTfjs();
const ta = tf ? tf.scalar(1.25) : null;
const tb = tf ? tf.scalar(0.5) : null;

// ---- eager: adjoint vs tfjs, interleaved -------------------------------------------------------
const a = ad.scalar(1.25);
const b = ad.scalar(0.5);
const adjLoop = (op) => prepare((n) => {
  let r;
  for (let i = 0; i < n; i++) r = op();
  keep(r);
});
const tfTidy = (op) => tf ? prepare((n) => {
  tf.tidy(() => {
    for (let i = 0; i < n; i++) op();
  });
}) : null;
const eager = await compare({
  add: adjLoop(() => ad.add(a, b)),
  mul: adjLoop(() => ad.mul(a, 2)),
  exp: adjLoop(() => ad.exp(a)),
  addTidy: prepare((n) => {
    keep(ad.tidy(() => {
      for (let i = 0; i < n; i++) ad.add(a, b);
      return 0;
    }));
  }),
  tfAdd: tfTidy(() => tf.add(ta, tb)),
  tfMul: tfTidy(() => tf.mul(ta, 2)),
  tfExp: tfTidy(() => tf.exp(ta)),
});

// ---- inside grad -------------------------------------------------------------------------------
// Recording: the loop inside f is timed (K independent ops on the traced x); the level's
// open/close and the sweep are outside the timed region.
// (makeGrad: ad.grad or tf.grad; run calls the gradient once and releases its result)
function timedInsideGrad(makeGrad, run, op, opts) {
  let dt = 0;
  const g = makeGrad((x) => {
    let r;
    const t0 = nowNs();
    for (let i = 0; i < K; i++) r = op(x);
    dt = nowNs() - t0;
    return r;
  });
  return selfTimed(() => {
    run(g);
    return dt / K;
  }, { inner: K, ...opts });
}
const recording = (op) => timedInsideGrad(ad.grad, (g) => keep(g(a)), op);
const tfRecording = (op) => (tf ? timedInsideGrad(tf.grad, (g) => tf.tidy(() => g(ta)), op, { warmup: 3 }) : null);
// adjoint's and tfjs's recording cases are timed in separate rounds: interleaved, each
// adjoint sample paid for collecting the garbage of the tfjs samples before it (measured:
// ad.add in grad 700 ns interleaved with tfjs, 276 ns without).
const inGrad = {
  ...(await compare({
    add: recording((x) => ad.add(x, b)),
    mul: recording((x) => ad.mul(x, 2)),
    exp: recording((x) => ad.exp(x)),
  }, { samples: 41 })),
  ...(await compare({
    tfAdd: tfRecording((x) => tf.add(x, tb)),
    tfMul: tfRecording((x) => tf.mul(x, 2)),
    tfExp: tfRecording((x) => tf.exp(x)),
  }, { samples: 41 })),
};

// Whole grad (open level, record a K-op chain, sweep back, close) per op of the chain.
function wholeGrad(step) {
  const g = ad.grad((x) => {
    let y = x;
    for (let i = 0; i < K; i++) y = step(y);
    return y;
  });
  return selfTimed(() => {
    const t0 = nowNs();
    keep(g(a));
    return (nowNs() - t0) / K;
  }, { inner: K });
}
function tfWhole(step) {
  if (!tf) return null;
  const g = tf.grad((x) => {
    let y = x;
    for (let i = 0; i < K; i++) y = step(y);
    return y;
  });
  return selfTimed(() => {
    const t0 = nowNs();
    tf.tidy(() => g(ta));
    return (nowNs() - t0) / K;
  }, { inner: K, warmup: 3 });
}
const whole = await compare({
  add: wholeGrad((y) => ad.add(y, b)),
  mul: wholeGrad((y) => ad.mul(y, 1.0000001)),
  tfAdd: tfWhole((y) => tf.add(y, tb)),
  tfMul: tfWhole((y) => tf.mul(y, 1.0000001)),
}, { samples: 15 });

const cols = [...timingColumns, { key: 'target', title: `<= ${TARGET_NS} ns?` }, { key: 'tf', title: 'tfjs median' }, { key: 'ratio', title: 'adjoint/tfjs' }];
const row = (name, m, tfm, target = true) =>
  timingRow(name, m, {
    target: target ? (m.median <= TARGET_NS ? 'yes' : 'NO') : '',
    tf: tfm ? fmtNs(tfm.median) : '—',
    ratio: tfm ? fmtRatio(m.median / tfm.median) : '—',
  });
printTable('adjoint, eager (no transformation), results left to the GC; tfjs: the same op, float32 scalars, inside tf.tidy', cols, [
  row('ad.add(a, b)', eager.add, eager.tfAdd),
  row('ad.mul(a, 2)', eager.mul, eager.tfMul),
  row('ad.exp(a)', eager.exp, eager.tfExp),
  row('ad.add(a, b) inside ad.tidy', eager.addTidy, eager.tfAdd, false),
]);
printTable(`adjoint inside grad: recording cost per op (loop of ${K} ops inside f timed; tfjs: tf.grad)`, cols, [
  row('ad.add(x, b), x traced', inGrad.add, inGrad.tfAdd),
  row('ad.mul(x, 2), x traced', inGrad.mul, inGrad.tfMul),
  row('ad.exp(x), x traced', inGrad.exp, inGrad.tfExp),
]);
printTable(`adjoint whole grad per op: grad of a ${K}-op chain (record + sweep + level open/close), ÷ ${K}`, cols, [
  row('y = ad.add(y, b)', whole.add, whole.tfAdd, false),
  row('y = ad.mul(y, 1.0000001)', whole.mul, whole.tfMul, false),
]);
console.log('  adjoint and tfjs samples of each table are interleaved round-robin (same machine conditions).');
if (tf) console.log('  tfjs: cpu backend, float32 scalars; each tfjs sample runs inside one tf.tidy.');

for (const [k, label] of [['add', 'ad.add(a, b)'], ['mul', 'ad.mul(a, 2)'], ['exp', 'ad.exp(a)']]) {
  report({ group: '1 per-op', name: `${label} eager`, value: eager[k].median, unit: 'ns', target: TARGET_NS });
}
for (const [k, label] of [['add', 'ad.add(x, b)'], ['mul', 'ad.mul(x, 2)'], ['exp', 'ad.exp(x)']]) {
  report({ group: '1 per-op', name: `${label} in grad (recording)`, value: inGrad[k].median, unit: 'ns', target: TARGET_NS });
}
if (tf) {
  report({ group: '4 vs tfjs', name: 'scalar add eager, adjoint/tfjs', value: eager.add.median / eager.tfAdd.median, unit: 'ratio' });
  report({ group: '4 vs tfjs', name: 'scalar add in grad (recording), adjoint/tfjs', value: inGrad.add.median / inGrad.tfAdd.median, unit: 'ratio' });
}
