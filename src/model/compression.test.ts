import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from './tf';
import { centroidGradients, kmeans1d } from '../core/compression/kmeans';
import { createRng, permutation } from '../core/rng';
import { outputUnits, type NetworkSpec } from '../core/network/spec';
import type { Dataset } from '../data/types';
import { disposeData, uploadData } from './data';
import { softTargets } from './distill';
import { createParams, disposeParams, logits, readWeights, writeWeights } from './mlp';
import { centroidGradient, disposeShared, sharedSlot } from './sharing';
import { createOptimizer, createTrainer, disposeMasks, tensorCount, uploadMasks } from './train';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const STYLES = ['cpu', 'webgl', 'wasm'] as const;

function randomData(features: number, classes: number, rows: number, seed: number): Dataset {
  const rng = createRng(seed);
  const split = (n: number) => ({
    x: Float32Array.from({ length: n * features }, () => rng() * 2 - 1),
    y: Float32Array.from({ length: n }, () => Math.floor(rng() * classes)),
    rows: n,
  });
  return { features, classes, train: split(rows), test: split(8) };
}

function setUp(hidden: number[], data: Dataset, seed = 7) {
  const spec: NetworkSpec = { inputs: data.features, hidden, activation: 'tanh', outputs: outputUnits(data.classes) };
  return { spec, params: createParams(spec, seed), tensors: uploadData(data, spec.outputs) };
}

describe('centroidGradient', () => {
  it('is the sum of the gradients of the kept weights of each cluster', () => {
    // A [2, 3] kernel gradient; weights 0, 2, 4 in cluster 0, weight 1 in cluster 1, weight 3 in 2 but pruned.
    const g = tf.tensor2d([0.5, -1, 0.25, 2, 0.125, 9], [2, 3]);
    const shared = sharedSlot({
      assignment: Int32Array.from([0, 1, 0, 2, 0, 1]),
      centroids: new Float32Array(3),
      mask: Uint8Array.from([1, 1, 1, 0, 1, 0]),
    });
    const gc = centroidGradient(g, shared);
    expect(Array.from(gc.dataSync())).toEqual([0.875, -1, 0]);
    // The same as core's over the kept weights only.
    expect(
      Array.from(centroidGradients(Float32Array.from([0.5, -1, 0.25, 0.125]), Uint16Array.from([0, 1, 0, 0]), 3)),
    ).toEqual([0.875, -1, 0]);
    tf.dispose([g, gc]);
    disposeShared(shared);
  });
});

describe('trained weight sharing', () => {
  for (const style of STYLES) {
    it(`keeps the mask and every kept weight on a centroid while the centroids train: run as on ${style}`, async () => {
      const data = randomData(8, 2, 64, 3);
      const { spec, params, tensors } = setUp([8], data);
      const before = tensorCount();
      const start = await readWeights(params);
      const rng = createRng(4);
      const keep = start.kernels.map((k) => Uint8Array.from(k, () => (rng() < 0.6 ? 1 : 0)));
      // 2 bits: 4 shared values per kernel, from k-means over its kept weights.
      const sharing = start.kernels.map((k, l) => {
        const kept = Float32Array.from(k.filter((_, i) => keep[l][i] === 1));
        const c = kmeans1d(kept, 2);
        const assignment = new Int32Array(k.length);
        let j = 0;
        keep[l].forEach((m, i) => (assignment[i] = m === 1 ? c.assignment[j++] : 0));
        return { assignment, centroids: c.centroids, mask: keep[l] };
      });
      writeWeights(params, {
        kernels: sharing.map((s, l) => Float32Array.from(s.assignment, (a, i) => (keep[l][i] ? s.centroids[a] : 0))),
        biases: start.biases,
      });
      const masks = uploadMasks(params, keep);
      const trainer = createTrainer(spec, params, tensors, 0.05, masks, style, { sharing });
      const order = permutation(64, createRng(1));
      for (let epoch = 0; epoch < 3; epoch++) {
        trainer.startEpoch(order);
        for (let b = 0; b < 64; b += 16) trainer.step(b, b + 16);
      }
      trainer.dispose();
      disposeMasks(masks);
      expect(tensorCount()).toBe(before);
      const after = await readWeights(params);
      after.kernels.forEach((k, l) => {
        const kept = Array.from(k).filter((_, i) => keep[l][i] === 1);
        // Pruned weights are exactly 0; kept weights take at most 4 values, each cluster one.
        k.forEach((w, i) => keep[l][i] === 0 && expect(w === 0).toBe(true)); // −0 too
        expect(new Set(kept).size).toBeLessThanOrEqual(4);
        const byCluster = new Map<number, number>();
        k.forEach((w, i) => {
          if (keep[l][i] !== 1) return;
          const a = sharing[l].assignment[i];
          if (byCluster.has(a)) expect(w).toBe(byCluster.get(a));
          else byCluster.set(a, w);
        });
        // The centroids did move.
        expect([...byCluster].some(([a, w]) => Math.abs(w - sharing[l].centroids[a]) > 1e-3)).toBe(true);
      });
      disposeParams(params);
      disposeData(tensors);
    });
  }
});

describe('distillation', () => {
  for (const classes of [2, 3]) {
    it(`steps as tf.train.adam does on (1 − α)·CE + α·T²·KL through tf's tape (${classes} classes)`, async () => {
      const data = randomData(6, classes, 48, 5);
      const mine = setUp([8], data);
      const theirs = setUp([8], data);
      const teacher = setUp([8], data, 99);
      const teacherWeights = await readWeights(teacher.params);
      const options = { temperature: 3, alpha: 0.7 };
      const targets = softTargets(teacher.spec, teacherWeights, mine.tensors, options.temperature);
      const trainer = createTrainer(mine.spec, mine.params, mine.tensors, 0.01, null, 'cpu', {
        distill: { targets, options },
      });
      const order = permutation(48, createRng(2));
      trainer.startEpoch(order);
      for (let b = 0; b < 48; b += 16) trainer.step(b, b + 16);
      trainer.dispose();

      const optimizer = createOptimizer(0.01);
      const t = options.temperature;
      for (let b = 0; b < 48; b += 16) {
        tf.tidy(() => {
          const indices = tf.tensor1d(order.subarray(b, b + 16), 'int32');
          const x = tf.gather(theirs.tensors.xTrain, indices);
          const y = tf.gather(theirs.tensors.yTrain, indices);
          const pt = tf.gather(targets, indices);
          optimizer.minimize(
            () => {
              const z = logits(theirs.spec, theirs.params.kernels, theirs.params.biases, x);
              const hard = classes === 2 ? tf.losses.sigmoidCrossEntropy(y, z) : tf.losses.softmaxCrossEntropy(y, z);
              const zt = tf.div(z, t);
              // KL(pt ‖ p^T) = Σ pt (log pt − log p^T), as two-class probabilities for one output.
              const logP =
                classes === 2 ? tf.log(tf.concat([tf.sigmoid(tf.neg(zt)), tf.sigmoid(zt)], 1)) : tf.logSoftmax(zt);
              const ptAll = classes === 2 ? tf.concat([tf.sub(1, pt), pt], 1) : pt;
              const kl = tf.mean(tf.sum(tf.mul(ptAll, tf.sub(tf.log(tf.maximum(ptAll, 1e-30)), logP)), 1));
              return tf.add<tf.Scalar>(tf.mul(hard, 1 - options.alpha), tf.mul(kl, options.alpha * t * t));
            },
            false,
            [...theirs.params.kernels, ...theirs.params.biases],
          );
        });
      }
      optimizer.dispose();
      const [a, b] = [await readWeights(mine.params), await readWeights(theirs.params)];
      const diff = a.kernels.flatMap((k, i) => Array.from(k, (v, j) => Math.abs(v - b.kernels[i][j])));
      expect(Math.max(...diff)).toBeLessThan(1e-4);
      targets.dispose();
      for (const s of [mine, theirs, teacher]) {
        disposeParams(s.params);
        disposeData(s.tensors);
      }
    });
  }
});
