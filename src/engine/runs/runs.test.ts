import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../../model/tf';
import { countZeros } from '../../core/pruning/mask';
import { forwardLogits } from '../../core/network/forward';
import { iterativeSparsity } from '../../core/pruning/iterative';
import { scheduledSparsity } from '../../core/pruning/schedule';
import type { PruneRule } from '../../core/pruning/prune';
import { magnitudeRule } from '../../core/pruning/rule';
import { generatedSessionOptions } from '../setup';
import { PruningSession, SCAN_FRACTIONS, SWEEP_FRACTIONS } from '../session';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

let session: PruningSession;

beforeAll(async () => {
  session = new PruningSession(generatedSessionOptions('spiral', { seed: 2, rule: magnitudeRule(0.3) }));
  await session.train({ epochs: 6, learningRate: 0.05 });
});

afterAll(async () => {
  session.dispose();
  await session.idle();
});

/** A whole rule: the seed's, with `patch`'s fields. */
const rule = (patch: Partial<PruneRule>): PruneRule => ({ ...magnitudeRule(0), ...patch });

const zerosOf = (kernels: Float32Array[]) => kernels.map((k) => countZeros(k).zeros);

describe('target sparsity', () => {
  it('keeps round(n·10%) weights at 90%: of all 1,120 globally, of each layer per layer', async () => {
    await session.setRule(rule({ by: 'target', scope: 'global', targetFraction: 0.9 }));
    expect(session.getSnapshot().current!.sparsity).toBe(1 - 112 / 1120);
    // Per layer: 64 → keep 6 (6.4), 1024 → keep 102 (102.4), 32 → keep 3 (3.2): 90.09%, not 90.00%.
    await session.setRule(rule({ by: 'target', scope: 'layer', targetFraction: 0.9 }));
    expect(session.getSnapshot().current!.sparsity).toBe(1 - 111 / 1120);
    expect(session.getSnapshot().layers.map((l) => l.total - l.zeros)).toEqual([6, 102, 3]);
    const biases = (await session.currentWeights()).biases.flatMap((b) => Array.from(b)).filter((v) => v !== 0).length;
    expect(session.getSnapshot().parameters).toEqual({ nonZero: 111 + biases, total: 1120 + 65 });
  });

  it('goes back to exactly the baseline at 0%', async () => {
    await session.setRule(rule({ by: 'target', targetFraction: 0 }));
    const snap = session.getSnapshot();
    expect(snap.current).toEqual(snap.results['Before pruning']);
  });
});

describe('the sweep and the layer scan', () => {
  it('draws one point per sparsity, leaves the model alone and frees what it made', async () => {
    await session.setRule(rule({ by: 'magnitude', threshold: 0.3, scope: 'layer', method: 'unstructured' }));
    const before = session.getSnapshot().current;
    const tensors = tf.memory().numTensors;
    await session.sweep();
    const [curve] = session.getSnapshot().curves;
    expect(curve.kind).toBe('one-shot');
    expect(curve.points.map((p) => p.sparsity)).toEqual(SWEEP_FRACTIONS.map((f): unknown => expect.closeTo(f, 2)));
    // Han et al.'s Figure 5: without retraining, accuracy at 99% is far below the dense network's.
    expect(curve.points[0].accuracy).toBeGreaterThan(curve.points[curve.points.length - 1].accuracy + 0.2);
    expect(session.getSnapshot().current).toEqual(before);
    expect(tf.memory().numTensors).toBe(tensors);
  });

  it('can be stopped part way', async () => {
    const sweeping = session.sweep();
    // Stop as soon as the sweep has drawn its first point: no timer decides where it stops.
    await new Promise<void>((resolve) => {
      const unsubscribe = session.subscribe(() => {
        const curves = session.getSnapshot().curves;
        if (curves.length === 2 && curves[1].points.length >= 1) {
          unsubscribe();
          resolve();
        }
      });
    });
    expect(await session.stop()).toEqual({ kind: 'done' });
    expect(await sweeping).toEqual({
      kind: 'stopped',
      reason: expect.stringMatching(/^Stopped after \d+ of 17 sparsities\.$/) as unknown,
    });
    const snap = session.getSnapshot();
    expect(snap.running).toBeNull();
    expect(snap.status).toBe('Stopped');
    expect(snap.curves.length).toBe(2);
    expect(snap.curves[1].points.length).toBeGreaterThanOrEqual(1);
    expect(snap.curves[1].points.length).toBeLessThan(SWEEP_FRACTIONS.length);
    await session.clearCurves();
    expect(session.getSnapshot().curves).toEqual([]);
  });

  it('prunes each layer alone for the sensitivity scan', async () => {
    await session.scanLayers();
    const scan = session.getSnapshot().sensitivity;
    expect(scan.map((s) => s.layer)).toEqual(['Dense 1 (2→32)', 'Dense 2 (32→32)', 'Output (32→1)']);
    for (const layer of scan) {
      expect(layer.points.map((p) => p.sparsity)).toEqual(SCAN_FRACTIONS.map((f): unknown => expect.closeTo(f, 1)));
    }
  });
});

describe('iterative pruning', () => {
  it('prunes a share of the survivors each round and keeps earlier prunes at zero', async () => {
    await session.iterate({ rounds: 3, fractionPerRound: 0.5, epochs: 1, learningRate: 0.005 });
    const snap = session.getSnapshot();
    const curve = snap.curves.find((c) => c.kind === 'iterative')!;
    expect(curve.points).toHaveLength(3);
    // Rounding per layer moves it by at most a few weights of 1,120.
    curve.points.forEach((p, r) => expect(p.sparsity).toBeCloseTo(iterativeSparsity(0.5, r + 1), 2));
    const survivors = snap.layers.map((l) => l.total - l.zeros);
    expect(survivors).toEqual([8, 128, 4]); // 64·½·½·½, 1024·⅛, 32·⅛
    expect(snap.results['After fine-tuning']!.sparsity).toBe(snap.current!.sparsity);
    expect(snap.round).toBe(2);
  });
});

describe('the polynomial schedule', () => {
  it('follows the plan at every update and ends at the final sparsity', async () => {
    const schedule = { initialSparsity: 0, finalSparsity: 0.8, beginStep: 0, endStep: 40, frequency: 10, power: 3 };
    await session.runSchedule({ schedule, epochs: 3, learningRate: 0.005 });
    const trace = session.getSnapshot().schedule!;
    expect(trace.totalSteps).toBe(3 * session.stepsPerEpoch);
    const updates = trace.actual.slice(0, -1);
    // tfmot's steps 10, 20, 30, 40 (begin 0 is never a step: its first is 1), before batches 9, 19, 29, 39.
    expect(updates.map((p) => p.step)).toEqual([9, 19, 29, 39]);
    expect(trace.actual[trace.actual.length - 1].step).toBe(trace.totalSteps); // the run's end
    for (const point of updates) expect(point.sparsity).toBeCloseTo(scheduledSparsity(schedule, point.step), 2);
    expect(session.getSnapshot().current!.sparsity).toBeCloseTo(0.8, 2);
  });

  it('refuses a schedule that ends before it begins', async () => {
    const schedule = { initialSparsity: 0, finalSparsity: 0.8, beginStep: 50, endStep: 40, frequency: 10, power: 3 };
    expect(await session.runSchedule({ schedule, epochs: 1, learningRate: 0.005 })).toEqual({
      kind: 'refused',
      reason: 'Expected the end step (40) to be after the begin step (50).',
    });
  });
});

describe('rewinding (the lottery ticket)', () => {
  it('retrains the mask from θ₀ and from a random draw, and leaves the model as it was', async () => {
    await session.restoreBaseline();
    await session.setRule(rule({ by: 'target', targetFraction: 0.8, scope: 'layer', method: 'unstructured' }));
    const before = await session.currentWeights();
    const tensors = tf.memory().numTensors;
    await session.rewind({ epochs: 2, learningRate: 0.05 });
    const lottery = session.getSnapshot().lottery!;
    expect(lottery.sparsity).toBeCloseTo(0.8, 5);
    expect(lottery.rewound.sparsity).toBe(lottery.sparsity); // the mask held through retraining
    expect(lottery.reinit.sparsity).toBe(lottery.sparsity);
    expect(lottery.rewound.testAccuracy).not.toBe(lottery.reinit.testAccuracy);
    expect(await session.currentWeights()).toEqual(before);
    expect(tf.memory().numTensors).toBe(tensors);
  });
});

describe('structured pruning and compaction', () => {
  it('removes whole neurons, then builds a smaller network that predicts the same', async () => {
    await session.restoreBaseline();
    await session.setRule(rule({ by: 'target', targetFraction: 0.5, scope: 'layer', method: 'structured' }));
    const masked = await session.currentWeights();
    const pruned = session.getSnapshot();
    expect(pruned.layers.map((l) => l.zeros)).toEqual([32, 512, 0]); // half the columns of each hidden kernel
    const tensors = tf.memory().numTensors;
    await session.compact();
    const snap = session.getSnapshot();
    const report = snap.compaction!;
    expect(report.before.widths).toEqual([2, 32, 32, 1]);
    expect(report.after.widths).toEqual([2, 16, 16, 1]);
    expect(report.after.parameters.total).toBeLessThan(report.before.parameters.total);
    expect(report.maxDifference).toBeLessThan(1e-6);
    expect(snap.results['After pruning']).toEqual(pruned.results['After pruning']); // the cut's row stands
    expect(snap.parameters.total).toBe(report.after.parameters.total);
    expect(snap.current!.testAccuracy).toBe(pruned.current!.testAccuracy);
    expect(snap.layers.map((l) => l.name)).toEqual(['Dense 1 (2→16)', 'Dense 2 (16→16)', 'Output (16→1)']);
    // The same function on the CPU, with no tensors: masked and compact logits agree.
    const compact = await session.currentWeights();
    const x = Float32Array.from({ length: 40 }, (_, i) => Math.sin(i));
    const a = forwardLogits('tanh', masked, x, 20);
    const b = forwardLogits('tanh', compact, x, 20);
    a.forEach((v, i) => expect(Math.abs(v - b[i])).toBeLessThan(1e-6));
    // Smaller variables replace the old ones: fewer values, as many tensors.
    expect(tf.memory().numTensors).toBe(tensors);
    expect(zerosOf(compact.kernels)).toEqual([0, 0, 0]);
  });

  it('goes back to the full-size baseline', async () => {
    await session.restoreBaseline();
    await session.setRule(rule({ by: 'target', targetFraction: 0 }));
    const snap = session.getSnapshot();
    expect(snap.layers.map((l) => l.total)).toEqual([64, 1024, 32]);
    expect(snap.current).toEqual(snap.results['Before pruning']);
    expect(snap.compaction).toBeNull();
  });
});
