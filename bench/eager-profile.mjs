// The fixed cost of eager (un-compiled) op calls from JS: single ops on 128-element arrays,
// the 128-point complex FFT, and the eager W2 gradient and W3 value and gradient. For profiling
// the path JS → native → JS (native/napi, lib/ops.ts). Not part of `npm run bench` (no
// .bench.mjs suffix): it prints bare medians, no peers, no targets.
//   node bench/eager-profile.mjs                        medians of every case
//   node bench/eager-profile.mjs count <case> <calls>   runs one case `calls` times, untimed:
//     instructions per call = (Ir(N2) − Ir(N1)) / (N2 − N1) from two runs of
//     valgrind --tool=callgrind node bench/eager-profile.mjs count neg N
//   with N1, N2 large (e.g. 100000 and 200000) so that V8's compiled code has settled.
import { fdPoisson } from '../examples/poisson-fd/w2.mjs';
import { w3Problem } from '../examples/spline/w3.mjs';
import { measure } from './util.mjs';
import * as ad from 'adjoint';

const x = ad.tensor(Float64Array.from({ length: 128 }, (_, i) => Math.sin(0.37 * i)));
const y = ad.tensor(Float64Array.from({ length: 128 }, (_, i) => Math.cos(0.11 * i)));
const z = ad.tensor(Float64Array.from({ length: 256 }, (_, i) => Math.sin(0.37 * i)), { dtype: 'complex128' });
const a0 = ad.scalar(1.25), b0 = ad.scalar(0.5);  // bench/overhead.bench.mjs's 0-d operands
const w2 = fdPoisson(128);
const w3 = w3Problem();

let i = 0;
const cases = {
  neg: () => ad.neg(x).dispose(),
  negDropped: () => ad.neg(x),  // released by its finalizer batch
  add: () => ad.add(x, y).dispose(),
  addScalar: () => ad.add(x, 2).dispose(),
  sum: () => ad.sum(x).dispose(),
  fft128: () => ad.fft.fft(z).dispose(),
  // overhead.bench.mjs's eager rows: 0-d ops, results left to the GC
  add0d: () => ad.add(a0, b0),
  mul0d: () => ad.mul(a0, 2),
  exp0d: () => ad.exp(a0),
  w2grad: () => w2.dIdt(0.3 + (i++ % 500) * 0.0117),
  w3value: () => w3.loss(w3.y).dispose(),
  w3grad: () => w3.gradY(w3.y).dispose(),
};

const [mode, which, calls] = process.argv.slice(2);
if (mode === 'count') {
  const f = cases[which];
  if (!f) throw new Error(`unknown case ${which}; one of ${Object.keys(cases).join(', ')}`);
  for (let k = 0, n = Number(calls ?? 1000); k < n; k++) f();
} else {
  const only = mode ? mode.split(',') : Object.keys(cases);
  for (const name of only) {
    const f = cases[name];
    const r = measure((n) => {
      for (let k = 0; k < n; k++) f();
    }, { samples: 31, minSampleMs: 20, warmupMs: 300 });
    console.log(`${name.padEnd(10)} median ${r.median.toFixed(0).padStart(6)} ns (p10 ${r.p10.toFixed(0)}, p90 ${r.p90.toFixed(0)})`);
  }
}
