// Shared helpers for the benchmarks: a median timer with warm-up, percentiles, a table
// printer, the summary channel to bench/run.mjs, and the optional TensorFlow.js loader.
//
// Timing model. A *sample* is one timed batch of `inner` calls; the figure reported is the
// per-call time of the MEDIAN sample, with p10/p90 of the samples beside it. GC noise:
//  - every case is warmed up first (JIT tiers, allocator caches, V8 heap sizing), then a full
//    GC is forced (bench/run.mjs starts each file with --expose-gc) so no case pays for the
//    garbage of the one before;
//  - micro cases use samples of >= ~20 ms (tens of thousands of calls), so the minor GCs
//    those calls cause (and the native finalizers that run inside them) are amortized *inside*
//    each sample, as in a real program; the median then rejects the rare sample hit by a
//    major GC or by the OS.
import { performance } from 'node:perf_hooks';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const benchDir = path.dirname(fileURLToPath(import.meta.url));
export const outDir = path.join(benchDir, 'out');

/** Environment knob: BENCH_SCALE=0.3 shortens every case (samples and sample length). */
export const SCALE = Math.max(0.05, Number(process.env.BENCH_SCALE ?? 1) || 1);

export const nowNs = () => Number(process.hrtime.bigint());

export function gc() {
  if (typeof globalThis.gc === 'function') {
    globalThis.gc();
    globalThis.gc();
  }
}

/** Sorted-sample percentile (linear interpolation). */
export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const k = (sorted.length - 1) * p;
  const lo = Math.floor(k);
  const hi = Math.ceil(k);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (k - lo);
}

export function summarize(perCall) {
  const s = [...perCall].sort((a, b) => a - b);
  return { median: percentile(s, 0.5), p10: percentile(s, 0.1), p90: percentile(s, 0.9), samples: s.length };
}

// A sink the JIT cannot prove dead.
export let sink;
export function keep(v) {
  sink = v;
}

/**
 * Warms `body(n)` up (it must run its workload n times) and returns a sampler: `sample()`
 * runs one timed batch of `inner` calls and returns ns per call.
 * - inner: calls per sample; default: calibrated so one sample lasts >= minSampleMs.
 */
export function prepare(body, opts = {}) {
  const minSampleMs = (opts.minSampleMs ?? 20) * SCALE;
  const warmupMs = (opts.warmupMs ?? 150) * SCALE;
  let inner = opts.inner;
  // warm-up (and calibration): run batches of growing size until warmupMs have passed; the
  // calibration uses the fastest per-call time of the batches long enough to mean something
  let n = 1;
  const w0 = performance.now();
  let best = Infinity;
  let calls = 0;
  for (;;) {
    const t0 = nowNs();
    body(n);
    const dt = nowNs() - t0;
    calls += n;
    if (dt >= 2e5 || n >= 4) best = Math.min(best, dt / n);
    if (performance.now() - w0 >= warmupMs && calls >= 4) break;
    if (dt < 2e6) n = Math.min(n * 2, 1 << 24);
  }
  if (inner === undefined) inner = Math.max(1, Math.ceil((minSampleMs * 1e6) / Math.max(best, 0.05)));
  const k = inner;
  return {
    inner: k,
    sample() {
      const t0 = nowNs();
      body(k);
      return (nowNs() - t0) / k;
    },
  };
}

const sampleCount = (s) => Math.max(5, Math.round((s ?? 31) * Math.sqrt(SCALE)));

/** Times one workload alone: per-call ns {median, p10, p90, samples, inner}. */
export function measure(body, opts = {}) {
  const p = prepare(body, opts);
  const samples = sampleCount(opts.samples);
  gc();
  const per = [];
  for (let i = 0; i < samples; i++) per.push(p.sample());
  return { ...summarize(per), inner: p.inner };
}

/**
 * A sampler for workloads that time themselves: `sample()` returns one per-call ns figure
 * (e.g. the time of a loop inside a grad'ed function divided by its op count).
 */
export function selfTimed(sample, opts = {}) {
  const warmup = Math.max(2, Math.round((opts.warmup ?? 10) * SCALE));
  for (let i = 0; i < warmup; i++) sample();
  return { inner: opts.inner ?? 1, sample };
}

/**
 * Times several workloads *interleaved*: round r takes one sample of every case (in a
 * rotating order), so each case sees the same machine conditions (other processes, CPU
 * frequency) and their ratios are measured under the same conditions. (No forced GC between
 * samples: a full GC shrinks the young generation and so penalizes the next sample of an
 * allocation-heavy case; measured, it made tfjs's scalar ops 2-3× slower.) `samplers` maps names to
 * prepared samplers ({inner, sample() → ns | Promise<ns>}), or null to skip. Returns per-call
 * ns stats by name.
 */
export async function compare(samplers, opts = {}) {
  const names = Object.keys(samplers).filter((k) => samplers[k]);
  const samples = sampleCount(opts.samples);
  const per = Object.fromEntries(names.map((k) => [k, []]));
  gc();
  for (let r = 0; r < samples; r++) {
    for (let j = 0; j < names.length; j++) {
      const k = names[(r + j) % names.length];
      per[k].push(await samplers[k].sample());
    }
  }
  return Object.fromEntries(names.map((k) => [k, { ...summarize(per[k]), inner: samplers[k].inner }]));
}

// ---- formatting -----------------------------------------------------------------------------

export function fmtNs(ns) {
  if (!Number.isFinite(ns)) return 'n/a';
  if (ns < 10) return `${ns.toFixed(2)} ns`;
  if (ns < 1e3) return `${ns.toFixed(1)} ns`;
  if (ns < 1e6) return `${(ns / 1e3).toFixed(2)} µs`;
  if (ns < 1e9) return `${(ns / 1e6).toFixed(3)} ms`;
  return `${(ns / 1e9).toFixed(3)} s`;
}

export function fmtRatio(r) {
  return Number.isFinite(r) ? `${r.toFixed(2)}×` : 'n/a';
}

/** Prints an aligned table: columns = [{key, title, align?}], rows = objects of strings. */
export function printTable(title, columns, rows) {
  const w = columns.map((c) => Math.max(c.title.length, ...rows.map((r) => String(r[c.key] ?? '').length)));
  const line = (cells) =>
    '  ' + cells.map((s, i) => (columns[i].align === 'left' ? String(s).padEnd(w[i]) : String(s).padStart(w[i]))).join('  ');
  console.log(`\n${title}`);
  console.log(line(columns.map((c) => c.title)));
  console.log('  ' + w.map((x) => '-'.repeat(x)).join('  '));
  for (const r of rows) console.log(line(columns.map((c) => r[c.key] ?? '')));
}

/** Standard columns for a timing row. */
export const timingColumns = [
  { key: 'name', title: 'case', align: 'left' },
  { key: 'median', title: 'median' },
  { key: 'p10', title: 'p10' },
  { key: 'p90', title: 'p90' },
  { key: 'runs', title: 'samples × calls' },
];

export function timingRow(name, m, extra = {}) {
  return {
    name,
    median: fmtNs(m.median),
    p10: fmtNs(m.p10),
    p90: fmtNs(m.p90),
    runs: `${m.samples} × ${m.inner ?? 1}`,
    ...extra,
  };
}

// ---- summary channel -------------------------------------------------------------------------

/** One headline figure for the summary that bench/run.mjs prints at the end. */
export function report(figure) {
  const f = { ...figure };
  if (f.target !== undefined && Number.isFinite(f.value)) f.pass = f.value <= f.target;
  if (typeof process.send === 'function') process.send({ type: 'figure', figure: f });
}

// ---- TensorFlow.js ---------------------------------------------------------------------------

/** @tensorflow/tfjs on its cpu backend, or null (with the reason printed) when unavailable. */
export async function loadTfjs() {
  if (process.env.BENCH_NO_TFJS) {
    console.log('\n[tfjs] skipped: BENCH_NO_TFJS is set');
    return null;
  }
  // tfjs greets Node users on stdout/stderr with an advert for tfjs-node; keep the report clean.
  const origWarn = console.warn;
  console.warn = (...a) => {
    if (typeof a[0] === 'string' && /speed things up|tfjs-node/i.test(a[0])) return;
    origWarn(...a);
  };
  try {
    const tf = await import('@tensorflow/tfjs');
    await tf.setBackend('cpu');
    await tf.ready();
    if (tf.getBackend() !== 'cpu') throw new Error(`backend is ${tf.getBackend()}, not cpu`);
    tf.tidy(() => tf.add(tf.scalar(1), tf.scalar(2)).dataSync()); // trigger the greeting now
    return tf;
  } catch (e) {
    console.log(`\n[tfjs] skipped: @tensorflow/tfjs could not be loaded (${e && e.message ? e.message.split('\n')[0] : e})`);
    return null;
  } finally {
    console.warn = origWarn;
  }
}

// jax-js (npm @jax-js/jax) expects a browser: it reads `navigator` and Float16Array, which
// Node 20 lacks; minimal stand-ins are enough for its CPU backend.
export async function loadJaxJs() {
  if (process.env.BENCH_NO_JAXJS) {
    console.log('\n[jax-js] skipped: BENCH_NO_JAXJS is set');
    return null;
  }
  try {
    globalThis.navigator ??= { hardwareConcurrency: 2, userAgent: 'node' };
    if (typeof globalThis.Float16Array === 'undefined') globalThis.Float16Array = class Float16Array extends Float32Array {};
    return await import('@jax-js/jax');
  } catch (e) {
    console.log(`\n[jax-js] skipped: @jax-js/jax could not be loaded (${e && e.message ? e.message.split('\n')[0] : e})`);
    return null;
  }
}

export function tfjsVersion(tf) {
  return tf?.version?.tfjs ?? tf?.version_core ?? '?';
}

// ---- the C++ reference loops -----------------------------------------------------------------

/**
 * Compiles a C++ harness of bench/native with g++ -O3 -fno-math-errno (no -march=native, no
 * -ffast-math: the flags of the shipped addon) into bench/out/<name>, unless an up-to-date
 * binary is there. `sources` are extra files (relative to the repository), `libs` extra link
 * flags. Returns {bin, flags}, or null (with the reason printed) when g++ is missing or the build
 * fails.
 */
export function buildHarness(name, { sources = [], defines = [], libs = [] } = {}) {
  const root = path.resolve(benchDir, '..');
  const srcs = [path.join(benchDir, 'native', `${name}.cc`), ...sources.map((s) => path.join(root, s))];
  const bin = path.join(outDir, name);
  const flags = ['-O3', '-fno-math-errno', '-std=c++17', `-I${path.join(root, 'native')}`, ...defines];
  const stamp = path.join(outDir, `${name}.flags`);
  const flagLine = [...flags, ...libs].join(' ');
  const fresh =
    fs.existsSync(bin) &&
    srcs.every((s) => fs.statSync(bin).mtimeMs >= fs.statSync(s).mtimeMs) &&
    fs.existsSync(stamp) &&
    fs.readFileSync(stamp, 'utf8') === flagLine;
  if (fresh) return { bin, flags: flagLine };
  const probe = spawnSync('g++', ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    console.log(`\n[${name}] skipped: g++ was not found (install g++ to get the C++ reference times)`);
    return null;
  }
  fs.mkdirSync(outDir, { recursive: true });
  const r = spawnSync('g++', [...flags, '-o', bin, ...srcs, ...libs], { encoding: 'utf8' });
  if (r.status !== 0) {
    console.log(`\n[${name}] skipped: compiling failed:\n${r.stderr}`);
    return null;
  }
  fs.writeFileSync(stamp, flagLine);
  return { bin, flags: flagLine };
}

/** bench/native/loops.cc: plain C++ elementwise loops. */
export const buildLoops = () => buildHarness('loops');

export function machineLine() {
  const cpus = os.cpus();
  return `${cpus[0]?.model?.trim() ?? 'unknown CPU'} (${cpus.length} logical CPUs), ${os.platform()}-${os.arch()}, Node ${process.version}`;
}

/**
 * Starts `loops --serve n` and returns {sampler(dtype, op), close()}: a sampler's sample()
 * asks the harness for one timed call (the time is taken inside the C++ process).
 */
export async function startLoops(bin, n) {
  const { spawn } = await import('node:child_process');
  const child = spawn(bin, ['--serve', String(n)], { stdio: ['pipe', 'pipe', 'inherit'] });
  let buf = '';
  const waiting = [];
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (d) => {
    buf += d;
    let i;
    while ((i = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      waiting.shift()?.resolve(line);
    }
  });
  child.on('exit', (code) => {
    for (const w of waiting.splice(0)) w.reject(new Error(`C++ loops exited (${code})`));
  });
  const ask = (dtype, op, k) =>
    new Promise((resolve, reject) => {
      waiting.push({ resolve, reject });
      child.stdin.write(`${dtype} ${op} ${k}\n`);
    }).then((line) => {
      if (line === 'error') throw new Error(`C++ loops refused ${dtype} ${op}`);
      return line.split(' ').map(Number);
    });
  return {
    async sampler(dtype, op, warmup = 5) {
      await ask(dtype, op, Math.max(1, Math.round(warmup * SCALE)));
      return { inner: 1, sample: async () => (await ask(dtype, op, 1))[0] };
    },
    close() {
      child.stdin.end();
    },
  };
}
