// Plain-JS reference implementations (float64, row-major) of the ops under test: the forward
// values of the gradient-check table are compared against these. Written for clarity, not
// speed — every output element is computed from its multi-index.

export interface ND {
  shape: number[];
  data: Float64Array;
}

export const sizeOf = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

export function nd(shape: readonly number[], data?: ArrayLike<number>): ND {
  const n = sizeOf(shape);
  const d = new Float64Array(n);
  if (data) {
    if (data.length !== n) throw new Error(`nd: ${data.length} values for shape [${shape.join(',')}]`);
    d.set(data);
  }
  return { shape: [...shape], data: d };
}

export function unravel(i: number, shape: readonly number[]): number[] {
  const idx = new Array<number>(shape.length);
  for (let k = shape.length - 1; k >= 0; k--) {
    const n = shape[k]!;
    idx[k] = i % n;
    i = Math.floor(i / n);
  }
  return idx;
}

export function ravel(idx: readonly number[], shape: readonly number[]): number {
  let i = 0;
  for (let k = 0; k < shape.length; k++) i = i * shape[k]! + idx[k]!;
  return i;
}

export const at = (x: ND, idx: readonly number[]): number => x.data[ravel(idx, x.shape)]!;

/** An array of `shape` whose element at idx is fn(idx). */
export function fromFn(shape: readonly number[], fn: (idx: number[]) => number): ND {
  const y = nd(shape);
  for (let i = 0; i < y.data.length; i++) y.data[i] = fn(unravel(i, shape));
  return y;
}

const normAxis = (a: number, ndim: number): number => (a < 0 ? a + ndim : a);

export function broadcastShapes(...shapes: (readonly number[])[]): number[] {
  const nd_ = Math.max(0, ...shapes.map((s) => s.length));
  const out: number[] = [];
  for (let k = 0; k < nd_; k++) {
    let d = 1;
    for (const s of shapes) {
      const e = s[s.length - nd_ + k] ?? 1;
      if (e === 1) continue;
      if (d !== 1 && d !== e) throw new Error(`shapes do not broadcast: ${shapes.map((q) => `[${q.join(',')}]`).join(' ')}`);
      d = e;
    }
    out.push(d);
  }
  return out;
}

/** The element of x that broadcasting to an array of `shape` puts at idx. */
function bcastAt(x: ND, idx: readonly number[]): number {
  const off = idx.length - x.shape.length;
  let i = 0;
  for (let k = 0; k < x.shape.length; k++) i = i * x.shape[k]! + (x.shape[k] === 1 ? 0 : idx[off + k]!);
  return x.data[i]!;
}

/** Elementwise fn over NumPy-broadcast arguments. */
export function map(fn: (...v: number[]) => number, ...xs: ND[]): ND {
  const shape = broadcastShapes(...xs.map((x) => x.shape));
  return fromFn(shape, (idx) => fn(...xs.map((x) => bcastAt(x, idx))));
}

export const broadcastTo = (x: ND, shape: readonly number[]): ND => fromFn(shape, (idx) => bcastAt(x, idx));

/** Reduces groups over `axis` (all when undefined) with fn(values of the group). */
export function reduce(x: ND, axis: number | readonly number[] | undefined, keepdims: boolean, fn: (v: number[]) => number): ND {
  const nd_ = x.shape.length;
  const axes = axis === undefined ? x.shape.map((_, k) => k) : (typeof axis === 'number' ? [axis] : [...axis]).map((a) => normAxis(a, nd_));
  const red = new Set(axes);
  const kshape = x.shape.map((n, k) => (red.has(k) ? 1 : n));
  const groups: number[][] = Array.from({ length: sizeOf(kshape) }, () => []);
  for (let i = 0; i < x.data.length; i++) {
    const idx = unravel(i, x.shape).map((v, k) => (red.has(k) ? 0 : v));
    groups[ravel(idx, kshape)]!.push(x.data[i]!);
  }
  const y = nd(kshape, groups.map(fn));
  if (!keepdims) y.shape = x.shape.filter((_, k) => !red.has(k));
  return y;
}

export const sumOf = (v: number[]): number => v.reduce((a, b) => a + b, 0);
export const prodOf = (v: number[]): number => v.reduce((a, b) => a * b, 1);
export const maxOf = (v: number[]): number => v.reduce((a, b) => Math.max(a, b), -Infinity);
export const minOf = (v: number[]): number => v.reduce((a, b) => Math.min(a, b), Infinity);
export const lseOf = (v: number[]): number => {
  const m = maxOf(v);
  if (!Number.isFinite(m)) return Math.log(sumOf(v.map(Math.exp)));
  return m + Math.log(sumOf(v.map((e) => Math.exp(e - m))));
};

export function reshape(x: ND, shape: readonly number[]): ND {
  const known = shape.filter((d) => d !== -1).reduce((a, b) => a * b, 1);
  const s = shape.map((d) => (d === -1 ? x.data.length / known : d));
  return nd(s, x.data);
}

export function transpose(x: ND, perm?: readonly number[]): ND {
  const p = perm ? perm.map((a) => normAxis(a, x.shape.length)) : x.shape.map((_, k) => x.shape.length - 1 - k);
  const shape = p.map((a) => x.shape[a]!);
  return fromFn(shape, (idx) => {
    const src = new Array<number>(idx.length);
    p.forEach((a, k) => (src[a] = idx[k]!));
    return at(x, src);
  });
}

/** Σ of x over the axes broadcasting added or stretched, to `shape` (broadcastTo's adjoint). */
export function sumToShape(x: ND, shape: readonly number[]): ND {
  const y = nd(shape);
  const off = x.shape.length - shape.length;
  for (let i = 0; i < x.data.length; i++) {
    const idx = unravel(i, x.shape).slice(off).map((v, k) => (shape[k] === 1 ? 0 : v));
    y.data[ravel(idx, shape)]! += x.data[i]!;
  }
  return y;
}

export function concat(xs: ND[], axis: number): ND {
  const a = normAxis(axis, xs[0]!.shape.length);
  const shape = [...xs[0]!.shape];
  shape[a] = xs.reduce((s, x) => s + x.shape[a]!, 0);
  return fromFn(shape, (idx) => {
    let i = idx[a]!;
    for (const x of xs) {
      if (i < x.shape[a]!) {
        const src = [...idx];
        src[a] = i;
        return at(x, src);
      }
      i -= x.shape[a]!;
    }
    throw new Error('unreachable');
  });
}

export function expandDims(x: ND, axis: number): ND {
  const a = axis < 0 ? axis + x.shape.length + 1 : axis;
  const s = [...x.shape];
  s.splice(a, 0, 1);
  return nd(s, x.data);
}

export const stack = (xs: ND[], axis: number): ND => concat(xs.map((x) => expandDims(x, axis)), axis < 0 ? axis + xs[0]!.shape.length + 1 : axis);

export function squeeze(x: ND, axis?: number | readonly number[]): ND {
  const drop = axis === undefined ? x.shape.map((n, k) => (n === 1 ? k : -1)) : (typeof axis === 'number' ? [axis] : [...axis]).map((a) => normAxis(a, x.shape.length));
  return nd(x.shape.filter((_, k) => !drop.includes(k)), x.data);
}

export function pad(x: ND, widths: readonly (readonly [number, number])[], value = 0): ND {
  const shape = x.shape.map((n, k) => n + widths[k]![0] + widths[k]![1]);
  return fromFn(shape, (idx) => {
    const src = idx.map((v, k) => v - widths[k]![0]);
    return src.every((v, k) => v >= 0 && v < x.shape[k]!) ? at(x, src) : value;
  });
}

export function flip(x: ND, axis?: number | readonly number[]): ND {
  const axes = axis === undefined ? x.shape.map((_, k) => k) : (typeof axis === 'number' ? [axis] : [...axis]).map((a) => normAxis(a, x.shape.length));
  return fromFn(x.shape, (idx) => at(x, idx.map((v, k) => (axes.includes(k) ? x.shape[k]! - 1 - v : v))));
}

export function roll(x: ND, shift: number, axis?: number): ND {
  if (axis === undefined) return reshape(roll(reshape(x, [-1]), shift, 0), x.shape);
  const a = normAxis(axis, x.shape.length);
  const n = x.shape[a]!;
  return fromFn(x.shape, (idx) => {
    const src = [...idx];
    src[a] = (((idx[a]! - shift) % n) + n) % n;
    return at(x, src);
  });
}

/** NumPy's slice bounds → the list of selected positions along an axis of length n. */
export function slicePositions(n: number, start?: number, stop?: number, step = 1): number[] {
  const norm = (v: number, lo: number, hi: number) => Math.min(Math.max(v < 0 ? v + n : v, lo), hi);
  let b: number, e: number;
  if (step > 0) {
    b = start === undefined ? 0 : norm(start, 0, n);
    e = stop === undefined ? n : norm(stop, 0, n);
  } else {
    b = start === undefined ? n - 1 : norm(start, -1, n - 1);
    e = stop === undefined ? -1 : norm(stop, -1, n - 1);
  }
  const out: number[] = [];
  for (let i = b; step > 0 ? i < e : i > e; i += step) out.push(i);
  return out;
}

export function slice(x: ND, start: number, stop?: number, step = 1, axis = 0): ND {
  const a = normAxis(axis, x.shape.length);
  return takeAlong(x, slicePositions(x.shape[a]!, start, stop, step), a);
}

function takeAlong(x: ND, positions: readonly number[], a: number): ND {
  const shape = [...x.shape];
  shape[a] = positions.length;
  return fromFn(shape, (idx) => {
    const src = [...idx];
    src[a] = positions[idx[a]!]!;
    return at(x, src);
  });
}

export function take(x: ND, indices: readonly number[], axis?: number): ND {
  if (axis === undefined) return take(reshape(x, [-1]), indices, 0);
  const a = normAxis(axis, x.shape.length);
  const n = x.shape[a]!;
  return takeAlong(x, indices.map((i) => (i < 0 ? i + n : i)), a);
}

/** Scatter-add of g (whose `axis` runs over `indices`) into zeros with that axis of length n. */
export function takeAdd(g: ND, indices: readonly number[], axis: number, n: number): ND {
  const a = normAxis(axis, g.shape.length);
  const shape = [...g.shape];
  shape[a] = n;
  const y = nd(shape);
  for (let i = 0; i < g.data.length; i++) {
    const idx = unravel(i, g.shape);
    const j = indices[idx[a]!]!;
    idx[a] = j < 0 ? j + n : j;
    y.data[ravel(idx, shape)]! += g.data[i]!;
  }
  return y;
}

// --- regions (x.at(index)) -----------------------------------------------------------------
export type IndexItem = number | null | { start?: number; stop?: number; step?: number };

/** Per axis, the selected positions and whether the axis is kept (not integer-indexed). */
export function regionOf(shape: readonly number[], index: readonly IndexItem[]): { pos: number[][]; kept: boolean[] } {
  const pos: number[][] = [];
  const kept: boolean[] = [];
  shape.forEach((n, k) => {
    const it = k < index.length ? index[k] : null;
    if (typeof it === 'number') {
      pos.push([it < 0 ? it + n : it]);
      kept.push(false);
    } else if (it === null || it === undefined) {
      pos.push(Array.from({ length: n }, (_, i) => i));
      kept.push(true);
    } else {
      pos.push(slicePositions(n, it.start, it.stop, it.step ?? 1));
      kept.push(true);
    }
  });
  return { pos, kept };
}

export function regionGet(x: ND, index: readonly IndexItem[]): ND {
  const { pos, kept } = regionOf(x.shape, index);
  const full = pos.map((p) => p.length);
  const y = fromFn(full, (idx) => at(x, idx.map((v, k) => pos[k]![v]!)));
  return nd(full.filter((_, k) => kept[k]), y.data);
}

/** x with each region element e replaced by combine(e, v_elem); v broadcasts to the region. */
export function regionUpdate(x: ND, index: readonly IndexItem[], v: ND, combine: (e: number, v: number) => number): ND {
  const { pos, kept } = regionOf(x.shape, index);
  const full = pos.map((p) => p.length);
  const vv = nd(full, broadcastTo(v, full.filter((_, k) => kept[k])).data);
  const y = nd(x.shape, x.data);
  for (let i = 0; i < vv.data.length; i++) {
    const idx = unravel(i, full);
    const j = ravel(idx.map((q, k) => pos[k]![q]!), x.shape);
    y.data[j] = combine(y.data[j]!, vv.data[i]!);
  }
  return y;
}

// --- linear algebra --------------------------------------------------------------------------
/** NumPy matmul: 1-D operands promoted (and the added axis removed), batch axes broadcast. */
export function matmul(a: ND, b: ND): ND {
  const row = a.shape.length === 1;
  const col = b.shape.length === 1;
  const A = row ? nd([1, a.shape[0]!], a.data) : a;
  const B = col ? nd([b.shape[0]!, 1], b.data) : b;
  const m = A.shape[A.shape.length - 2]!;
  const k = A.shape[A.shape.length - 1]!;
  const n = B.shape[B.shape.length - 1]!;
  const batch = broadcastShapes(A.shape.slice(0, -2), B.shape.slice(0, -2));
  const Ab = broadcastTo(A, [...batch, m, k]);
  const Bb = broadcastTo(B, [...batch, k, n]);
  const y = fromFn([...batch, m, n], (idx) => {
    const bi = idx.slice(0, -2);
    const [i, j] = idx.slice(-2) as [number, number];
    let s = 0;
    for (let q = 0; q < k; q++) s += at(Ab, [...bi, i, q]) * at(Bb, [...bi, q, j]);
    return s;
  });
  let shape = y.shape;
  if (row && col) shape = shape.slice(0, -2);
  else if (row) shape = [...shape.slice(0, -2), n];
  else if (col) shape = shape.slice(0, -1);
  return nd(shape, y.data);
}

/** NumPy dot: scalars scale; up to 2-D b as matmul; else a's last axis with b's second-to-last. */
export function dot(a: ND, b: ND): ND {
  if (a.shape.length === 0 || b.shape.length === 0) return map((u, v) => u * v, a, b);
  if (b.shape.length <= 2) return matmul(a, b);
  const nb = b.shape.length;
  const k = a.shape[a.shape.length - 1]!;
  const bRest = b.shape.filter((_, d) => d !== nb - 2);
  const shape = [...a.shape.slice(0, -1), ...bRest];
  const na = a.shape.length - 1;
  return fromFn(shape, (idx) => {
    const ia = idx.slice(0, na);
    const ib = idx.slice(na);
    let s = 0;
    for (let q = 0; q < k; q++) {
      const bidx = [...ib];
      bidx.splice(nb - 2, 0, q);
      s += at(a, [...ia, q]) * at(b, bidx);
    }
    return s;
  });
}

export const outer = (a: ND, b: ND): ND => fromFn([a.data.length, b.data.length], ([i, j]) => a.data[i!]! * b.data[j!]!);

// --- scans -------------------------------------------------------------------------------------
function lanes(x: ND, axis: number, fn: (lane: number[]) => number[], outLen?: number): ND {
  const a = normAxis(axis, x.shape.length);
  const n = x.shape[a]!;
  const shape = [...x.shape];
  shape[a] = outLen ?? n;
  const y = nd(shape);
  const outer = x.shape.filter((_, k) => k !== a);
  for (let o = 0; o < sizeOf(outer); o++) {
    const oi = unravel(o, outer);
    const idxAt = (i: number) => {
      const idx = [...oi];
      idx.splice(a, 0, i);
      return idx;
    };
    const lane = Array.from({ length: n }, (_, i) => at(x, idxAt(i)));
    fn(lane).forEach((v, i) => (y.data[ravel(idxAt(i), shape)] = v));
  }
  return y;
}

export function cumsum(x: ND, axis?: number): ND {
  if (axis === undefined) return cumsum(reshape(x, [-1]), 0);
  return lanes(x, axis, (l) => {
    let s = 0;
    return l.map((v) => (s += v));
  });
}

export function diff(x: ND, axis = -1): ND {
  const a = normAxis(axis, x.shape.length);
  const n = x.shape[a]!;
  return lanes(x, a, (l) => l.slice(1).map((v, i) => v - l[i]!), Math.max(0, n - 1));
}

/** Each element replaced by the product of the other elements of its lane along axis. */
export const prodExcept = (x: ND, axis: number): ND =>
  lanes(x, axis, (l) => l.map((_, i) => l.reduce((p, v, j) => (j === i ? p : p * v), 1)));

// --- scalar special functions Math lacks -------------------------------------------------------
/** erf to ~1e-15 relative: a positive-term series for |x| < 3, the continued fraction beyond. */
export function erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const ax = Math.abs(x);
  if (ax >= 3) return Math.sign(x) * (1 - erfcFraction(ax));
  // erf x = 2/√π e^{−x²} Σ 2ⁿ x^{2n+1} / (1·3·…·(2n+1)): positive terms, no cancellation
  let term = ax;
  let s = ax;
  for (let n = 1; n < 200; n++) {
    term *= (2 * ax * ax) / (2 * n + 1);
    s += term;
    if (term < 1e-17 * s) break;
  }
  return Math.sign(x) * (2 / Math.sqrt(Math.PI)) * Math.exp(-ax * ax) * s;
}

/** erfc for x ≥ 0.5 by Laplace's continued fraction (modified Lentz; ~700 terms at 0.5,
 * ~30 at 3), accurate to a few ulps — no 1 − erf cancellation. */
function erfcFraction(x: number): number {
  // erfc x = e^{−x²}/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …))))
  const tiny = 1e-300;
  let f = x;
  let C = x;
  let D = 0;
  for (let n = 1; n < 5000; n++) {
    const an = n / 2;
    D = x + an * D;
    D = D === 0 ? tiny : 1 / D;
    C = x + an / C;
    if (C === 0) C = tiny;
    const delta = C * D;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
}

export function erfc(x: number): number {
  if (x >= 0.5) return erfcFraction(x);
  if (x <= -0.5) return 2 - erfcFraction(-x);
  return 1 - erf(x);
}

/** Round half to even (NumPy's rint). */
export function rint(x: number): number {
  const r = Math.round(x);
  return Math.abs(x - Math.trunc(x)) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}
