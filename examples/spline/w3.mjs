// W3 of WORKLOADS.md: a quadratic spline (DataInterpolations' QuadraticSpline) through n = 64
// knots (x_1 = 0, x_n = 1, sorted random inside) and random values y, evaluated at 640 sorted
// queries in [0, 2] (extrapolating past x_n); loss = Σ s(t_j), differentiated in y, x and t.
import * as ad from '../../dist/index.js';

export function w3Problem(seed = 3, { n = 64, m = 640 } = {}) {
  const rng = ad.random.rng(seed);
  const inner = Array.from(rng.uniform([n - 2]).data()).sort((a, b) => a - b);
  const x = ad.tensor([0, ...inner, 1]);
  const y = rng.normal([n]);
  const t = ad.tensor(Array.from(rng.uniform([m], 0, 2).data()).sort((a, b) => a - b));
  const loss = (yy, xx = x, tt = t) => ad.sum(ad.interp.quadraticSpline(xx, yy, { extrapolate: true }).at(tt));
  return { x, y, t, loss, grad: ad.grad(loss, { argnums: [0, 1, 2] }), gradY: ad.grad(loss) };
}
