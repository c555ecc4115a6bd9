import { describe, expect, it } from 'vitest';
import { applyMask, countZeros, fullMask, magnitudeMask, sparsityOf, sumCounts } from './mask';

const w = Float32Array.from([0.5, -0.05, 0.1, -0.1, 0, 0.2, -0.3, 0.09]);

describe('magnitudeMask', () => {
  it('prunes |w| below the threshold, keeps ties, treats negative weights by magnitude', () => {
    expect(Array.from(magnitudeMask(w, 0.1))).toEqual([1, 0, 1, 1, 0, 1, 1, 0]);
  });

  it('keeps every weight at threshold 0, zero weights included', () => {
    expect(Array.from(magnitudeMask(w, 0))).toEqual([1, 1, 1, 1, 1, 1, 1, 1]);
  });

  it('keeps nothing pruned by a prior round, whatever the threshold', () => {
    const prior = Uint8Array.from([0, 1, 1, 1, 1, 1, 0, 1]);
    expect(Array.from(magnitudeMask(w, 0, prior))).toEqual([0, 1, 1, 1, 1, 1, 0, 1]);
    expect(Array.from(magnitudeMask(w, 0.1, prior))).toEqual([0, 0, 1, 1, 0, 1, 0, 0]);
  });

  it('refuses a negative, NaN or infinite threshold with a message that names it', () => {
    expect(() => magnitudeMask(w, -0.2)).toThrow('Expected a threshold >= 0, but got -0.2');
    expect(() => magnitudeMask(w, Number.NaN)).toThrow('but got NaN');
    expect(() => magnitudeMask(w, Infinity)).toThrow('but got Infinity');
  });

  it('refuses a prior mask of the wrong length', () => {
    expect(() => magnitudeMask(w, 0.1, new Uint8Array(3))).toThrow('Expected a prior mask of 8 entries, but got 3');
  });
});

describe('applyMask and counts', () => {
  it('zeroes pruned entries exactly and leaves the input alone', () => {
    const mask = magnitudeMask(w, 0.1);
    const out = applyMask(w, mask);
    expect(Array.from(out)).toEqual([
      0.5,
      0,
      Math.fround(0.1),
      Math.fround(-0.1),
      0,
      Math.fround(0.2),
      Math.fround(-0.3),
      0,
    ]);
    expect(w[1]).toBeCloseTo(-0.05);
  });

  it('counts zeros, -0 included, and sums layers into one sparsity', () => {
    const a = countZeros(Float32Array.from([0, -0, 1, 2]));
    const b = countZeros(Float32Array.from([0, 3]));
    expect(a).toEqual({ zeros: 2, total: 4 });
    expect(sparsityOf(sumCounts([a, b]))).toBeCloseTo(3 / 6, 12);
    expect(sparsityOf({ zeros: 0, total: 0 })).toBe(0);
  });

  it('full masks keep everything', () => {
    expect(Array.from(fullMask(3))).toEqual([1, 1, 1]);
  });
});
