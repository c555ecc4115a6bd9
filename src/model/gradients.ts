import * as tf from './tf';
import type { DistillOptions } from '../core/compression/distill';
import type { NetworkSpec } from '../core/network/spec';
import { layer, logits, type MlpParams } from './mlp';
import type { StepKernels } from './stepKernels';

/**
 * The gradients of the mean loss over rows `x` [rows, inputs] with labels `y`: the cross-entropy
 * (binary for one output unit, categorical for more), with `y` [rows, outputs] one-hot (or 0/1).
 * With `distill`, `y` is [rows, 2·outputs]: the labels, then the teacher's probabilities at T
 * (σ(z_t/T), or softmax(z_t/T)), and the loss is core/compression/distill's
 * (1 − α)·CE(y, p) + α·T²·KL(p_t^T ‖ p^T), whose gradient with respect to the logits is
 * ((1 − α)(p − y) + α·T·(p^T − p_t^T)) / rows.
 */
export function gradients(
  spec: NetworkSpec,
  params: MlpParams,
  x: tf.Tensor2D,
  y: tf.Tensor2D,
  k: StepKernels,
  distill: DistillOptions | null = null,
): { kernels: tf.Tensor2D[]; biases: tf.Tensor1D[] } {
  if (spec.conv) return tapedGradients(spec, params, x, y, distill);
  const { kernels, biases } = params;
  const last = kernels.length - 1;
  // inputs[i] is layer i's input: x, then each hidden layer's activation.
  const inputs: tf.Tensor2D[] = [x];
  kernels.forEach((kernel, i) => inputs.push(layer(spec, i, inputs[i], kernel, biases[i], k.forward)));
  const z = inputs.pop()!;
  let dz = logitGradient(spec, z, y, distill);
  const dKernels: tf.Tensor2D[] = [];
  const dBiases: tf.Tensor1D[] = [];
  for (let i = last; i >= 0; i--) {
    dKernels[i] = k.matMulTN(inputs[i], dz);
    dBiases[i] = k.columnSums(dz);
    if (i > 0) {
      const h = inputs[i];
      const dh = k.matMulNT(dz, kernels[i]);
      dz = spec.activation === 'relu' ? tf.mul(dh, tf.step(h)) : tf.mul(dh, tf.sub(1, tf.square(h)));
    }
  }
  return { kernels: dKernels, biases: dBiases };
}

/** The gradient of the mean loss with respect to the logits `z` [rows, outputs] (see `gradients`). */
function logitGradient(spec: NetworkSpec, z: tf.Tensor2D, y: tf.Tensor2D, distill: DistillOptions | null): tf.Tensor2D {
  const probabilities = (logits: tf.Tensor2D) => (spec.outputs === 1 ? tf.sigmoid(logits) : tf.softmax(logits));
  const rows = z.shape[0];
  if (!distill) return tf.div(tf.sub(probabilities(z), y), rows);
  const { temperature: t, alpha } = distill;
  const hard = tf.slice(y, [0, 0], [-1, spec.outputs]);
  const soft = tf.slice(y, [0, spec.outputs], [-1, spec.outputs]);
  const fromLabels = tf.mul(tf.sub(probabilities(z), hard), 1 - alpha);
  const fromTeacher = tf.mul(tf.sub(probabilities(tf.div(z, t)), soft), alpha * t);
  return tf.div(tf.add(fromLabels, fromTeacher), rows);
}

/**
 * A conv net's gradients: the same loss, its gradient with respect to the logits given to tf's tape
 * (a custom gradient), which back-propagates it through the network's 'taped' forward pass.
 */
function tapedGradients(
  spec: NetworkSpec,
  params: MlpParams,
  x: tf.Tensor2D,
  y: tf.Tensor2D,
  distill: DistillOptions | null,
): { kernels: tf.Tensor2D[]; biases: tf.Tensor1D[] } {
  const n = params.kernels.length;
  const loss = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [z, save] = args as [tf.Tensor, tf.GradSaveFunc];
    save([z]);
    return {
      value: tf.sum(z),
      gradFunc: (_dy: tf.Tensor, [saved]: tf.Tensor[]) => logitGradient(spec, saved as tf.Tensor2D, y, distill),
    };
  });
  const f = (...weights: tf.Tensor[]) =>
    loss(logits(spec, weights.slice(0, n) as tf.Tensor2D[], weights.slice(n) as tf.Tensor1D[], x, 'taped'));
  const grads = tf.grads(f)([...params.kernels, ...params.biases]);
  return { kernels: grads.slice(0, n) as tf.Tensor2D[], biases: grads.slice(n) as tf.Tensor1D[] };
}
