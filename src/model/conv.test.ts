/** core/conv's CPU passes against TensorFlow.js's own ops on the cpu backend: the reference a conv model will be held to. */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from './tf';
import { createRng, normal } from '../core/rng';
import { conv2dInputGrad, conv2dKernelGrad, maxPool2Grad } from '../core/conv/backward';
import { convLogits, type Maps } from '../core/conv/forward';
import { kernelDims, kernelShapes, type ConvNetSpec, type Padding } from '../core/conv/spec';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const rng = createRng(13);
const randoms = (n: number) => Float32Array.from({ length: n }, () => normal(rng));
const worstGap = (a: ArrayLike<number>, b: ArrayLike<number>) =>
  Array.from(a).reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);
const asMaps = (data: Float32Array, [rows, height, width, channels]: number[]): Maps => ({
  data: Float64Array.from(data),
  rows,
  height,
  width,
  channels,
});

describe('convLogits equals tf.conv2d → relu → tf.maxPool → reshape (NHWC flatten) → matMul', () => {
  const spec: ConvNetSpec = {
    input: [9, 8, 2],
    convs: [
      { size: 4, filters: 3, padding: 'same', pool: true },
      { size: 3, filters: 4, padding: 'valid', pool: false },
    ],
    hidden: [5],
    outputs: 3,
  };

  it('on random weights and inputs, within 1e-5', () => {
    const shapes = kernelShapes(spec);
    const weights = {
      kernels: shapes.map(([fanIn, fanOut]) => randoms(fanIn * fanOut).map((v) => v / Math.sqrt(fanIn))),
      biases: shapes.map(([, fanOut]) => randoms(fanOut).map((v) => 0.1 * v)),
    };
    const rows = 4;
    const x = randoms(rows * 9 * 8 * 2);
    const dims = kernelDims(spec);
    const want = tf.tidy(() => {
      let h: tf.Tensor = tf.tensor4d(x, [rows, 9, 8, 2]);
      spec.convs.forEach((layer, l) => {
        const kernel = tf.tensor4d(weights.kernels[l], dims[l] as [number, number, number, number]);
        h = tf.relu(tf.add(tf.conv2d(h as tf.Tensor4D, kernel, 1, layer.padding), weights.biases[l]));
        if (layer.pool) h = tf.maxPool(h as tf.Tensor4D, 2, 2, 'valid');
      });
      h = tf.reshape(h, [rows, -1]);
      for (let l = spec.convs.length; l < shapes.length; l++) {
        h = tf.add(tf.matMul(h as tf.Tensor2D, tf.tensor2d(weights.kernels[l], shapes[l])), weights.biases[l]);
        if (l < shapes.length - 1) h = tf.relu(h);
      }
      return h;
    });
    // 9×8 → same 4×4 (TF pads 1 before, 2 after) → pool 4×4 → valid 3×3 → 2×2×4 = 16 → 5 → 3.
    expect(want.shape).toEqual([rows, 3]);
    expect(worstGap(convLogits(spec, weights, x, rows), want.dataSync())).toBeLessThan(1e-5);
    want.dispose();
  });
});

describe("core/conv's gradients equal tf.grad's on the cpu backend", () => {
  for (const padding of ['same', 'valid'] as Padding[]) {
    it(`of conv2d with respect to the kernel and the input (${padding}, 2×2 and 3×3)`, () => {
      for (const size of [2, 3]) {
        const inDims = [2, 5, 6, 3];
        const kDims = [size, size, 3, 4];
        const x = randoms(inDims.reduce((a, b) => a * b, 1));
        const kernel = randoms(kDims.reduce((a, b) => a * b, 1));
        const outH = padding === 'same' ? 5 : 6 - size;
        const outW = padding === 'same' ? 6 : 7 - size;
        const g = randoms(2 * outH * outW * 4);
        const [dx, dk] = tf.tidy(() => {
          const gt = tf.tensor4d(g, [2, outH, outW, 4]);
          const loss = (a: tf.Tensor, b: tf.Tensor) =>
            tf.sum(tf.mul(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, padding), gt));
          const grads = tf.grads(loss)([
            tf.tensor4d(x, inDims as [number, number, number, number]),
            tf.tensor4d(kernel, kDims as [number, number, number, number]),
          ]);
          return grads.map((t) => t.dataSync());
        });
        const dOut = asMaps(g, [2, outH, outW, 4]);
        expect(worstGap(conv2dKernelGrad(asMaps(x, inDims), dOut, size, padding), dk)).toBeLessThan(1e-4);
        expect(worstGap(conv2dInputGrad(dOut, kernel, size, 5, 6, padding).data, dx)).toBeLessThan(1e-4);
      }
    });
  }

  it('of the 2×2 max-pool, an odd last row and column dropped', () => {
    const x = randoms(2 * 5 * 4 * 3);
    const g = randoms(2 * 2 * 2 * 3);
    const dx = tf.tidy(() => {
      const gt = tf.tensor4d(g, [2, 2, 2, 3]);
      const loss = (a: tf.Tensor) => tf.sum(tf.mul(tf.maxPool(a as tf.Tensor4D, 2, 2, 'valid'), gt));
      return tf
        .grad(loss)(tf.tensor4d(x, [2, 5, 4, 3]))
        .dataSync();
    });
    expect(worstGap(maxPool2Grad(asMaps(x, [2, 5, 4, 3]), asMaps(g, [2, 2, 2, 3])).data, dx)).toBeLessThan(1e-6);
  });
});
