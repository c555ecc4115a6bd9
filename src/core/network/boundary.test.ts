import { describe, expect, it } from 'vitest';
import { boundaryGrid, dataExtent, predictedClasses, type Extent } from './boundary';
import { forwardLogits } from './forward';
import { createRng } from '../rng';
import type { NetworkWeights } from './spec';

const f32 = (values: number[]) => Float32Array.from(values);
const square: Extent = { xMin: -1, xMax: 1, yMin: -1, yMax: 1 };

// 2-1: logit = 3x, so the boundary is the line x = 0 and class 1 lies to its right.
const vertical: NetworkWeights = { kernels: [f32([3, 0])], biases: [f32([0])] };

describe('boundaryGrid', () => {
  it('puts class 1 on exactly the right half for the line x = 0', () => {
    const n = 8;
    const grid = boundaryGrid('relu', vertical, square, n);
    for (let r = 0; r < n; r++) {
      const row = Array.from(grid.classOf.subarray(r * n, (r + 1) * n));
      expect(row).toEqual([0, 0, 0, 0, 1, 1, 1, 1]);
    }
  });

  it('gives the sigmoid probability of the winning class, highest far from the line', () => {
    const grid = boundaryGrid('relu', vertical, square, 4);
    // Column centres are x = -0.75, -0.25, 0.25, 0.75.
    const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
    expect(grid.confidence[0]).toBeCloseTo(sigmoid(2.25), 6);
    expect(grid.confidence[1]).toBeCloseTo(sigmoid(0.75), 6);
    expect(grid.confidence[2]).toBeCloseTo(sigmoid(0.75), 6);
    expect(grid.confidence[3]).toBeCloseTo(sigmoid(2.25), 6);
  });

  it('puts row 0 at the top: a horizontal line y = 0 with class 1 above', () => {
    const horizontal: NetworkWeights = { kernels: [f32([0, 1])], biases: [f32([0])] };
    const grid = boundaryGrid('tanh', horizontal, square, 2);
    expect(Array.from(grid.classOf)).toEqual([1, 1, 0, 0]);
  });

  it('takes logit 0 as class 0', () => {
    const flat: NetworkWeights = { kernels: [f32([0, 0])], biases: [f32([0])] };
    const grid = boundaryGrid('relu', flat, square, 3);
    expect(Array.from(grid.classOf)).toEqual(new Array(9).fill(0));
    expect(Array.from(grid.confidence)).toEqual(new Array(9).fill(0.5));
  });

  it('picks the argmax of 3 softmax outputs and its softmax probability', () => {
    // Logits [x, -x, 0.5]: class 0 where x > 0.5, class 1 where x < -0.5, class 2 between.
    const three: NetworkWeights = { kernels: [f32([1, -1, 0, 0, 0, 0])], biases: [f32([0, 0, 0.5])] };
    const grid = boundaryGrid('relu', three, { xMin: -2, xMax: 2, yMin: 0, yMax: 1 }, 4);
    // Column centres are x = -1.5, -0.5 (a tie of 0.5 and 0.5: the first, class 1), 0.5 (tie: class 0), 1.5.
    expect(Array.from(grid.classOf.subarray(0, 4))).toEqual([1, 1, 0, 0]);
    const logits = [1.5, -1.5, 0.5];
    const expected = Math.exp(1.5) / logits.reduce((s, z) => s + Math.exp(z), 0);
    expect(grid.confidence[3]).toBeCloseTo(expected, 6);
    expect(grid.confidence[0]).toBeCloseTo(expected, 6);
  });

  it('runs a hidden layer: a 2-2-1 relu network whose boundary is |x| = 0.5', () => {
    // h = [relu(x), relu(-x)], logit = h0 + h1 - 0.5 = |x| - 0.5: class 1 outside the band.
    const band: NetworkWeights = { kernels: [f32([1, -1, 0, 0]), f32([1, 1])], biases: [f32([0, 0]), f32([-0.5])] };
    const grid = boundaryGrid('relu', band, square, 8);
    expect(Array.from(grid.classOf.subarray(0, 8))).toEqual([1, 1, 0, 0, 0, 0, 1, 1]);
  });

  it('agrees with forwardLogits at every cell centre, relu and tanh, with pruned weights', () => {
    const rng = createRng(3);
    const rand = (n: number) => Float32Array.from({ length: n }, () => (rng() < 0.3 ? 0 : rng() * 2 - 1));
    const net: NetworkWeights = {
      kernels: [rand(2 * 8), rand(8 * 8), rand(8 * 3)],
      biases: [rand(8), rand(8), rand(3)],
    };
    const n = 16;
    const extent: Extent = { xMin: -2, xMax: 2, yMin: -2, yMax: 2 };
    const centres = new Float32Array(n * n * 2);
    for (let r = 0; r < n; r++) {
      for (let c = 0; c < n; c++) {
        centres[2 * (r * n + c)] = -2 + (c + 0.5) * 0.25;
        centres[2 * (r * n + c) + 1] = 2 - (r + 0.5) * 0.25;
      }
    }
    for (const activation of ['relu', 'tanh'] as const) {
      const grid = boundaryGrid(activation, net, extent, n);
      const logits = forwardLogits(activation, net, centres, n * n);
      for (let i = 0; i < n * n; i++) {
        const row = Array.from(logits.subarray(3 * i, 3 * i + 3));
        expect(grid.classOf[i]).toBe(row.indexOf(Math.max(...row)));
      }
    }
  });

  it('returns resolution² cells and a copy of the extent', () => {
    const grid = boundaryGrid('relu', vertical, square, 64);
    expect(grid.resolution).toBe(64);
    expect(grid.classOf.length).toBe(64 * 64);
    expect(grid.confidence.length).toBe(64 * 64);
    expect(grid.extent).toEqual(square);
    expect(grid.extent).not.toBe(square);
  });

  it('is fast enough for a live slider on a 2-32-32-1 network', () => {
    const rng = createRng(7);
    const rand = (n: number) => Float32Array.from({ length: n }, () => rng() * 2 - 1);
    const net: NetworkWeights = {
      kernels: [rand(2 * 32), rand(32 * 32), rand(32)],
      biases: [rand(32), rand(32), rand(1)],
    };
    boundaryGrid('relu', net, square, 64); // warm up
    const start = performance.now();
    for (let i = 0; i < 5; i++) boundaryGrid('relu', net, square, 64);
    expect((performance.now() - start) / 5).toBeLessThan(50);
  });

  it('rejects bad resolutions, extents and input widths with what it expected', () => {
    expect(() => boundaryGrid('relu', vertical, square, 0)).toThrow(
      'Expected a whole-number resolution in [1, 1024], but got 0',
    );
    expect(() => boundaryGrid('relu', vertical, square, 2.5)).toThrow('but got 2.5');
    expect(() => boundaryGrid('relu', vertical, { ...square, xMax: -1 }, 4)).toThrow('xMin < xMax');
    expect(() => boundaryGrid('relu', vertical, { ...square, yMin: Number.NaN }, 4)).toThrow('finite extent');
    const threeInputs: NetworkWeights = { kernels: [f32([1, 1, 1])], biases: [f32([0])] };
    expect(() => boundaryGrid('relu', threeInputs, square, 4)).toThrow(
      'Expected a network with 2 inputs (points in the plane), but got 3',
    );
  });
});

describe('predictedClasses', () => {
  // 39 rows take the few-row path, 139 the one that sorts each kernel by receiving neuron.
  it.each([39, 139])(
    'agrees with forwardLogits on %i rows of a 5-input network, sigmoid and softmax, relu and tanh',
    (rows) => {
      const rng = createRng(11);
      const rand = (n: number) => Float32Array.from({ length: n }, () => (rng() < 0.3 ? 0 : rng() * 2 - 1));
      const x = rand(rows * 5);
      for (const activation of ['tanh', 'relu'] as const)
        for (const outputs of [1, 4]) {
          const net: NetworkWeights = { kernels: [rand(5 * 6), rand(6 * outputs)], biases: [rand(6), rand(outputs)] };
          const logits = forwardLogits(activation, net, x, rows);
          const expected = Array.from({ length: rows }, (_, r) => {
            const row = Array.from(logits.subarray(r * outputs, (r + 1) * outputs));
            return outputs === 1 ? (row[0] > 0 ? 1 : 0) : row.indexOf(Math.max(...row));
          });
          expect(Array.from(predictedClasses(activation, net, x, rows))).toEqual(expected);
        }
    },
  );

  it('rejects x that does not hold rows of the input width', () => {
    expect(() => predictedClasses('relu', vertical, f32([1, 2, 3]), 1)).toThrow(
      'Expected x to hold 1 rows of 2 features (2 values), but got 3',
    );
    expect(predictedClasses('relu', vertical, new Float32Array(0), 0).length).toBe(0);
  });
});

describe('dataExtent', () => {
  it('pads the bounding box by 10% and makes it square around its centre', () => {
    // Bounding box x 0..10, y 0..4: side 10, centre (5, 2), half-side 5 + 1.
    const e = dataExtent(f32([0, 0, 10, 4, 3, 1]), 3);
    expect(e.xMin).toBeCloseTo(-1, 6);
    expect(e.xMax).toBeCloseTo(11, 6);
    expect(e.yMin).toBeCloseTo(-4, 6);
    expect(e.yMax).toBeCloseTo(8, 6);
  });

  it('gives a square of side 2 for no points or a single place', () => {
    expect(dataExtent(new Float32Array(0), 0)).toEqual({ xMin: -1, xMax: 1, yMin: -1, yMax: 1 });
    expect(dataExtent(f32([3, 4, 3, 4]), 2)).toEqual({ xMin: 2, xMax: 4, yMin: 3, yMax: 5 });
  });

  it('rejects x that is not rows × 2', () => {
    expect(() => dataExtent(f32([1, 2, 3]), 2)).toThrow('Expected x to hold 2 rows of 2 values (4), but got 3');
    expect(() => dataExtent(f32([]), -1)).toThrow('Expected a whole number of rows >= 0, but got -1');
  });
});
