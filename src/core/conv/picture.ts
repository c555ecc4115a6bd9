/**
 * The first convolution's filters as small images: each kh×kw filter of a one-channel kernel drawn
 * on a diverging colour scale (negative blue, 0 white, positive red: ColorBrewer's RdBu ends), one
 * scale for the whole layer so that filters can be compared; a filter with no kept weight is drawn
 * dark. Pixels are RGBA bytes, row-major, ready for an ImageData of width kw and height kh.
 */
import type { Mask } from '../pruning/mask';

/** RGB of the scale's ends and middle, and of a pruned filter. */
export const FILTER_COLOURS = {
  negative: [33, 102, 172],
  zero: [247, 247, 247],
  positive: [178, 24, 43],
  pruned: [31, 41, 55],
} as const;

/** One filter's picture. */
export interface FilterPicture {
  /** RGBA bytes, row-major [kh, kw, 4], alpha always 255. */
  pixels: Uint8ClampedArray;
  /** No weight of the filter is kept: drawn in FILTER_COLOURS.pruned (the page may also cross it out). */
  pruned: boolean;
}

/** A layer's filter pictures and the weight that maps to the scale's ends. */
export interface FilterPictures {
  width: number;
  height: number;
  /** max |w| over the kept weights: ±scale is full red / blue (0 when every kept weight is 0). */
  scale: number;
  filters: FilterPicture[];
}

/**
 * The colour of a value v on the diverging scale: v in [−1, 1] (clamped) linearly from white to the
 * end of its sign, each channel rounded. A new [r, g, b] array.
 */
export function divergingColour(v: number): [number, number, number] {
  const t = Math.min(1, Math.abs(v));
  const end = v < 0 ? FILTER_COLOURS.negative : FILTER_COLOURS.positive;
  const [r, g, b] = FILTER_COLOURS.zero.map((z, i) => Math.round(z + t * (end[i] - z)));
  return [r, g, b];
}

/**
 * The pictures of the filters of an HWIO `kernel` of shape `dims` = [kh, kw, 1, filters] (a first
 * layer on one-channel images) under `mask` (1 = kept): a pruned weight shows as 0, a filter with no
 * kept weight is dark. Throws unless the kernel has one input channel and the lengths fit. Every
 * array of the result is new, owned by the caller.
 */
export function filterPictures(kernel: Float32Array, dims: readonly number[], mask: Mask): FilterPictures {
  const [height, width, channels, count] = dims;
  if (dims.length !== 4 || channels !== 1) {
    throw new Error(`Expected a [kh, kw, 1, filters] kernel, but got [${dims.join(', ')}]`);
  }
  const n = height * width * count;
  if (kernel.length !== n || mask.length !== n) {
    throw new Error(`Expected ${n} weights and mask entries, but got ${kernel.length} and ${mask.length}`);
  }
  let scale = 0;
  for (let i = 0; i < n; i++) if (mask[i] === 1) scale = Math.max(scale, Math.abs(kernel[i]));
  const filters = Array.from({ length: count }, (_, f): FilterPicture => {
    const pixels = new Uint8ClampedArray(height * width * 4);
    let pruned = true;
    for (let p = 0; p < height * width; p++) if (mask[p * count + f] === 1) pruned = false;
    for (let p = 0; p < height * width; p++) {
      const i = p * count + f;
      const value = mask[i] === 1 && scale > 0 ? kernel[i] / scale : 0;
      const rgb = pruned ? FILTER_COLOURS.pruned : divergingColour(value);
      pixels.set([...rgb, 255], p * 4);
    }
    return { pixels, pruned };
  });
  return { width, height, scale, filters };
}
