import { describe, expect, it } from 'vitest';
import { modelSizes } from '../network/size';
import { quantizeKernels } from './quantize';
import { bitsFor, stageSizes } from './stages';

// One [4, 5] kernel (20 weights) keeping flat positions 1, 4 and 15; 5 biases.
const kernel = new Float32Array(20);
kernel[1] = -1.1;
kernel[4] = -0.9;
kernel[15] = 2;
const mask = Uint8Array.from(kernel, (w) => (w === 0 ? 0 : 1));

describe('stageSizes', () => {
  it('counts dense and pruned by hand (3-bit gaps: 2, 3, a filler, 3)', () => {
    const s = stageSizes([mask], 5, null, 3);
    expect(s.dense).toBe(20 * 4 + 5 * 4);
    // 4 entries × 3 bits = 12 bits → 2 B of gaps, 4 float32 values, 20 B of biases.
    expect(s.pruned).toBe(2 + 16 + 20);
    expect(s.entries).toBe(4);
    expect(s.fillers).toBe(1);
    expect(s.quantized).toBeNull();
    expect(s.dense).toBe(modelSizes({ kernels: [kernel], biases: [new Float32Array(5)] }).dense);
  });

  it('counts weight sharing at 1 bit by hand, with a symbol for the filler', () => {
    // Centroids −1 and 2; symbols 0, 0, 1 and the filler's new symbol 2: 3 symbols → 2 bits.
    const layers = quantizeKernels([kernel], [mask], [5], { kind: 'kmeans', bits: 1 });
    expect(Array.from(layers[0].symbols)).toEqual([0, 0, 1]);
    const s = stageSizes([mask], 5, layers, 3);
    // Gaps 2 B + symbols 4 × 2 bits = 1 B + codebook 2 × 4 B + biases 20 B.
    expect(s.quantized).toBe(2 + 1 + 8 + 20);
    // Gap symbols (g − 1) 1, 2, 7, 2 → Huffman lengths 2, 1, 2: 6 bits = 1 B, table 8 B.
    // Value symbols 0, 0, 2, 1 → lengths 1, 2, 2: 6 bits = 1 B, table 3 B. Codebook 8 B, biases 20 B.
    expect(s.huffman).toBe(1 + 8 + 1 + 3 + 8 + 20);
  });

  it('counts linear 3-bit codes by hand; the filler uses code 0', () => {
    // max|w| = 2, s = 2/3: −1.1 → −2 (−1.65), −0.9 → −1, 2 → 3; symbols code + 3.
    const layers = quantizeKernels([kernel], [mask], [5], { kind: 'linear', bits: 3 });
    expect(Array.from(layers[0].symbols)).toEqual([1, 2, 6]);
    const s = stageSizes([mask], 5, layers, 3);
    // 7 symbols → 3 bits: 12 bits = 2 B; one 4 B scale.
    expect(s.quantized).toBe(2 + 2 + 4 + 20);
    expect(bitsFor(7)).toBe(3);
    expect(bitsFor(1)).toBe(1);
  });

  it('refuses symbols that do not match the mask', () => {
    const layers = quantizeKernels([kernel], [mask], [5], { kind: 'kmeans', bits: 1 });
    expect(() => stageSizes([Uint8Array.from(mask).fill(1, 0, 3)], 5, layers, 3)).toThrow('value symbols for layer 1');
  });
});

describe('quantizeKernels', () => {
  it('keeps pruned weights at 0 and puts every kept weight on a centroid', () => {
    const w = Float32Array.from({ length: 64 }, (_, i) => Math.sin(i * 0.9));
    const m = Uint8Array.from(w, (v) => (Math.abs(v) > 0.3 ? 1 : 0));
    const [layer] = quantizeKernels([w], [m], [8], { kind: 'kmeans', bits: 2 });
    const centroids = new Set(layer.codebook);
    layer.values.forEach((v, i) => {
      if (m[i] === 0) expect(v).toBe(0);
      else expect(centroids.has(v)).toBe(true);
    });
    expect(layer.codebook.length).toBe(4);
  });

  it('leaves the input kernels as they were', () => {
    const w = Float32Array.from([0.3, -0.2, 0.9, 0.1]);
    const copy = w.slice();
    quantizeKernels([w], [Uint8Array.from([1, 1, 1, 0])], [2], { kind: 'channel', bits: 4 });
    expect(w).toEqual(copy);
  });
});
