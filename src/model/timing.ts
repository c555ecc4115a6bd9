import * as tf from './tf';
import { kernelShapes, type NetworkSpec, type NetworkWeights } from '../core/network/spec';
import { logits } from './mlp';

/** How long one timing sample should last, at least, for the clock's resolution not to matter. */
const SAMPLE_MS = 5;

/** A network to time: its shape and its weights as plain arrays. */
export interface TimedNetwork {
  spec: NetworkSpec;
  weights: NetworkWeights;
}

/**
 * Median milliseconds of one forward pass of each network over `x` ([rows, inputs]) with one
 * readback, on the active backend. The networks take turns, so both see the same machine noise;
 * a few warm-up passes first compile the shaders. Uploads the weights once and frees them after.
 */
export async function medianForwardMs(
  networks: readonly TimedNetwork[],
  x: tf.Tensor2D,
  repeats: number,
): Promise<number[]> {
  const uploaded = networks.map(({ spec, weights }) => {
    const shapes = kernelShapes(spec);
    return {
      spec,
      kernels: weights.kernels.map((k, i) => tf.tensor2d(k, shapes[i])),
      biases: weights.biases.map((b) => tf.tensor1d(b)),
    };
  });
  try {
    /** Milliseconds of `passes` forward passes of network i, each with its readback, timed as one. */
    const timed = async (i: number, passes: number): Promise<number> => {
      const net = uploaded[i];
      const t0 = performance.now();
      for (let p = 0; p < passes; p++) {
        const out = tf.tidy(() => logits(net.spec, net.kernels, net.biases, x));
        await out.data();
        out.dispose();
      }
      return performance.now() - t0;
    };
    for (let i = 0; i < uploaded.length; i++) await timed(i, 3); // shaders compile
    // The browser's clock is coarse (0.1 ms without cross-origin isolation): each sample times as
    // many passes as last about SAMPLE_MS together, and reports the time per pass.
    let slowest = 0;
    for (let i = 0; i < uploaded.length; i++) slowest = Math.max(slowest, await timed(i, 1));
    const passes = Math.max(1, Math.ceil(SAMPLE_MS / Math.max(slowest, 0.05)));
    const times = uploaded.map(() => [] as number[]);
    for (let r = 0; r < repeats; r++) {
      for (let i = 0; i < uploaded.length; i++) times[i].push((await timed(i, passes)) / passes);
    }
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

/** The name of the backend TensorFlow.js computes on now: "webgl", "wasm" or "cpu". */
export function activeBackend(): string {
  return tf.getBackend();
}
