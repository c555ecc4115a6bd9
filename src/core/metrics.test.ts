import { describe, expect, it } from 'vitest';
import { binaryMetrics, classifierMetrics, softmaxMetrics } from './metrics';

describe('binaryMetrics', () => {
  it('matches hand-computed cross-entropy and accuracy on each split', () => {
    const logits = Float32Array.from([0, 2, -1, 3, -2]);
    const labels = Float32Array.from([1, 1, 1, 0, 0]);
    const m = binaryMetrics(logits, labels, 3);
    const bce = (z: number, y: number) =>
      -(y * Math.log(1 / (1 + Math.exp(-z))) + (1 - y) * Math.log(1 - 1 / (1 + Math.exp(-z))));
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
    expect(() => binaryMetrics(new Float32Array(3), new Float32Array(4), 2)).toThrow(
      'Expected one logit per label (4), but got 3',
    );
    expect(() => binaryMetrics(new Float32Array(3), new Float32Array(3), 3)).toThrow(
      'Expected 1 <= trainRows < 3, but got 3',
    );
  });
});

describe('softmaxMetrics', () => {
  it('matches hand-computed categorical cross-entropy and accuracy', () => {
    // Three rows of three classes: train = rows 0..1, test = row 2.
    const logits = Float32Array.from([2, 1, 0, 0, 0, 0, -1, 3, 1]);
    const labels = Float32Array.from([0, 2, 2]);
    const m = softmaxMetrics(logits, labels, 3, 2);
    const ce = (z: number[], y: number) => Math.log(z.reduce((s, v) => s + Math.exp(v), 0)) - z[y];
    expect(m.trainLoss).toBeCloseTo((ce([2, 1, 0], 0) + ce([0, 0, 0], 2)) / 2, 12);
    expect(m.testLoss).toBeCloseTo(ce([-1, 3, 1], 2), 12);
    // Row 1 ties: the first largest (class 0) is the answer, so it is wrong.
    expect(m.trainAccuracy).toBe(0.5);
    expect(m.testAccuracy).toBe(0);
  });

  it('stays finite for huge logits and refuses a wrong length', () => {
    const m = softmaxMetrics(Float32Array.from([1e30, 0, 0, 1e30]), Float32Array.from([1, 1]), 2, 1);
    expect(m.trainLoss).toBe(Math.fround(1e30));
    expect(m.testLoss).toBe(0);
    expect(() => softmaxMetrics(new Float32Array(5), new Float32Array(2), 3, 1)).toThrow(
      'Expected 3 logits per label (6), but got 5',
    );
  });

  it('is what classifierMetrics uses for more than one output, binaryMetrics for one', () => {
    const labels = Float32Array.from([1, 0]);
    expect(classifierMetrics(Float32Array.from([3, -1]), labels, 1, 1)).toEqual(
      binaryMetrics(Float32Array.from([3, -1]), labels, 1),
    );
    const wide = Float32Array.from([0, 2, 1, 0]);
    expect(classifierMetrics(wide, labels, 2, 1)).toEqual(softmaxMetrics(wide, labels, 2, 1));
  });
});
