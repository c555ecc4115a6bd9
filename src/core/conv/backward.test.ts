import { describe, expect, it } from 'vitest';
import { conv2dBiasGrad, conv2dInputGrad, conv2dKernelGrad, maxPool2Grad } from './backward';
import { conv2d, type Maps } from './forward';
import { createRng, normal } from '../rng';
import type { Padding } from './spec';

const maps = (values: number[], height: number, width: number, channels: number): Maps => ({
  data: Float64Array.from(values),
  rows: values.length / (height * width * channels),
  height,
  width,
  channels,
});
const ones = (height: number, width: number) => maps(new Array<number>(height * width).fill(1), height, width, 1);
const x3 = maps([1, 2, 3, 4, 5, 6, 7, 8, 9], 3, 3, 1);
/** Σ g · out: a loss linear in the kernel and in the input. */
const dot = (a: Float64Array, b: Float64Array) => a.reduce((s, v, i) => s + v * b[i], 0);

describe('conv2dKernelGrad', () => {
  it("sums each tap's inputs over the output positions, by hand", () => {
    // 'valid' 2×2 on 1..9 with ∂loss/∂out = 1: tap (0, 0) sees 1 + 2 + 4 + 5, tap (1, 1) 5 + 6 + 8 + 9.
    expect(Array.from(conv2dKernelGrad(x3, ones(2, 2), 2, 'valid'))).toEqual([12, 16, 24, 28]);
    // 'same' pads after: tap (0, 0) sees all nine, tap (0, 1) columns 1–2, tap (1, 0) rows 1–2.
    expect(Array.from(conv2dKernelGrad(x3, ones(3, 3), 2, 'same'))).toEqual([45, 33, 39, 28]);
  });

  for (const padding of ['valid', 'same'] as Padding[]) {
    it(`is the loss of each one-weight kernel, as the loss is linear in the kernel (${padding})`, () => {
      const rng = createRng(padding === 'same' ? 1 : 2);
      const [size, channels, filters] = [3, 2, 3];
      const input = maps(
        Array.from({ length: 2 * 5 * 5 * channels }, () => normal(rng)),
        5,
        5,
        channels,
      );
      const outSide = padding === 'same' ? 5 : 3;
      const g = maps(
        Array.from({ length: 2 * outSide * outSide * filters }, () => normal(rng)),
        outSide,
        outSide,
        filters,
      );
      const grad = conv2dKernelGrad(input, g, size, padding);
      const n = size * size * channels * filters;
      expect(grad.length).toBe(n);
      for (let k = 0; k < n; k++) {
        const basis = new Float32Array(n);
        basis[k] = 1;
        const loss = dot(g.data, conv2d(input, basis, size, new Float32Array(filters), padding).data);
        expect(grad[k]).toBeCloseTo(loss, 10);
      }
    });
  }
});

describe('conv2dInputGrad', () => {
  for (const padding of ['valid', 'same'] as Padding[]) {
    it(`is the loss of each one-pixel input, as the loss is linear in the input (${padding})`, () => {
      const rng = createRng(padding === 'same' ? 3 : 4);
      const [size, channels, filters] = [2, 2, 3];
      const kernel = Float32Array.from({ length: size * size * channels * filters }, () => normal(rng));
      const outSide = padding === 'same' ? 4 : 3;
      const g = maps(
        Array.from({ length: outSide * outSide * filters }, () => normal(rng)),
        outSide,
        outSide,
        filters,
      );
      const grad = conv2dInputGrad(g, kernel, size, 4, 4, padding);
      expect([grad.height, grad.width, grad.channels]).toEqual([4, 4, 2]);
      for (let i = 0; i < 4 * 4 * channels; i++) {
        const basis = maps(new Array<number>(4 * 4 * channels).fill(0), 4, 4, channels);
        basis.data[i] = 1;
        const loss = dot(g.data, conv2d(basis, kernel, size, new Float32Array(filters), padding).data);
        expect(grad.data[i]).toBeCloseTo(loss, 10);
      }
    });
  }
});

describe('conv2dBiasGrad and maxPool2Grad', () => {
  it('sums the output gradient per filter', () => {
    expect(Array.from(conv2dBiasGrad(maps([1, 10, 2, 20, 3, 30], 1, 3, 2)))).toEqual([6, 60]);
  });

  it("routes each window's gradient to its largest entry, the first on a tie, as tf's cpu backend does", () => {
    // Windows (columns 0–1) 1, 3 / 2, 3: the first 3; (columns 2–3) 5, 5 / 0, 4: the first 5.
    const input = maps([1, 3, 5, 5, 2, 3, 0, 4], 2, 4, 1);
    expect(Array.from(maxPool2Grad(input, maps([10, 20], 1, 2, 1)).data)).toEqual([0, 10, 20, 0, 0, 0, 0, 0]);
  });

  it('gives a dropped odd last row and column no gradient', () => {
    expect(Array.from(maxPool2Grad(x3, maps([7], 1, 1, 1)).data)).toEqual([0, 0, 0, 0, 7, 0, 0, 0, 0]);
  });
});
