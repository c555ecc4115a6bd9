import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../../model/tf';
import { forwardLogits } from '../../core/network/forward';
import { classifierMetrics } from '../../core/metrics';
import type { PruneRule } from '../../core/pruning/prune';
import { createRng, normal } from '../../core/rng';
import { magnitudeRule } from '../../core/pruning/rule';
import type { Dataset, Split } from '../../data/types';
import { PruningSession, type SessionOptions } from '../session';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Three Gaussian blobs in 4-D, one per class: easy for a small softmax network. */
function blobs(rows: number, seed: number): Split {
  const rng = createRng(seed);
  const x = new Float32Array(rows * 4);
  const y = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    const label = r % 3;
    y[r] = label;
    for (let f = 0; f < 4; f++) x[r * 4 + f] = (f === label ? 2 : 0) + 0.5 * normal(rng);
  }
  return { x, y, rows };
}

const DATA: Dataset = { features: 4, classes: 3, train: blobs(300, 1), test: blobs(150, 2) };

/** Target sparsity `fraction`, per layer. */
const target = (targetFraction: number): PruneRule => ({ ...magnitudeRule(0), by: 'target', targetFraction });

function options(estimateRows: number | null): SessionOptions {
  return {
    data: DATA,
    model: { hidden: [16], activation: 'relu' },
    batchSize: 32,
    defaultEpochs: 10,
    seed: 4,
    rule: magnitudeRule(0),
    estimateRows,
  };
}

/** Exact figures of `session`'s current weights, counted here on the CPU over every row. */
async function cpuFigures(session: PruningSession) {
  const weights = await session.currentWeights();
  const x = Float32Array.of(...DATA.train.x, ...DATA.test.x);
  const labels = Float32Array.of(...DATA.train.y, ...DATA.test.y);
  const logits = forwardLogits('relu', weights, x, DATA.train.rows + DATA.test.rows);
  return classifierMetrics(logits, labels, 3, DATA.train.rows);
}

async function settled(session: PruningSession) {
  for (let i = 0; i < 100; i++) {
    await session.idle();
    if (session.getSnapshot().current?.exact) return session.getSnapshot().current!;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('The exact figures never came');
}

describe('a softmax network on three classes', () => {
  let session: PruningSession;
  afterAll(async () => {
    session?.dispose();
    await session?.idle();
  });

  it('has one output per class and learns the blobs', async () => {
    session = new PruningSession(options(null));
    expect(session.spec.outputs).toBe(3);
    await session.train({ epochs: 10, learningRate: 0.01 });
    const before = session.getSnapshot().results['Before pruning']!;
    expect(before.exact).toBe(true);
    expect(before.testAccuracy).toBeGreaterThan(0.9);
    const cpu = await cpuFigures(session);
    expect(before.testAccuracy).toBeCloseTo(cpu.testAccuracy, 10);
    expect(before.testLoss).toBeCloseTo(cpu.testLoss, 4);
  });

  it('keeps pruned weights at exactly zero through fine-tuning', async () => {
    await session.setRule(target(0.7));
    const pruned = await session.currentWeights();
    await session.fineTune({ epochs: 3, learningRate: 0.001 });
    const tuned = await session.currentWeights();
    pruned.kernels.forEach((kernel, l) => kernel.forEach((w, i) => w === 0 && expect(tuned.kernels[l][i]).toBe(0)));
    expect(session.getSnapshot().results['After fine-tuning']!.sparsity).toBeGreaterThanOrEqual(0.69);
  });
});

describe('quick figures on a sample, exact ones when the rule rests', () => {
  let session: PruningSession;
  afterAll(async () => {
    session?.dispose();
    await session?.idle();
  });

  it('estimates on the first rows of each split, then counts every row', async () => {
    session = new PruningSession(options(20));
    expect(session.getSnapshot().estimate).toEqual({ rows: 20, trainRows: 300, testRows: 150 });
    await session.train({ epochs: 5, learningRate: 0.01 });
    // Training ends with exact figures for the Before pruning row.
    expect(session.getSnapshot().results['Before pruning']!.exact).toBe(true);
    const tensors = tf.memory().numTensors;

    await session.setRule(target(0.5));
    const quick = session.getSnapshot().current!;
    expect(quick.exact).toBe(false);
    // Test accuracy over 20 rows is a multiple of 1/20.
    expect(Math.abs(quick.testAccuracy * 20 - Math.round(quick.testAccuracy * 20))).toBeLessThan(1e-9);

    const exact = await settled(session);
    const cpu = await cpuFigures(session);
    expect(exact.testAccuracy).toBeCloseTo(cpu.testAccuracy, 10);
    expect(exact.trainAccuracy).toBeCloseTo(cpu.trainAccuracy, 10);
    expect(exact.testLoss).toBeCloseTo(cpu.testLoss, 4);
    expect(exact.sparsity).toBe(quick.sparsity);
    expect(session.getSnapshot().results['After pruning']).toEqual(exact);
    expect(tf.memory().numTensors).toBe(tensors);
  });

  it('drops the exact count of a cut the slider has left', async () => {
    await session.setRule(target(0.6));
    await session.setRule(target(0.8));
    const exact = await settled(session);
    expect(exact.sparsity).toBeGreaterThan(0.75);
    expect(session.getSnapshot().rule.targetFraction).toBe(0.8);
  });

  it('drops the exact count when a run or a Reset comes before it', async () => {
    await session.setRule(target(0.5));
    await session.fineTune({ epochs: 1, learningRate: 0.001 });
    await new Promise((resolve) => setTimeout(resolve, 500)); // past the rest delay
    await session.idle();
    const snapshot = session.getSnapshot();
    expect(snapshot.current).toEqual(snapshot.results['After fine-tuning']);

    await session.setRule(target(0.7));
    await session.reset();
    await new Promise((resolve) => setTimeout(resolve, 500));
    await session.idle();
    const reset = session.getSnapshot();
    expect(reset.trained).toBe(false);
    expect(reset.results['After pruning']).toBeNull();
    expect(reset.current!.sparsity).toBe(0);
  });
  it('counts the cut exactly before a run that starts ahead of the exact count', async () => {
    await session.train({ epochs: 2, learningRate: 0.01 });
    const cut = session.setRule(target(0.4));
    const tuning = session.fineTune({ epochs: 1, learningRate: 0.001 });
    expect(await cut).toEqual({ kind: 'done' });
    expect((await tuning).kind).toBe('done');
    expect(session.getSnapshot().results['After pruning']!.exact).toBe(true);
    expect(session.getSnapshot().results['After fine-tuning']!.exact).toBe(true);
  });
});

describe('a stopped run on a large data set', () => {
  it('stops at once with quick figures, then shows the exact ones in the Results once it rests', async () => {
    const stoppedSession = new PruningSession(options(60));
    const training = stoppedSession.train({ epochs: 400, learningRate: 0.01 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    await stoppedSession.stop();
    expect((await training).kind).toBe('stopped');
    const quick = stoppedSession.getSnapshot().results['Before pruning']!;
    expect(quick.exact).toBe(false);
    expect(stoppedSession.getSnapshot().status).toBe('Stopped');
    const exact = await settled(stoppedSession);
    expect(stoppedSession.getSnapshot().results['Before pruning']).toEqual(exact);
    const counted = await cpuFigures(stoppedSession);
    expect(exact.testAccuracy).toBeCloseTo(counted.testAccuracy, 6);
    expect(exact.testLoss).toBeCloseTo(counted.testLoss, 4);
    stoppedSession.dispose();
    await stoppedSession.idle();
  });
});
