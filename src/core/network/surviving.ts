/**
 * Per-input counts of a first-layer mask, and predicted classes from logits: plain arrays in, new
 * arrays out (owned by the caller).
 */
import type { Mask } from '../pruning/mask';

/**
 * For each of `fanIn` inputs, how many of its `fanOut` outgoing weights `mask` keeps: the mask is
 * row-major [fanIn, fanOut] (entry i·fanOut + j links input i to neuron j). Returns Int32Array[fanIn].
 * For an image input, entry i is pixel (i % width, ⌊i / width⌋).
 */
export function survivingInputCounts(mask: Mask, fanIn: number, fanOut: number): Int32Array {
  assertCount('fanIn', fanIn);
  assertCount('fanOut', fanOut);
  if (mask.length !== fanIn * fanOut) {
    throw new Error(`Expected a mask of ${fanIn} × ${fanOut} = ${fanIn * fanOut} entries, but got ${mask.length}`);
  }
  const counts = new Int32Array(fanIn);
  for (let i = 0; i < fanIn; i++) {
    let kept = 0;
    const row = i * fanOut;
    for (let j = 0; j < fanOut; j++) kept += mask[row + j] === 1 ? 1 : 0;
    counts[i] = kept;
  }
  return counts;
}

function assertCount(name: string, n: number): void {
  if (!Number.isInteger(n) || n < 0) throw new Error(`Expected ${name} to be a whole number >= 0, but got ${n}`);
}
