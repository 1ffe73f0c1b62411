// W2 (examples/poisson-fd): gradient through a finite-difference Poisson solver, as a cyclic
// tridiagonal solve (O(Nx)) and, for comparison, a dense LU solve; dI/dt checked against
// central differences and the manufactured solution; writes an SVG plot.
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { linePlot } from '../plot.mjs';
import { fdPoisson } from './w2.mjs';

const NX = 128;
const w2 = fdPoisson(NX);
const w2dense = fdPoisson(NX, { solver: 'dense' });
const ts = Array.from({ length: Math.floor((2 * Math.PI) / 0.01) + 1 }, (_, i) => i * 0.01);

const t0 = performance.now();
const I = ts.map(w2.I);
const dI = ts.map((t) => w2.dIdt(t));
const ms = performance.now() - t0;
const t1 = performance.now();
const dIdense = ts.map((t) => w2dense.dIdt(t));
const msDense = performance.now() - t1;

const h = 1e-5;
const scale = Math.max(...dI.map(Math.abs));
let fdErr = 0, denseErr = 0, exErr = 0;
ts.forEach((t, k) => {
  fdErr = Math.max(fdErr, Math.abs(dI[k] - (w2.I(t + h) - w2.I(t - h)) / (2 * h)) / scale);
  denseErr = Math.max(denseErr, Math.abs(dI[k] - dIdense[k]) / scale);
  exErr = Math.max(exErr, Math.abs(dI[k] - w2.dexact(t)) / scale);
});
console.log(`W2 finite-difference Poisson, Nx = ${NX}: dI/dt at ${ts.length} values of t`);
console.log(`  cyclic tridiagonal: ${((ms * 1e3) / ts.length).toFixed(1)} µs per value + gradient; dense LU: ${((msDense * 1e3) / ts.length).toFixed(1)} µs`);
console.log(`  max |dI/dt − central difference| / max|dI/dt| = ${fdErr.toExponential(2)}`);
console.log(`  max |tridiagonal − dense|        / max|dI/dt| = ${denseErr.toExponential(2)}`);
console.log(`  max |dI/dt − manufactured|       / max|dI/dt| = ${exErr.toExponential(2)}  (second-order differences, dx = 2π/${NX})`);

const out = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'out', 'poisson-fd.svg');
linePlot(out, {
  title: `W2: finite-difference Poisson, Nx = ${NX} — I(t) and dI/dt (cyclic tridiagonal solve)`,
  xlabel: 't', ylabel: 'I(t)', y2label: 'dI/dt',
  series: [
    { label: 'I(t)', x: ts, y: I },
    { label: 'dI/dt (adjoint)', x: ts, y: dI, axis: 'right' },
    { label: 'dI/dt (manufactured)', x: ts, y: ts.map(w2.dexact), axis: 'right', dashed: true },
  ],
});
console.log(`  plot: ${path.relative(process.cwd(), out)}`);
