// The op table is the source of truth (native/ops/table.h → native.opNames()); this file fails
// when an op has no gradient-check row, and when an op of API.md's Ops section is not exported.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as ad from '../dist/index.js';
import { native } from '../dist/native.js';
import { ROWS, ROW_NAMES } from './helpers/op-table.js';

const names = native.opNames();

describe('every native op has a gradient-check row', () => {
  for (const kind of ['primitives', 'composites'] as const) {
    for (const name of names[kind]) {
      it(`${kind}: ${name}`, () => {
        expect(ROW_NAMES, `op '${name}' (${kind} in native/ops/table.h) has no row in test/helpers/op-table.ts`).toContain(name);
      });
    }
  }
  it('every generic op callable from JS has a row too', () => {
    expect(names.generic.filter((n) => !ROW_NAMES.includes(n))).toEqual([]);
  });
  it('rows are unique, named after native ops, and have cases', () => {
    const known = new Set([...names.primitives, ...names.composites, ...names.generic]);
    expect(ROW_NAMES.filter((n) => !known.has(n)), 'rows named after no native op').toEqual([]);
    expect(ROW_NAMES.filter((n, i) => ROW_NAMES.indexOf(n) !== i), 'duplicate rows').toEqual([]);
    for (const r of ROWS) expect(r.cases.length, `${r.name} has no cases`).toBeGreaterThan(0);
  });
});

// API.md § Ops, transcribed; the test below checks the transcription against API.md itself
// when the shared contract is present (../shared/API.md next to the repository).
const API_OPS = [
  // elementwise
  'neg', 'abs', 'sign', 'sqrt', 'cbrt', 'square', 'exp', 'expm1', 'log', 'log1p', 'sin', 'cos', 'tan', 'asin', 'acos', 'atan',
  'sinh', 'cosh', 'tanh', 'asinh', 'acosh', 'atanh', 'sigmoid', 'softplus', 'relu', 'erf', 'erfc', 'floor', 'ceil', 'round',
  'add', 'sub', 'mul', 'div', 'pow', 'atan2', 'maximum', 'minimum', 'hypot',
  'real', 'imag', 'conj', 'abs2', 'angle', 'where', 'less', 'greater', 'equal',
  // reductions
  'sum', 'mean', 'prod', 'max', 'min', 'norm', 'logsumexp', 'cumsum', 'diff',
  // linear
  'dot', 'outer', 'matmul',
  // shape
  'reshape', 'transpose', 'slice', 'take', 'concat', 'stack', 'pad', 'flip', 'roll', 'broadcastTo', 'expandDims', 'squeeze',
  'stopGradient',
];

describe("API.md's ops are exported by ad", () => {
  for (const name of API_OPS) {
    it(`ad.${name}`, () => {
      expect(typeof (ad as Record<string, unknown>)[name], `ad.${name} is missing`).toBe('function');
    });
  }

  const apiMd = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../shared/API.md');
  it.skipIf(!existsSync(apiMd))('the transcription matches API.md § Ops', () => {
    const text = readFileSync(apiMd, 'utf8');
    const start = text.indexOf('### Ops');
    const end = text.indexOf('\n## ', start);
    const section = text.slice(start, end);
    const found = new Set<string>();
    for (const m of section.matchAll(/`([^`]+)`/g)) {
      for (let tok of m[1]!.split(/\s+/)) {
        tok = tok.replace(/^ad\./, '');
        const id = /^([a-z][A-Za-z0-9]*)(∅|\(|$)/.exec(tok);
        // single letters are argument names in prose (`x`, `v`), not ops
        if (id && id[1]!.length > 1 && !/^x\./.test(tok)) found.add(id[1]!);
      }
    }
    expect([...found].sort()).toEqual([...API_OPS].sort());
  });
});
