import { describe, expect, it } from 'vitest';
import { maxCode, quantizeLinear } from './linear';

describe('quantizeLinear', () => {
  it('maps a hand-made kernel to int8 per tensor', () => {
    // max|w| = 1.27 → s = 0.01; 0.5 → 50, −1.27 → −127, 0 → 0, 0.004 → 0 (0.4 rounds down), 0.005 → 1.
    const q = quantizeLinear(Float32Array.from([0.5, -1.27, 0, 0.004, 0.005, 1.27]), 2, 8, 'tensor');
    expect(Array.from(q.codes)).toEqual([50, -127, 0, 0, 1, 127]);
    expect(q.scales.length).toBe(1);
    expect(q.scales[0]).toBeCloseTo(0.01, 7);
    expect(q.values[2]).toBe(0);
  });

  it('gives each output channel its own scale', () => {
    // [2, 2] kernel: column 0 is {1, −0.6}, column 1 is {0.03, 0.01}. 3 bits: maxCode 3.
    // Column 0: s = 1/3 → codes 3, −1.8 → −2. Column 1: s = 0.01 → 3, 1.
    const q = quantizeLinear(Float32Array.from([1, 0.03, -0.6, 0.01]), 2, 3, 'channel');
    expect(Array.from(q.codes)).toEqual([3, 3, -2, 1]);
    expect(q.scales.length).toBe(2);
    // Per tensor the small column collapses: s = 1/3 and 0.03 / s = 0.09 → 0.
    expect(Array.from(quantizeLinear(Float32Array.from([1, 0.03, -0.6, 0.01]), 2, 3, 'tensor').codes)).toEqual([
      3, 0, -2, 0,
    ]);
  });

  it('comes back within half a step of every weight, and exactly at 0 and ±max', () => {
    const kernel = Float32Array.from({ length: 60 }, (_, i) => Math.sin(i * 1.7) * (i % 7 === 0 ? 0 : 1));
    for (const granularity of ['tensor', 'channel'] as const) {
      const q = quantizeLinear(kernel, 6, 4, granularity);
      kernel.forEach((w, i) => {
        const s = q.scales[granularity === 'tensor' ? 0 : i % 6];
        expect(Math.abs(q.values[i] - w)).toBeLessThanOrEqual(s / 2 + 1e-7);
        if (w === 0) expect(q.values[i]).toBe(0);
        expect(Math.abs(q.codes[i])).toBeLessThanOrEqual(7);
      });
    }
  });

  it('round-trips values that are already on the grid', () => {
    const kernel = Float32Array.from([-0.75, 0.25, 0.5, 0.75]);
    const q = quantizeLinear(kernel, 4, 3, 'tensor');
    expect(Array.from(q.values)).toEqual(Array.from(kernel));
  });

  it('gives an all-zero tensor scale 0 and codes 0', () => {
    const q = quantizeLinear(new Float32Array(4), 2, 8, 'channel');
    expect(Array.from(q.scales)).toEqual([0, 0]);
    expect(Array.from(q.values)).toEqual([0, 0, 0, 0]);
  });

  it('refuses bits outside 2..16 and a kernel of broken rows', () => {
    expect(maxCode(8)).toBe(127);
    expect(() => maxCode(1)).toThrow('Expected 2 to 16 bits of linear quantization, but got 1');
    expect(() => quantizeLinear(new Float32Array(5), 2, 8, 'tensor')).toThrow('whole rows of 2');
  });
});
