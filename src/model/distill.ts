import * as tf from './tf';
import { kernelShapes, type NetworkSpec, type NetworkWeights } from '../core/network/spec';
import type { DataTensors } from './data';
import { logits } from './mlp';

/**
 * The teacher's soft targets for distillation: its probabilities at temperature `temperature` on
 * every training row, [trainRows, outputs] (σ(z/T) for one output, softmax(z/T) for more). The
 * teacher is given as arrays (the trained dense baseline) of shape `spec`. The caller owns the
 * result and frees it with `disposeTargets`.
 */
export function softTargets(
  spec: NetworkSpec,
  teacher: NetworkWeights,
  data: DataTensors,
  temperature: number,
): tf.Tensor2D {
  return tf.tidy(() => {
    const shapes = kernelShapes(spec);
    const kernels = teacher.kernels.map((k, i) => tf.tensor2d(k, shapes[i]));
    const biases = teacher.biases.map((b) => tf.tensor1d(b));
    const z = tf.div<tf.Tensor2D>(logits(spec, kernels, biases, data.xTrain, 'fastest'), temperature);
    return spec.outputs === 1 ? tf.sigmoid(z) : tf.softmax(z);
  });
}

export function disposeTargets(targets: tf.Tensor2D): void {
  targets.dispose();
}
