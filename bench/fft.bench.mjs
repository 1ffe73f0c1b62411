// The FFT. Two views:
//  1. native: bench/native/fft_bench.cc times native/fft against FFTW3 (FFTW_MEASURE plans;
//     Debian libfftw3-dev, skipped with a message when /usr/include/fftw3.h is missing) in one
//     process, complex forward transforms of float64 and float32, plans made beforehand;
//  2. from JS: ad.fft.fft on a tensor (allocation and the call included) against fft.js (npm,
//     float64, radix-4, powers of two only), interleaved samples.
// Targets (issue 3): ≤ 1.3× FFTW's time for powers of two ≥ 1024, ≤ 2× for other sizes;
// ≥ 3× faster than fft.js.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as ad from 'adjoint';
import { prepare, compare, printTable, fmtNs, fmtRatio, report, buildHarness, SCALE } from './util.mjs';

const require = createRequire(import.meta.url);
const SIZES = [128, 1024, 4096, 65536, 2 ** 20, 1000, 1009, 4095, 10007];
const gflops = (n, ns) => (5 * n * Math.log2(n)) / ns;
const pow2 = (n) => (n & (n - 1)) === 0;

console.log('\n=== FFT. Complex forward transforms: native/fft vs FFTW (same process), ad.fft.fft vs fft.js (from JS) ===');
console.log('GFlop/s = 5·n·log2(n)/t (the conventional count). Targets: <= 1.3× FFTW for powers of two >= 1024,');
console.log('<= 2× FFTW otherwise; >= 3× faster than fft.js.');

// ---- 1. native ----------------------------------------------------------------------------------
const haveFftw = fs.existsSync('/usr/include/fftw3.h');
const sources = fs.readdirSync(new URL('../native/fft', import.meta.url)).filter((f) => f.endsWith('.cc')).map((f) => `native/fft/${f}`);
const harness = buildHarness('fft_bench', {
  sources,
  defines: haveFftw ? ['-DHAVE_FFTW'] : [],
  libs: haveFftw ? ['-lfftw3', '-lfftw3f'] : [],
});
if (!haveFftw) console.log('[FFTW] skipped: /usr/include/fftw3.h not found (apt install libfftw3-dev to compare against FFTW)');
let nativeRows = [];
if (harness) {
  const r = spawnSync(harness.bin, SCALE < 1 ? ['--quick'] : [], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status === 0) nativeRows = JSON.parse(r.stdout);
  else console.log(`[fft_bench] failed: ${r.stderr || r.error}`);
}
const targetOf = (n) => (pow2(n) ? (n >= 1024 ? 1.3 : undefined) : 2);
for (const dtype of ['float64', 'float32']) {
  const rows = nativeRows.filter((x) => x.dtype === dtype && x.kind === 'c2c');
  if (!rows.length) continue;
  printTable(`native, complex ${dtype} (ns per transform, medians)`, [
    { key: 'n', title: 'n' },
    { key: 'ours', title: 'adjoint' },
    { key: 'q', title: 'p10 / p90' },
    { key: 'gf', title: 'GFlop/s' },
    { key: 'fftw', title: 'FFTW' },
    { key: 'fgf', title: 'FFTW GFlop/s' },
    { key: 'ratio', title: 'adjoint/FFTW' },
    { key: 'ok', title: 'target' },
  ], rows.map((x) => {
    const t = targetOf(x.n);
    const ratio = x.fftw_ns ? x.ours_ns / x.fftw_ns : NaN;
    return {
      n: String(x.n),
      ours: fmtNs(x.ours_ns),
      q: `${fmtNs(x.ours_p10)} / ${fmtNs(x.ours_p90)}`,
      gf: gflops(x.n, x.ours_ns).toFixed(2),
      fftw: x.fftw_ns ? fmtNs(x.fftw_ns) : '—',
      fgf: x.fftw_ns ? gflops(x.n, x.fftw_ns).toFixed(2) : '—',
      ratio: fmtRatio(ratio),
      ok: t === undefined || !x.fftw_ns ? '' : ratio <= t ? `yes (<= ${t}×)` : `NO (<= ${t}×)`,
    };
  }));
  for (const x of rows) {
    if (x.fftw_ns) report({ group: `FFT ${dtype}`, name: `n = ${x.n}, adjoint/FFTW`, value: x.ours_ns / x.fftw_ns, unit: 'ratio', target: targetOf(x.n) });
    else report({ group: `FFT ${dtype}`, name: `n = ${x.n} (no FFTW)`, value: x.ours_ns, unit: 'ns' });
  }
}
const real = nativeRows.filter((x) => x.kind === 'r2c');
if (real.length) {
  printTable('native, real-input forward (r2c)', [
    { key: 'n', title: 'n' }, { key: 'dt', title: 'dtype' }, { key: 'ours', title: 'adjoint' }, { key: 'fftw', title: 'FFTW' }, { key: 'ratio', title: 'adjoint/FFTW' },
  ], real.map((x) => ({ n: String(x.n), dt: x.dtype, ours: fmtNs(x.ours_ns), fftw: x.fftw_ns ? fmtNs(x.fftw_ns) : '—', ratio: x.fftw_ns ? fmtRatio(x.ours_ns / x.fftw_ns) : '—' })));
}

// ---- 2. from JS: ad.fft.fft vs fft.js -----------------------------------------------------------
let FFTjs = null;
try {
  FFTjs = require('fft.js');
} catch {
  console.log('[fft.js] skipped: the fft.js package is not installed');
}
const jsRows = [];
for (const n of [128, 1024, 4096, 65536, 2 ** 20]) {
  const re = Float64Array.from({ length: 2 * n }, (_, i) => Math.sin(0.37 * i));
  const x = ad.tensor(re, { dtype: 'complex128' });
  const big = n >= 65536;
  const opts = big ? { inner: 1, warmupMs: 200 } : { minSampleMs: 10, warmupMs: 100 };
  const samplers = {
    adj: prepare((k) => {
      for (let i = 0; i < k; i++) ad.fft.fft(x).dispose();
    }, opts),
    fftjs: null,
  };
  if (FFTjs) {
    const f = new FFTjs(n);
    const out = f.createComplexArray();
    const input = Array.from(re);
    samplers.fftjs = prepare((k) => {
      for (let i = 0; i < k; i++) f.transform(out, input);
    }, opts);
  }
  const r = await compare(samplers, { samples: big ? 11 : 21 });
  jsRows.push({ n, r });
  if (r.fftjs) report({ group: 'FFT from JS', name: `n = ${n}, ad.fft.fft/fft.js`, value: r.adj.median / r.fftjs.median, unit: 'ratio', target: 1 / 3 });
}
printTable('from JS, complex float64 (ad.fft.fft allocates its output; fft.js writes into a preallocated array)', [
  { key: 'n', title: 'n' }, { key: 'adj', title: 'ad.fft.fft' }, { key: 'gf', title: 'GFlop/s' }, { key: 'js', title: 'fft.js' },
  { key: 'ratio', title: 'adjoint/fft.js' }, { key: 'ok', title: '<= 1/3?' },
], jsRows.map(({ n, r }) => ({
  n: String(n),
  adj: fmtNs(r.adj.median),
  gf: gflops(n, r.adj.median).toFixed(2),
  js: r.fftjs ? fmtNs(r.fftjs.median) : '—',
  ratio: r.fftjs ? fmtRatio(r.adj.median / r.fftjs.median) : '—',
  ok: r.fftjs ? (r.adj.median / r.fftjs.median <= 1 / 3 ? 'yes' : 'NO') : '',
})));
