import { describe, expect, it } from 'vitest';
import { breakEvenSparsity, columnIndexBytes, float32Bytes, modelSizes } from './size';
import type { NetworkWeights } from './spec';

/** A 3×2 kernel with 2 non-zeros and a bias of 2 (one of them zero). */
const small: NetworkWeights = {
  kernels: [Float32Array.from([0, 1.5, 0, 0, -2, 0])],
  biases: [Float32Array.from([0.25, 0])],
};

describe('modelSizes', () => {
  it('counts a 3×2 kernel with 2 non-zeros by hand', () => {
    const s = modelSizes(small);
    expect(s.parameters).toBe(8);
    expect(s.nonZero).toBe(3);
    // 8 parameters × 4 B.
    expect(s.dense).toBe(24 + 8);
    // 2 values × 4 B + 2 column indices × 2 B + (3 + 1) row pointers × 4 B, then the bias dense.
    expect(s.csr).toBe(2 * 4 + 2 * 2 + 4 * 4 + 2 * 4);
    // ⌈6 / 8⌉ = 1 B of mask + 2 values × 4 B, then the bias dense.
    expect(s.bitmask).toBe(1 + 2 * 4 + 2 * 4);
    // 8 × 1 B + a 4 B scale for the kernel and one for the bias.
    expect(s.int8).toBe(8 + 2 * 4);
    // 1 B mask + 2 × 1 B + 4 B scale; bias 2 × 1 B + 4 B scale.
    expect(s.int8Sparse).toBe(1 + 2 + 4 + 2 + 4);
  });

  it('sums over layers of a 2-3-1 network', () => {
    const net: NetworkWeights = {
      kernels: [Float32Array.from([1, 0, 0, 0, 2, 0]), Float32Array.from([0, 0, 3])],
      biases: [new Float32Array(3), new Float32Array(1)],
    };
    const s = modelSizes(net);
    expect(s.parameters).toBe(6 + 3 + 3 + 1);
    expect(s.nonZero).toBe(3);
    expect(s.dense).toBe(13 * 4);
    // Layer 1: 2·6 + 3·4; layer 2: 1·6 + 4·4; biases: 4·4.
    expect(s.csr).toBe(2 * 6 + 3 * 4 + (1 * 6 + 4 * 4) + 4 * 4);
    // Layer 1: 1 + 2·4; layer 2: 1 + 1·4; biases 4·4.
    expect(s.bitmask).toBe(1 + 8 + (1 + 4) + 16);
    expect(s.int8).toBe(13 + 4 * 4);
    expect(s.int8Sparse).toBe(1 + 2 + 4 + (1 + 1 + 4) + (3 + 4) + (1 + 4));
  });

  it('charges only the row pointers and mask for an all-zero kernel', () => {
    const s = modelSizes({ kernels: [new Float32Array(20 * 10)], biases: [new Float32Array(10)] });
    expect(s.nonZero).toBe(0);
    expect(s.dense).toBe(210 * 4);
    expect(s.csr).toBe(21 * 4 + 10 * 4);
    expect(s.bitmask).toBe(25 + 10 * 4);
    expect(s.int8).toBe(210 + 8);
    expect(s.int8Sparse).toBe(25 + 4 + 10 + 4);
  });

  it('makes every sparse encoding larger than dense when nothing is pruned', () => {
    const kernel = new Float32Array(20 * 10).fill(0.5);
    const bias = new Float32Array(10).fill(0.1);
    const s = modelSizes({ kernels: [kernel], biases: [bias] });
    expect(s.nonZero).toBe(210);
    expect(s.dense).toBe(840);
    expect(s.csr).toBe(200 * 6 + 21 * 4 + 40);
    expect(s.bitmask).toBe(25 + 800 + 40);
    expect(s.csr).toBeGreaterThan(s.dense);
    expect(s.bitmask).toBeGreaterThan(s.dense);
    expect(s.int8Sparse).toBeGreaterThan(s.int8);
  });

  it('counts -0 as zero', () => {
    const s = modelSizes({ kernels: [Float32Array.from([-0, 0, 1, 0])], biases: [new Float32Array(1)] });
    expect(s.nonZero).toBe(1);
  });

  it('rejects kernels that do not chain', () => {
    expect(() =>
      modelSizes({
        kernels: [new Float32Array(6), new Float32Array(5)],
        biases: [new Float32Array(2), new Float32Array(1)],
      }),
    ).toThrow(/Expected kernel 1 to be \[2, 1\]/);
  });
});

describe('columnIndexBytes', () => {
  it('uses 2 B up to 65,536 columns and 4 B beyond', () => {
    expect(columnIndexBytes(1)).toBe(2);
    expect(columnIndexBytes(65_536)).toBe(2);
    expect(columnIndexBytes(65_537)).toBe(4);
  });
});

describe('breakEvenSparsity', () => {
  it('is about a third for LeNet-300-100 with CSR, 1/32 with a bitmask, 1/8 for int8', () => {
    const widths = [784, 300, 100, 10];
    const net: NetworkWeights = {
      kernels: widths.slice(1).map((out, i) => new Float32Array(widths[i] * out)),
      biases: widths.slice(1).map((out) => new Float32Array(out)),
    };
    const b = breakEvenSparsity(net);
    // 1 − (4·266,200 − 4·(785 + 301 + 101)) / (6·266,200)
    expect(b.csr).toBeCloseTo(1 - (4 * 266_200 - 4 * 1187) / (6 * 266_200), 12);
    expect(b.csr).toBeCloseTo(0.3363, 4);
    expect(b.bitmask).toBe(1 / 32);
    expect(b.int8Sparse).toBe(1 / 8);
  });

  it('matches modelSizes at the break-even point', () => {
    // A 100×100 kernel: CSR equals dense when 6·nnz + 4·101 = 4·10,000, i.e. nnz = 6,599.33.
    const b = breakEvenSparsity({ kernels: [new Float32Array(10_000)], biases: [new Float32Array(100)] });
    const nnz = Math.round((1 - b.csr) * 10_000);
    const kernel = new Float32Array(10_000);
    kernel.fill(1, 0, nnz);
    const s = modelSizes({ kernels: [kernel], biases: [new Float32Array(100)] });
    expect(Math.abs(s.csr - s.dense)).toBeLessThanOrEqual(6);
  });
});

describe('float32Bytes', () => {
  it('writes kernels then biases as little-endian float32', () => {
    const bytes = float32Bytes(small);
    expect(bytes.length).toBe(8 * 4);
    const view = new DataView(bytes.buffer);
    const values = Array.from({ length: 8 }, (_, i) => view.getFloat32(4 * i, true));
    expect(values).toEqual([0, 1.5, 0, 0, -2, 0, 0.25, 0]);
    // 1.5 = 0x3fc00000, least significant byte first.
    expect(Array.from(bytes.subarray(4, 8))).toEqual([0x00, 0x00, 0xc0, 0x3f]);
  });
});
