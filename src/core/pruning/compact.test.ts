import { describe, expect, it } from 'vitest';
import { compactNetwork, deadNeurons } from './compact';
import { forwardLogits } from '../network/forward';
import { createRng, normal, type Rng } from '../rng';
import type { Activation, NetworkWeights } from '../network/spec';

const f32 = (values: number[]) => Float32Array.from(values);
const copy = (w: NetworkWeights): NetworkWeights => ({
  kernels: w.kernels.map((k) => k.slice()),
  biases: w.biases.map((b) => b.slice()),
});
const parameters = (w: NetworkWeights) => [...w.kernels, ...w.biases].reduce((n, a) => n + a.length, 0);

/**
 * 3-4-3-1. Layer 0: h0 kept; h1 has a pruned column (bias 0.5); h2 kept; h3 only feeds layer-1 h1.
 * Layer 1: h0 kept; h1 has no outgoing weight; h2 is fed only by layer-0 h1.
 */
const handMade: NetworkWeights = {
  kernels: [
    f32([1, 0, 0.5, 0.2, -1, 0, 1, -0.3, 0.5, 0, -2, 0.4]),
    f32([1.5, 0, 0, 1, -2, 3, -0.5, 0.7, 0, 0, 4, 0]),
    f32([2, 0, -1.5]),
  ],
  biases: [f32([0.1, 0.5, -0.2, 0.3]), f32([0.2, -0.1, -1]), f32([0.3])],
};

describe('deadNeurons', () => {
  it('flags no-input, no-output and both, and keeps neurons with both', () => {
    // 2-4-1: h0 neither, h1 no inputs, h2 no outputs, h3 both.
    const w: NetworkWeights = {
      kernels: [f32([1, 0, 2, 0, 0.5, 0, 0, 0]), f32([1, 2, 0, 0])],
      biases: [f32([1, 1, 1, 1]), f32([0])],
    };
    expect(deadNeurons(w)).toEqual([[false, true, true, true]]);
  });

  it('looks at the weights once, without propagating removals', () => {
    // Layer-0 h3 only feeds layer-1 h1, which is dead; h3 itself is not reported.
    expect(deadNeurons(handMade)).toEqual([
      [false, true, false, false],
      [false, true, false],
    ]);
  });

  it('has no hidden layers to report for a single dense layer', () => {
    expect(deadNeurons({ kernels: [f32([1, 0])], biases: [f32([0])] })).toEqual([]);
  });
});

describe('compactNetwork on a hand-made 3-4-3-1 network', () => {
  it('folds, removes and cascades to the values worked out by hand', () => {
    const before = copy(handMade);
    const c = compactNetwork('relu', handMade);
    // Layer-0 h1 outputs relu(0.5) = 0.5: b1 += 0.5 * [1, -2, 3] = [0.7, -1.1, 0.5].
    // Layer-1 h1 has no outgoing weight: removed. Then layer-0 h3 only fed it: removed.
    // Layer-1 h2 was fed only by layer-0 h1: it outputs relu(0.5) = 0.5, so b2 = 0.3 + 0.5 * -1.5.
    expect(c.hidden).toEqual([2, 1]);
    expect(c.removed).toEqual([2, 2]);
    expect(Array.from(c.weights.kernels[0])).toEqual([1, 0.5, -1, 1, 0.5, -2].map(Math.fround));
    expect(Array.from(c.weights.biases[0])).toEqual([0.1, -0.2].map(Math.fround));
    expect(Array.from(c.weights.kernels[1])).toEqual([1.5, -0.5]);
    expect(c.weights.biases[1][0]).toBeCloseTo(0.7, 6);
    expect(Array.from(c.weights.kernels[2])).toEqual([2]);
    expect(c.weights.biases[2][0]).toBeCloseTo(-0.45, 6);
    expect(handMade).toEqual(before);
  });

  it('folds through tanh too, and predicts what the masked network predicts', () => {
    const c = compactNetwork('tanh', handMade);
    const t = Math.tanh(0.5);
    expect(c.weights.biases[1][0]).toBeCloseTo(0.2 + t, 6);
    expect(c.weights.biases[2][0]).toBeCloseTo(0.3 - 1.5 * Math.tanh(-1 + 3 * t), 6);
    const x = f32([1, -2, 0.5, 0.3, 0.3, -1]);
    for (const activation of ['relu', 'tanh'] as const) {
      const compact = compactNetwork(activation, handMade).weights;
      const want = Array.from(forwardLogits(activation, handMade, x, 2));
      Array.from(forwardLogits(activation, compact, x, 2)).forEach((v, i) => expect(v).toBeCloseTo(want[i], 6));
    }
  });

  it('collapses a network whose first layer is fully pruned to a constant, with zero-width layers', () => {
    const w = copy(handMade);
    w.kernels[0].fill(0);
    const c = compactNetwork('relu', w);
    expect(c.hidden).toEqual([0, 0]);
    expect(c.removed).toEqual([4, 3]);
    expect(c.weights.kernels.map((k) => k.length)).toEqual([0, 0, 0]);
    expect(c.weights.biases.map((b) => b.length)).toEqual([0, 0, 1]);
    // Layer 0 outputs relu(b0) = [0.1, 0.5, 0, 0.3]; layer 1 pre = [0.2 + 0.15 + 0.5, -0.1 - 1 + 1.2, -1 + 1.5].
    // relu -> [0.85, 0.1, 0.5]; output = 0.3 + 2 * 0.85 + 0 - 1.5 * 0.5 = 1.25.
    expect(c.weights.biases[2][0]).toBeCloseTo(1.25, 6);
    const x = f32([1, 2, 3, -4, 5, 6]);
    const got = Array.from(forwardLogits('relu', c.weights, x, 2));
    const want = Array.from(forwardLogits('relu', w, x, 2));
    expect(got[0]).toBe(got[1]);
    got.forEach((v, i) => expect(v).toBeCloseTo(want[i], 6));
    expect(got[0]).toBeCloseTo(1.25, 6);
  });

  it('keeps input features with no surviving weight', () => {
    const w = copy(handMade);
    w.kernels[0].fill(0, 0, 4); // input 0 feeds nothing
    const c = compactNetwork('relu', w);
    expect(c.weights.kernels[0].length).toBe(3 * c.hidden[0]);
  });
});

function randomNetwork(
  rng: Rng,
  widths: number[],
  prune: number,
  pruneColumn: number,
): { w: NetworkWeights; pruned: boolean } {
  const kernels: Float32Array[] = [];
  const biases: Float32Array[] = [];
  let columnPruned = false;
  for (let l = 0; l + 1 < widths.length; l++) {
    const [fanIn, fanOut] = [widths[l], widths[l + 1]];
    const kernel = Float32Array.from({ length: fanIn * fanOut }, () => (rng() < prune ? 0 : 0.6 * normal(rng)));
    const hidden = l + 2 < widths.length;
    for (let j = 0; j < fanOut && hidden; j++) {
      if (rng() >= pruneColumn) continue;
      for (let i = 0; i < fanIn; i++) kernel[i * fanOut + j] = 0;
      columnPruned = true;
    }
    kernels.push(kernel);
    biases.push(Float32Array.from({ length: fanOut }, () => (rng() < 0.5 ? -1 : 1) * (0.1 + rng())));
  }
  return { w: { kernels, biases }, pruned: columnPruned };
}

describe('compactNetwork on random masked networks', () => {
  const shapes = [
    [5, 8, 6, 1],
    [4, 7, 5, 3],
  ];
  const activations: Activation[] = ['relu', 'tanh'];

  for (const widths of shapes) {
    for (const activation of activations) {
      it(`predicts what the masked ${widths.join('-')} ${activation} network predicts, with fewer parameters`, () => {
        const rng = createRng(widths.length * 1000 + widths[1] * 10 + (activation === 'relu' ? 1 : 2));
        let pruneCases = 0;
        for (let trial = 0; trial < 40; trial++) {
          const prune = [0.3, 0.5, 0.7, 0.9][trial % 4];
          const { w, pruned } = randomNetwork(rng, widths, prune, 0.25);
          const before = copy(w);
          const c = compactNetwork(activation, w);
          expect(w).toEqual(before);
          expect(c.weights.biases.at(-1)!.length).toBe(widths.at(-1));
          expect(c.hidden.map((h, l) => h + c.removed[l])).toEqual(widths.slice(1, -1));
          expect(deadNeurons(c.weights).flat()).not.toContain(true);
          if (pruned) {
            pruneCases++;
            expect(parameters(c.weights)).toBeLessThan(parameters(w));
          }
          const x = Float32Array.from({ length: 50 * widths[0] }, () => normal(rng));
          const want = forwardLogits(activation, w, x, 50);
          const got = forwardLogits(activation, c.weights, x, 50);
          expect(got.length).toBe(want.length);
          let worst = 0;
          for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(got[i] - want[i]));
          expect(worst).toBeLessThan(1e-6);
        }
        expect(pruneCases).toBeGreaterThan(20);
      });
    }
  }

  it('compacts a network with nothing pruned to itself exactly', () => {
    const rng = createRng(7);
    const { w } = randomNetwork(rng, [5, 8, 6, 1], 0, 0);
    const c = compactNetwork('relu', w);
    expect(c.hidden).toEqual([8, 6]);
    expect(c.removed).toEqual([0, 0]);
    expect(c.weights).toEqual(w);
    expect(c.weights.kernels[0]).not.toBe(w.kernels[0]);
  });
});
