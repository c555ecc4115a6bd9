import * as tf from './tf';
import { slotOf, type AdamSlot } from './stepKernels';

/**
 * Trained quantization (Deep Compression §3.2): a weight-shared kernel is trained through its
 * centroids. Every kept weight of a cluster is that cluster's centroid, so the loss's gradient with
 * respect to a centroid is the sum of the gradients of its weights; the optimizer steps the
 * centroids, and the kernel is rebuilt from them, its pruned weights still 0.
 */

/** One kernel's weight sharing, as plain arrays. */
export interface SharedKernel {
  /** One centroid index per kernel entry, row-major [fanIn, fanOut] (any value for a pruned entry). */
  assignment: Int32Array;
  centroids: Float32Array;
  /** The keep-mask (1 = kept): only kept weights are on a centroid. */
  mask: Uint8Array;
}

/** A shared kernel on the backend while a Trainer runs: its centroids (with Adam's moments) and where they go. */
export interface SharedSlot {
  slot: AdamSlot;
  /** Every entry's centroid index [n], to rebuild the kernel. */
  indices: tf.Tensor1D;
  /** The flat positions of the kept weights [m]. */
  kept: tf.Tensor1D;
  /** One row per kept weight, 1 in its centroid's column: [m, count]. The sums are a matrix product. */
  clusters: tf.Tensor2D;
}

/**
 * Uploads `shared`'s centroids as a variable with fresh Adam moments, and where they go. Every
 * backend runs it (wasm has no unsortedSegmentSum: the sums are a product with a 0/1 matrix).
 * The Trainer frees it (`disposeShared`).
 */
export function sharedSlot(shared: SharedKernel): SharedSlot {
  const count = shared.centroids.length;
  const kept: number[] = [];
  shared.mask.forEach((m, i) => m === 1 && kept.push(i));
  const clusters = new Float32Array(kept.length * count);
  kept.forEach((i, row) => (clusters[row * count + shared.assignment[i]] = 1));
  const value = tf.tidy(() => tf.variable(tf.tensor1d(shared.centroids), false));
  return {
    slot: slotOf(value),
    indices: tf.tensor1d(shared.assignment, 'int32'),
    kept: tf.tensor1d(Int32Array.from(kept), 'int32'),
    clusters: tf.tensor2d(clusters, [kept.length, count]),
  };
}

export function disposeShared(s: SharedSlot): void {
  tf.dispose([s.slot.value, s.slot.m, s.slot.v, s.indices, s.kept, s.clusters]);
}

/** Each centroid's gradient: Σ of `kernelGradient` [fanIn, fanOut] over the kept weights assigned to it. [count]. */
export function centroidGradient(kernelGradient: tf.Tensor2D, s: SharedSlot): tf.Tensor1D {
  const g = tf.gather(tf.reshape(kernelGradient, [-1]), s.kept);
  return tf.reshape<tf.Rank.R1>(tf.matMul(tf.reshape(g, [1, -1]), s.clusters), [-1]);
}

/** The kernel of `shape` rebuilt from the centroids: each weight its centroid, times the mask. */
export function sharedKernel(s: SharedSlot, mask: tf.Tensor | null, shape: [number, number]): tf.Tensor2D {
  const values = tf.reshape<tf.Rank.R2>(tf.gather(s.slot.value, s.indices), shape);
  return mask ? tf.mul(values, mask) : values;
}
