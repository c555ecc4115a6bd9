/** A conv net on the backends: its forward pass against core/conv's, and a Trainer step on it against tf.train.adam. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from './tf';
import '@tensorflow/tfjs-backend-wasm';
import { createRng, permutation } from '../core/rng';
import { convNetOf, type NetworkSpec, type NetworkWeights } from '../core/network/spec';
import { convLogits } from '../core/conv/forward';
import type { Dataset } from '../data/types';
import { disposeData, uploadData, type DataTensors } from './data';
import { createParams, disposeParams, logits, paramsFrom, readWeights, type MlpParams } from './mlp';
import { createOptimizer, createTrainer, disposeMasks, tensorCount, uploadMasks } from './train';

/** 8×8 digits of 3 classes: a 'same' 3×3 convolution of 4 filters, pooled, a 'valid' 3×3 one of 6, then 8 → 3. */
const SPEC: NetworkSpec = {
  inputs: 64,
  hidden: [8],
  activation: 'relu',
  outputs: 3,
  conv: {
    image: [8, 8, 1],
    layers: [
      { size: 3, filters: 4, padding: 'same', pool: true },
      { size: 3, filters: 6, padding: 'valid', pool: false },
    ],
  },
};

const DATA: Dataset = (() => {
  const rng = createRng(21);
  const split = (n: number) => ({
    x: Float32Array.from({ length: n * 64 }, () => (rng() < 0.3 ? 0 : rng())),
    y: Float32Array.from({ length: n }, () => Math.floor(rng() * 3)),
    rows: n,
  });
  return { features: 64, classes: 3, train: split(48), test: split(8) };
})();

beforeAll(async () => {
  await tf.setBackend('cpu');
});
afterAll(async () => {
  await tf.setBackend('cpu');
});

const worstGap = (a: ArrayLike<number>, b: ArrayLike<number>) =>
  Array.from(a).reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);
const flat = (w: NetworkWeights) => [...w.kernels, ...w.biases];
const worstOf = (a: NetworkWeights, b: NetworkWeights) =>
  Math.max(...flat(a).map((values, i) => worstGap(values, flat(b)[i])));

/** Two epochs of 3 batches of 16 on `params`: the Trainer's steps, or tf.train.adam's through the tape. */
function trainTwoEpochs(params: MlpParams, tensors: DataTensors, by: 'trainer' | 'tape', masks: Uint8Array[] | null) {
  const epochs = [permutation(48, createRng(5)), permutation(48, createRng(6))];
  if (by === 'trainer') {
    const maskTensors = masks && uploadMasks(params, masks);
    const trainer = createTrainer(SPEC, params, tensors, 0.01, maskTensors);
    for (const order of epochs) {
      trainer.startEpoch(order);
      for (let start = 0; start < 48; start += 16) trainer.step(start, start + 16);
    }
    trainer.dispose();
    if (maskTensors) disposeMasks(maskTensors);
    return;
  }
  const optimizer = createOptimizer(0.01);
  for (const order of epochs) {
    for (let start = 0; start < 48; start += 16) {
      tf.tidy(() => {
        const indices = tf.tensor1d(order.subarray(start, start + 16), 'int32');
        const x = tf.gather(tensors.xTrain, indices);
        const y = tf.gather(tensors.yTrain, indices);
        const loss = () =>
          tf.losses.softmaxCrossEntropy<tf.Tensor, tf.Scalar>(
            y,
            logits(SPEC, params.kernels, params.biases, x, 'taped'),
          );
        optimizer.minimize(loss, false, [...params.kernels, ...params.biases]);
      });
    }
  }
  optimizer.dispose();
}

for (const backend of ['cpu', 'wasm']) {
  describe(`a conv net on ${backend}`, () => {
    beforeAll(async () => {
      await tf.setBackend(backend);
      await tf.ready();
    });

    it("gives core/conv's logits, within 1e-5", async () => {
      const params = createParams(SPEC, 3);
      const weights = await readWeights(params);
      const x = tf.tensor2d(DATA.test.x, [8, 64]);
      const mine = tf.tidy(() => logits(SPEC, params.kernels, params.biases, x, 'fastest'));
      const theirs = convLogits(convNetOf(SPEC)!, weights, DATA.test.x, 8);
      expect(worstGap(await mine.data(), theirs)).toBeLessThan(1e-5);
      tf.dispose([mine, x]);
      disposeParams(params);
    });

    it("takes the steps tf.train.adam takes through tf's tape", async () => {
      const tensors = uploadData(DATA, 3);
      const start = await readWeights(createParams(SPEC, 7));
      const [mine, theirs] = [paramsFrom(SPEC, start), paramsFrom(SPEC, start)];
      trainTwoEpochs(mine, tensors, 'trainer', null);
      trainTwoEpochs(theirs, tensors, 'tape', null);
      const [a, b] = [await readWeights(mine), await readWeights(theirs)];
      // Six steps of 0.01: a wrong gradient would be off by about the rate, these agree to 1% of it.
      expect(worstOf(a, b)).toBeLessThan(1e-4);
      expect(worstOf(a, start)).toBeGreaterThan(0.01);
      disposeParams(mine);
      disposeParams(theirs);
      disposeData(tensors);
    });

    it('keeps pruned kernel weights exactly zero, convolutions included, and frees what it makes', async () => {
      const tensors = uploadData(DATA, 3);
      const params = createParams(SPEC, 8);
      const before = tensorCount();
      const rng = createRng(4);
      const masks = params.kernels.map((k) => Uint8Array.from({ length: k.size }, () => (rng() < 0.5 ? 1 : 0)));
      trainTwoEpochs(params, tensors, 'trainer', masks);
      expect(tensorCount()).toBe(before);
      const { kernels } = await readWeights(params);
      kernels.forEach((k, i) => {
        expect(k.every((w, j) => masks[i][j] === 1 || w === 0)).toBe(true);
        expect(k.some((w, j) => masks[i][j] === 1 && w !== 0)).toBe(true);
      });
      disposeParams(params);
      disposeData(tensors);
    });
  });
}

describe('the taped convolution on wasm', () => {
  it('trains as the cpu backend does, within 1e-4', async () => {
    const run = async (backend: string) => {
      await tf.setBackend(backend);
      const tensors = uploadData(DATA, 3);
      const params = createParams(SPEC, 9);
      trainTwoEpochs(params, tensors, 'trainer', null);
      const weights = await readWeights(params);
      disposeParams(params);
      disposeData(tensors);
      return weights;
    };
    const [cpu, wasm] = [await run('cpu'), await run('wasm')];
    expect(worstOf(cpu, wasm)).toBeLessThan(1e-4);
  });
});
