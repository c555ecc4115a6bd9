/** How many units tfmot keeps at a target sparsity, in float32 as it computes it. */

/**
 * k = max(round(n·(1 − s)), 1): the number of units to keep of n at sparsity s, exactly as tfmot's
 * `_update_mask` computes it: in float32, k = max(round(f(f(n) · f(1 − f(s)))), 1) with f =
 * Math.fround, and `tf.math.round`'s half to even. So n = 10, s = 0.15 keeps 8 (8.5 rounds to 8)
 * and n = 35, s = 0.9 keeps 4 (35 · f(0.1000000238) = 3.50000095). 0 of 0.
 */
export function keepCount(n: number, sparsity: number): number {
  if (n === 0) return 0;
  const f = Math.fround;
  return Math.max(roundHalfToEven(f(f(n) * f(1 - f(sparsity)))), 1);
}

/** Rounds to the nearest whole number, halves to the even one (`tf.math.round`, Python's round). */
function roundHalfToEven(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * The largest float32 sparsity in [0, 1) at which `keepCount(n, s)` >= k (1 <= k <= n), or null when
 * every such sparsity keeps k. keepCount falls as s rises, so this bisects the float32 values in
 * [0, 1) by their bit patterns, which order them.
 */
export function lastTargetKeeping(n: number, k: number): number | null {
  const bits = new Uint32Array(1);
  const value = new Float32Array(bits.buffer);
  const at = (pattern: number): number => {
    bits[0] = pattern;
    return value[0];
  };
  let keeps = 0; // the pattern of 0
  let empties = 0x3f7fffff; // the largest float32 below 1
  if (keepCount(n, at(empties)) >= k) return null;
  while (empties - keeps > 1) {
    const mid = keeps + Math.floor((empties - keeps) / 2);
    if (keepCount(n, at(mid)) >= k) keeps = mid;
    else empties = mid;
  }
  return at(keeps);
}
