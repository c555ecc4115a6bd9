import { describe, expect, it } from 'vitest';
import { countTicks } from './StackedBars';

describe('countTicks', () => {
  it('steps by 1, 2 or 5 times a power of ten and reaches the tallest bar', () => {
    expect(countTicks(17)).toEqual([0, 5, 10, 15, 20]);
    expect(countTicks(1)).toEqual([0, 1]);
    expect(countTicks(3)).toEqual([0, 1, 2, 3]);
    expect(countTicks(800)).toEqual([0, 200, 400, 600, 800]);
    expect(countTicks(1234)).toEqual([0, 500, 1000, 1500]);
  });

  it('gives whole counts only, however small the tallest bar', () => {
    for (const max of [1, 2, 3, 4, 7, 9, 11, 99, 101]) {
      const ticks = countTicks(max);
      expect(ticks.every(Number.isInteger)).toBe(true);
      expect(ticks[ticks.length - 1]).toBeGreaterThanOrEqual(max);
      expect(ticks.length).toBeLessThanOrEqual(6);
    }
  });
});
