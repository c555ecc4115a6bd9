import { describe, expect, it } from 'vitest';
import { survivingInputCounts } from './surviving';

describe('survivingInputCounts', () => {
  it('counts each input row of a hand-made 4×3 mask', () => {
    // Input 0 keeps all three, input 1 none, input 2 the middle one, input 3 the outer two.
    const mask = Uint8Array.from([1, 1, 1, 0, 0, 0, 0, 1, 0, 1, 0, 1]);
    expect(Array.from(survivingInputCounts(mask, 4, 3))).toEqual([3, 0, 1, 2]);
  });

  it('reads a 2×2 image mask pixel by pixel', () => {
    // 4 pixels, 2 neurons: only pixel (1, 1) (index 3) keeps both.
    const mask = Uint8Array.from([0, 0, 1, 0, 0, 1, 1, 1]);
    const counts = survivingInputCounts(mask, 4, 2);
    expect(Array.from(counts)).toEqual([0, 1, 1, 2]);
    expect(counts).toBeInstanceOf(Int32Array);
  });

  it('handles no inputs', () => {
    expect(survivingInputCounts(new Uint8Array(0), 0, 5).length).toBe(0);
  });

  it('rejects a mask of the wrong length', () => {
    expect(() => survivingInputCounts(new Uint8Array(5), 2, 3)).toThrow(
      'Expected a mask of 2 × 3 = 6 entries, but got 5',
    );
  });
});
