import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from './tf';
import { createRng } from '../core/rng';
import { forwardLogits } from '../core/network/forward';
import type { MlpSpec } from '../core/network/spec';
import { logitsInChunks, logitsOf } from './evaluate';
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

describe('logits in chunks', () => {
  it('gives the one-pass logits, lets a newer command in between chunks, and stops when abandoned', async () => {
    const spec: MlpSpec = { inputs: 6, hidden: [5], activation: 'relu', outputs: 2 };
    const params = createParams(spec, 3);
    const weights = await readWeights(params);
    const rng = createRng(5);
    const x = tf.tensor2d(
      Float32Array.from({ length: 25 * spec.inputs }, () => rng() * 2 - 1),
      [25, spec.inputs],
    );
    const whole = await logitsOf(spec, weights, x);
    // A "command" posted before the count: on the cpu backend readbacks resolve at once, so it is
    // handled between chunks only if the count really yields to the event loop.
    let handledAt = -1;
    let chunksDone = 0;
    setTimeout(() => (handledAt = chunksDone), 0);
    const breathe = () => new Promise<void>((resolve) => setTimeout(resolve, 0)).then(() => void chunksDone++);
    const chunked = await logitsInChunks(spec, weights, x, 10, () => false, breathe);
    expect(chunked).toEqual(whole);
    expect(chunksDone).toBe(2); // 25 rows in chunks of 10: two pauses, between the three chunks
    expect(handledAt).toBe(0); // the posted work ran during the first pause, before the count ended
    const before = tf.memory().numTensors;
    expect(await logitsInChunks(spec, weights, x, 10, () => chunksDone >= 3, breathe)).toBeNull();
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
    disposeParams(params);
  });
});
