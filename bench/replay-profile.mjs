// Compiled replays of W2 (gradient), W3 (value, gradient in y) and the W5 PINN Adam step, for
// profiling the replay path (native/core/replay.cc). Not part of `npm run bench` (no
// .bench.mjs suffix): it prints bare medians, no peers, no targets.
//   node --expose-gc bench/replay-profile.mjs            medians of every case
//   node bench/replay-profile.mjs count <case> [calls]   runs one case `calls` times, untimed:
//     valgrind --tool=callgrind --toggle-collect='*replay_call*' --toggle-collect='*replay_gradient_binding*' \
//       node bench/replay-profile.mjs count w3grad 200
//   then the collected instructions / calls is the native cost of one replay.
import { fdPoisson } from '../examples/poisson-fd/w2.mjs';
import { w3Problem } from '../examples/spline/w3.mjs';
import { pinn } from '../examples/pinn/w5.mjs';
import { measure } from './util.mjs';
import * as ad from 'adjoint';

const w2 = fdPoisson(128);
const w2c = ad.compile((t) => ad.sum(ad.square(w2.phi(t))), ad.tensor(0.3));
const ts = Array.from({ length: 500 }, (_, i) => ad.tensor(0.3 + i * 0.0117));
const w3 = w3Problem();
const w3c = ad.compile((y) => w3.loss(y), w3.y);
const w5 = pinn();
const w5c = ad.compile(w5.loss, w5.params);
const adam = ad.optim.adam({ lr: 0.01 });
let params = w5.params, state = adam.init(params);

let i = 0;
const cases = {
  w2grad: () => w2c.grad(ts[i++ % 500]).dispose(),
  w3value: () => w3c.call(w3.y).dispose(),
  w3grad: () => w3c.grad(w3.y).dispose(),
  pinnStep: () => {
    const [, g] = w5c.valueAndGrad(params);
    [params, state] = adam.update(g, state, params);
  },
};

const [mode, which, calls] = process.argv.slice(2);
if (mode === 'count') {
  const f = cases[which];
  if (!f) throw new Error(`unknown case ${which}; one of ${Object.keys(cases).join(', ')}`);
  for (let k = 0, n = Number(calls ?? 200); k < n; k++) f();
} else {
  // Beside wall time, the process's CPU time per call (getrusage): on a machine shared with
  // other builds, time spent waiting for a core does not count, so its median moves less.
  const cpuPerCall = (f, calls) => {
    const u = process.cpuUsage();
    for (let k = 0; k < calls; k++) f();
    const d = process.cpuUsage(u);
    return ((d.user + d.system) * 1000) / calls;
  };
  for (const [name, f] of Object.entries(cases)) {
    const r = measure((n) => {
      for (let k = 0; k < n; k++) f();
    }, { samples: 41, minSampleMs: 20, warmupMs: 300 });
    const cpu = Array.from({ length: 41 }, () => cpuPerCall(f, r.inner)).sort((a, b) => a - b);
    const us = (ns) => (ns / 1000).toFixed(2);
    console.log(`${name.padEnd(10)} wall median ${us(r.median)} µs (p10 ${us(r.p10)}, p90 ${us(r.p90)})  cpu median ${us(cpu[20])} µs`);
  }
}
