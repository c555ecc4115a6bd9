import { describe, expect, it } from 'vitest';
import { centroidGradients, kmeans1d, linearCentroids, nearestCentroid } from './kmeans';

describe('linearCentroids', () => {
  it('spreads 4 centroids over [min, max] of the values', () => {
    // min −1, max 2: step (2 − (−1)) / 3 = 1.
    expect(Array.from(linearCentroids(Float32Array.from([0.5, -1, 2, 0]), 4))).toEqual([-1, 0, 1, 2]);
  });
  it('puts a single centroid at the midpoint, and zeros when nothing survives', () => {
    expect(Array.from(linearCentroids(Float32Array.from([1, 3]), 1))).toEqual([2]);
    expect(Array.from(linearCentroids(new Float32Array(0), 2))).toEqual([0, 0]);
  });
});

describe('kmeans1d', () => {
  it('converges on two clear groups by hand', () => {
    // 1 bit: centroids start at −1 and 3 (min and max). Assign: {−1, −0.5, 0} → 0, {2, 3} → 1
    // (0 is 1 from −1 and 3 from 3). Means: −0.5 and 2.5. Reassign: nothing changes → converged.
    const values = Float32Array.from([-1, -0.5, 0, 2, 3]);
    const c = kmeans1d(values, 1);
    expect(Array.from(c.centroids)).toEqual([-0.5, 2.5]);
    expect(Array.from(c.assignment)).toEqual([0, 0, 0, 1, 1]);
    expect(c.converged).toBe(true);
    expect(c.iterations).toBe(2);
  });

  it('moves a boundary value over when a centroid moves, then converges', () => {
    // 1 bit over {0, 1, 2, 10}: start 0 and 10; assign {0,1,2} | {10}; means 1 and 10. Then 2 is
    // 1 from 1: unchanged. Converged at centroids 1 and 10.
    const c = kmeans1d(Float32Array.from([0, 1, 2, 10]), 1);
    expect(Array.from(c.centroids)).toEqual([1, 10]);
    expect(c.converged).toBe(true);
  });

  it('leaves a centroid that no value chooses where it was (an empty cluster)', () => {
    // 2 bits over {0, 0.5, 1, 1.5, 9} (5 distinct values): centroids start 0, 3, 6, 9; 1.5 is as far
    // from 0 as from 3 and goes to the lower. Means: 0.75 and 9; 3 and 6 get nothing and stay.
    const c = kmeans1d(Float32Array.from([0, 0.5, 1, 1.5, 9]), 2);
    expect(Array.from(c.centroids)).toEqual([0.75, 3, 6, 9]);
    expect(Array.from(c.assignment)).toEqual([0, 0, 0, 0, 3]);
  });

  it('makes values that take at most 2^bits distinct values their own centroids (a fine-tuned shared layer)', () => {
    // Linear start at 2 bits over {0, 0.1, 0.2, 3} is 0, 1, 2, 3: Lloyd would merge 0, 0.1 and 0.2.
    const c = kmeans1d(Float32Array.from([0.2, 3, 0, 0.1, 3]), 2);
    expect(Array.from(c.centroids)).toEqual([0, Math.fround(0.1), Math.fround(0.2), 3]);
    expect(Array.from(c.assignment)).toEqual([2, 3, 0, 1, 3]);
    expect(c.converged).toBe(true);
  });

  it('stops at maxIterations without claiming convergence', () => {
    const c = kmeans1d(Float32Array.from([0, 1, 2, 10]), 1, 1);
    expect(c.iterations).toBe(1);
    expect(c.converged).toBe(false);
  });

  it('refuses bits outside 1..8', () => {
    expect(() => kmeans1d(new Float32Array(3), 0)).toThrow('Expected 1 to 8 bits of weight sharing, but got 0');
    expect(() => kmeans1d(new Float32Array(3), 9)).toThrow('but got 9');
  });
});

describe('nearestCentroid', () => {
  it('breaks a tie toward the lower index', () => {
    expect(nearestCentroid(Float32Array.from([0, 2]), 1)).toBe(0);
    expect(nearestCentroid(Float32Array.from([0, 2]), 1.5)).toBe(1);
  });
});

describe('centroidGradients', () => {
  it('sums the gradients of the weights of each cluster (Deep Compression eq. 3)', () => {
    // Weights 0, 2 → centroid 0; weight 1 → centroid 2; centroid 1 has none.
    const g = centroidGradients(Float32Array.from([0.5, -1, 0.25]), Uint16Array.from([0, 2, 0]), 3);
    expect(Array.from(g)).toEqual([0.75, 0, -1]);
  });
});
