// A minimal SVG line plot for the examples (no dependency): one or more series sharing x,
// each on the left or right y axis, with ticks and a legend.
import * as fs from 'node:fs';
import * as path from 'node:path';

const W = 760, H = 420, M = { l: 70, r: 70, t: 40, b: 50 };
const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd'];

function ticks(lo, hi, n = 5) {
  const span = hi - lo || 1;
  const step = 10 ** Math.floor(Math.log10(span / n));
  const nice = [1, 2, 5, 10].map((m) => m * step).find((s) => span / s <= n) ?? 10 * step;
  const out = [];
  for (let v = Math.ceil(lo / nice) * nice; v <= hi + 1e-12 * span; v += nice) out.push(+v.toPrecision(12));
  return out;
}

function range(values) {
  let lo = Math.min(...values), hi = Math.max(...values);
  if (lo === hi) [lo, hi] = [lo - 1, hi + 1];
  const pad = 0.05 * (hi - lo);
  return [lo - pad, hi + pad];
}

/**
 * Writes an SVG file. series: [{ label, x: number[], y: number[], axis?: 'left'|'right', dashed? }].
 * Returns the path written.
 */
export function linePlot(file, { title, xlabel, ylabel, y2label, series }) {
  const xs = series.flatMap((s) => s.x);
  const [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  const side = (a) => series.filter((s) => (s.axis ?? 'left') === a);
  const ranges = { left: side('left').length ? range(side('left').flatMap((s) => s.y)) : null, right: side('right').length ? range(side('right').flatMap((s) => s.y)) : null };
  const px = (x) => M.l + ((x - x0) / (x1 - x0 || 1)) * (W - M.l - M.r);
  const py = (y, a) => H - M.b - ((y - ranges[a][0]) / (ranges[a][1] - ranges[a][0])) * (H - M.t - M.b);
  const parts = [`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${W / 2}" y="22" text-anchor="middle" font-size="15">${title}</text>`,
    `<rect x="${M.l}" y="${M.t}" width="${W - M.l - M.r}" height="${H - M.t - M.b}" fill="none" stroke="#444"/>`];
  for (const v of ticks(x0, x1)) parts.push(`<line x1="${px(v)}" x2="${px(v)}" y1="${H - M.b}" y2="${H - M.b + 5}" stroke="#444"/><text x="${px(v)}" y="${H - M.b + 18}" text-anchor="middle">${v}</text>`);
  for (const a of ['left', 'right']) {
    if (!ranges[a]) continue;
    const [xa, anchor, dx] = a === 'left' ? [M.l, 'end', -8] : [W - M.r, 'start', 8];
    for (const v of ticks(...ranges[a])) parts.push(`<line x1="${xa}" x2="${xa + dx / 2}" y1="${py(v, a)}" y2="${py(v, a)}" stroke="#444"/><text x="${xa + dx}" y="${py(v, a) + 4}" text-anchor="${anchor}">${+v.toPrecision(4)}</text>`);
  }
  parts.push(`<text x="${W / 2}" y="${H - 12}" text-anchor="middle">${xlabel}</text>`);
  if (ylabel) parts.push(`<text transform="translate(16 ${H / 2}) rotate(-90)" text-anchor="middle">${ylabel}</text>`);
  if (y2label) parts.push(`<text transform="translate(${W - 14} ${H / 2}) rotate(90)" text-anchor="middle">${y2label}</text>`);
  series.forEach((s, k) => {
    const a = s.axis ?? 'left';
    const d = s.x.map((x, i) => `${i ? 'L' : 'M'}${px(x).toFixed(2)},${py(s.y[i], a).toFixed(2)}`).join('');
    const color = COLORS[k % COLORS.length];
    parts.push(`<path d="${d}" fill="none" stroke="${color}" stroke-width="1.8"${s.dashed ? ' stroke-dasharray="6 4"' : ''}/>`);
    parts.push(`<line x1="${M.l + 12}" x2="${M.l + 40}" y1="${M.t + 16 + 18 * k}" y2="${M.t + 16 + 18 * k}" stroke="${color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ''}/><text x="${M.l + 46}" y="${M.t + 20 + 18 * k}">${s.label}</text>`);
  });
  parts.push('</svg>');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, parts.join('\n'));
  return file;
}
