/**
 * Linear symmetric integer quantization (tfmot's and TFLite's int8 weights): value ≈ scale × q with
 * q an integer in [−(2^(b−1) − 1), 2^(b−1) − 1] and scale = max|w| / (2^(b−1) − 1), so that 0 maps
 * to exactly 0 (a pruned weight stays pruned) and the largest weight to the largest code. Per tensor
 * (one scale for the kernel) or per output channel (one scale per column of a [fanIn, fanOut] kernel).
 */

/** One scale for the whole kernel, or one per output channel (column). */
export const LINEAR_GRANULARITY = { tensor: 'per tensor', channel: 'per channel' } as const;
export type LinearGranularity = keyof typeof LINEAR_GRANULARITY;

/** A kernel quantized to integers: the codes and the scales that turn them back into values. */
export interface LinearQuantized {
  /** One integer code per weight, in the kernel's order. */
  codes: Int32Array;
  /** One scale (per tensor) or `fanOut` scales (per channel). */
  scales: Float32Array;
  /** scale × code per weight, in float32: the weights the quantized network computes with. */
  values: Float32Array;
}

/** The largest code of `bits`-bit symmetric quantization: 2^(bits−1) − 1 (127 for int8). */
export function maxCode(bits: number): number {
  if (!Number.isInteger(bits) || bits < 2 || bits > 16) {
    throw new Error(`Expected 2 to 16 bits of linear quantization, but got ${bits}`);
  }
  return 2 ** (bits - 1) - 1;
}

/**
 * Quantizes a row-major [fanIn, fanOut] kernel to `bits`-bit symmetric integers: q = round(w / s)
 * (halves away from zero), clamped to ±maxCode, s = max|w| / maxCode over the tensor or over each
 * column. An all-zero tensor or column gets scale 0 and codes 0. Every weight comes back within s/2.
 */
export function quantizeLinear(
  kernel: Float32Array,
  fanOut: number,
  bits: number,
  granularity: LinearGranularity,
): LinearQuantized {
  if (fanOut < 1 || kernel.length % fanOut !== 0) {
    throw new Error(`Expected a kernel of whole rows of ${fanOut}, but got ${kernel.length} weights`);
  }
  const top = maxCode(bits);
  const channels = granularity === 'channel' ? fanOut : 1;
  const maxAbs = new Float64Array(channels);
  for (let i = 0; i < kernel.length; i++) {
    const c = channels === 1 ? 0 : i % fanOut;
    maxAbs[c] = Math.max(maxAbs[c], Math.abs(kernel[i]));
  }
  const scales = Float32Array.from(maxAbs, (m) => m / top);
  const codes = new Int32Array(kernel.length);
  const values = new Float32Array(kernel.length);
  for (let i = 0; i < kernel.length; i++) {
    const s = scales[channels === 1 ? 0 : i % fanOut];
    const q = s === 0 ? 0 : Math.max(-top, Math.min(top, roundHalfAway(kernel[i] / s)));
    codes[i] = q;
    values[i] = codes[i] * s; // via the Int32 code, so −0 comes back as 0
  }
  return { codes, scales, values };
}

function roundHalfAway(x: number): number {
  return Math.sign(x) * Math.round(Math.abs(x));
}
