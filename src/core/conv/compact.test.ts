import { describe, expect, it } from 'vitest';
import { compactConvNet } from './compact';
import { checkWeights, convLogits } from './forward';
import { LENET5, kernelDims, kernelShapes, layerCosts, type ConvNetSpec } from './spec';
import { convPruneInput } from './filters';
import { applyMask, fullMask } from '../pruning/mask';
import { preparePruning, pruneMasks } from '../pruning/prune';
import { magnitudeRule } from '../pruning/rule';
import { createRng, normal, type Rng } from '../rng';
import type { NetworkWeights } from '../network/spec';

const f32 = (values: number[]) => Float32Array.from(values);
const copy = (w: NetworkWeights): NetworkWeights => ({
  kernels: w.kernels.map((k) => k.slice()),
  biases: w.biases.map((b) => b.slice()),
});
const parameters = (w: NetworkWeights) => [...w.kernels, ...w.biases].reduce((n, a) => n + a.length, 0);
const worstGap = (a: Float32Array, b: Float32Array) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);
const randomInputs = (rng: Rng, spec: ConvNetSpec, rows: number) =>
  Float32Array.from({ length: rows * spec.input[0] * spec.input[1] * spec.input[2] }, () => normal(rng));

/**
 * 3×3×1 → conv 2×2 valid, 3 filters → 2×2×3 → conv 1×1, 2 filters → 2×2×2 → flatten 8 → dense 2 → 2.
 * Conv 1's filter 1 is pruned whole (bias 0.5: it outputs the constant 0.5); conv 2's filter 0 is
 * pruned whole (bias −1: it outputs 0). The dense layer's rows are p·2 + channel, value [r + 1, −(r + 1)/2].
 */
const spec: ConvNetSpec = {
  input: [3, 3, 1],
  convs: [
    { size: 2, filters: 3, padding: 'valid', pool: false },
    { size: 1, filters: 2, padding: 'valid', pool: false },
  ],
  hidden: [2],
  outputs: 2,
};
const handMade: NetworkWeights = {
  kernels: [
    // Tap t, filter f at t·3 + f: filter 0 [1, 0, −1, 0.5], filter 1 zeros, filter 2 all 0.5.
    f32([1, 0, 0.5, 0, 0, 0.5, -1, 0, 0.5, 0.5, 0, 0.5]),
    // Rows are input channels: [0, 2], [0, −1], [0, 0.5].
    f32([0, 2, 0, -1, 0, 0.5]),
    f32(Array.from({ length: 16 }, (_, i) => (i % 2 === 0 ? i / 2 + 1 : -(i - 1) / 4 - 0.5))),
    f32([1, 0, 0, 1]),
  ],
  biases: [f32([0.1, 0.5, -0.2]), f32([-1, 0.25]), f32([0, 1]), f32([0, 0])],
};

describe('compactConvNet on a hand-made network', () => {
  it('removes the pruned filters, the next conv channel and the dense rows at every position', () => {
    const before = copy(handMade);
    const c = compactConvNet(spec, handMade);
    expect(c.kept).toEqual([[0, 2], [1], [0, 1]]);
    expect(c.removed).toEqual([1, 1, 0]);
    expect(kernelDims(c.spec)).toEqual([
      [2, 2, 1, 2],
      [1, 1, 2, 1],
      [4, 2],
      [2, 2],
    ]);
    expect(Array.from(c.weights.kernels[0])).toEqual([1, 0.5, 0, 0.5, -1, 0.5, 0.5, 0.5]);
    expect(Array.from(c.weights.biases[0])).toEqual([0.1, -0.2].map(Math.fround));
    expect(Array.from(c.weights.kernels[1])).toEqual([2, 0.5]);
    // Conv 1's filter 1 folds into conv 2's bias: 0.25 + relu(0.5) · (−1) = −0.25.
    expect(Array.from(c.weights.biases[1])).toEqual([-0.25]);
    // Channel 0 was rows 0, 2, 4, 6 of the dense kernel; rows 1, 3, 5, 7 remain.
    expect(Array.from(c.weights.kernels[2])).toEqual([2, -1, 4, -2, 6, -3, 8, -4]);
    expect(handMade).toEqual(before);
  });

  it('predicts what the masked network predicts', () => {
    const rng = createRng(3);
    const x = randomInputs(rng, spec, 20);
    const c = compactConvNet(spec, handMade);
    expect(worstGap(convLogits(c.spec, c.weights, x, 20), convLogits(spec, handMade, x, 20))).toBeLessThan(1e-5);
  });

  it('keeps a constant filter that feeds a padded convolution, unless its constant is 0', () => {
    // 3×3×1 → conv 1×1, 2 filters (filter 1 pruned whole) → conv 2×2 'same' or 'valid', 1 filter → output 1.
    const make = (padding: 'same' | 'valid', bias: number) => {
      const s: ConvNetSpec = {
        input: [3, 3, 1],
        convs: [
          { size: 1, filters: 2, padding: 'valid', pool: false },
          { size: 2, filters: 1, padding, pool: false },
        ],
        hidden: [],
        outputs: 1,
      };
      const [, , flat] = kernelShapes(s);
      const w: NetworkWeights = {
        kernels: [
          f32([1.5, 0]),
          f32([1, -1, 0.5, 2, -0.5, 1, 1, 1]),
          f32(Array.from({ length: flat[0] }, (_, i) => i - 2)),
        ],
        biases: [f32([0, bias]), f32([0.1]), f32([0.2])],
      };
      return { s, w };
    };
    const rng = createRng(5);
    const kept = [];
    for (const [padding, bias] of [
      ['same', 0.7],
      ['same', -0.7],
      ['valid', 0.7],
    ] as const) {
      const { s, w } = make(padding, bias);
      const c = compactConvNet(s, w);
      kept.push(c.kept[0]);
      const x = randomInputs(rng, s, 10);
      expect(worstGap(convLogits(c.spec, c.weights, x, 10), convLogits(s, w, x, 10))).toBeLessThan(1e-5);
    }
    // The 'same' border sees 0 where the constant filter's map would give 0.7: it cannot be folded.
    expect(kept).toEqual([[0, 1], [0], [0]]);
  });

  it('collapses to a constant when a convolution is emptied, every later hidden layer with it', () => {
    const w = copy(handMade);
    w.kernels[0].fill(0);
    w.biases[0].fill(-1); // every filter outputs 0
    const c = compactConvNet(spec, w);
    expect(c.spec.convs.map((l) => l.filters)).toEqual([0, 0]);
    expect(c.spec.hidden).toEqual([0]);
    expect(c.weights.kernels.map((k) => k.length)).toEqual([0, 0, 0, 0]);
    expect(c.weights.biases.map((b) => b.length)).toEqual([0, 0, 0, 2]);
    const x = randomInputs(createRng(9), spec, 4);
    expect(worstGap(convLogits(c.spec, c.weights, x, 4), convLogits(spec, w, x, 4))).toBeLessThan(1e-6);
  });

  it('compacts a network with nothing pruned to itself exactly, in new arrays', () => {
    const w = copy(handMade);
    w.kernels = w.kernels.map((k) => k.map((v, i) => (v === 0 ? 0.1 * (i + 1) : v)));
    const c = compactConvNet(spec, w);
    expect(c.spec).toEqual(spec);
    expect(c.weights).toEqual(w);
    expect(c.weights.kernels[0]).not.toBe(w.kernels[0]);
  });
});

/** Random weights with whole filters and neurons pruned (`pruneUnit`) and single weights (`prune`). */
function randomMasked(rng: Rng, s: ConvNetSpec, prune: number, pruneUnit: number) {
  const shapes = kernelShapes(s);
  const pruned: boolean[][] = [];
  const weights: NetworkWeights = { kernels: [], biases: [] };
  shapes.forEach(([fanIn, fanOut], l) => {
    const kernel = Float32Array.from({ length: fanIn * fanOut }, () => (rng() < prune ? 0 : 0.6 * normal(rng)));
    const hidden = l + 1 < shapes.length;
    const units = Array.from({ length: fanOut }, () => hidden && rng() < pruneUnit);
    for (let i = 0; i < kernel.length; i++) if (units[i % fanOut]) kernel[i] = 0;
    pruned.push(units);
    weights.kernels.push(kernel);
    weights.biases.push(Float32Array.from({ length: fanOut }, () => (rng() < 0.5 ? -1 : 1) * (0.1 + rng())));
  });
  return { weights, pruned };
}

describe('compactConvNet on seeded random masked conv networks', () => {
  const specs: Array<[string, ConvNetSpec]> = [
    [
      '6×6×1, conv 3×3 same ×4 + pool, conv 2×2 valid ×5, dense 6, 3',
      {
        input: [6, 6, 1],
        convs: [
          { size: 3, filters: 4, padding: 'same', pool: true },
          { size: 2, filters: 5, padding: 'valid', pool: false },
        ],
        hidden: [6],
        outputs: 3,
      },
    ],
    [
      '7×7×2, conv 3×3 valid ×5 + pool, conv 1×1 same ×3, dense 4, 3, output 2',
      {
        input: [7, 7, 2],
        convs: [
          { size: 3, filters: 5, padding: 'valid', pool: true },
          { size: 1, filters: 3, padding: 'same', pool: false },
        ],
        hidden: [4, 3],
        outputs: 2,
      },
    ],
    [
      '5×5×1, conv 2×2 same ×3, conv 2×2 same ×4 + pool, 3',
      {
        input: [5, 5, 1],
        convs: [
          { size: 2, filters: 3, padding: 'same', pool: false },
          { size: 2, filters: 4, padding: 'same', pool: true },
        ],
        hidden: [],
        outputs: 3,
      },
    ],
  ];

  specs.forEach(([name, s], n) => {
    it(`predicts what the masked net predicts within 1e-5: ${name}`, () => {
      const rng = createRng(100 + n);
      let smaller = 0;
      for (let trial = 0; trial < 30; trial++) {
        const { weights, pruned } = randomMasked(rng, s, [0.2, 0.5, 0.8][trial % 3], 0.3);
        const before = copy(weights);
        const c = compactConvNet(s, weights);
        expect(weights).toEqual(before);
        checkWeights(c.spec, c.weights);
        expect(c.kept.map((k, l) => k.length + c.removed[l])).toEqual(pruned.slice(0, -1).map((u) => u.length));
        // A whole pruned unit goes wherever its next layer can absorb its constant.
        c.kept.forEach((k, l) => {
          const next = s.convs[l + 1];
          if (next && next.padding === 'same' && next.size > 1) return;
          k.forEach((j) => expect(pruned[l][j]).toBe(false));
        });
        if (c.removed.some((r) => r > 0)) {
          smaller++;
          expect(parameters(c.weights)).toBeLessThan(parameters(weights));
          const cost = (sp: ConvNetSpec) => layerCosts(sp).reduce((sum, l) => sum + l.multiplyAdds, 0);
          expect(cost(c.spec)).toBeLessThan(cost(s));
        }
        // Compacting again finds nothing more.
        expect(compactConvNet(c.spec, c.weights).removed.every((r) => r === 0)).toBe(true);
        const x = randomInputs(rng, s, 12);
        expect(worstGap(convLogits(c.spec, c.weights, x, 12), convLogits(s, weights, x, 12))).toBeLessThan(1e-5);
      }
      expect(smaller).toBeGreaterThan(20);
    });
  });
});

describe("LeNet-5 with half its filters and neurons pruned by Li et al.'s L1 ranking", () => {
  it('compacts to 3 and 8 filters, 200 dense inputs, and predicts the same within 1e-5', () => {
    const rng = createRng(2017);
    // He-initialised as tf.layers would (σ = √(2 / fanIn)), so the logits have the size of a real net's.
    const weights: NetworkWeights = {
      kernels: kernelShapes(LENET5).map(([fanIn, fanOut]) =>
        Float32Array.from({ length: fanIn * fanOut }, () => Math.sqrt(2 / fanIn) * normal(rng)),
      ),
      biases: kernelShapes(LENET5).map(([, fanOut]) => Float32Array.from({ length: fanOut }, () => 0.1 * normal(rng))),
    };
    const prior = weights.kernels.map((k) => fullMask(k.length));
    const input = convPruneInput(
      LENET5,
      weights,
      prior,
      weights.kernels.map((k) => new Float32Array(k.length)),
    );
    const rule = { ...magnitudeRule(0), method: 'structured' as const, by: 'target' as const, targetFraction: 0.5 };
    const { masks } = pruneMasks(preparePruning(input, 'structured'), rule);
    const masked = { kernels: weights.kernels.map((k, l) => applyMask(k, masks[l])), biases: weights.biases };
    const c = compactConvNet(LENET5, masked);
    // k = round(6 · 0.5) = 3 and round(16 · 0.5) = 8 filters; 60 and 42 neurons. Flatten 5·5·8 = 200.
    expect(kernelDims(c.spec)).toEqual([
      [5, 5, 1, 3],
      [5, 5, 3, 8],
      [200, 60],
      [60, 42],
      [42, 10],
    ]);
    expect(c.removed).toEqual([3, 8, 60, 42]);
    const x = Float32Array.from({ length: 3 * 28 * 28 }, () => rng());
    const want = convLogits(LENET5, masked, x, 3);
    expect(Math.max(...want.map(Math.abs))).toBeGreaterThan(0.1);
    expect(worstGap(convLogits(c.spec, c.weights, x, 3), want)).toBeLessThan(1e-5);
  });
});
