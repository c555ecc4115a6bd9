import { describe, expect, it } from 'vitest';
import { activate, chainedShapes, forwardLogits } from './forward';
import type { NetworkWeights } from './spec';

const f32 = (values: number[]) => Float32Array.from(values);

// 2-2-1: kernel 0 is [[1, -1], [2, 0.5]], kernel 1 is [[2], [-3]].
const tiny: NetworkWeights = {
  kernels: [f32([1, -1, 2, 0.5]), f32([2, -3])],
  biases: [f32([0.5, -1]), f32([0.25])],
};
const x = f32([1, 1, -1, 0.5]);

describe('activate', () => {
  it('applies relu and tanh', () => {
    expect(activate('relu', -2)).toBe(0);
    expect(activate('relu', 1.5)).toBe(1.5);
    expect(activate('tanh', 0.5)).toBe(Math.tanh(0.5));
  });
});

describe('forwardLogits', () => {
  it('computes a 2-2-1 relu network by hand, with a linear output', () => {
    // row 0: pre = [1 + 2 + 0.5, -1 + 0.5 - 1] = [3.5, -1.5] -> relu [3.5, 0] -> 7 + 0.25
    // row 1: pre = [-1 + 1 + 0.5, 1 + 0.25 - 1] = [0.5, 0.25] -> 1 - 0.75 + 0.25
    expect(Array.from(forwardLogits('relu', tiny, x, 2))).toEqual([7.25, 0.5]);
  });

  it('computes a 2-2-1 tanh network by hand', () => {
    const out = forwardLogits('tanh', tiny, x, 2);
    expect(out[0]).toBeCloseTo(2 * Math.tanh(3.5) - 3 * Math.tanh(-1.5) + 0.25, 6);
    expect(out[1]).toBeCloseTo(2 * Math.tanh(0.5) - 3 * Math.tanh(0.25) + 0.25, 6);
  });

  it('returns row-major [rows, outWidth] and handles 0 rows', () => {
    const twoOut: NetworkWeights = { kernels: [f32([1, 2, 3, 4])], biases: [f32([0, 1])] };
    expect(Array.from(forwardLogits('relu', twoOut, f32([1, 0, 0, 1]), 2))).toEqual([1, 3, 3, 5]);
    expect(forwardLogits('relu', tiny, new Float32Array(0), 0).length).toBe(0);
  });

  it('treats a zero-width hidden layer as feeding nothing: the next layer sees only its biases', () => {
    // 2-0-2-1: layer 1 outputs relu([0.5, -1]) = [0.5, 0]; the output is 0.1 + 0.5 * 2 + 0 * 3.
    const hollow: NetworkWeights = {
      kernels: [new Float32Array(0), new Float32Array(0), f32([2, 3])],
      biases: [new Float32Array(0), f32([0.5, -1]), f32([0.1])],
    };
    expect(Array.from(forwardLogits('relu', hollow, f32([9, 9, -9, 9, 0, 0]), 3))).toEqual(
      [1.1, 1.1, 1.1].map(Math.fround),
    );
    const collapsed: NetworkWeights = {
      kernels: [f32([1, 1, 1, 1]), new Float32Array(0), new Float32Array(0)],
      biases: [f32([1, 1]), new Float32Array(0), f32([0.7])],
    };
    expect(Array.from(forwardLogits('tanh', collapsed, f32([1, 2, 3, 4]), 2))).toEqual([0.7, 0.7].map(Math.fround));
  });

  it('refuses inputs and kernels whose shapes do not chain, with messages that name them', () => {
    expect(() => forwardLogits('relu', tiny, f32([1, 2, 3]), 2)).toThrow(
      'Expected x to hold 2 rows of 2 features (4 values), but got 3',
    );
    expect(() => forwardLogits('relu', tiny, x, 1.5)).toThrow('Expected a whole number of rows >= 0, but got 1.5');
    const badRows: NetworkWeights = { kernels: [tiny.kernels[0], f32([2, -3, 1])], biases: tiny.biases };
    expect(() => forwardLogits('relu', badRows, x, 2)).toThrow(
      'Expected kernel 1 to be [2, 1] (2 entries), but got 3 entries',
    );
    const badCols: NetworkWeights = { kernels: [f32([1, 2, 3]), tiny.kernels[1]], biases: tiny.biases };
    expect(() => forwardLogits('relu', badCols, x, 2)).toThrow(
      'Expected kernel 0 to have 2 columns (its bias length), but got 3 entries',
    );
    const missingBias: NetworkWeights = { kernels: tiny.kernels, biases: [tiny.biases[0]] };
    expect(() => forwardLogits('relu', missingBias, x, 2)).toThrow('Expected as many biases as kernels (2), but got 1');
    expect(() => forwardLogits('relu', { kernels: [], biases: [] }, x, 2)).toThrow(
      'Expected at least one kernel, but got 0',
    );
  });
});

describe('chainedShapes', () => {
  it('reads [fanIn, fanOut] per kernel, and takes the input width as given when layer 0 is empty', () => {
    expect(chainedShapes(tiny)).toEqual([
      [2, 2],
      [2, 1],
    ]);
    const empty: NetworkWeights = {
      kernels: [new Float32Array(0), new Float32Array(0)],
      biases: [new Float32Array(0), f32([1])],
    };
    expect(chainedShapes(empty, 5)).toEqual([
      [5, 0],
      [0, 1],
    ]);
  });
});
