/** A session on a small conv net: trained, pruned by filters, fine-tuned with the mask kept, compacted. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../../model/tf';
import { createRng } from '../../core/rng';
import { magnitudeRule } from '../../core/pruning/rule';
import type { PruneRule } from '../../core/pruning/prune';
import { keptColumns } from '../../core/conv/filters';
import { kernelShapes } from '../../core/network/spec';
import type { Dataset } from '../../data/types';
import { PruningSession } from '../session';
import type { SessionOptions } from '../setup';

/** 8×8 images of 3 classes: a bright row, column or diagonal on noise, so a small conv net can learn them. */
function images(rows: number, seed: number): Dataset['train'] {
  const rng = createRng(seed);
  const x = new Float32Array(rows * 64);
  const y = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    const label = Math.floor(rng() * 3);
    const at = Math.floor(rng() * 8);
    y[r] = label;
    for (let p = 0; p < 64; p++) {
      const [i, j] = [Math.floor(p / 8), p % 8];
      const on = label === 0 ? i === at : label === 1 ? j === at : i === j;
      x[r * 64 + p] = (on ? 1 : 0) + 0.2 * rng();
    }
  }
  return { x, y, rows };
}

const OPTIONS: SessionOptions = {
  data: { features: 64, classes: 3, train: images(192, 1), test: images(96, 2), image: { width: 8, height: 8 } },
  model: {
    hidden: [12],
    activation: 'relu',
    conv: {
      image: [8, 8, 1],
      layers: [
        { size: 3, filters: 6, padding: 'same', pool: true },
        { size: 3, filters: 8, padding: 'valid', pool: false },
      ],
    },
  },
  batchSize: 32,
  defaultEpochs: 20,
  seed: 3,
  rule: magnitudeRule(0),
};

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('a conv net in a session', () => {
  const start = { tensors: 0 };
  let session: PruningSession;
  beforeAll(() => {
    start.tensors = tf.memory().numTensors;
    session = new PruningSession(OPTIONS);
  });
  afterAll(async () => {
    session.dispose();
    await session.idle();
    expect(tf.memory().numTensors).toBe(start.tensors);
  });

  it('trains well above chance, and threshold 0 gives back the baseline exactly', async () => {
    expect(await session.train({ epochs: 20, learningRate: 0.01 })).toEqual({ kind: 'done' });
    const trained = session.getSnapshot().current!;
    expect(trained.testAccuracy).toBeGreaterThan(0.8);
    await session.setRule(magnitudeRule(0.2));
    expect(session.getSnapshot().current!.sparsity).toBeGreaterThan(0);
    await session.setRule(magnitudeRule(0));
    expect(session.getSnapshot().current).toEqual(trained);
  });

  it('prunes whole filters by L1 norm, keeps them at zero through fine-tuning, and compacts them away', async () => {
    const rule = { ...magnitudeRule(0), by: 'target' as const, targetFraction: 0.5, method: 'structured' as const };
    expect(await session.setRule(rule)).toEqual({ kind: 'done' });
    expect(await session.fineTune({ epochs: 5, learningRate: 0.005 })).toEqual({ kind: 'done' });
    const weights = await session.currentWeights();
    const shapes = kernelShapes(session.spec);
    // Half the filters of each convolution are gone whole; the others keep every weight.
    for (const l of [0, 1]) {
      const [fanIn, fanOut] = shapes[l];
      const kernel = weights.kernels[l];
      const zeroColumns = Array.from({ length: fanOut }, (_, j) =>
        Array.from({ length: fanIn }, (_, i) => kernel[i * fanOut + j]).every((w) => w === 0),
      );
      expect(zeroColumns.filter(Boolean).length).toBe(fanOut / 2);
      const mask = Uint8Array.from(kernel, (w) => (w === 0 ? 0 : 1));
      expect(keptColumns(mask, fanIn, fanOut).filter(Boolean).length).toBe(fanOut / 2);
    }
    const before = session.getSnapshot();
    expect(await session.compact()).toEqual({ kind: 'done' });
    const after = session.getSnapshot();
    const report = after.compaction!;
    expect(report.before.widths).toEqual([64, 6, 8, 12, 3]);
    expect(report.after.widths).toEqual([64, 3, 4, 6, 3]);
    expect(report.after.parameters.total).toBeLessThan(report.before.parameters.total);
    expect(report.maxDifference).toBeLessThan(1e-5);
    expect(after.current!.testAccuracy).toBe(before.current!.testAccuracy);
    expect(session.spec.conv!.layers.map((l) => l.filters)).toEqual([3, 4]);
  });

  it('takes every other control on conv kernels: std, global, random, 2:4, iterative rounds, the schedule, rewinding, the layer scan', async () => {
    expect(await session.restoreBaseline()).toEqual({ kind: 'done' });
    const cut = async (rule: Partial<PruneRule>) => {
      expect(await session.setRule({ ...magnitudeRule(0), ...rule })).toEqual({ kind: 'done' });
      return session.getSnapshot().layers.map((l) => l.zeros / l.total);
    };
    // Han's σ rule prunes every layer, convolutions included; global ranks them together.
    expect((await cut({ by: 'std', quality: 1 })).every((share) => share > 0.3)).toBe(true);
    const global = await cut({ by: 'target', scope: 'global', targetFraction: 0.8 });
    expect(global[0]).toBeLessThan(global[2]);
    // The random control cuts as many weights per layer as magnitude does, but other ones.
    const zeros = async () => (await session.currentWeights()).kernels.map((k) => Array.from(k, (w) => w === 0));
    const randomShares = await cut({ by: 'target', targetFraction: 0.6, method: 'random' });
    const randomZeros = await zeros();
    expect(randomShares).toEqual(await cut({ by: 'target', targetFraction: 0.6 }));
    expect((await zeros())[0]).not.toEqual(randomZeros[0]);
    // Structured, Global: filters (mean |w|, Li et al.'s order) and neurons (RMS) in one ranking, filters cut too.
    const structured = await cut({ by: 'target', scope: 'global', targetFraction: 0.5, method: 'structured' });
    // One scale for every unit: each hidden layer loses some and none is emptied (an L1 sum emptied
    // Dense 1, RMS for the neurons emptied Conv 2); the output layer is never cut by structure.
    expect(structured.slice(0, 3).every((share) => share > 0 && share < 1)).toBe(true);
    expect(structured[3]).toBe(0);
    // 2:4 over each filter's inputs: conv 2's 3·3·6 = 54 keep 13 × 2 + the short group's 2; Dense 1's 32 lose half.
    const nm = await cut({ method: 'nm' });
    expect(nm[1]).toBeCloseTo(26 / 54, 10);
    expect(nm[2]).toBe(0.5);
    await cut({ by: 'target', targetFraction: 0 }); // iterative rounds take the rule's scope and method
    expect(await session.iterate({ rounds: 2, fractionPerRound: 0.3, epochs: 1, learningRate: 0.005 })).toEqual({
      kind: 'done',
    });
    // Two rounds of 30% of the survivors, each fine-tuned with its mask kept: 1 − 0.7² of the weights are zero.
    expect(session.getSnapshot().current!.sparsity).toBeCloseTo(1 - 0.7 * 0.7, 2);
    expect(await session.rewind({ epochs: 1, learningRate: 0.005 })).toEqual({ kind: 'done' });
    expect(session.getSnapshot().lottery).not.toBeNull();
    expect(await session.restoreBaseline()).toEqual({ kind: 'done' });
    const schedule = { initialSparsity: 0, finalSparsity: 0.6, beginStep: 0, endStep: 12, frequency: 3, power: 3 };
    expect(await session.runSchedule({ schedule, epochs: 3, learningRate: 0.005 })).toEqual({ kind: 'done' });
    expect(session.getSnapshot().current!.sparsity).toBeCloseTo(0.6, 1);
    expect(await session.scanLayers()).toEqual({ kind: 'done' });
    expect(
      session
        .getSnapshot()
        .sensitivity.map((s) => s.layer)
        .slice(0, 2),
    ).toEqual(['Conv 1 (3×3, 1→6)', 'Conv 2 (3×3, 6→8)']);
  });
});
