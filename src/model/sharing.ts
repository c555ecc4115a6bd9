import * as tf from './tf';
import { slotOf, type AdamSlot } from './stepKernels';

/**
 * Trained quantization (Deep Compression §3.2): a weight-shared kernel is trained through its
 * centroids. Every kept weight of a cluster is that cluster's centroid, so the loss's gradient with
 * respect to a centroid is the sum of the gradients of its weights; the optimizer steps the
 * centroids, and the kernel is rebuilt from them, its pruned weights still 0.
 */

/** One kernel's weight sharing, as plain arrays: a centroid index per weight (any for pruned ones) and the centroids. */
export interface SharedKernel {
  /** One index per kernel entry, row-major [fanIn, fanOut]. */
  assignment: Int32Array;
  centroids: Float32Array;
}

/** A shared kernel on the backend while a Trainer runs: its centroids (with Adam's moments) and the indices. */
export interface SharedSlot {
  slot: AdamSlot;
  indices: tf.Tensor1D;
  count: number;
}

/** Uploads `shared`'s centroids as a variable with fresh Adam moments, and its indices. The Trainer frees them (`disposeShared`). */
export function sharedSlot(shared: SharedKernel): SharedSlot {
  const value = tf.tidy(() => tf.variable(tf.tensor1d(shared.centroids), false));
  return { slot: slotOf(value), indices: tf.tensor1d(shared.assignment, 'int32'), count: shared.centroids.length };
}

export function disposeShared(s: SharedSlot): void {
  tf.dispose([s.slot.value, s.slot.m, s.slot.v, s.indices]);
}

/**
 * Each centroid's gradient: Σ of `kernelGradient` [fanIn, fanOut] over the kept weights (`mask` 1)
 * assigned to it. [count].
 */
export function centroidGradient(
  kernelGradient: tf.Tensor2D,
  mask: tf.Tensor | null,
  indices: tf.Tensor1D,
  count: number,
): tf.Tensor1D {
  const kept = mask ? tf.mul(kernelGradient, mask) : kernelGradient;
  return tf.unsortedSegmentSum<tf.Tensor1D>(tf.reshape(kept, [-1]), indices, count);
}

/** The kernel of `shape` rebuilt from the centroids: each weight its centroid, times the mask. */
export function sharedKernel(s: SharedSlot, mask: tf.Tensor | null, shape: [number, number]): tf.Tensor2D {
  const values = tf.reshape<tf.Rank.R2>(tf.gather(s.slot.value, s.indices), shape);
  return mask ? tf.mul(values, mask) : values;
}
