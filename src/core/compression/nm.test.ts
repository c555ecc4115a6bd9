import { describe, expect, it } from 'vitest';
import { fitsGroups, nmMask } from './nm';

describe('nmMask', () => {
  it('keeps the 2 largest of every 4 along the input dimension of each column', () => {
    // [4, 2] kernel, rows r, columns c: column 0 = 0.1, −0.9, 0.5, 0.2 → keeps rows 1, 2;
    // column 1 = 3, 1, −2, 0 → keeps rows 0, 2.
    const w = Float32Array.from([0.1, 3, -0.9, 1, 0.5, -2, 0.2, 0]);
    expect(Array.from(nmMask(w, 4, 2, 2, 4))).toEqual([0, 1, 1, 0, 1, 1, 0, 0]);
  });

  it('loses exactly half when fanIn is a multiple of 4', () => {
    const w = Float32Array.from({ length: 20 * 8 }, (_, i) => Math.sin(i * 2.3));
    const mask = nmMask(w, 20, 8, 2, 4);
    expect(mask.reduce((a, b) => a + b, 0)).toBe(80);
    expect(fitsGroups(20, 4)).toBe(true);
  });

  it('breaks ties toward the lower row and keeps exactly N', () => {
    expect(Array.from(nmMask(Float32Array.from([1, 1, 1, 1]), 4, 1, 2, 4))).toEqual([1, 1, 0, 0]);
    expect(Array.from(nmMask(Float32Array.from([-1, 1, 2, 1]), 4, 1, 2, 4))).toEqual([1, 0, 1, 0]);
  });

  it('treats a short last group as padded: a 2-input layer stays dense, a 6-input one keeps 2 + 2', () => {
    expect(Array.from(nmMask(Float32Array.from([0.1, 0.2, 0.3, 0.4]), 2, 2, 2, 4))).toEqual([1, 1, 1, 1]);
    expect(fitsGroups(2, 4)).toBe(false);
    // fanIn 6, one column: rows 0-3 keep 2 and rows 4-5 keep both.
    expect(Array.from(nmMask(Float32Array.from([1, 2, 3, 4, 0.1, 0.2]), 6, 1, 2, 4))).toEqual([0, 0, 1, 1, 1, 1]);
    // fanIn 7: the short group of 3 keeps its 2 largest.
    expect(Array.from(nmMask(Float32Array.from([1, 2, 3, 4, 0.1, 0.3, 0.2]), 7, 1, 2, 4))).toEqual([
      0, 0, 1, 1, 0, 1, 1,
    ]);
  });

  it('never keeps a weight an earlier round pruned', () => {
    const prior = Uint8Array.from([1, 0, 0, 1]);
    expect(Array.from(nmMask(Float32Array.from([0.1, 5, 4, 0.2]), 4, 1, 2, 4, prior))).toEqual([1, 0, 0, 1]);
    expect(Array.from(nmMask(Float32Array.from([0.1, 5, 4, 0.2]), 4, 1, 2, 4, Uint8Array.from([1, 0, 0, 0])))).toEqual([
      1, 0, 0, 0,
    ]);
  });

  it('refuses a pattern that is not N < M', () => {
    expect(() => nmMask(new Float32Array(4), 4, 1, 4, 4)).toThrow(
      'Expected whole N and M with 1 <= N < M, but got 4:4',
    );
    expect(() => nmMask(new Float32Array(3), 4, 1, 2, 4)).toThrow('Expected 4×1 weights, but got 3');
  });
});
