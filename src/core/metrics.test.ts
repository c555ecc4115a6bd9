import { describe, expect, it } from 'vitest';
import { binaryMetrics } from './metrics';

describe('binaryMetrics', () => {
  it('matches hand-computed cross-entropy and accuracy on each split', () => {
    const logits = Float32Array.from([0, 2, -1, 3, -2]);
    const labels = Float32Array.from([1, 1, 1, 0, 0]);
    const m = binaryMetrics(logits, labels, 3);
    const bce = (z: number, y: number) => -(y * Math.log(1 / (1 + Math.exp(-z))) + (1 - y) * Math.log(1 - 1 / (1 + Math.exp(-z))));
    expect(m.trainLoss).toBeCloseTo((bce(0, 1) + bce(2, 1) + bce(-1, 1)) / 3, 12);
    expect(m.testLoss).toBeCloseTo((bce(3, 0) + bce(-2, 0)) / 2, 12);
    expect(m.trainAccuracy).toBeCloseTo(1 / 3, 12); // z = 0 counts as class 0
    expect(m.testAccuracy).toBe(0.5);
  });

  it('stays finite for huge logits', () => {
    const m = binaryMetrics(Float32Array.from([1e30, -1e30, 1e30]), Float32Array.from([0, 1, 1]), 2);
    expect(m.trainLoss).toBe(Math.fround(1e30));
    expect(m.testLoss).toBe(0);
  });

  it('refuses mismatched lengths and empty splits', () => {
    expect(() => binaryMetrics(new Float32Array(3), new Float32Array(4), 2)).toThrow('Expected one logit per label (4), but got 3');
    expect(() => binaryMetrics(new Float32Array(3), new Float32Array(3), 3)).toThrow('Expected 1 <= trainRows < 3, but got 3');
  });
});
