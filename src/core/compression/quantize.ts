/**
 * A pruned network's kernels quantized layer by layer, on top of its mask: weight sharing by k-means
 * over each layer's kept weights, or linear symmetric integers per tensor or per output channel.
 * Pruned weights stay exactly 0; biases are left in float32 (Deep Compression quantizes weights).
 */
import { kmeans1d, type Clustering } from './kmeans';
import { maxCode, quantizeLinear, type LinearGranularity } from './linear';

/** Quantization choices. Keys are URL tokens; values are the Quantization options' text. */
export const QUANTIZATIONS = {
  none: 'None',
  kmeans: 'Weight sharing (k-means)',
  linear: 'Linear (int8)',
  channel: 'Linear (int8), per channel',
} as const;
export type Quantization = keyof typeof QUANTIZATIONS;

/** A quantization and its width. */
export interface QuantizeOptions {
  kind: Exclude<Quantization, 'none'>;
  /** Bits per weight: 2^bits shared values for k-means, or the integer width for linear. */
  bits: number;
}

/** One quantized kernel: what it computes with and the symbols its encoding stores. */
export interface QuantizedLayer {
  /** The kernel as the quantized network uses it: a shared value or scale × code per kept weight, 0 elsewhere. */
  values: Float32Array;
  /** One symbol per kept weight, in flat order: a cluster index, or code + maxCode for linear. */
  symbols: Uint32Array;
  /** How many symbols the values use (2^bits centroids, or 2·maxCode + 1 codes). */
  alphabet: number;
  /** The symbol that stands for 0 (linear's code 0), or null when none does (k-means). */
  zeroSymbol: number | null;
  /** Float32 shared values or scales stored beside the symbols. */
  codebook: Float32Array;
  /** k-means only: the clustering, for fine-tuning the centroids. */
  clustering?: Clustering;
}

/**
 * Quantizes each kernel's kept weights (`masks[l][i] === 1`). `kernels` are row-major
 * [fanIn, fanOut] with fanOut from `fanOuts`. New arrays; the inputs are not changed.
 */
export function quantizeKernels(
  kernels: readonly Float32Array[],
  masks: readonly Uint8Array[],
  fanOuts: readonly number[],
  options: QuantizeOptions,
): QuantizedLayer[] {
  return kernels.map((kernel, l) => {
    const mask = masks[l];
    if (mask.length !== kernel.length) {
      throw new Error(`Expected a mask of ${kernel.length} entries for layer ${l + 1}, but got ${mask.length}`);
    }
    return options.kind === 'kmeans'
      ? shareLayer(kernel, mask, options.bits)
      : linearLayer(kernel, mask, fanOuts[l], options.bits, options.kind === 'channel' ? 'channel' : 'tensor');
  });
}

function shareLayer(kernel: Float32Array, mask: Uint8Array, bits: number): QuantizedLayer {
  const kept: number[] = [];
  for (let i = 0; i < kernel.length; i++) if (mask[i] === 1) kept.push(kernel[i]);
  const clustering = kmeans1d(Float32Array.from(kept), bits);
  const values = new Float32Array(kernel.length);
  let k = 0;
  for (let i = 0; i < kernel.length; i++)
    if (mask[i] === 1) values[i] = clustering.centroids[clustering.assignment[k++]];
  return {
    values,
    symbols: Uint32Array.from(clustering.assignment),
    alphabet: clustering.centroids.length,
    zeroSymbol: null,
    codebook: clustering.centroids,
    clustering,
  };
}

function linearLayer(
  kernel: Float32Array,
  mask: Uint8Array,
  fanOut: number,
  bits: number,
  granularity: LinearGranularity,
): QuantizedLayer {
  const masked = Float32Array.from(kernel, (w, i) => (mask[i] === 1 ? w : 0));
  const q = quantizeLinear(masked, fanOut, bits, granularity);
  const top = maxCode(bits);
  const symbols: number[] = [];
  for (let i = 0; i < kernel.length; i++) if (mask[i] === 1) symbols.push(q.codes[i] + top);
  return {
    values: q.values,
    symbols: Uint32Array.from(symbols),
    alphabet: 2 * top + 1,
    zeroSymbol: top,
    codebook: q.scales,
  };
}

/**
 * The kernel of a shared-weight layer after its centroids moved: each kept weight is its cluster's
 * centroid, every other weight 0. `mask` and `clustering.assignment` are those `shareLayer` used.
 */
export function sharedKernel(mask: Uint8Array, clustering: Clustering, centroids: Float32Array): Float32Array {
  const out = new Float32Array(mask.length);
  let k = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i] === 1) out[i] = centroids[clustering.assignment[k++]];
  return out;
}

/** Why `options` cannot be applied (what was expected, what came), or null when it can. */
export function quantizationProblem(options: QuantizeOptions): string | null {
  if (!(options.kind in QUANTIZATIONS) || (options.kind as string) === 'none') {
    return `Expected a quantization (kmeans, linear, channel), but got "${String(options.kind)}"`;
  }
  const [min, max] = BITS_RANGE[options.kind];
  if (!(Number.isInteger(options.bits) && options.bits >= min && options.bits <= max)) {
    return `Expected a whole number of bits from ${min} to ${max} for ${QUANTIZATIONS[options.kind]}, but got ${options.bits}`;
  }
  return null;
}

/** The widths each quantization takes, in bits: 2 to 256 shared values; 2- to 8-bit integers. */
export const BITS_RANGE: Record<QuantizeOptions['kind'], readonly [number, number]> = {
  kmeans: [1, 8],
  linear: [2, 8],
  channel: [2, 8],
};

/** The width a quantization starts at: 5 bits (32 shared values, Deep Compression's fully connected layers), or int8. */
export const DEFAULT_BITS: Record<QuantizeOptions['kind'], number> = { kmeans: 5, linear: 8, channel: 8 };
