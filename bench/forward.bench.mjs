// Forward mode and second order (issue 5): hvp on Rosenbrock n = 1000 as a multiple of one
// gradient (target ≤ 3×), the full Hessian at n = 100 (target ≤ 200 µs), jacfwd vs jacrev on a
// 100 → 100 function, and one PINN (W5) training step (target ≤ 100 µs). TensorFlow.js runs
// the HVP (as grad of ⟨grad f, v⟩) and the Hessian-free PINN step where it can; PyTorch
// (Debian python3-torch via /usr/bin/python3) is used when installed, skipped otherwise.
import { spawnSync } from 'node:child_process';
import * as ad from 'adjoint';
import { prepare, compare, printTable, fmtNs, fmtRatio, report, loadTfjs, loadJaxJs } from './util.mjs';
import { pinn } from '../examples/pinn/w5.mjs';

console.log('\n=== Forward mode and second order: HVP, Hessian, Jacobians, a PINN step ===');

const rosen = (x) => {
  const n = x.shape[0];
  const a = ad.slice(x, 0, n - 1), b = ad.slice(x, 1);
  return ad.sum(ad.add(ad.mul(ad.square(ad.sub(b, ad.square(a))), 100), ad.square(ad.sub(1, a))));
};
const rng = ad.random.rng(3);
const x1000 = ad.mul(rng.normal([1000]), 0.5), v1000 = rng.normal([1000]);
const x100 = ad.mul(rng.normal([100]), 0.5);
const W = ad.mul(rng.normal([100, 100]), 0.1);
const f100 = (x) => ad.tanh(ad.matmul(W, x));
const x100b = rng.normal([100]);
// tangent lanes: 16 directions through f(x) = Σ sin(x)·tanh(x) + exp(−x²) on n = 1000, as one
// batched jvp and as 16 jvps
const LANES = 16;
const fLanes = (x) => ad.add(ad.mul(ad.sin(x), ad.tanh(x)), ad.exp(ad.neg(ad.square(x))));
const V16 = rng.normal([LANES, 1000]);
const V16rows = Array.from({ length: LANES }, (_, j) => ad.reshape(ad.slice(V16, j, j + 1), [1000]));
// Taylor mode: the 4th-order coefficients of s ↦ fLanes(x + s·1) in one pass, against four
// nested jvps (2⁴ = 16 tangent paths)
const ones1000 = ad.onesLike(x1000);
const nested4 = (x) => {
  let g = fLanes;
  for (let k = 0; k < 4; k++) {
    const prev = g;
    g = (u) => ad.jvp(prev, [u], [ones1000])[1];
  }
  return g(x);
};
const w5 = pinn(), w5taylor = pinn({ mode: 'taylor' });
const adamOpt = ad.optim.adam({ lr: 0.01 });
// (each case trains its own copy: a step disposes the parameters it replaces)
const copyOf = (tree) => ad.mapTree(tree, (t) => ad.mul(t, 1));
let pinnParams = copyOf(w5.params), pinnState = adamOpt.init(pinnParams);
let pinnParamsT = copyOf(w5taylor.params), pinnStateT = adamOpt.init(pinnParamsT);
const w5compiled = ad.compile(w5.loss, w5.params);
let pinnParamsC = copyOf(w5.params), pinnStateC = adamOpt.init(pinnParamsC);

const tf = await loadTfjs();
let tfCases = {};
if (tf) {
  const tx = tf.tensor1d(Float32Array.from(x1000.data())), tv = tf.tensor1d(Float32Array.from(v1000.data()));
  const tfRosen = (x) => {
    const n = x.shape[0];
    const a = x.slice(0, n - 1), b = x.slice(1);
    return tf.sum(tf.add(tf.mul(tf.square(tf.sub(b, tf.square(a))), 100), tf.square(tf.sub(1, a))));
  };
  const tfGrad = tf.grad(tfRosen);
  const tfHvp = tf.grad((x) => tf.sum(tf.mul(tfGrad(x), tv)));
  tfCases = {
    tfGrad: () => tf.tidy(() => tfGrad(tx).dataSync()),
    tfHvp: () => tf.tidy(() => tfHvp(tx).dataSync()),
  };
}

const each = (fn) => prepare((n) => {
  for (let i = 0; i < n; i++) fn();
}, { minSampleMs: 20, warmupMs: 200 });
const gradRosen = ad.grad(rosen);
const r = await compare({
  grad: each(() => ad.tidy(() => gradRosen(x1000))),
  hvp: each(() => ad.tidy(() => ad.hvp(rosen, x1000, v1000))),
  hessian: each(() => ad.tidy(() => ad.hessian(rosen)(x100))),
  jacfwd: each(() => ad.tidy(() => ad.jacfwd(f100)(x100b))),
  jacrev: each(() => ad.tidy(() => ad.jacrev(f100)(x100b))),
  lanesBatched: each(() => ad.tidy(() => ad.jvp(fLanes, [x1000], [V16], { batched: true }))),
  lanesLoop: each(() => ad.tidy(() => V16rows.map((v) => ad.jvp(fLanes, [x1000], [v])))),
  // A training loop as one would write it: each step's intermediates released by tidy and
  // the previous parameters and state disposed, so that a step pays for its own garbage, not
  // for the finalizers of another case's (the samples are interleaved).
  pinnStep: each(() => {
    const old = [pinnParams, pinnState];
    [pinnParams, pinnState] = ad.tidy(() => adamOpt.update(w5.valueAndGrad(pinnParams)[1], pinnState, pinnParams));
    ad.dispose(old);
  }),
  pinnStepTaylor: each(() => {
    const old = [pinnParamsT, pinnStateT];
    [pinnParamsT, pinnStateT] = ad.tidy(() => adamOpt.update(w5taylor.valueAndGrad(pinnParamsT)[1], pinnStateT, pinnParamsT));
    ad.dispose(old);
  }),
  pinnStepCompiled: each(() => {
    const old = [pinnParamsC, pinnStateC];
    [pinnParamsC, pinnStateC] = ad.tidy(() => adamOpt.update(w5compiled.valueAndGrad(pinnParamsC)[1], pinnStateC, pinnParamsC));
    ad.dispose(old);
  }),
  taylor4: each(() => ad.tidy(() => ad.taylor(fLanes, x1000, ones1000, 4))),
  nested4: each(() => ad.tidy(() => nested4(x1000))),
  tfGrad: tf ? each(tfCases.tfGrad) : null,
  tfHvp: tf ? each(tfCases.tfHvp) : null,
}, { samples: 15 });

// PyTorch, when /usr/bin/python3 has torch (Debian python3-torch)
let torch = null;
const py = spawnSync('/usr/bin/python3', ['-c', `
import json, time, torch
torch.set_default_dtype(torch.float64)
def med(f, k=50):
    ts=[]
    for _ in range(k):
        t=time.perf_counter(); f(); ts.append(time.perf_counter()-t)
    ts.sort(); return ts[len(ts)//2]*1e9
x=torch.randn(1000)*0.5; v=torch.randn(1000)
def rosen(x): return (100*(x[1:]-x[:-1]**2)**2+(1-x[:-1])**2).sum()
def grad():
    y=x.clone().requires_grad_(); g,=torch.autograd.grad(rosen(y),y)
def hvp():
    y=x.clone().requires_grad_(); g,=torch.autograd.grad(rosen(y),y,create_graph=True); h,=torch.autograd.grad((g*v).sum(),y)
x100=torch.randn(100)*0.5
def hess(): torch.autograd.functional.hessian(rosen, x100)
print(json.dumps({"grad":med(grad),"hvp":med(hvp),"hessian":med(hess,20)}))
`], { encoding: 'utf8', timeout: 120000 });
if (py.status === 0) torch = JSON.parse(py.stdout.trim().split('\n').pop());
else console.log(`[PyTorch] skipped: /usr/bin/python3 has no torch (${(py.stderr || String(py.error)).trim().split('\n').pop()}); apt install python3-torch to compare`);

const row = (what, m, target) => ({
  what, v: fmtNs(m.median), q: `${fmtNs(m.p10)} / ${fmtNs(m.p90)}`,
  target: target ?? '', ok: '',
});
const rows = [
  row('grad, Rosenbrock n = 1000', r.grad),
  { ...row('hvp, Rosenbrock n = 1000', r.hvp, '<= 3× grad'), ok: r.hvp.median / r.grad.median <= 3 ? `yes (${fmtRatio(r.hvp.median / r.grad.median)})` : `NO (${fmtRatio(r.hvp.median / r.grad.median)})` },
  { ...row('hessian, Rosenbrock n = 100', r.hessian, '<= 200 µs'), ok: r.hessian.median <= 200_000 ? 'yes' : 'NO' },
  row('jacfwd, tanh(W x) 100 → 100', r.jacfwd),
  row('jacrev, tanh(W x) 100 → 100', r.jacrev),
  row(`jvp, ${LANES} tangent lanes in one pass (n = 1000)`, r.lanesBatched),
  { ...row(`jvp, ${LANES} passes of one tangent`, r.lanesLoop), ok: `lanes ${fmtRatio(r.lanesLoop.median / r.lanesBatched.median)} faster` },
  { ...row('PINN (W5) Adam step', r.pinnStep, '<= 100 µs'), ok: r.pinnStep.median <= 100_000 ? 'yes' : 'NO' },
  { ...row('PINN (W5) Adam step, reverse over Taylor', r.pinnStepTaylor, '<= 100 µs'), ok: r.pinnStepTaylor.median <= 100_000 ? 'yes' : 'NO' },
  { ...row('PINN (W5) Adam step, compiled', r.pinnStepCompiled, '<= 100 µs'), ok: r.pinnStepCompiled.median <= 100_000 ? 'yes' : 'NO' },
  row('taylor, order 4 in one pass (n = 1000)', r.taylor4),
  { ...row('four nested jvps (the same 4th derivative)', r.nested4), ok: `taylor ${fmtRatio(r.nested4.median / r.taylor4.median)} faster` },
];
if (r.tfGrad) rows.push(row('tfjs grad, Rosenbrock n = 1000 (f32)', r.tfGrad), row('tfjs hvp (grad of ⟨grad, v⟩, f32)', r.tfHvp));
if (torch) rows.push({ what: 'PyTorch grad, n = 1000', v: fmtNs(torch.grad), q: '', target: '', ok: '' }, { what: 'PyTorch hvp (double backward)', v: fmtNs(torch.hvp), q: '', target: '', ok: '' },
  { what: 'PyTorch hessian n = 100 (autograd.functional)', v: fmtNs(torch.hessian), q: '', target: '', ok: '' });
printTable('medians (float64; tfjs float32)', [
  { key: 'what', title: 'case', align: 'left' }, { key: 'v', title: 'median' }, { key: 'q', title: 'p10 / p90' },
  { key: 'target', title: 'target' }, { key: 'ok', title: 'met?' },
], rows);
// correctness of nested derivatives where peers are known to fail
const x0 = 0.5, exact = (x0 + 2) * Math.exp(x0);
const ours = ad.grad(ad.grad((u) => ad.mul(u, ad.exp(u))))(x0);
const correctness = [{ what: "(x·eˣ)'' at 0.5, adjoint grad(grad)", v: ours.toPrecision(12), err: Math.abs(ours - exact).toExponential(1) }];
if (tf) {
  const t = tf.grad(tf.grad((u) => tf.mul(u, tf.exp(u))))(tf.scalar(x0)).dataSync()[0];
  correctness.push({ what: "(x·eˣ)'' at 0.5, tfjs grad(grad) (float32)", v: t.toPrecision(12), err: Math.abs(t - exact).toExponential(1) });
}
printTable(`nested derivatives against the exact ${exact.toPrecision(12)}`, [
  { key: 'what', title: 'case', align: 'left' }, { key: 'v', title: 'value' }, { key: 'err', title: '|error|' },
], correctness);

// grad(grad) through three tanh layers, float32, at eight points: the worst relative error
// against adjoint's float64 (reported as wrong for jax-js; the peers' float32 is the baseline)
const jax = await loadJaxJs();
const layers = (lib) => (x) => lib.tanh(lib.mul(lib.tanh(lib.mul(lib.tanh(lib.mul(x, 1.5)), 2)), 1.3));
const points = [-2, -1, -0.5, 0.1, 0.3, 0.7, 1.2, 2];
const exact3 = points.map((p) => ad.grad(ad.grad(layers(ad)))(p));
const worstRel = (vals) => Math.max(...vals.map((v, i) => Math.abs(v - exact3[i]) / Math.abs(exact3[i])));
const attempt = (fn) => {
  try {
    return fn().toExponential(1);
  } catch (e) {
    return `fails: ${String(e.message ?? e).split('.')[0]}`;
  }
};
const tanh3 = [{ what: 'adjoint grad(grad), float32', err: attempt(() => worstRel(points.map((p) => ad.grad(ad.grad(layers(ad)))(ad.tensor(p, { dtype: 'float32' })).item()))) }];
if (tf) tanh3.push({ what: 'tfjs grad(grad), float32', err: attempt(() => worstRel(points.map((p) => tf.tidy(() => tf.grad(tf.grad(layers(tf)))(tf.scalar(p)).dataSync()[0])))) });
if (jax) {
  const np = jax.numpy;
  const jl = { tanh: np.tanh, mul: np.multiply };
  tanh3.push({ what: 'jax-js grad(grad), float32', err: attempt(() => worstRel(points.map((p) => jax.grad(jax.grad(layers(jl)))(np.array(p)).js()))) });
  tanh3.push({ what: 'jax-js jit(grad(grad)), float32', err: attempt(() => worstRel(points.map((p) => jax.jit(jax.grad(jax.grad(layers(jl))))(np.array(p)).js()))) });
}
printTable('(tanh∘1.3·tanh∘2·tanh∘1.5)\'\' at 8 points, worst relative error against float64', [
  { key: 'what', title: 'case', align: 'left' }, { key: 'e', title: 'worst rel. error' },
], tanh3.map((r) => ({ what: r.what, e: r.err })));

report({ group: 'forward/2nd order', name: 'hvp/grad, Rosenbrock n = 1000', value: r.hvp.median / r.grad.median, unit: 'ratio', target: 3 });
report({ group: 'forward/2nd order', name: 'hessian n = 100', value: r.hessian.median, unit: 'ns', target: 200_000 });
report({ group: 'forward/2nd order', name: 'jacfwd/jacrev 100 → 100', value: r.jacfwd.median / r.jacrev.median, unit: 'ratio' });
report({ group: 'forward/2nd order', name: `jvp ${LANES} lanes: one pass vs ${LANES} passes`, value: r.lanesLoop.median / r.lanesBatched.median, unit: 'ratio' });
report({ group: 'forward/2nd order', name: 'taylor order 4 vs 4 nested jvps', value: r.nested4.median / r.taylor4.median, unit: 'ratio' });
report({ group: 'forward/2nd order', name: 'PINN Adam step, compiled', value: r.pinnStepCompiled.median, unit: 'ns', target: 100_000 });
report({ group: 'forward/2nd order', name: 'PINN Adam step', value: r.pinnStep.median, unit: 'ns', target: 100_000 });
if (r.tfHvp) report({ group: '4 vs tfjs', name: 'hvp n = 1000, adjoint f64/tfjs f32', value: r.hvp.median / r.tfHvp.median, unit: 'ratio' });
