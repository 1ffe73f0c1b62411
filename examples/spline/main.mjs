// W3 (examples/spline): the gradient of Σ s(t_j) for a quadratic spline through 64 random knots
// at 640 extrapolating queries, with respect to the values y, the knots x and the queries t,
// checked against central differences; writes an SVG plot of the spline and ∂loss/∂y.
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as ad from '../../dist/index.js';
import { linePlot } from '../plot.mjs';
import { w3Problem } from './w3.mjs';

const p = w3Problem();
const [gy, gx, gt] = p.grad(p.y, p.x, p.t);
const R = 2000;
let t0 = performance.now();
for (let i = 0; i < R; i++) p.loss(p.y).dispose();
const valueUs = ((performance.now() - t0) * 1e3) / R;
t0 = performance.now();
for (let i = 0; i < R; i++) p.gradY(p.y).dispose();
const gradUs = ((performance.now() - t0) * 1e3) / R;

// central differences along random directions for each argument
const rng = ad.random.rng(11);
const h = 1e-6;
const check = (name, g, at) => {
  const v = rng.normal(g.shape);
  const fd = (at(ad.mul(v, h)) - at(ad.mul(v, -h))) / (2 * h);
  const ad_ = ad.sum(ad.mul(g, v)).item();
  console.log(`  ⟨∂loss/∂${name}, v⟩ = ${ad_.toExponential(10)}   central difference ${fd.toExponential(10)}   rel. diff ${(Math.abs(ad_ - fd) / Math.abs(fd)).toExponential(1)}`);
};
console.log(`W3 quadratic spline, 64 knots, 640 queries in [0, 2]: loss = ${p.loss(p.y).item().toFixed(6)}`);
console.log(`  value ${valueUs.toFixed(1)} µs, gradient in y ${gradUs.toFixed(1)} µs (mean of ${R}, including warm-up)`);
check('y', gy, (d) => p.loss(ad.add(p.y, d)).item());
// knots: perturb the interior ones only, keeping x_1 = 0 and x_n = 1 (the directions stay small)
const interior = ad.concat([ad.zeros([1]), ad.ones([62]), ad.zeros([1])]);
check('x (interior)', ad.mul(gx, interior), (d) => p.loss(p.y, ad.add(p.x, ad.mul(d, interior))).item());
check('t', gt, (d) => p.loss(p.y, p.x, ad.add(p.t, d)).item());

const s = ad.interp.quadraticSpline(p.x, p.y, { extrapolate: true });
const ts = Array.from({ length: 801 }, (_, i) => (2 * i) / 800);
const out = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'out', 'spline.svg');
linePlot(out, {
  title: 'W3: quadratic spline through 64 random knots (extrapolated on [1, 2]) and ∂loss/∂y',
  xlabel: 'x', ylabel: 's(x)', y2label: '∂loss/∂y_i',
  series: [
    { label: 's(x)', x: ts, y: Array.from(s.at(ad.tensor(ts)).data()) },
    { label: 'knots (x_i, y_i)', x: Array.from(p.x.data()), y: Array.from(p.y.data()), dashed: true },
    { label: '∂loss/∂y_i', x: Array.from(p.x.data()), y: Array.from(gy.data()), axis: 'right' },
  ],
});
console.log(`  plot: ${path.relative(process.cwd(), out)}`);
