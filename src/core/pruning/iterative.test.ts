import { describe, expect, it } from 'vitest';
import { iterativeSparsity, roundsToReach } from './iterative';

describe('iterativeSparsity', () => {
  it('compounds the fraction pruned each round', () => {
    expect(iterativeSparsity(0.2, 0)).toBe(0);
    expect(iterativeSparsity(0.2, 1)).toBeCloseTo(0.2, 12);
    expect(iterativeSparsity(0.2, 2)).toBeCloseTo(0.36, 12);
    expect(iterativeSparsity(0.2, 3)).toBeCloseTo(0.488, 12);
    expect(iterativeSparsity(1, 1)).toBe(1);
  });

  it('refuses a percentage or a fractional round', () => {
    expect(() => iterativeSparsity(20, 1)).toThrow('Expected a fraction per round >= 0 and <= 1, but got 20');
    expect(() => iterativeSparsity(0.2, 1.5)).toThrow('Expected a whole number of rounds >= 0, but got 1.5');
  });
});

describe('roundsToReach', () => {
  it('finds the smallest number of rounds that reaches the target', () => {
    expect(roundsToReach(0.9, 0.2)).toBe(11); // 1 - 0.8^10 = 0.893, 1 - 0.8^11 = 0.914
    expect(roundsToReach(0.99, 0.2)).toBe(21); // 0.8^20 = 0.0115, 0.8^21 = 0.0092
    expect(roundsToReach(0.5, 0.5)).toBe(1);
    expect(roundsToReach(0.75, 0.5)).toBe(2);
    expect(roundsToReach(0.76, 0.5)).toBe(3);
    expect(roundsToReach(0, 0.2)).toBe(0);
    expect(roundsToReach(0.9, 1)).toBe(1);
  });

  it('counts a target hit exactly, despite floating-point error', () => {
    expect(roundsToReach(0.36, 0.2)).toBe(2);
    expect(roundsToReach(0.488, 0.2)).toBe(3);
    for (let r = 0; r <= 40; r++) {
      expect(roundsToReach(iterativeSparsity(0.2, r), 0.2)).toBe(r);
      expect(roundsToReach(iterativeSparsity(0.1, r), 0.1)).toBe(r);
    }
  });

  it('refuses a target that can never be reached', () => {
    expect(() => roundsToReach(0.5, 0)).toThrow(
      'Expected a fraction per round > 0 to reach a sparsity of 0.5, but got 0',
    );
    expect(() => roundsToReach(1, 0.5)).toThrow(
      'Expected a fraction per round of 1 to reach a sparsity of 1, but got 0.5',
    );
    expect(() => roundsToReach(90, 0.2)).toThrow('Expected a target sparsity >= 0 and <= 1, but got 90');
  });
});
