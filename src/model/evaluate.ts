import * as tf from './tf';
import { kernelShapes, type NetworkSpec, type NetworkWeights } from '../core/network/spec';
import { logits, type MlpParams } from './mlp';

/**
 * The logits, row-major [rows, outputs], of every row of `x` for a network given as plain arrays (a
 * masked or compacted copy), with one upload per array and one readback. Loss and accuracy are then
 * counted on the CPU (core/metrics): the matMuls are all the GPU does.
 */
export async function logitsOf(spec: NetworkSpec, weights: NetworkWeights, x: tf.Tensor2D): Promise<Float32Array> {
  const result = await logitsInChunks(spec, weights, [x], () => false);
  return result!;
}

/**
 * As logitsOf over the rows of `chunks` in order, one chunk at a time with one readback each, so
 * that a long evaluation lets the page breathe and can be abandoned: awaits `breathe()` between
 * chunks (on wasm and cpu a readback resolves at once, so only a real yield lets a newer command in)
 * and returns null as soon as `abandoned()` says so. The weights are uploaded once and freed before
 * it returns; the chunks are the caller's.
 */
export async function logitsInChunks(
  spec: NetworkSpec,
  weights: NetworkWeights,
  chunks: readonly tf.Tensor2D[],
  abandoned: () => boolean,
  breathe: () => Promise<void> = () => Promise.resolve(),
): Promise<Float32Array | null> {
  const rows = chunks.reduce((sum, chunk) => sum + chunk.shape[0], 0);
  const shapes = kernelShapes(spec);
  const uploaded = tf.tidy(() => ({
    kernels: weights.kernels.map((k, i) => tf.tensor2d(k, shapes[i])),
    biases: weights.biases.map((b) => tf.tensor1d(b)),
  }));
  try {
    const result = new Float32Array(rows * spec.outputs);
    let start = 0;
    for (const chunk of chunks) {
      if (start > 0) await breathe();
      if (abandoned()) return null;
      const t = tf.tidy(() => logits(spec, uploaded.kernels, uploaded.biases, chunk, 'fastest'));
      const values = (await t.data()) as Float32Array;
      t.dispose();
      result.set(values, start * spec.outputs);
      start += chunk.shape[0];
    }
    return result;
  } finally {
    tf.dispose([...uploaded.kernels, ...uploaded.biases]);
  }
}

/**
 * The logits of every row of `x` for the variables as they are, and every kernel value (row-major,
 * first layer first), in one readback.
 */
export async function logitsAndKernels(
  spec: NetworkSpec,
  params: MlpParams,
  x: tf.Tensor2D,
): Promise<{ logits: Float32Array; kernels: Float32Array[] }> {
  const t = tf.tidy(() =>
    tf.concat([
      logits(spec, params.kernels, params.biases, x, 'fastest').reshape([-1]),
      ...params.kernels.map((k) => k.reshape([-1])),
    ]),
  );
  const values = (await t.data()) as Float32Array;
  t.dispose();
  let offset = x.shape[0] * spec.outputs;
  const kernels = params.kernels.map((k) => {
    const part = values.slice(offset, offset + k.size);
    offset += k.size;
    return part;
  });
  return { logits: values.subarray(0, x.shape[0] * spec.outputs), kernels };
}
