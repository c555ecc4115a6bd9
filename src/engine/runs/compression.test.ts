import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../../model/tf';
import { magnitudeRule } from '../../core/pruning/rule';
import { modelSizes } from '../../core/network/size';
import { generatedSessionOptions } from '../setup';
import { PruningSession, type CommandResult } from '../session';

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

describe('fine-tuning a compressed network', () => {
  const keptOf = (weights: Float32Array[]) => weights.map((k) => Uint8Array.from(k, (w) => (w === 0 ? 0 : 1)));

  it('trains the shared values of a weight-shared network: the mask stays and every kept weight stays on a centroid', async () => {
    const session = await prunedSession();
    expect(await session.setQuantization({ kind: 'kmeans', bits: 3 })).toEqual(DONE);
    const before = await session.currentWeights();
    const mask = keptOf(before.kernels);
    const tensors = tf.memory().numTensors;
    expect(await session.fineTune({ epochs: 2, learningRate: 0.005 })).toEqual(DONE);
    expect(tf.memory().numTensors).toBe(tensors);
    const after = await session.currentWeights();
    after.kernels.forEach((k, l) => {
      k.forEach((w, i) => mask[l][i] === 0 && expect(w === 0).toBe(true));
      const values = new Set(Array.from(k).filter((_, i) => mask[l][i] === 1));
      expect(values.size).toBeLessThanOrEqual(8);
    });
    // The fine-tuned source is what the quantized figures are of: quantizing it again changes nothing.
    const s = session.getSnapshot();
    expect(s.compression!.quantized).toEqual(s.compression!.pruned);
    expect(s.curves.at(-1)!.points.at(-1)!.label).toContain('3-bit shared');
    session.dispose();
  });

  it('follows a plain fine-tune: the Pruned row is the fine-tuned network', async () => {
    const session = await prunedSession();
    expect(await session.fineTune({ epochs: 1, learningRate: 0.005 })).toEqual(DONE);
    const s = session.getSnapshot();
    expect(s.compression!.pruned).toEqual(s.results['After fine-tuning']);
    session.dispose();
  });

  it('runs a distilled fine-tune from the dense network that keeps the mask, labelled for the Accuracy vs sparsity figure', async () => {
    const session = await prunedSession();
    const mask = keptOf((await session.currentWeights()).kernels);
    const distill = { temperature: 4, alpha: 0.5 };
    expect(await session.fineTune({ epochs: 2, learningRate: 0.005, distill })).toEqual(DONE);
    const after = await session.currentWeights();
    after.kernels.forEach((k, l) => k.forEach((w, i) => mask[l][i] === 0 && expect(w === 0).toBe(true)));
    expect(after.kernels.some((k, l) => k.some((w, i) => mask[l][i] === 1 && w !== 0))).toBe(true);
    const curve = session.getSnapshot().curves.at(-1)!;
    expect(curve.kind).toBe('distilled');
    expect(curve.points.at(-1)!.label).toContain('distilled (T 4, α 0.5)');
    session.dispose();
  });
});
