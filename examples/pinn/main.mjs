// W5 (examples/pinn): trains the physics-informed network of WORKLOADS.md with Adam for 250
// steps (loss printed every 50 and plotted), after checking the reverse-over-forward and
// reverse-over-Taylor gradients against central differences of the loss; then a float32 run.
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as ad from '../../dist/index.js';
import { linePlot } from '../plot.mjs';
import { pinn } from './w5.mjs';

const w = pinn();
// the gradient against central differences along a random direction of θ
const [theta, unflatten] = ad.flatten(w.params);
const g = ad.flatten(w.valueAndGrad(w.params)[1])[0];
const v = ad.random.rng(5).normal(theta.shape);
const h = 1e-5;
const at = (s) => w.loss(unflatten(ad.add(theta, ad.mul(v, s)))).item();
const fd = (at(h) - at(-h)) / (2 * h);
const an = ad.sum(ad.mul(g, v)).item();
console.log(`W5 PINN, MLP 1→12→12→12→1 (tanh), ${theta.size} parameters`);
console.log(`  reverse over forward: ⟨∇loss, v⟩ = ${an.toExponential(10)}, central difference ${fd.toExponential(10)} (rel. diff ${(Math.abs(an - fd) / Math.abs(fd)).toExponential(1)})`);
const wt = pinn({ mode: 'taylor' });
const anT = ad.sum(ad.mul(ad.flatten(wt.valueAndGrad(wt.params)[1])[0], v)).item();
console.log(`  reverse over Taylor:  ⟨∇loss, v⟩ = ${anT.toExponential(10)} (rel. diff to the central difference ${(Math.abs(anT - fd) / Math.abs(fd)).toExponential(1)})`);

function train(run, steps = 250) {
  let p = run.params;
  const opt = ad.optim.adam({ lr: 0.01 });
  let s = opt.init(p);
  const history = [];
  const t0 = performance.now();
  for (let i = 0; i <= steps; i++) {
    const [L, grads] = run.valueAndGrad(p);
    history.push(L.item());
    [p, s] = opt.update(grads, s, p);
  }
  return { p, history, msPerStep: (performance.now() - t0) / (steps + 1) };
}
const r64 = train(w);
for (let i = 0; i <= 250; i += 50) console.log(`  step ${String(i).padStart(3)}: loss ${r64.history[i].toExponential(3)}`);
console.log(`  ${r64.msPerStep.toFixed(2)} ms per Adam step (value and gradient)`);
const r32 = train(pinn({ dtype: 'float32' }));
console.log(`  float32: loss ${r32.history[0].toExponential(3)} → ${r32.history[250].toExponential(3)} after 250 steps`);

// the learned u against the exact solution u = sin t
const u = Array.from(w.u(r64.p, w.t).data());
const ts = Array.from(w.t.data());
const maxErr = Math.max(...u.map((v, i) => Math.abs(v - Math.sin(ts[i]))));
console.log(`  max |u(t) − sin t| on the grid: ${maxErr.toExponential(2)}`);
const out = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'out', 'pinn.svg');
linePlot(out, {
  title: 'W5: PINN training (Adam, lr 0.01): log10 loss per step',
  xlabel: 'step', ylabel: 'log10 loss',
  series: [
    { label: 'float64', x: r64.history.map((_, i) => i), y: r64.history.map(Math.log10) },
    { label: 'float32', x: r32.history.map((_, i) => i), y: r32.history.map(Math.log10), dashed: true },
  ],
});
console.log(`  plot: ${path.relative(process.cwd(), out)}`);
