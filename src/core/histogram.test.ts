import { describe, expect, it } from 'vitest';
import { layerHistograms, weightHistogram } from './histogram';

describe('weightHistogram', () => {
  it('splits each bin into kept and pruned, and leaves earlier rounds out of the bars', () => {
    const weights = Float32Array.from([-1, -0.6, -0.1, 0.05, 0.4, 1, 0]);
    const mask = Uint8Array.from([1, 1, 0, 0, 1, 1, 0]);
    const prior = Uint8Array.from([1, 1, 1, 1, 1, 1, 0]);
    const { bins, prunedEarlier } = weightHistogram([{ weights, mask, prior }], 4);
    expect(prunedEarlier).toBe(1);
    expect(bins.map((b) => [b.from, b.to])).toEqual([
      [-1, -0.5],
      [-0.5, 0],
      [0, 0.5],
      [0.5, 1],
    ]);
    expect(bins.map((b) => [b.kept, b.pruned])).toEqual([
      [2, 0],
      [0, 1],
      [1, 1],
      [1, 0],
    ]);
  });

  it('counts every weight in play exactly once', () => {
    const weights = Float32Array.from({ length: 101 }, (_, i) => (i - 50) / 37);
    const mask = Uint8Array.from(weights, (x) => (Math.abs(x) >= 0.5 ? 1 : 0));
    const prior = new Uint8Array(101).fill(1);
    const { bins } = weightHistogram([{ weights, mask, prior }], 9);
    expect(bins.reduce((n, b) => n + b.kept + b.pruned, 0)).toBe(101);
    expect(bins.reduce((n, b) => n + b.pruned, 0)).toBe(mask.length - mask.reduce((a, b) => a + b, 0));
  });

  it('refuses a bin count that is not a positive whole number', () => {
    expect(() => weightHistogram([], 0)).toThrow('Expected a whole number of bins >= 1, but got 0');
  });
});

describe('layerHistograms', () => {
  it('bins every layer over the largest kept |w| of any layer, each with its own counts', () => {
    const full = (n: number) => new Uint8Array(n).fill(1);
    const small = { weights: Float32Array.from([-0.1, 0.05, 0.1]), mask: Uint8Array.from([1, 0, 1]), prior: full(3) };
    const large = { weights: Float32Array.from([-2, 1, 0.5, 9]), mask: full(4), prior: Uint8Array.from([1, 1, 1, 0]) };
    const { histograms, extent } = layerHistograms([small, large], 4);
    // 9 is pruned in an earlier round: the axis is ±2, for both layers.
    expect(extent).toBe(2);
    expect(histograms[0].bins.map((b) => b.from)).toEqual([-2, -1, 0, 1]);
    expect(histograms[0].bins.map((b) => [b.kept, b.pruned])).toEqual([
      [0, 0],
      [1, 0],
      [1, 1],
      [0, 0],
    ]);
    expect(histograms[1].bins.map((b) => [b.kept, b.pruned])).toEqual([
      [1, 0],
      [0, 0],
      [1, 0],
      [1, 0],
    ]);
    expect(histograms.map((h) => h.prunedEarlier)).toEqual([0, 1]);
  });
});
