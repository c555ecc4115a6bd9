import * as tf from './tf';
import { kernelShapes, type MlpSpec, type NetworkWeights } from '../core/spec';
import { logits } from './mlp';

/** A network to time: its shape and its weights as plain arrays. */
export interface TimedNetwork {
  spec: MlpSpec;
  weights: NetworkWeights;
}

/**
 * Median milliseconds of one forward pass of each network over `x` ([rows, inputs]) with one
 * readback, on the active backend. The networks take turns, so both see the same machine noise;
 * a few warm-up passes first compile the shaders. Uploads the weights once and frees them after.
 */
export async function medianForwardMs(networks: readonly TimedNetwork[], x: tf.Tensor2D, repeats: number): Promise<number[]> {
  const uploaded = networks.map(({ spec, weights }) => {
    const shapes = kernelShapes(spec);
    return {
      spec,
      kernels: weights.kernels.map((k, i) => tf.tensor2d(k, shapes[i])),
      biases: weights.biases.map((b) => tf.tensor1d(b)),
    };
  });
  try {
    const once = async (i: number): Promise<number> => {
      const net = uploaded[i];
      const t0 = performance.now();
      const out = tf.tidy(() => logits(net.spec, net.kernels, net.biases, x));
      await out.data();
      out.dispose();
      return performance.now() - t0;
    };
    for (let warm = 0; warm < 3; warm++) for (let i = 0; i < uploaded.length; i++) await once(i);
    const times = uploaded.map(() => [] as number[]);
    for (let r = 0; r < repeats; r++) for (let i = 0; i < uploaded.length; i++) times[i].push(await once(i));
    return times.map(median);
  } finally {
    tf.dispose(uploaded.flatMap((u) => [...u.kernels, ...u.biases]));
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
