import * as tf from './tf';
import { kernelShapes, type MlpSpec, type NetworkWeights } from '../core/network/spec';

/** The trainable tensors of an MLP. The creator owns them and frees them with `disposeParams`. */
export interface MlpParams {
  /** [fanIn, fanOut] per layer, first layer first. */
  kernels: tf.Variable<tf.Rank.R2>[];
  /** [fanOut] per layer. */
  biases: tf.Variable<tf.Rank.R1>[];
}

/**
 * Keras' defaults, seeded: glorot-uniform kernels (limit sqrt(6 / (fanIn + fanOut))) and zero
 * biases. Layer i draws from seed + i, so the same seed gives the same network on every backend.
 */
export function createParams(spec: MlpSpec, seed: number): MlpParams {
  return tf.tidy(() => {
    const shapes = kernelShapes(spec);
    const kernels = shapes.map(([fanIn, fanOut], i) => {
      // As tf.layers' glorotUniform draws it (same limit, same seeded randomUniform call), without tf.layers.
      const limit = Math.sqrt(3 * (1 / Math.max(1, (fanIn + fanOut) / 2)));
      return tf.variable(tf.randomUniform<tf.Rank.R2>([fanIn, fanOut], -limit, limit, 'float32', seed + i));
    });
    const biases = shapes.map(([, fanOut]) => tf.variable(tf.zeros<tf.Rank.R1>([fanOut])));
    return { kernels, biases };
  });
}

/** Variables holding `weights` (shaped by `spec`). The caller owns them. */
export function paramsFrom(spec: MlpSpec, weights: NetworkWeights): MlpParams {
  const shapes = kernelShapes(spec);
  return tf.tidy(() => ({
    kernels: weights.kernels.map((k, i) => tf.variable(tf.tensor2d(k, shapes[i]))),
    biases: weights.biases.map((b) => tf.variable(tf.tensor1d(b))),
  }));
}

/** Frees every tensor of `params`. */
export function disposeParams(params: MlpParams): void {
  tf.dispose([...params.kernels, ...params.biases]);
}

/**
 * The network's logits, [rows, outputs] (before the sigmoid or softmax), for input `x` [rows, inputs]. Takes the
 * kernels and biases as arguments so that a masked copy can run without touching the variables.
 */
export function logits(
  spec: MlpSpec,
  kernels: readonly tf.Tensor2D[],
  biases: readonly tf.Tensor1D[],
  x: tf.Tensor2D,
): tf.Tensor2D {
  let h = x;
  const last = kernels.length - 1;
  kernels.forEach((kernel, i) => {
    const hidden = i < last;
    // fused matMul + bias (+ relu) is one shader on webgl; its gradient supports relu and linear.
    const fusedActivation = hidden && spec.activation === 'relu' ? 'relu' : 'linear';
    h = tf.fused.matMul({ a: h, b: kernel, bias: biases[i], activation: fusedActivation }) as tf.Tensor2D;
    if (hidden && spec.activation === 'tanh') h = tf.tanh(h);
  });
  return h;
}

/** Copies all weights to plain arrays with one readback. */
export async function readWeights(params: MlpParams): Promise<NetworkWeights> {
  const all = [...params.kernels, ...params.biases];
  const flat = tf.tidy(() => tf.concat(all.map((t) => t.reshape([-1]))));
  const values = (await flat.data()) as Float32Array;
  flat.dispose();
  let offset = 0;
  const take = (t: tf.Tensor): Float32Array => {
    const part = values.slice(offset, offset + t.size);
    offset += t.size;
    return part;
  };
  const kernels = params.kernels.map(take);
  const biases = params.biases.map(take);
  return { kernels, biases };
}

/** Overwrites the variables with `weights` (shapes must match). */
export function writeWeights(params: MlpParams, weights: NetworkWeights): void {
  tf.tidy(() => {
    params.kernels.forEach((k, i) => k.assign(tf.tensor2d(weights.kernels[i], k.shape)));
    params.biases.forEach((b, i) => b.assign(tf.tensor1d(weights.biases[i])));
  });
}
