// W1 of WORKLOADS.md: dI/dt through a spectral Poisson solver (rfft → ·(−1/k²) → irfft → Σφ²),
// at Nx = 128 (target ≤ 10 µs per dI/dt), 2^16 and 2^20 (target grad/primal ≤ 3). Peers:
// TensorFlow.js (cpu backend, float32) runs the same primal with tf.spectral.rfft/irfft and is
// asked for tf.grad of it; published references (Zygote 110 µs, PyTorch 1.13 160 µs, jax-js
// with jit 195 µs at Nx = 128) are quoted from the issue, not measured here.
import { prepare, compare, printTable, fmtNs, fmtRatio, report, loadTfjs } from './util.mjs';
import { spectralPoisson } from '../examples/poisson-spectral/w1.mjs';

const TARGET_NS = 10_000;
const TARGET_RATIO = 3;

console.log('\n=== W1. dI/dt through a spectral Poisson solver (rfft, division by k², irfft, Σφ²) ===');
console.log('Each sample times I(t) (primal) or dI/dt (grad) for a fresh t; cases interleaved round-robin.');
console.log(`Targets: dI/dt at Nx = 128 <= ${fmtNs(TARGET_NS)}; grad/primal <= ${TARGET_RATIO} at every size.`);
console.log('Published (not run here): Zygote 110 µs, PyTorch 1.13 160 µs, jax-js (jit) 195 µs per dI/dt at Nx = 128.');

const tf = await loadTfjs();

/** TensorFlow.js's version of the same primal (float32), or null. */
function tfW1(nx) {
  if (!tf) return null;
  const MU = Math.PI, S = 0.25, dx = (2 * Math.PI) / nx;
  const g = tf.tensor1d(Float32Array.from({ length: nx }, (_, i) => {
    const x = i * dx;
    return Math.exp(-((x - MU) ** 2) / (2 * S * S)) * (S * S - (x - MU) ** 2) / S ** 4;
  }));
  const inv = tf.tensor1d(Float32Array.from({ length: nx / 2 + 1 }, (_, j) => (j === 0 ? 0 : -1 / j ** 2)));
  const I = (t) => {
    const rho = tf.mul(tf.neg(tf.square(tf.sin(t))), g);
    const hat = tf.spectral.rfft(rho);
    const scaled = tf.complex(tf.mul(tf.real(hat), inv), tf.mul(tf.imag(hat), inv));
    return tf.sum(tf.square(tf.spectral.irfft(scaled)));
  };
  let gradError = null;
  try {
    tf.tidy(() => tf.grad(I)(tf.scalar(0.3)).dataSync());
  } catch (e) {
    gradError = String(e?.message ?? e).split('\n')[0];
  }
  return { I, gradError };
}

const rows = [];
for (const nx of [128, 2 ** 16, 2 ** 20]) {
  const w1 = spectralPoisson(nx);
  const big = nx > 4096;
  let t = 0.3;
  const next = () => (t = t > 6 ? 0.3 : t + 0.0137);
  const each = (fn) => prepare((n) => {
    for (let i = 0; i < n; i++) fn(next());
  }, big ? { inner: 1, warmupMs: 300 } : { minSampleMs: 20, warmupMs: 200 });
  const tw = nx === 128 ? tfW1(nx) : null; // tfjs takes seconds per call at 2^16
  const samplers = {
    primal: each((u) => w1.I(u)),
    grad: each((u) => w1.dIdt(u)),
    tf: tw ? each((u) => tf.tidy(() => tw.I(tf.scalar(u)).dataSync())) : null,
  };
  const r = await compare(samplers, { samples: big ? 11 : 31 });
  rows.push({ nx, r, tfGrad: tw ? tw.gradError ?? 'ran' : null });
  report({ group: 'W1 spectral', name: `dI/dt Nx = ${nx}`, value: r.grad.median, unit: 'ns', target: nx === 128 ? TARGET_NS : undefined });
  report({ group: 'W1 spectral', name: `grad/primal Nx = ${nx}`, value: r.grad.median / r.primal.median, unit: 'ratio', target: TARGET_RATIO });
  if (r.tf) report({ group: '4 vs tfjs', name: `W1 primal Nx = ${nx}, adjoint f64/tfjs f32`, value: r.primal.median / r.tf.median, unit: 'ratio' });
}

const pq = (m) => `${fmtNs(m.p10)} / ${fmtNs(m.p90)}`;
printTable('W1 per evaluation (float64; tfjs float32)', [
  { key: 'nx', title: 'Nx' },
  { key: 'p', title: 'I(t)' },
  { key: 'g', title: 'dI/dt' },
  { key: 'gq', title: 'dI/dt p10 / p90' },
  { key: 'ratio', title: 'grad/primal' },
  { key: 'ok', title: `<= ${TARGET_RATIO}?` },
  { key: 'tf', title: 'tfjs I(t)' },
  { key: 'tfg', title: 'tfjs dI/dt', align: 'left' },
], rows.map(({ nx, r, tfGrad }) => ({
  nx: String(nx),
  p: fmtNs(r.primal.median),
  g: fmtNs(r.grad.median),
  gq: pq(r.grad),
  ratio: fmtRatio(r.grad.median / r.primal.median),
  ok: r.grad.median / r.primal.median <= TARGET_RATIO ? 'yes' : 'NO',
  tf: r.tf ? fmtNs(r.tf.median) : '—',
  tfg: tfGrad === null ? '—' : tfGrad === 'ran' ? 'ran' : `fails: ${tfGrad.slice(0, 60)}`,
})));
