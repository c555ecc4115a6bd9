/**
 * Magnitude pruning on plain arrays. A mask holds 1 for a weight that is kept and 0 for one that is
 * pruned; masks are Uint8Arrays of the same length as the flat kernel they describe.
 */

/** A keep-mask: 1 = kept, 0 = pruned. */
export type Mask = Uint8Array;

/** Counts of pruned (exactly zero) weights out of all prunable weights. */
export interface ZeroCount {
  zeros: number;
  total: number;
}

/**
 * The keep-mask of a magnitude threshold: weight i is kept when |w_i| >= threshold (ties are kept,
 * as in TensorFlow's pruning toolkit) and `prior` (a mask from an earlier round) keeps it too.
 * Threshold 0 keeps every weight the prior keeps.
 */
export function magnitudeMask(weights: Float32Array, threshold: number, prior?: Mask): Mask {
  assertThreshold(threshold);
  if (prior && prior.length !== weights.length) {
    throw new Error(`Expected a prior mask of ${weights.length} entries, but got ${prior.length}`);
  }
  const mask = new Uint8Array(weights.length);
  for (let i = 0; i < weights.length; i++) {
    const kept = Math.abs(weights[i]) >= threshold && (prior === undefined || prior[i] === 1);
    mask[i] = kept ? 1 : 0;
  }
  return mask;
}

/** A mask that keeps all `length` weights. */
export function fullMask(length: number): Mask {
  return new Uint8Array(length).fill(1);
}

/** `weights` with every pruned entry set to exactly 0 (a new array; the input is not changed). */
export function applyMask(weights: Float32Array, mask: Mask): Float32Array {
  if (mask.length !== weights.length) {
    throw new Error(`Expected a mask of ${weights.length} entries, but got ${mask.length}`);
  }
  const out = new Float32Array(weights.length);
  for (let i = 0; i < weights.length; i++) out[i] = mask[i] === 1 ? weights[i] : 0;
  return out;
}

/** How many entries of `values` are exactly zero (-0 counts as zero). */
export function countZeros(values: Float32Array): ZeroCount {
  let zeros = 0;
  for (let i = 0; i < values.length; i++) if (values[i] === 0) zeros++;
  return { zeros, total: values.length };
}

/** The zero counts of several layers added together. */
export function sumCounts(counts: readonly ZeroCount[]): ZeroCount {
  let zeros = 0;
  let total = 0;
  for (const c of counts) {
    zeros += c.zeros;
    total += c.total;
  }
  return { zeros, total };
}

/** Sparsity as a fraction in [0, 1]: the share of prunable weights that are exactly zero. */
export function sparsityOf(count: ZeroCount): number {
  return count.total === 0 ? 0 : count.zeros / count.total;
}

function assertThreshold(threshold: number): void {
  if (!Number.isFinite(threshold) || threshold < 0) {
    throw new Error(`Expected a threshold >= 0, but got ${threshold}`);
  }
}
