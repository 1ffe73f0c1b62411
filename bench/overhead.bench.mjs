// Workload 1: the fixed cost of one op on 0-d tensors from JS, outside any transformation and
// while a grad is recording; plain JS for scale; TensorFlow.js (cpu backend) alongside.
import * as ad from 'adjoint';
import {
  measure, measureSelfTimed, nowNs, keep, printTable, timingColumns, timingRow, fmtNs, fmtRatio, report, loadTfjs, SCALE,
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

// ---- adjoint, eager --------------------------------------------------------------------------
const a = ad.scalar(1.25);
const b = ad.scalar(0.5);
const eager = {
  add: measure((n) => {
    let r;
    for (let i = 0; i < n; i++) r = ad.add(a, b);
    keep(r);
  }),
  mul: measure((n) => {
    let r;
    for (let i = 0; i < n; i++) r = ad.mul(a, 2);
    keep(r);
  }),
  exp: measure((n) => {
    let r;
    for (let i = 0; i < n; i++) r = ad.exp(a);
    keep(r);
  }),
  addTidy: measure((n) => {
    keep(ad.tidy(() => {
      for (let i = 0; i < n; i++) ad.add(a, b);
      return 0;
    }));
  }),
};

// ---- adjoint inside grad ---------------------------------------------------------------------
// Recording: the loop inside f is timed (K independent ops on the traced x); the level's
// open/close and the sweep are outside the timed region.
function recording(op) {
  let dt = 0;
  const f = (x) => {
    let r;
    const t0 = nowNs();
    for (let i = 0; i < K; i++) r = op(x);
    dt = nowNs() - t0;
    return r;
  };
  const g = ad.grad(f);
  return measureSelfTimed(() => {
    keep(g(a));
    return dt / K;
  }, { inner: K, samples: 61, warmup: 20 });
}
// Whole grad (open level, record a K-op chain, sweep back, close) per op of the chain.
function wholeGrad(step) {
  const f = (x) => {
    let y = x;
    for (let i = 0; i < K; i++) y = step(y);
    return y;
  };
  const g = ad.grad(f);
  return measureSelfTimed(() => {
    const t0 = nowNs();
    keep(g(a));
    return (nowNs() - t0) / K;
  }, { inner: K, samples: 61, warmup: 20 });
}
const inGrad = {
  add: recording((x) => ad.add(x, b)),
  mul: recording((x) => ad.mul(x, 2)),
  exp: recording((x) => ad.exp(x)),
  chainAdd: wholeGrad((y) => ad.add(y, b)),
  chainMul: wholeGrad((y) => ad.mul(y, 1.0000001)),
};

// ---- TensorFlow.js ---------------------------------------------------------------------------
const tf = await loadTfjs();
let tfr = null;
if (tf) {
  const ta = tf.scalar(1.25);
  const tb = tf.scalar(0.5);
  const inTidy = (op) =>
    measure((n) => {
      tf.tidy(() => {
        for (let i = 0; i < n; i++) op();
      });
    });
  const tfRecording = (op) => {
    let dt = 0;
    const g = tf.grad((x) => {
      let r;
      const t0 = nowNs();
      for (let i = 0; i < K; i++) r = op(x);
      dt = nowNs() - t0;
      return r;
    });
    return measureSelfTimed(() => {
      tf.tidy(() => g(ta));
      return dt / K;
    }, { inner: K, samples: 21 });
  };
  const tfWhole = (step) => {
    const g = tf.grad((x) => {
      let y = x;
      for (let i = 0; i < K; i++) y = step(y);
      return y;
    });
    return measureSelfTimed(() => {
      const t0 = nowNs();
      tf.tidy(() => g(ta));
      return (nowNs() - t0) / K;
    }, { inner: K, samples: 21 });
  };
  tfr = {
    add: inTidy(() => tf.add(ta, tb)),
    mul: inTidy(() => tf.mul(ta, 2)),
    exp: inTidy(() => tf.exp(ta)),
    gAdd: tfRecording((x) => tf.add(x, tb)),
    gMul: tfRecording((x) => tf.mul(x, 2)),
    gExp: tfRecording((x) => tf.exp(x)),
    chainAdd: tfWhole((y) => tf.add(y, tb)),
    chainMul: tfWhole((y) => tf.mul(y, 1.0000001)),
  };
}

const cols = [...timingColumns, { key: 'target', title: `<= ${TARGET_NS} ns?` }, { key: 'tf', title: 'tfjs median' }, { key: 'ratio', title: 'adjoint/tfjs' }];
const row = (name, m, tfm, target = true) =>
  timingRow(name, m, {
    target: target ? (m.median <= TARGET_NS ? 'yes' : 'NO') : '',
    tf: tfm ? fmtNs(tfm.median) : '—',
    ratio: tfm ? fmtRatio(m.median / tfm.median) : '—',
  });
printTable('adjoint, eager (no transformation); tfjs: same op inside tf.tidy, float32 scalars', cols, [
  row('ad.add(a, b)', eager.add, tfr?.add),
  row('ad.mul(a, 2)', eager.mul, tfr?.mul),
  row('ad.exp(a)', eager.exp, tfr?.exp),
  row('ad.add(a, b) inside ad.tidy', eager.addTidy, tfr?.add, false),
]);
printTable(`adjoint inside grad: recording cost per op (loop of ${K} ops inside f timed; tfjs: tf.grad)`, cols, [
  row('ad.add(x, b), x traced', inGrad.add, tfr?.gAdd),
  row('ad.mul(x, 2), x traced', inGrad.mul, tfr?.gMul),
  row('ad.exp(x), x traced', inGrad.exp, tfr?.gExp),
]);
printTable(`adjoint whole grad per op: grad of a ${K}-op chain (record + sweep + level open/close), ÷ ${K}`, cols, [
  row('y = ad.add(y, b)', inGrad.chainAdd, tfr?.chainAdd, false),
  row('y = ad.mul(y, 1.0000001)', inGrad.chainMul, tfr?.chainMul, false),
]);
if (tf) console.log('  (tfjs figures: cpu backend, float32 scalars; each tfjs sample runs inside one tf.tidy.)');

for (const [k, label] of [['add', 'ad.add(a, b)'], ['mul', 'ad.mul(a, 2)'], ['exp', 'ad.exp(a)']]) {
  report({ group: '1 per-op', name: `${label} eager`, value: eager[k].median, unit: 'ns', target: TARGET_NS });
}
for (const [k, label] of [['add', 'ad.add(x, b)'], ['mul', 'ad.mul(x, 2)'], ['exp', 'ad.exp(x)']]) {
  report({ group: '1 per-op', name: `${label} in grad (recording)`, value: inGrad[k].median, unit: 'ns', target: TARGET_NS });
}
if (tfr) {
  report({ group: '4 vs tfjs', name: 'scalar add eager, adjoint/tfjs', value: eager.add.median / tfr.add.median, unit: 'ratio' });
  report({ group: '4 vs tfjs', name: 'scalar add in grad, adjoint/tfjs', value: inGrad.add.median / tfr.gAdd.median, unit: 'ratio' });
}
