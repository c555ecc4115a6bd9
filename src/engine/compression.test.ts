import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../model/tf';
import { magnitudeRule } from '../core/pruning/rule';
import { modelSizes } from '../core/network/size';
import { generatedSessionOptions } from './setup';
import { PruningSession, type CommandResult } from './session';

const DONE: CommandResult = { kind: 'done' };

beforeAll(async () => {
  await tf.setBackend('cpu');
});

async function prunedSession(): Promise<PruningSession> {
  const session = new PruningSession(generatedSessionOptions('spiral', { seed: 1, rule: magnitudeRule(0) }));
  expect(await session.train({ epochs: 3, learningRate: 0.05 })).toEqual(DONE);
  expect(await session.setRule(magnitudeRule(0.3))).toEqual(DONE);
  return session;
}

describe('quantization on top of the mask', () => {
  it('evaluates the network weight-shared at 4 bits at once, keeps the mask, and None gives the float network back exactly', async () => {
    const session = await prunedSession();
    const before = session.getSnapshot();
    const floatWeights = await session.currentWeights();
    const tensors = tf.memory().numTensors;

    expect(await session.setQuantization({ kind: 'kmeans', bits: 4 })).toEqual(DONE);
    const q = session.getSnapshot();
    expect(q.quantization).toEqual({ kind: 'kmeans', bits: 4 });
    const report = q.compression!;
    expect(report.quantized).not.toBeNull();
    expect(q.current).toBe(report.quantized);
    // The pruned row is the float network the slider made.
    expect(report.pruned.testAccuracy).toBe(before.current!.testAccuracy);
    expect(report.sizes.dense).toBe(modelSizes(floatWeights).dense);
    expect(report.sizes.quantized!).toBeLessThan(report.sizes.pruned);
    // The mask is the slider's: the Sparsity readout does not move.
    expect(q.current!.sparsity).toBe(before.current!.sparsity);
    expect(tf.memory().numTensors).toBe(tensors);

    // The float weights are kept: None restores the same figures.
    expect(await session.setQuantization(null)).toEqual(DONE);
    const back = session.getSnapshot();
    expect(back.current!.testAccuracy).toBe(before.current!.testAccuracy);
    expect(back.current!.testLoss).toBe(before.current!.testLoss);
    expect(back.compression!.quantized).toBeNull();
    expect(await session.currentWeights()).toEqual(floatWeights);
    session.dispose();
  });

  it('refuses a width the quantization does not take and keeps what it had', async () => {
    const session = await prunedSession();
    const before = session.getSnapshot();
    const result = await session.setQuantization({ kind: 'linear', bits: 1 });
    expect(result).toEqual({
      kind: 'refused',
      reason: 'Expected a whole number of bits from 2 to 8 for Linear (int8), but got 1',
    });
    expect(session.getSnapshot().quantization).toBeNull();
    expect(session.getSnapshot().current).toBe(before.current);
    session.dispose();
  });

  it('holds the quantization when the slider moves, and stores it before training', async () => {
    const session = new PruningSession(generatedSessionOptions('spiral', { seed: 1, rule: magnitudeRule(0) }));
    expect(await session.setQuantization({ kind: 'channel', bits: 4 })).toEqual(DONE);
    expect(session.getSnapshot().compression).toBeNull();
    expect(await session.train({ epochs: 2, learningRate: 0.05 })).toEqual(DONE);
    expect(session.getSnapshot().compression!.quantized).not.toBeNull();
    expect(await session.setRule(magnitudeRule(0.2))).toEqual(DONE);
    const s = session.getSnapshot();
    expect(s.current).toBe(s.compression!.quantized);
    session.dispose();
  });
});
