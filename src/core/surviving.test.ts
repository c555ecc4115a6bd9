import { describe, expect, it } from 'vitest';
import { argmaxRows, survivingInputCounts } from './surviving';

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
    expect(() => survivingInputCounts(new Uint8Array(5), 2, 3)).toThrow('Expected a mask of 2 × 3 = 6 entries, but got 5');
  });
});

describe('argmaxRows', () => {
  it('thresholds a single logit at 0', () => {
    expect(Array.from(argmaxRows(Float32Array.from([-1, 0, 0.3]), 3, 1))).toEqual([0, 0, 1]);
  });

  it('takes the largest of several logits, the first on a tie', () => {
    const logits = Float32Array.from([0.1, 2, -1, 5, 5, 1, -3, -2, -1]);
    expect(Array.from(argmaxRows(logits, 3, 3))).toEqual([1, 0, 2]);
  });

  it('rejects logits that are not rows × width', () => {
    expect(() => argmaxRows(new Float32Array(7), 2, 4)).toThrow('Expected 2 rows of 4 logits (8 values), but got 7');
    expect(() => argmaxRows(new Float32Array(0), 0, 0)).toThrow('Expected a width >= 1, but got 0');
  });
});
