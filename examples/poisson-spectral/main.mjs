// W1 (examples/poisson-spectral): gradient through a spectral Poisson solver. For t on
// 0:0.01:2π at Nx = 128: I(t) and dI/dt by reverse mode through rfft/irfft, checked against
// central finite differences and the manufactured solution; writes an SVG plot.
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { linePlot } from '../plot.mjs';
import { spectralPoisson } from './w1.mjs';

const NX = 128;
const w1 = spectralPoisson(NX);
const ts = Array.from({ length: Math.floor((2 * Math.PI) / 0.01) + 1 }, (_, i) => i * 0.01);

const t0 = performance.now();
const I = ts.map(w1.I);
const dI = ts.map((t) => w1.dIdt(t));
const ms = performance.now() - t0;

const h = 1e-5;
let fdErr = 0, exErr = 0, exIErr = 0;
const scale = Math.max(...dI.map(Math.abs));
ts.forEach((t, k) => {
  const fd = (w1.I(t + h) - w1.I(t - h)) / (2 * h);
  fdErr = Math.max(fdErr, Math.abs(dI[k] - fd) / scale);
  exErr = Math.max(exErr, Math.abs(dI[k] - w1.dexact(t)) / scale);
  exIErr = Math.max(exIErr, Math.abs(I[k] - w1.exact(t)) / Math.max(...I));
});

console.log(`W1 spectral Poisson, Nx = ${NX}: I(t) and dI/dt at ${ts.length} points of t in [0, 2π] (${ms.toFixed(1)} ms, ${((ms * 1e3) / ts.length).toFixed(1)} µs per value + gradient)`);
for (const t of [0.5, 1, 2, 4]) {
  const k = Math.round(t / 0.01);
  console.log(`  t = ${ts[k].toFixed(2)}:  I = ${I[k].toExponential(6)}  dI/dt = ${dI[k].toExponential(6)}  (manufactured: ${w1.dexact(ts[k]).toExponential(6)})`);
}
console.log(`  max |dI/dt − central difference| / max|dI/dt| = ${fdErr.toExponential(2)}`);
console.log(`  max |dI/dt − manufactured| / max|dI/dt|        = ${exErr.toExponential(2)}   (I: ${exIErr.toExponential(2)})`);

const out = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'out', 'poisson-spectral.svg');
linePlot(out, {
  title: `W1: spectral Poisson, Nx = ${NX} — I(t) and dI/dt (reverse mode through the FFT)`,
  xlabel: 't',
  ylabel: 'I(t)',
  y2label: 'dI/dt',
  series: [
    { label: 'I(t)', x: ts, y: I },
    { label: 'dI/dt (adjoint)', x: ts, y: dI, axis: 'right' },
    { label: 'dI/dt (manufactured)', x: ts, y: ts.map(w1.dexact), axis: 'right', dashed: true },
  ],
});
console.log(`  plot: ${path.relative(process.cwd(), out)}`);
