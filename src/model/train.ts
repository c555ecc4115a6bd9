import * as tf from './tf';
import type { Mask } from '../core/mask';
import type { MlpSpec } from '../core/spec';
import type { DataTensors } from './data';
import { logits, type MlpParams } from './mlp';

/** Adam with Keras' defaults (beta1 0.9, beta2 0.999, epsilon 1e-7). The caller owns it. */
export function createOptimizer(learningRate: number): tf.Optimizer {
  return tf.train.adam(learningRate, 0.9, 0.999, 1e-7);
}

/** Masks as 0/1 float tensors shaped like the kernels. The caller owns them. */
export function uploadMasks(params: MlpParams, masks: readonly Mask[]): tf.Tensor2D[] {
  return masks.map((m, i) => tf.tensor2d(Float32Array.from(m), params.kernels[i].shape));
}

/** The training rows in the order `order` (a permutation of row indices). The caller owns both. */
export function shuffleRows(data: DataTensors, order: Int32Array): { x: tf.Tensor2D; y: tf.Tensor2D } {
  return tf.tidy(() => {
    const indices = tf.tensor1d(order, 'int32');
    return { x: tf.gather(data.xTrain, indices), y: tf.gather(data.yTrain, indices) };
  });
}

/**
 * One optimizer step on rows [start, start + size) of an epoch's shuffled rows, minimising the
 * cross-entropy: binary (sigmoid) for one output unit, categorical (softmax) for more. With `masks`, every kernel is multiplied by its mask right after the step, so
 * that weights the mask prunes are exactly zero again whatever Adam's moments did.
 * Nothing is read back: the caller decides when to wait for the GPU.
 */
export function trainStep(
  spec: MlpSpec,
  params: MlpParams,
  optimizer: tf.Optimizer,
  epoch: { x: tf.Tensor2D; y: tf.Tensor2D },
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
        return (spec.outputs === 1 ? tf.losses.sigmoidCrossEntropy(y, z) : tf.losses.softmaxCrossEntropy(y, z)) as tf.Scalar;
      },
      false,
      varList,
    );
  });
  if (masks) {
    tf.tidy(() => params.kernels.forEach((k, i) => k.assign(tf.mul(k, masks[i]))));
  }
}
