import { describe, expect, it } from 'vitest';
import { kernelShapes, type NetworkSpec, type NetworkWeights } from '../core/network/spec';
import { magnitudeRule } from '../core/pruning/rule';
import type { SessionCheckpoint } from '../engine/recovery/checkpoint';
import { decodeStored, encodeStored, recipeKey, STORED_VERSION, type StoredSession } from './format';

const SMALL: NetworkSpec = { inputs: 2, hidden: [3], activation: 'tanh', outputs: 1 };
const LENET: NetworkSpec = { inputs: 784, hidden: [300, 100], activation: 'relu', outputs: 10 };
const FIGURES = { trainLoss: 0.5, trainAccuracy: 0.8, testLoss: 0.6, testAccuracy: 0.75, sparsity: 0.25, exact: true };

function weights(spec: NetworkSpec, start: number): NetworkWeights {
  const shapes = kernelShapes(spec);
  return {
    kernels: shapes.map(([i, o], l) => Float32Array.from({ length: i * o }, (_, k) => Math.sin(start + l + k))),
    biases: shapes.map(([, o]) => new Float32Array(o)),
  };
}

/** A trained, pruned session of `spec` as a checkpoint: every part filled in. */
function checkpoint(spec: NetworkSpec = SMALL): SessionCheckpoint {
  const baseline = weights(spec, 1);
  const masks = baseline.kernels.map((k) => Uint8Array.from(k, (w) => (Math.abs(w) < 0.3 ? 0 : 1)));
  return {
    baselineSpec: spec,
    seed: 1,
    network: {
      spec,
      initial: weights(spec, 2),
      baseline,
      source: baseline,
      prior: baseline.kernels.map((k) => new Uint8Array(k.length).fill(1)),
      masks,
    },
    state: {
      ending: { kind: 'ready' },
      note: null,
      trained: true,
      round: 1,
      rule: magnitudeRule(0.3),
      current: FIGURES,
      baseline: { ...FIGURES, sparsity: 0 },
      cut: FIGURES,
      lastRound: null,
      timeline: [
        { step: 0, phase: 'Train', label: 'epoch 1', accuracy: 0.7, trainAccuracy: 0.7, loss: 0.6, sparsity: 0 },
      ],
      parameters: { nonZero: 10, total: 13 },
      collapse: [],
      curves: [
        { id: 1, kind: 'one-shot', label: 'One-shot', points: [{ sparsity: 0.5, accuracy: 0.6, label: '50%' }] },
      ],
      nextCurveId: 2,
      sensitivity: [],
      schedule: null,
      lottery: null,
      compaction: null,
      quantization: null,
      compression: null,
    },
  };
}

const RECIPE = recipeKey({
  dataset: 'spiral',
  draw: { seed: 1, noise: 0.1, testFraction: 0.3 },
  model: { hidden: [3], activation: 'tanh' },
});

/** What IndexedDB gives back: a structured clone of what was put. */
function stored(cp: SessionCheckpoint = checkpoint()): StoredSession {
  return structuredClone(encodeStored(cp, RECIPE, new Date('2026-12-02T06:00:00Z')));
}

/** `stored()` with `damage` done to a clone of it. */
function damaged(damage: (record: StoredSession) => void): unknown {
  const record = stored();
  damage(record);
  return record;
}

function problem(value: unknown): string {
  const decoded = decodeStored(value);
  if (decoded.ok) throw new Error('Expected the record to be refused');
  return decoded.problem;
}

describe('the stored session', () => {
  it('reads back what was stored, arrays and all, after a structured clone', () => {
    const decoded = decodeStored(stored());
    expect(decoded.ok).toBe(true);
    if (!decoded.ok) return;
    expect(decoded.stored.recipe).toBe(RECIPE);
    expect(decoded.stored.savedAt).toBe('2026-12-02T06:00:00.000Z');
    expect(decoded.stored.checkpoint).toEqual(checkpoint());
    // Shared arrays stay shared through the clone: the baseline is stored once.
    expect(decoded.stored.checkpoint.network.source).toBe(decoded.stored.checkpoint.network.baseline);
  });

  it('round-trips a LeNet-300-100 (MNIST) checkpoint: 266,610 weights per copy, masks included', () => {
    const decoded = decodeStored(stored(checkpoint(LENET)));
    expect(decoded.ok).toBe(true);
    if (!decoded.ok) return;
    const network = decoded.stored.checkpoint.network;
    expect(network.source!.kernels.map((k) => k.length)).toEqual([235200, 30000, 1000]);
    expect(network.masks[0]).toEqual(checkpoint(LENET).network.masks[0]);
    expect(network.source!.kernels[1]).toEqual(checkpoint(LENET).network.source!.kernels[1]);
  });

  it('keeps an untrained session (no weights yet) readable', () => {
    const cp = checkpoint();
    cp.network = { ...cp.network, initial: null, baseline: null, source: null };
    cp.state = { ...cp.state, trained: false, baseline: null, cut: null, current: null };
    expect(decodeStored(stored(cp)).ok).toBe(true);
  });

  it('refuses a record of an older or a newer version, saying which', () => {
    expect(problem(damaged((r) => ((r as { version: number }).version = 0)))).toBe(
      `It was saved by an older version of Pruning Lab (format 0; this one reads format ${STORED_VERSION}).`,
    );
    expect(problem(damaged((r) => ((r as { version: number }).version = STORED_VERSION + 1)))).toMatch(
      /^It was saved by a newer version of Pruning Lab/,
    );
  });

  it('refuses what is not one of its records', () => {
    expect(problem(null)).toBe('It is not a session saved by Pruning Lab.');
    expect(problem('{"format":"pruning-lab/session"}')).toBe('It is not a session saved by Pruning Lab.');
    expect(problem({ ...stored(), format: 'other' })).toBe('It is not a session saved by Pruning Lab.');
  });

  it('keeps a quantization that is in force, and refuses one this version does not know', () => {
    const quantized = checkpoint();
    quantized.state = { ...quantized.state, quantization: { kind: 'kmeans', bits: 4 } };
    expect(decodeStored(stored(quantized)).ok).toBe(true);
    expect(
      problem(
        damaged((r) => ((r.checkpoint.state as { quantization: unknown }).quantization = { kind: 'fp4', bits: 4 })),
      ),
    ).toBe('Expected no quantization or a valid one.');
  });

  it('refuses a damaged record whole, naming the damage', () => {
    expect(problem(damaged((r) => (r.checkpoint.network.source!.kernels[0] = new Float32Array(5))))).toBe(
      'Expected 6 values in the trained baseline, kernel 1, but got 5.', // source is the baseline, stored once,
    );
    expect(problem(damaged((r) => (r.checkpoint.network.masks[1][0] = 2)))).toBe(
      'Expected only 0 and 1 in the current mask 2.',
    );
    expect(problem(damaged((r) => ((r.checkpoint.network.prior as unknown[])[0] = [1, 1, 1, 1, 1, 1])))).toBe(
      'Expected 6 mask entries in the mask of earlier rounds 1.',
    );
    expect(problem(damaged((r) => (r.checkpoint.network.baseline!.biases = [])))).toBe(
      'Expected 2 kernels and biases in the trained baseline.',
    );
    expect(problem(damaged((r) => (r.checkpoint.state.rule = { ...r.checkpoint.state.rule, threshold: -1 })))).toBe(
      'Expected a valid pruning rule: Expected a threshold >= 0, but got -1.',
    );
    expect(problem(damaged((r) => delete (r.checkpoint.state as Partial<SessionCheckpoint['state']>).timeline))).toBe(
      'Expected a timeline.',
    );
    expect(problem(damaged((r) => (r.checkpoint.state.trained = false)))).toBe(
      'Expected trained weights exactly when the state says it is trained.',
    );
    expect(
      problem(damaged((r) => ((r.checkpoint.state.current as unknown as { testLoss: string }).testLoss = 'x'))),
    ).toBe("Expected a number as the current network's testLoss.");
    expect(problem(damaged((r) => (r.checkpoint.baselineSpec = { ...SMALL, activation: 'gelu' as 'relu' })))).toBe(
      "Expected the saved network's activation to be one of relu, tanh, but got gelu.",
    );
  });

  it('tells two setups apart by data set, draw and model only', () => {
    const base = {
      dataset: 'spiral',
      draw: { seed: 1, noise: 0.1, testFraction: 0.3 },
      model: { hidden: [3], activation: 'tanh' },
    };
    expect(recipeKey(base)).toBe(RECIPE);
    expect(recipeKey({ ...base, draw: { ...base.draw, seed: 2 } })).not.toBe(RECIPE);
    expect(recipeKey({ ...base, model: { hidden: [3, 3], activation: 'tanh' } })).not.toBe(RECIPE);
    expect(recipeKey({ ...base, dataset: 'moons' })).not.toBe(RECIPE);
  });
});
