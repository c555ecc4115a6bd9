import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from './tf';
import { createRng } from '../core/rng';
import { forwardLogits } from '../core/network/forward';
import type { MlpSpec } from '../core/network/spec';
import { createParams, disposeParams, logits, readWeights } from './mlp';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe("the 'fastest' forward pass", () => {
  for (const activation of ['relu', 'tanh'] as const) {
    it(`gives the backend's logits on the cpu backend, zero inputs and all: ${activation}`, async () => {
      const spec: MlpSpec = { inputs: 30, hidden: [20, 12], activation, outputs: 3 };
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
