import * as tf from './tf';
import { kernelShapes, type MlpSpec, type NetworkWeights } from '../core/spec';
import type { DataTensors } from './data';
import { logits, type MlpParams } from './mlp';

/**
 * The logits of every row of `data` (training rows, then test rows) for a network given as plain
 * arrays (a masked or compacted copy), with one upload per array and one readback. Loss and
 * accuracy are then counted on the CPU (core/metrics): the matMuls are all the GPU does.
 */
export async function logitsOf(spec: MlpSpec, weights: NetworkWeights, data: DataTensors): Promise<Float32Array> {
  const t = tf.tidy(() => {
    const shapes = kernelShapes(spec);
    const kernels = weights.kernels.map((k, i) => tf.tensor2d(k, shapes[i]));
    const biases = weights.biases.map((b) => tf.tensor1d(b));
    return logits(spec, kernels, biases, data.x);
  });
  const values = (await t.data()) as Float32Array;
  t.dispose();
  return values;
}

/**
 * The logits of every row for the variables as they are, and every kernel value (row-major, first
 * layer first), in one readback.
 */
export async function logitsAndKernels(
  spec: MlpSpec,
  params: MlpParams,
  data: DataTensors,
): Promise<{ logits: Float32Array; kernels: Float32Array[] }> {
  const t = tf.tidy(() =>
    tf.concat([logits(spec, params.kernels, params.biases, data.x).reshape([-1]), ...params.kernels.map((k) => k.reshape([-1]))]),
  );
  const values = (await t.data()) as Float32Array;
  t.dispose();
  const rows = data.trainRows + data.testRows;
  let offset = rows;
  const kernels = params.kernels.map((k) => {
    const part = values.slice(offset, offset + k.size);
    offset += k.size;
    return part;
  });
  return { logits: values.subarray(0, rows), kernels };
}
