import { describe, expect, it } from 'vitest';
import { decodePositions, fillersFor, maxGap, relativeIndices } from './sparseIndex';

function maskWith(length: number, kept: number[]): Uint8Array {
  const mask = new Uint8Array(length);
  for (const i of kept) mask[i] = 1;
  return mask;
}

describe('relativeIndices', () => {
  it('stores gaps and bridges a long one with fillers (3 bits: gaps up to 8)', () => {
    // Kept at 1, 4 and 15 of 20: gaps 2, 3, 11. 11 > 8 → one filler 8 on, then 3.
    const r = relativeIndices(maskWith(20, [1, 4, 15]), 3);
    expect(Array.from(r.gaps)).toEqual([2, 3, 8, 3]);
    expect(Array.from(r.weights)).toEqual([1, 4, -1, 15]);
    expect(r.fillers).toBe(1);
  });

  it('needs no filler for a gap of exactly 2^bits and one for 2^bits + 1', () => {
    expect(relativeIndices(maskWith(10, [7]), 3).fillers).toBe(0); // gap 8 from −1
    expect(relativeIndices(maskWith(10, [8]), 3).fillers).toBe(1); // gap 9
    expect(fillersFor(8, 3)).toBe(0);
    expect(fillersFor(9, 3)).toBe(1);
    expect(fillersFor(16, 3)).toBe(1);
    expect(fillersFor(17, 3)).toBe(2);
    expect(fillersFor(300, 5)).toBe(9); // ⌈300 / 32⌉ − 1
  });

  it('counts as many fillers as fillersFor over every gap, and decodes back to the positions', () => {
    const kept = [0, 3, 40, 41, 200, 999];
    const r = relativeIndices(maskWith(1000, kept), 4);
    const gaps = kept.map((p, i) => p - (i === 0 ? -1 : kept[i - 1]));
    expect(r.fillers).toBe(gaps.reduce((n, g) => n + fillersFor(g, 4), 0));
    expect(r.gaps.length).toBe(kept.length + r.fillers);
    expect(Math.max(...r.gaps)).toBeLessThanOrEqual(16);
    expect(decodePositions(r.gaps, (e) => r.weights[e] === -1)).toEqual(kept);
  });

  it('stores nothing for an empty mask, and refuses a width outside 1..16', () => {
    expect(relativeIndices(new Uint8Array(50), 5).gaps.length).toBe(0);
    expect(maxGap(5)).toBe(32);
    expect(() => maxGap(0)).toThrow('Expected a relative index of 1 to 16 bits, but got 0');
  });
});
