import { describe, expect, it } from 'vitest';
import {
  CAFFE_LENET5,
  LENET5,
  convGeometry,
  flattenWidth,
  kernelDims,
  kernelShapes,
  layerCosts,
  layerNames,
  type ConvNetSpec,
} from './spec';
import { modelSizes } from '../network/size';

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

describe("the page's LeNet-5 (6-16-120-84-10)", () => {
  it('has the map sizes worked out by hand', () => {
    // 28×28×1 → conv 5×5 same → 28×28×6 → pool → 14×14×6 → conv 5×5 valid → 10×10×16 → pool → 5×5×16.
    expect(convGeometry(LENET5)).toEqual([
      { in: [28, 28, 1], conv: [28, 28, 6], out: [14, 14, 6] },
      { in: [14, 14, 6], conv: [10, 10, 16], out: [5, 5, 16] },
    ]);
    expect(flattenWidth(LENET5)).toBe(400);
    expect(kernelDims(LENET5)).toEqual([
      [5, 5, 1, 6],
      [5, 5, 6, 16],
      [400, 120],
      [120, 84],
      [84, 10],
    ]);
    expect(kernelShapes(LENET5)).toEqual([
      [25, 6],
      [150, 16],
      [400, 120],
      [120, 84],
      [84, 10],
    ]);
  });

  it('has 61,470 weights, 61,706 parameters and 416,520 multiply-adds per digit', () => {
    const costs = layerCosts(LENET5);
    // conv1 25·6 = 150 (+6), conv2 150·16 = 2,400 (+16), 48,000 (+120), 10,080 (+84), 840 (+10).
    expect(costs.map((c) => c.weights)).toEqual([150, 2400, 48000, 10080, 840]);
    expect(sum(costs.map((c) => c.weights))).toBe(61470);
    expect(sum(costs.map((c) => c.parameters))).toBe(61706);
    // conv1 28·28 positions × 150 = 117,600; conv2 10·10 × 2,400 = 240,000; dense 58,920.
    expect(costs.map((c) => c.multiplyAdds)).toEqual([117600, 240000, 48000, 10080, 840]);
    expect(sum(costs.map((c) => c.multiplyAdds))).toBe(416520);
  });

  it('names its layers', () => {
    expect(layerNames(LENET5)).toEqual([
      'Conv 1 (5×5, 1→6)',
      'Conv 2 (5×5, 6→16)',
      'Dense 1 (400→120)',
      'Dense 2 (120→84)',
      'Output (84→10)',
    ]);
  });
});

describe("Caffe's LeNet-5 (20-50-500-10) that Han et al. 2015 pruned", () => {
  it('has the 431K weights of Han et al. 2015, Table 1 (430,500), and 2,293,000 multiply-adds', () => {
    // 28 → 24 → 12 → 8 → 4: flatten 4·4·50 = 800, Caffe's ip1 input.
    expect(flattenWidth(CAFFE_LENET5)).toBe(800);
    const costs = layerCosts(CAFFE_LENET5);
    expect(costs.map((c) => c.weights)).toEqual([500, 25000, 400000, 5000]);
    expect(sum(costs.map((c) => c.weights))).toBe(430500);
    expect(sum(costs.map((c) => c.parameters))).toBe(431080);
    // 24·24·500 = 288,000; 8·8·25,000 = 1,600,000; 400,000 + 5,000.
    expect(sum(costs.map((c) => c.multiplyAdds))).toBe(2293000);
  });
});

describe('convGeometry', () => {
  const tiny = (patch: Partial<ConvNetSpec>): ConvNetSpec => ({
    input: [5, 5, 2],
    convs: [{ size: 3, filters: 4, padding: 'valid', pool: true }],
    hidden: [],
    outputs: 3,
    ...patch,
  });

  it('drops an odd last row and column when pooling', () => {
    // 5 → valid 3×3 → 3 → pool → 1.
    expect(convGeometry(tiny({}))).toEqual([{ in: [5, 5, 2], conv: [3, 3, 4], out: [1, 1, 4] }]);
    expect(kernelShapes(tiny({}))).toEqual([
      [18, 4],
      [4, 3],
    ]);
  });

  it('flattens the input itself when there are no convolutions', () => {
    expect(flattenWidth(tiny({ convs: [] }))).toBe(50);
  });

  it('allows a layer of 0 filters (after compaction)', () => {
    const spec = tiny({ convs: [{ size: 3, filters: 0, padding: 'same', pool: false }] });
    expect(kernelShapes(spec)).toEqual([
      [18, 0],
      [0, 3],
    ]);
  });

  it('refuses a map that would vanish, and bad sizes, saying what came', () => {
    expect(() => convGeometry(tiny({ input: [2, 2, 1] }))).toThrow(
      'Expected convolution 1 to leave maps of at least 1×1, but 2×2 gives 0×0',
    );
    expect(() => convGeometry(tiny({ input: [5, 0, 1] }))).toThrow(
      'Expected the input width to be a whole number >= 1, but got 0',
    );
    expect(() => convGeometry(tiny({ convs: [{ size: 2.5, filters: 1, padding: 'same', pool: false }] }))).toThrow(
      "Expected convolution 1's kernel size to be a whole number >= 1, but got 2.5",
    );
  });
});

describe("LeNet-5's sizes in bytes (core/network/size.ts with the conv shapes)", () => {
  it('takes 61,706 × 4 = 246,824 B as dense float32, and counts CSR rows of the [kh·kw·in, filters] view', () => {
    const shapes = kernelShapes(LENET5);
    const weights = {
      kernels: shapes.map(([fanIn, fanOut]) => new Float32Array(fanIn * fanOut).fill(0.5)),
      biases: shapes.map(([, fanOut]) => new Float32Array(fanOut).fill(0.5)),
    };
    const sizes = modelSizes(weights, shapes);
    expect(sizes.dense).toBe(246824);
    // CSR: (4 + 2) B per weight, 4 B per row pointer (fanIn + 1 per kernel: 26 + 151 + 401 + 121 + 85 = 784), biases 4 B.
    expect(sizes.csr).toBe(6 * 61470 + 4 * 784 + 4 * 236);
    expect(() => modelSizes(weights)).toThrow('Expected kernel 1 to be [6, 16] (96 entries), but got 2400 entries');
  });
});
