// `npm run bench`: runs every bench/*.bench.mjs in its own Node process (with --expose-gc, so
// the timers can start each case from a clean heap), then prints a summary of the headline
// figures against their targets. Environment: BENCH_SCALE=0.3 for a quicker, rougher run;
// BENCH_NO_TFJS=1 to leave TensorFlow.js out; `node bench/run.mjs overhead` runs one file.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { benchDir, machineLine, fmtNs, fmtRatio, printTable, SCALE } from './util.mjs';

const require = createRequire(import.meta.url);
const root = path.resolve(benchDir, '..');
const ORDER = ['overhead', 'elementwise', 'tanh-chain'];

const all = fs
  .readdirSync(benchDir)
  .filter((f) => f.endsWith('.bench.mjs'))
  .map((f) => f.slice(0, -'.bench.mjs'.length))
  .sort((a, b) => (ORDER.indexOf(a) + 1 || 99) - (ORDER.indexOf(b) + 1 || 99) || a.localeCompare(b));
const only = process.argv.slice(2);
const files = only.length ? all.filter((f) => only.includes(f)) : all;

let tfjsVersion = 'not installed';
try {
  tfjsVersion = JSON.parse(fs.readFileSync(require.resolve('@tensorflow/tfjs/package.json'), 'utf8')).version;
} catch {
  /* reported by the benches */
}
let addon = '?';
try {
  addon = path.relative(root, require('node-gyp-build').resolve(root));
} catch {
  /* the benches will fail loudly */
}
const load = () => os.loadavg().map((v) => v.toFixed(2)).join(' ');

console.log('adjoint benchmarks');
console.log(`  machine: ${machineLine()}`);
console.log(`  addon:   ${process.env.ADJOINT_ADDON ?? addon};  tfjs ${tfjsVersion} (cpu backend)`);
console.log(`  load average at start (1/5/15 min): ${load()} on ${os.cpus().length} CPUs${SCALE !== 1 ? `;  BENCH_SCALE=${SCALE}` : ''}`);
console.log('  All figures are MEDIANS of repeated timed samples (the tables give p10/p90 and samples × calls);');
console.log('  a sample is warmed up first and GC is amortized inside it (see bench/util.mjs).');

const figures = [];
const t0 = Date.now();
let failed = 0;
for (const name of files) {
  const file = path.join(benchDir, `${name}.bench.mjs`);
  const code = await new Promise((resolve) => {
    const child = spawn(process.execPath, ['--expose-gc', file], { cwd: root, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.on('message', (m) => {
      if (m?.type === 'figure') figures.push(m.figure);
    });
    child.on('exit', (c, sig) => resolve(c ?? (sig ? 1 : 0)));
  });
  if (code !== 0) {
    failed++;
    console.log(`\n[bench] ${name}.bench.mjs FAILED (exit code ${code})`);
  }
}

const rows = figures.map((f) => ({
  group: f.group,
  name: f.name,
  value: f.unit === 'ns' ? fmtNs(f.value) : fmtRatio(f.value),
  target: f.target === undefined ? '' : f.unit === 'ns' ? `<= ${f.target} ns` : `<= ${f.target}×`,
  ok: f.target === undefined ? '' : f.pass ? 'yes' : 'MISSED',
}));
printTable('Summary (medians; ratios taken from interleaved samples of the same run)', [
  { key: 'group', title: 'item', align: 'left' },
  { key: 'name', title: 'figure', align: 'left' },
  { key: 'value', title: 'value' },
  { key: 'target', title: 'target' },
  { key: 'ok', title: 'met?' },
], rows);
const missed = figures.filter((f) => f.target !== undefined && !f.pass).length;
const targeted = figures.filter((f) => f.target !== undefined).length;
console.log(`\n${targeted - missed}/${targeted} targets met. Total time ${((Date.now() - t0) / 1000).toFixed(1)} s;` +
  ` load average at end: ${load()}.`);
if (Number(os.loadavg()[0]) > os.cpus().length * 0.75)
  console.log('Note: the machine was busy with other work during this run; absolute times are inflated, ratios less so.');
if (failed) process.exitCode = 1;
