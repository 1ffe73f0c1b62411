// nn: layers with explicit parameters (no hidden state), as Flux/Equinox-style pure functions:
// a layer is {init(rng) → params, apply(params, x) → y}; params are plain trees of tensors, so
// every transformation (grad, jvp, hessian, …) and ad.flatten work on them directly.
import * as ops from './ops.js';
import { ArgumentError, countArg, expected } from './errors.js';
import type { Rng } from './random.js';
import { zeros } from './create.js';
import type { DType } from './dtype.js';
import { Tensor, TensorLike } from './tensor.js';

export interface Layer<P = unknown> {
  init(rng: Rng, opts?: { dtype?: DType }): P;
  apply(params: P, x: Tensor): Tensor;
}

export type Activation = (x: Tensor) => Tensor;
export const tanh: Activation = ops.tanh;
export const relu: Activation = ops.relu;
export const sigmoid: Activation = ops.sigmoid;
export const softplus: Activation = ops.softplus;
export const identity: Activation = (x) => x;
/** x·σ(x) (SiLU / swish). */
export const silu: Activation = (x) => ops.mul(x, ops.sigmoid(x));
const ACTIVATIONS: Record<string, Activation> = { tanh, relu, sigmoid, softplus, silu, identity };

function activationOf(a: string | Activation | undefined): Activation {
  if (a === undefined) return identity;
  if (typeof a === 'function') return a;
  const f = ACTIVATIONS[a];
  if (!f) throw expected('nn', `one of ${Object.keys(ACTIVATIONS).join(', ')} or a function`, 'activation', a);
  return f;
}

export interface DenseParams {
  W: Tensor;
  b: Tensor;
}

/**
 * y = x·W + b for x of shape [..., nIn]. Weights: Glorot-uniform (default, for tanh/sigmoid),
 * He-normal ('he', for relu) or 'zeros'; biases zero.
 */
export function dense(nIn: number, nOut: number, opts: { init?: 'glorot' | 'he' | 'zeros' } = {}): Layer<DenseParams> {
  countArg('nn.dense', 'nIn', nIn, 1);
  countArg('nn.dense', 'nOut', nOut, 1);
  const init = opts.init ?? 'glorot';
  return {
    init(rng, o = {}) {
      const dtype = o.dtype;
      let W: Tensor;
      if (init === 'zeros') W = zeros([nIn, nOut], { dtype: dtype as 'float32' | 'float64' });
      else if (init === 'he') W = ops.mul(rng.normal([nIn, nOut], { dtype }), Math.sqrt(2 / nIn));
      else {
        const r = Math.sqrt(6 / (nIn + nOut));
        W = rng.uniform([nIn, nOut], -r, r, { dtype });
      }
      return { W, b: zeros([nOut], { dtype: dtype as 'float32' | 'float64' }) };
    },
    apply(p, x) {
      if (x.shape[x.ndim - 1] !== nIn) throw new ArgumentError(`nn.dense: expected input [..., ${nIn}], got [${x.shape.join(',')}]`);
      return ops.add(ops.matmul(x, p.W), p.b);
    },
  };
}

/** A parameterless layer applying f. */
export const fn = (f: Activation): Layer<Record<string, never>> => ({ init: () => ({}), apply: (_p, x) => f(x) });

/** Layers in sequence; params is the array of the layers' params. Activations may appear as functions. */
export function chain(...layers: (Layer<any> | Activation)[]): Layer<unknown[]> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const ls = layers.map((l) => (typeof l === 'function' ? fn(l) : l));
  return {
    init: (rng, o) => ls.map((l) => l.init(rng, o)),
    apply: (ps, x) => ls.reduce((h, l, i) => l.apply(ps[i], h), x),
  };
}

/** A multilayer perceptron: dense layers of the given sizes with `activation` between them
 * (none after the last unless `outputActivation`). */
export function mlp(sizes: readonly number[], opts: { activation?: string | Activation; outputActivation?: string | Activation; init?: 'glorot' | 'he' } = {}): Layer<unknown[]> {
  if (!Array.isArray(sizes) || sizes.length < 2) throw expected('nn.mlp', 'at least two layer sizes', 'sizes', sizes);
  const act = activationOf(opts.activation ?? 'tanh');
  const layers: (Layer<DenseParams> | Activation)[] = [];
  for (let i = 0; i + 1 < sizes.length; i++) {
    layers.push(dense(sizes[i]!, sizes[i + 1]!, { init: opts.init }));
    if (i + 2 < sizes.length) layers.push(act);
  }
  if (opts.outputActivation) layers.push(activationOf(opts.outputActivation));
  return chain(...layers);
}

/** Mean squared error. */
export const mse = (pred: TensorLike, target: TensorLike): Tensor => ops.mean(ops.square(ops.sub(pred, target)));
