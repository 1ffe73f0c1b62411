// The checker itself must not be vacuous: each kind of wrong derivative it exists to catch is
// injected here (with stopGradient, which changes derivatives without changing values) and
// must be reported; the correct function must pass.
import { describe, expect, it } from 'vitest';
import * as ad from '../dist/index.js';
import type { Tensor } from '../dist/index.js';
import { GradcheckError, gradcheck } from './helpers/gradcheck.js';
import type { RealDType } from './helpers/gradcheck.js';
import * as R from './helpers/ndref.js';

const sg = ad.stopGradient;
// x − sg(x) is 0 in value and 1 in derivative (every order and mode)
const bump = (x: Tensor) => ad.sub(x, sg(x));
const spec = (dtype: RealDType) => ({ name: 'sin', shapes: [[3, 2]], dtype, seed: 7, ref: (x: R.ND) => R.map(Math.sin, x) });

describe('gradcheck catches', () => {
  for (const dtype of ['float64', 'float32'] as const) {
    const eps = dtype === 'float64' ? 1e-6 : 1e-2;
    it(`nothing in a correct op (${dtype})`, () => {
      expect(gradcheck((x) => ad.sin(x), spec(dtype))).toBeGreaterThan(5);
    });
    it(`a wrong value (${dtype})`, () => {
      expect(() => gradcheck((x) => ad.add(ad.sin(x), eps), spec(dtype))).toThrow(/value mismatch/);
    });
    it(`a first derivative off by ${eps} (${dtype})`, () => {
      expect(() => gradcheck((x) => ad.add(ad.sin(x), ad.mul(eps, bump(x))), spec(dtype))).toThrow(GradcheckError);
    });
    it(`a second derivative off by ${eps} (first order right) (${dtype})`, () => {
      expect(() => gradcheck((x) => ad.add(ad.sin(x), ad.mul(eps, ad.square(bump(x)))), spec(dtype))).toThrow(/over reverse/);
    });
    it(`a wrong output dtype (${dtype})`, () => {
      const other = dtype === 'float64' ? 'float32' : 'float64';
      expect(() => gradcheck((x) => ad.astype(ad.sin(x), other), spec(dtype))).toThrow(/output dtype/);
    });
    it(`a non-zero derivative of an op flagged non-differentiable (${dtype})`, () => {
      expect(() => gradcheck((x) => ad.add(ad.floor(x), bump(x)), { ...spec(dtype), ref: (x: R.ND) => R.map(Math.floor, x), nondiff: true })).toThrow(/non-differentiable/);
    });
  }
});
