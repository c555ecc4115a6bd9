import * as tf from './tf';
import type { MlpSpec } from '../core/spec';
import type { DataTensors } from './data';
import { logits, type MlpParams } from './mlp';

/** Loss (binary cross-entropy) and accuracy of one model on both splits. */
export interface Metrics {
  trainLoss: number;
  trainAccuracy: number;
  testLoss: number;
  testAccuracy: number;
}

/**
 * [trainLoss, trainAccuracy, testLoss, testAccuracy] as one tensor, so that a single `await data()`
 * reads all four. One forward pass covers both splits. The caller owns the result.
 */
export function metricsTensor(
  spec: MlpSpec,
  kernels: readonly tf.Tensor2D[],
  biases: readonly tf.Tensor1D[],
  data: DataTensors,
): tf.Tensor1D {
  return tf.tidy(() => {
    const z = logits(spec, kernels, biases, data.x);
    // Binary cross-entropy from logits, per row, in the numerically stable form
    // max(z, 0) - z·y + log(1 + exp(-|z|)).
    const loss = tf.add(tf.sub(tf.relu(z), tf.mul(z, data.y)), tf.log1p(tf.exp(tf.neg(tf.abs(z)))));
    const correct = tf.cast(tf.equal(tf.cast(tf.greater(z, 0), 'float32'), data.y), 'float32');
    const rows = tf.concat([loss, correct], 1); // [trainRows + testRows, 2]
    const train = tf.mean(tf.slice(rows, [0, 0], [data.trainRows, 2]), 0);
    const test = tf.mean(tf.slice(rows, [data.trainRows, 0], [data.testRows, 2]), 0);
    return tf.concat([train, test]) as tf.Tensor1D;
  });
}

/** Reads a `metricsTensor` (or a tensor that starts with one) into numbers; frees `t`. */
export async function readMetrics(t: tf.Tensor): Promise<{ metrics: Metrics; rest: Float32Array }> {
  const values = (await t.data()) as Float32Array;
  t.dispose();
  const metrics = { trainLoss: values[0], trainAccuracy: values[1], testLoss: values[2], testAccuracy: values[3] };
  return { metrics, rest: values.subarray(4) };
}

/** Metrics of the variables' biases with `kernels` given as plain arrays (a masked copy). */
export async function evaluateWithKernels(
  spec: MlpSpec,
  params: MlpParams,
  kernels: readonly Float32Array[],
  data: DataTensors,
): Promise<Metrics> {
  const t = tf.tidy(() => {
    const uploaded = kernels.map((k, i) => tf.tensor2d(k, params.kernels[i].shape));
    return metricsTensor(spec, uploaded, params.biases, data);
  });
  return (await readMetrics(t)).metrics;
}

/**
 * Metrics of the variables as they are, followed by every kernel value (flattened, first layer
 * first) when `withKernels`, all in one readback.
 */
export async function evaluateParams(
  spec: MlpSpec,
  params: MlpParams,
  data: DataTensors,
  withKernels: boolean,
): Promise<{ metrics: Metrics; kernels: Float32Array[] | null }> {
  const t = tf.tidy(() => {
    const m = metricsTensor(spec, params.kernels, params.biases, data);
    return withKernels ? tf.concat([m, ...params.kernels.map((k) => k.reshape([-1]))]) : m;
  });
  const { metrics, rest } = await readMetrics(t);
  if (!withKernels) return { metrics, kernels: null };
  let offset = 0;
  const kernels = params.kernels.map((k) => {
    const part = rest.slice(offset, offset + k.size);
    offset += k.size;
    return part;
  });
  return { metrics, kernels };
}
