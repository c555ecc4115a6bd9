import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from './tf';
import { createRng, permutation } from '../core/rng';
import { outputUnits, type NetworkSpec } from '../core/network/spec';
import type { Dataset } from '../data/types';
import { disposeData, uploadData, type DataTensors } from './data';
import { createParams, disposeParams, logits, readWeights, type MlpParams } from './mlp';
import { createOptimizer, createTrainer, disposeMasks, tensorCount, uploadMasks } from './train';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Every way a step runs: the cpu backend's loops, webgl's transposed operands, wasm's transposes first. */
const STYLES = ['cpu', 'webgl', 'wasm'] as const;

/** `rows` seeded rows of `features` uniform features (a quarter of them 0, as MNIST's margins are) and `classes` labels. */
function randomData(features: number, classes: number, rows: number, seed: number): Dataset {
  const rng = createRng(seed);
  const split = (n: number) => ({
    x: Float32Array.from({ length: n * features }, () => (rng() < 0.25 ? 0 : rng() * 2 - 1)),
    y: Float32Array.from({ length: n }, () => Math.floor(rng() * classes)),
    rows: n,
  });
  return { features, classes, train: split(rows), test: split(8) };
}

/** A network on `data`, its variables seeded, and the data on the backend. */
function setUp(hidden: number[], activation: NetworkSpec['activation'], data: Dataset) {
  const spec: NetworkSpec = { inputs: data.features, hidden, activation, outputs: outputUnits(data.classes) };
  return { spec, params: createParams(spec, 7), tensors: uploadData(data, spec.outputs) };
}

/** `steps` steps of tf.train.adam minimising tf.losses' cross-entropy through tf's tape: the reference. */
function referenceSteps(spec: NetworkSpec, params: MlpParams, tensors: DataTensors, rows: Int32Array[], rate: number) {
  const optimizer = createOptimizer(rate);
  for (const batch of rows) {
    tf.tidy(() => {
      const indices = tf.tensor1d(batch, 'int32');
      const x = tf.gather(tensors.xTrain, indices);
      const y = tf.gather(tensors.yTrain, indices);
      optimizer.minimize(
        () => {
          const z = logits(spec, params.kernels, params.biases, x);
          return spec.outputs === 1 ? tf.losses.sigmoidCrossEntropy(y, z) : tf.losses.softmaxCrossEntropy(y, z);
        },
        false,
        [...params.kernels, ...params.biases],
      );
    });
  }
  optimizer.dispose();
}

/** A seeded permutation of `rows` rows and its consecutive batches of `size`, as an epoch takes them. */
function epochOf(rows: number, size: number, seed: number): { order: Int32Array; ranges: Array<[number, number]> } {
  const order = permutation(rows, createRng(seed));
  const ranges: Array<[number, number]> = [];
  for (let start = 0; start < rows; start += size) ranges.push([start, Math.min(start + size, rows)]);
  return { order, ranges };
}

const flat = (weights: { kernels: Float32Array[]; biases: Float32Array[] }) => [...weights.kernels, ...weights.biases];

function largestDifference(a: Float32Array[], b: Float32Array[]): number {
  let largest = 0;
  a.forEach((values, i) => values.forEach((v, j) => (largest = Math.max(largest, Math.abs(v - b[i][j])))));
  return largest;
}

// Networks small enough to train with their weights laid end to end, and one too large for it.
const NETWORKS = [
  { name: 'relu, one sigmoid output (20-16-8-1)', hidden: [16, 8], activation: 'relu', features: 20, classes: 2 },
  { name: 'tanh, softmax over 3 classes (4-8-3)', hidden: [8], activation: 'tanh', features: 4, classes: 3 },
  { name: 'relu, weights per variable (784-64-10)', hidden: [64], activation: 'relu', features: 784, classes: 10 },
] as const;

describe('a Trainer step', () => {
  for (const net of NETWORKS) {
    for (const style of STYLES) {
      it(`moves the weights as tf.train.adam through tf's tape does: ${net.name}, run as on ${style}`, async () => {
        const data = randomData(net.features, net.classes, 94, 3);
        const mine = setUp([...net.hidden], net.activation, data);
        const theirs = setUp([...net.hidden], net.activation, data);
        // Three batches of 32, the last of them short (30 rows), then a second epoch.
        const epochs = [epochOf(94, 32, 5), epochOf(94, 32, 6)];
        const trainer = createTrainer(mine.spec, mine.params, mine.tensors, 0.01, null, style);
        for (const { order, ranges } of epochs) {
          trainer.startEpoch(order);
          for (const [start, end] of ranges) trainer.step(start, end);
        }
        trainer.dispose();
        const rows = epochs.flatMap(({ order, ranges }) => ranges.map(([start, end]) => order.subarray(start, end)));
        referenceSteps(theirs.spec, theirs.params, theirs.tensors, rows, 0.01);
        const [a, b] = [await readWeights(mine.params), await readWeights(theirs.params)];
        // Six steps of 0.01 move weights by up to 0.06. The gradients agree to rounding, but Adam
        // divides by |g| + 1e-7, so where a gradient cancels to ~1e-9 the rounding shows: a wrong
        // gradient would be off by the learning rate, these agree to 1% of it.
        expect(largestDifference(flat(a), flat(b))).toBeLessThan(1e-4);
        expect(largestDifference(flat(a), flat(await readWeights(createParams(mine.spec, 7))))).toBeGreaterThan(0.01);
        for (const s of [mine, theirs]) {
          disposeParams(s.params);
          disposeData(s.tensors);
        }
      });
    }
  }
});

describe('pruned weights', () => {
  for (const style of STYLES) {
    it(`stay exactly zero after every step, and a new mask applies at once: run as on ${style}`, async () => {
      const data = randomData(20, 2, 64, 4);
      const { spec, params, tensors } = setUp([16, 8], 'relu', data);
      const before = tensorCount();
      const rng = createRng(9);
      const keep = () => params.kernels.map((k) => Uint8Array.from({ length: k.size }, () => (rng() < 0.5 ? 1 : 0)));
      const first = keep();
      const masks = uploadMasks(params, first);
      const trainer = createTrainer(spec, params, tensors, 0.05, masks, style);
      const zerosWhere = async (kept: Uint8Array[]) => {
        const { kernels } = await readWeights(params);
        return kernels.every((k, i) => k.every((w, j) => kept[i][j] === 1 || w === 0));
      };
      expect(await zerosWhere(first)).toBe(true); // applied before the first step
      const { order, ranges } = epochOf(64, 16, 2);
      trainer.startEpoch(order);
      for (const [start, end] of ranges) {
        trainer.step(start, end);
        expect(await zerosWhere(first)).toBe(true);
      }
      const second = first.map((m) => m.map((kept, j) => (j % 3 === 0 ? 0 : kept)));
      const next = uploadMasks(params, second);
      trainer.setMasks(next);
      expect(await zerosWhere(second)).toBe(true);
      trainer.startEpoch(epochOf(64, 16, 8).order);
      trainer.step(0, 16);
      expect(await zerosWhere(second)).toBe(true);
      // The survivors did train.
      const { kernels } = await readWeights(params);
      expect(kernels.some((k, i) => k.some((w, j) => second[i][j] === 1 && w !== 0))).toBe(true);
      trainer.dispose();
      disposeMasks(masks);
      disposeMasks(next);
      expect(tensorCount()).toBe(before);
      disposeParams(params);
      disposeData(tensors);
    });
  }
});

describe('training is seeded', () => {
  it('gives the same weights for the same rows', async () => {
    const data = randomData(20, 2, 64, 6);
    const run = async () => {
      const { spec, params, tensors } = setUp([16, 8], 'relu', data);
      const trainer = createTrainer(spec, params, tensors, 0.01, null);
      const { order, ranges } = epochOf(64, 16, 1);
      trainer.startEpoch(order);
      for (const [start, end] of ranges) trainer.step(start, end);
      trainer.dispose();
      const weights = await readWeights(params);
      disposeParams(params);
      disposeData(tensors);
      return weights;
    };
    expect(await run()).toEqual(await run());
  });
});
