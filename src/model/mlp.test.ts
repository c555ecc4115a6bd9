import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from './tf';
import { createRng } from '../core/rng';
import { forwardLogits } from '../core/network/forward';
import type { NetworkSpec } from '../core/network/spec';
import { logitsInChunks, logitsOf } from './evaluate';
import { createParams, disposeParams, logits, readWeights } from './mlp';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe("the 'fastest' forward pass", () => {
  for (const activation of ['relu', 'tanh'] as const) {
    it(`gives the backend's logits on the cpu backend, zero inputs and all: ${activation}`, async () => {
      const spec: NetworkSpec = { inputs: 30, hidden: [20, 12], activation, outputs: 3 };
      const params = createParams(spec, 4);
      const rng = createRng(2);
      const rows = 50;
      const values = Float32Array.from({ length: rows * spec.inputs }, () => (rng() < 0.3 ? 0 : rng() * 4 - 2));
      const x = tf.tensor2d(values, [rows, spec.inputs]);
      const [fast, backend] = [
        tf.tidy(() => logits(spec, params.kernels, params.biases, x, 'fastest')),
        tf.tidy(() => logits(spec, params.kernels, params.biases, x)),
      ];
      const [a, b] = [fast.dataSync(), backend.dataSync()];
      const cpu = forwardLogits(activation, await readWeights(params), values, rows);
      expect(fast.shape).toEqual([rows, 3]);
      a.forEach((v, i) => {
        expect(Math.abs(v - b[i])).toBeLessThan(1e-5);
        expect(Math.abs(v - cpu[i])).toBeLessThan(1e-5);
      });
      tf.dispose([fast, backend, x]);
      disposeParams(params);
    });
  }
});

describe('logits in chunks', () => {
  it('gives the one-pass logits, pauses between chunks, and stops when abandoned with nothing left', async () => {
    const spec: NetworkSpec = { inputs: 6, hidden: [5], activation: 'relu', outputs: 2 };
    const params = createParams(spec, 3);
    const weights = await readWeights(params);
    const rng = createRng(5);
    const x = tf.tensor2d(
      Float32Array.from({ length: 25 * spec.inputs }, () => rng() * 2 - 1),
      [25, spec.inputs],
    );
    const whole = await logitsOf(spec, weights, x);
    // Between chunks the count awaits `breathe` (the engine passes a real yield on wasm and cpu,
    // whose readbacks resolve at once): 25 rows in chunks of 10 pause twice.
    let pauses = 0;
    const breathe = () => new Promise<void>((resolve) => setTimeout(resolve, 0)).then(() => void pauses++);
    const chunks = tf.split<tf.Tensor2D>(x, [10, 10, 5]);
    expect(await logitsInChunks(spec, weights, chunks, () => false, breathe)).toEqual(whole);
    expect(pauses).toBe(2);
    const before = tf.memory().numTensors;
    expect(await logitsInChunks(spec, weights, chunks, () => pauses >= 3, breathe)).toBeNull();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, ...chunks]);
    disposeParams(params);
  });
});
