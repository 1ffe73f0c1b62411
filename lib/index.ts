// adjoint: differentiable programming for Node.js. The public API of ../shared/API.md.
import './methods.js';

export { Tensor, tidy, dispose, memory } from './tensor.js';
export type { TensorLike } from './tensor.js';
export type { DType } from './dtype.js';
export { setDefaultDtype, getDefaultDtype } from './dtype.js';
export { tensor, scalar, zeros, ones, full, linspace, arange, eye, zerosLike, onesLike } from './create.js';
export * from './ops.js';
export type { Index, IndexItem, Slice } from './indexing.js';
export { grad, valueAndGrad, vjp, jvp, derivative, taylor, compile } from './transforms.js';
export { jacfwd, jacrev, jacobian, hessian, hvp } from './jacobian.js';
export { defineRule } from './rules.js';
export { LinearOperator } from './linop.js';
export type { LinearOperatorSpec } from './linop.js';
export type { RRule, FRule, RuleOptions } from './rules.js';
export type { GradOptions, JvpOptions, Compiled } from './transforms.js';
export { flattenTree, mapTree, flatten } from './tree.js';
export {
  AdjointError, ShapeError, DTypeError, SingularMatrixError, MutationError, NotDifferentiableError, ArgumentError,
  DisposedError, InternalError,
} from './errors.js';
export * as random from './random.js';
export * as fft from './fft.js';
export * as linalg from './linalg.js';
export * as interp from './interp.js';
export * as nn from './nn.js';
export * as optim from './optim.js';
export * as check from './check.js';
