import * as tf from './tf';
import type { Mask } from '../core/pruning/mask';
import type { MlpSpec } from '../core/network/spec';
import type { DataTensors } from './data';
import { logits, type MlpParams } from './mlp';

/** Adam with Keras' defaults (beta1 0.9, beta2 0.999, epsilon 1e-7). The caller owns it. */
export function createOptimizer(learningRate: number): tf.Optimizer {
  return tf.train.adam(learningRate, 0.9, 0.999, 1e-7);
}

/** Masks as 0/1 float tensors shaped like the kernels. The caller owns them (NetworkState does). */
export function uploadMasks(params: MlpParams, masks: readonly Mask[]): tf.Tensor2D[] {
  return masks.map((m, i) => tf.tensor2d(Float32Array.from(m), params.kernels[i].shape));
}

/** One epoch's training rows in a shuffled order. The caller frees it with `disposeRows`. */
export interface ShuffledRows {
  x: tf.Tensor2D;
  y: tf.Tensor2D;
}

/** The training rows in the order `order` (a permutation of row indices). The caller owns the result. */
export function shuffleRows(data: DataTensors, order: Int32Array): ShuffledRows {
  return tf.tidy(() => {
    const indices = tf.tensor1d(order, 'int32');
    return { x: tf.gather(data.xTrain, indices), y: tf.gather(data.yTrain, indices) };
  });
}

export function disposeRows(rows: ShuffledRows): void {
  tf.dispose([rows.x, rows.y]);
}

/**
 * Multiplies every kernel variable by its mask: weights the mask prunes are exactly zero again,
 * whatever Adam's moments did. The one place a mask is multiplied into the variables.
 */
export function applyMasks(params: MlpParams, masks: readonly tf.Tensor2D[]): void {
  tf.tidy(() => params.kernels.forEach((k, i) => k.assign(tf.mul(k, masks[i]))));
}

/**
 * One optimizer step on rows [start, start + size) of an epoch's shuffled rows, minimising the
 * cross-entropy: binary (sigmoid) for one output unit, categorical (softmax) for more. With
 * `masks`, the masks are applied right after the step (applyMasks). Nothing is read back: the
 * caller decides when to wait for the GPU.
 */
export function trainStep(
  spec: MlpSpec,
  params: MlpParams,
  optimizer: tf.Optimizer,
  epoch: ShuffledRows,
  start: number,
  size: number,
  masks: readonly tf.Tensor2D[] | null,
): void {
  tf.tidy(() => {
    const x = tf.slice(epoch.x, [start, 0], [size, -1]);
    const y = tf.slice(epoch.y, [start, 0], [size, -1]);
    const varList = [...params.kernels, ...params.biases];
    optimizer.minimize(
      () => {
        const z = logits(spec, params.kernels, params.biases, x);
        return spec.outputs === 1 ? tf.losses.sigmoidCrossEntropy(y, z) : tf.losses.softmaxCrossEntropy(y, z);
      },
      false,
      varList,
    );
  });
  if (masks) applyMasks(params, masks);
}

/** A copy of every variable's value, to put back with `restoreParams`. The caller frees it with `disposeCopy`. */
export type ParamsCopy = tf.Tensor[];

export function copyParams(params: MlpParams): ParamsCopy {
  return [...params.kernels, ...params.biases].map((v) => tf.clone(v));
}

export function restoreParams(params: MlpParams, saved: ParamsCopy): void {
  const variables: tf.Variable[] = [...params.kernels, ...params.biases];
  variables.forEach((v, i) => v.assign(saved[i]));
}

export function disposeCopy(saved: ParamsCopy): void {
  tf.dispose(saved);
}

/** Tensors alive on the active backend (`tf.memory().numTensors`): the leak test's count. */
export function tensorCount(): number {
  return tf.memory().numTensors;
}

/** Kept-weight masks on the backend, one 0/1 [fanIn, fanOut] tensor per kernel. NetworkState owns them. */
export type MaskTensors = readonly tf.Tensor2D[];

export function disposeMasks(masks: MaskTensors): void {
  tf.dispose([...masks]);
}
