import type { Mask } from './pruning/mask';

/** One bar of the weight histogram: weights with from <= w < to, split by fate. */
export interface HistogramBin {
  from: number;
  to: number;
  /** Weights the current mask keeps. */
  kept: number;
  /** Weights the current mask prunes in this round. */
  pruned: number;
}

/** The histogram of the weights that are still in play, and how many earlier rounds removed. */
export interface WeightHistogram {
  bins: HistogramBin[];
  /** Weights pruned in earlier rounds (zero by now): counted here, left out of the bars. */
  prunedEarlier: number;
}

export interface HistogramLayer {
  weights: Float32Array;
  /** The current keep-mask. */
  mask: Mask;
  /** The mask of earlier rounds; weights it prunes are left out of the bars. */
  prior: Mask;
}

/** The largest |w| the priors keep, over all `layers` (1 when none is kept): a histogram's half-width. */
export function histogramExtent(layers: readonly HistogramLayer[]): number {
  let extent = 0;
  for (const { weights, prior } of layers) {
    for (let i = 0; i < weights.length; i++) if (prior[i] === 1) extent = Math.max(extent, Math.abs(weights[i]));
  }
  return extent === 0 ? 1 : extent;
}

/**
 * Bins the weights of all layers into `binCount` equal bins over [-m, m], m = `extent` (by default
 * the largest |w| in play), splitting each bin into kept and pruned counts so that the pruned share
 * stands apart.
 */
export function weightHistogram(
  layers: readonly HistogramLayer[],
  binCount: number,
  extent = histogramExtent(layers),
): WeightHistogram {
  if (!Number.isInteger(binCount) || binCount < 1) {
    throw new Error(`Expected a whole number of bins >= 1, but got ${binCount}`);
  }
  const width = (2 * extent) / binCount;
  const bins: HistogramBin[] = [];
  for (let b = 0; b < binCount; b++) {
    bins.push({ from: -extent + b * width, to: -extent + (b + 1) * width, kept: 0, pruned: 0 });
  }
  let prunedEarlier = 0;
  for (const { weights, mask, prior } of layers) {
    for (let i = 0; i < weights.length; i++) {
      if (prior[i] !== 1) {
        prunedEarlier++;
        continue;
      }
      const b = Math.min(binCount - 1, Math.floor((weights[i] + extent) / width));
      if (mask[i] === 1) bins[b].kept++;
      else bins[b].pruned++;
    }
  }
  return { bins, prunedEarlier };
}

/** One histogram per layer, all over the same [-m, m] (m as in histogramExtent over every layer), so one threshold cuts the same band from each. */
export function layerHistograms(
  layers: readonly HistogramLayer[],
  binCount: number,
): { histograms: WeightHistogram[]; extent: number } {
  const extent = histogramExtent(layers);
  return { histograms: layers.map((layer) => weightHistogram([layer], binCount, extent)), extent };
}
