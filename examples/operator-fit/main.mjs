// W4 (examples/operator-fit): a restricted-Fourier inverse problem with matrix-free operators.
// The AD gradient against the analytic one, nonlinear CG to ‖∇‖ ≤ 1e-12, the user rule mycos
// observably used by grad, and a plot of the recovered vs the true signal (SVG).
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as ad from '../../dist/index.js';
import { linePlot } from '../plot.mjs';
import { w4Problem, mycosRule } from './w4.mjs';

const p = w4Problem();
const x0 = ad.zeros([p.n]);
const probe = ad.random.rng(1).normal([p.n]);
const gAD = ad.grad(p.loss)(probe), gAn = p.analyticGrad(probe);
const rel = ad.norm(ad.sub(gAD, gAn)).item() / ad.norm(gAn).item();
console.log(`W4 restricted Fourier fit: A = R·F, R keeps ${p.R.shape[0]} of ${p.n} DFT rows; dotTest(A) mismatch ${ad.check.dotTest(p.A, { dtype: 'complex128' }).toExponential(1)}`);
console.log(`  ‖∇_AD − (Re Aᴴ(Ax − b) + x)‖ / ‖·‖ = ${rel.toExponential(2)}`);

const r = ad.optim.minimize(p.loss, x0, { method: 'cg', gtol: 1e-12, maxIter: 500 });
console.log(r.toString().split('\n').map((l) => `  ${l}`).join('\n'));

const { mycos, calls } = mycosRule();
const g = ad.grad((x) => ad.sum(mycos(x)))(probe);
const err = ad.max(ad.abs(ad.add(g, ad.sin(probe)))).item();
console.log(`  mycos rule: pullback called ${calls.pullback}× by grad; max |∇Σmycos + sin x| = ${err.toExponential(1)}`);

const out = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'out', 'operator-fit.svg');
const idx = Array.from({ length: p.n }, (_, i) => i);
linePlot(out, {
  title: 'W4: recovered x (CG on ½‖RFx − b‖² + ½‖x‖²) vs x_true',
  xlabel: 'index', ylabel: 'value',
  series: [
    { label: 'x_true', x: idx, y: Array.from(p.xTrue.data()) },
    { label: 'recovered x', x: idx, y: Array.from(r.x.data()), dashed: true },
  ],
});
console.log(`  plot: ${path.relative(process.cwd(), out)}`);
