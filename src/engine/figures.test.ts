import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../model/tf';
import { magnitudeRule } from '../core/pruning/rule';
import { PruningSession } from './session';
import { generatedSessionOptions } from './setup';
import { FigureCounter } from './figures';
import { disposeData, uploadData } from '../model/data';
import { kernelShapes, specFor } from '../core/network/spec';

const FAST = { epochs: 2, learningRate: 0.001 };
const sessions: PruningSession[] = [];

beforeAll(async () => {
  await tf.setBackend('cpu');
});

afterEach(async () => {
  for (const session of sessions.splice(0)) {
    session.dispose();
    await session.idle();
  }
});

function session(countOnCpu: boolean, hidden?: number[], sparseCountRatio = 0): PruningSession {
  const options = generatedSessionOptions('seed-replica', {
    seed: 1,
    rule: magnitudeRule(0.1),
    ...(hidden && { model: { hidden, activation: 'relu' as const } }),
  });
  const created = new PruningSession({ ...options, countOnCpu, sparseCountRatio });
  sessions.push(created);
  return created;
}

describe('figures counted in JavaScript (software WebGL)', () => {
  it('agree with the backend’s, and threshold 0 gives the baseline’s figures exactly', async () => {
    const cpu = session(true);
    const backend = session(false);
    expect(await cpu.train(FAST)).toEqual({ kind: 'done' });
    expect(await backend.train(FAST)).toEqual({ kind: 'done' });
    expect(cpu.getSnapshot().figuresOnCpu).toBe(true);
    expect(backend.getSnapshot().figuresOnCpu).toBe(false);

    const baseline = cpu.getSnapshot().results['Before pruning']!;
    const reference = backend.getSnapshot().results['Before pruning']!;
    expect(baseline.testLoss).toBeCloseTo(reference.testLoss, 5);
    expect(baseline.trainLoss).toBeCloseTo(reference.trainLoss, 5);
    expect(Math.abs(baseline.testAccuracy - reference.testAccuracy)).toBeLessThanOrEqual(0.005);

    await cpu.setRule(magnitudeRule(0.1));
    await backend.setRule(magnitudeRule(0.1));
    const pruned = cpu.getSnapshot().current!;
    expect(pruned.sparsity).toBe(backend.getSnapshot().current!.sparsity);
    expect(pruned.testLoss).toBeCloseTo(backend.getSnapshot().current!.testLoss, 5);
    expect(pruned.testLoss).not.toBe(baseline.testLoss);

    await cpu.setRule(magnitudeRule(0));
    expect(cpu.getSnapshot().current).toEqual(baseline);
  });

  it('leave a network too large for JavaScript to the backend', async () => {
    // 20-4000-1 on 1,200 rows: 100 million multiply-adds per evaluation.
    const large = session(true, [4000]);
    await large.idle();
    expect(large.getSnapshot().figuresOnCpu).toBe(false);
  });
});

describe('figures of a pruned network counted over its kept weights (core/network/sparse)', () => {
  it('agree with the backend’s, and threshold 0 gives the baseline’s figures exactly', async () => {
    const sparse = session(false, undefined, 1);
    const backend = session(false);
    expect(await sparse.train(FAST)).toEqual({ kind: 'done' });
    expect(await backend.train(FAST)).toEqual({ kind: 'done' });
    const baseline = sparse.getSnapshot().results['Before pruning']!;
    const reference = backend.getSnapshot().results['Before pruning']!;
    expect(baseline.testLoss).toBeCloseTo(reference.testLoss, 5);
    expect(baseline.trainLoss).toBeCloseTo(reference.trainLoss, 5);

    for (const threshold of [0.05, 0.2]) {
      await sparse.setRule(magnitudeRule(threshold));
      await backend.setRule(magnitudeRule(threshold));
      const pruned = sparse.getSnapshot().current!;
      const expected = backend.getSnapshot().current!;
      expect(pruned.sparsity).toBe(expected.sparsity);
      expect(pruned.testLoss).toBeCloseTo(expected.testLoss, 5);
      expect(pruned.trainLoss).toBeCloseTo(expected.trainLoss, 5);
      expect(Math.abs(pruned.testAccuracy - expected.testAccuracy)).toBeLessThanOrEqual(0.005);
      expect(pruned.testLoss).not.toBe(baseline.testLoss);
    }

    await sparse.setRule(magnitudeRule(0));
    expect(sparse.getSnapshot().current).toEqual(baseline);
  });
});

describe('the sparse path’s ratio, measured on this device (FigureCounter.calibrate)', () => {
  const options = generatedSessionOptions('seed-replica', { seed: 1, rule: magnitudeRule(0) });
  const spec = specFor(options.model, options.data);

  it('is a share of the dense work in (0, 1], and the same weights then give the same figures', async () => {
    const data = uploadData(options.data, spec.outputs, 300);
    try {
      const counter = new FigureCounter(options.data, data, false, 0.5);
      const tensors = tf.memory().numTensors;
      const ratio = await counter.calibrate(spec);
      expect(tf.memory().numTensors).toBe(tensors);
      expect(ratio).toBeGreaterThan(0);
      expect(ratio).toBeLessThanOrEqual(1);
      const weights = {
        kernels: kernelShapes(spec).map(([i, o]) => Float32Array.from({ length: i * o }, (_, k) => (k % 7 ? 0 : 0.1))),
        biases: kernelShapes(spec).map(([, o]) => new Float32Array(o)),
      };
      const first = await counter.ofWeights(weights, spec);
      expect(await counter.ofWeights(weights, spec)).toEqual(first);
      expect(await counter.ofWeights(weights, spec, 'exact')).toEqual(await counter.ofWeights(weights, spec, 'exact'));
    } finally {
      disposeData(data);
    }
  });

  it('measures nothing where the backend has no sparse path (ratio 0) or the network is convolutional', async () => {
    const data = uploadData(options.data, spec.outputs, 300);
    try {
      expect(await new FigureCounter(options.data, data, false, 0).calibrate(spec)).toBeNull();
      const conv = { ...spec, conv: { image: [4, 5, 1] as const, layers: [] } };
      expect(await new FigureCounter(options.data, data, false, 0.5).calibrate(conv)).toBeNull();
    } finally {
      disposeData(data);
    }
  });
});
