import { describe, expect, it } from 'vitest';
import { createRng } from '../rng';
import { forwardLogits } from './forward';
import {
  denseKernelMultiplyAdds,
  nonZeroShare,
  sparseLogits,
  sparseMultiplyAdds,
  sparseNetwork,
  sparseRows,
} from './sparse';
import type { Activation, NetworkWeights } from './spec';

/** A seeded network of `sizes` whose kernels have `zeroShare` of their entries exactly 0. */
function network(sizes: number[], zeroShare: number, seed: number): NetworkWeights {
  const rng = createRng(seed);
  const kernels: Float32Array[] = [];
  const biases: Float32Array[] = [];
  for (let l = 0; l + 1 < sizes.length; l++) {
    kernels.push(Float32Array.from({ length: sizes[l] * sizes[l + 1] }, () => (rng() < zeroShare ? 0 : rng() * 2 - 1)));
    biases.push(Float32Array.from({ length: sizes[l + 1] }, () => rng() - 0.5));
  }
  return { kernels, biases };
}

describe('sparseRows', () => {
  it('keeps each row’s non-zero entries in column order', () => {
    // [[0, 2, 0], [0, 0, 0], [-1, 0, 3]]
    const rows = sparseRows(Float32Array.of(0, 2, 0, 0, 0, 0, -1, 0, 3), 3, 3);
    expect([...rows.rowStart]).toEqual([0, 1, 1, 3]);
    expect([...rows.cols]).toEqual([1, 0, 2]);
    expect([...rows.values]).toEqual([2, -1, 3]);
  });

  it('refuses a kernel of the wrong size', () => {
    expect(() => sparseRows(new Float32Array(5), 2, 3)).toThrow('Expected a kernel of 6 entries ([2, 3]), but got 5');
  });
});

describe('sparseLogits', () => {
  it('gives forwardLogits’s logits to the bit, pruned or not, relu or tanh, with zero inputs', () => {
    for (const [activation, zeroShare, seed] of [
      ['relu', 0, 1],
      ['relu', 0.9, 2],
      ['tanh', 0.5, 3],
      ['relu', 1, 4],
    ] as Array<[Activation, number, number]>) {
      const weights = network([12, 9, 7, 3], zeroShare, seed);
      const rng = createRng(seed + 100);
      const rows = 25;
      const x = Float32Array.from({ length: rows * 12 }, () => (rng() < 0.6 ? 0 : rng() * 4 - 2));
      const dense = forwardLogits(activation, weights, x, rows);
      const out = new Float32Array(rows * 3);
      const net = sparseNetwork(activation, weights);
      sparseLogits(net, x, 0, 10, out);
      sparseLogits(net, x, 10, rows, out);
      expect([...out].map((v) => v + 0)).toEqual([...dense].map((v) => v + 0)); // -0 and 0 alike
    }
  });
});

describe('nonZeroShare and sparseMultiplyAdds', () => {
  it('counts the first layer exactly and half of a relu layer’s outputs after it', () => {
    // 3 rows of 2 inputs: input 0 is non-zero twice, input 1 never.
    const share = nonZeroShare(Float32Array.of(1, 0, 0, 0, 5, 0), 3, 2);
    expect([...share]).toEqual([Math.fround(2 / 3), 0]);
    // Kernel 0 [2, 2]: row 0 keeps 2, row 1 keeps 1. Kernel 1 [2, 1]: both kept.
    const weights = {
      kernels: [Float32Array.of(1, 1, 0, 1), Float32Array.of(1, 1)],
      biases: [new Float32Array(2), new Float32Array(1)],
    };
    const relu = sparseNetwork('relu', weights);
    expect(sparseMultiplyAdds(relu, share)).toBeCloseTo((2 / 3) * 2 + 0 * 1 + 0.5 * 2, 6);
    expect(sparseMultiplyAdds(sparseNetwork('tanh', weights), share)).toBeCloseTo((2 / 3) * 2 + 2, 6);
  });

  it('counts the same on the dense kernels, without building the sparse network (denseKernelMultiplyAdds)', () => {
    const rng = createRng(4);
    const weights = {
      kernels: [40 * 12, 12 * 3].map((n) => Float32Array.from({ length: n }, () => (rng() < 0.6 ? 0 : rng() - 0.5))),
      biases: [new Float32Array(12), new Float32Array(3)],
    };
    const share = Float32Array.from({ length: 40 }, (_, i) => (i % 3) / 2);
    for (const activation of ['relu', 'tanh'] as const)
      expect(denseKernelMultiplyAdds(activation, weights, share)).toBeCloseTo(
        sparseMultiplyAdds(sparseNetwork(activation, weights), share),
        9,
      );
  });
});
