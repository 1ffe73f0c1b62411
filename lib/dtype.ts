// dtypes and their codes in native/core/dtype.h.
import { expected } from './errors.js';

export type DType = 'float32' | 'float64' | 'complex64' | 'complex128';
export const DTYPES: readonly DType[] = ['float32', 'float64', 'complex64', 'complex128'];

export function dtypeCode(dt: DType): number {
  const c = DTYPES.indexOf(dt);
  if (c < 0) throw expected('dtype', `one of ${DTYPES.join(', ')}`, 'dtype', dt);
  return c;
}

export const isComplexDtype = (dt: DType): boolean => dt === 'complex64' || dt === 'complex128';

export function dtypeOf(code: number): DType {
  return DTYPES[code]!;
}

let defaultDtype: DType = 'float64';

export function getDefaultDtype(): DType {
  return defaultDtype;
}

/** Sets the dtype of tensors created without an explicit dtype (initially float64). */
export function setDefaultDtype(dt: DType): void {
  dtypeCode(dt);
  defaultDtype = dt;
}
