import { describe, expect, it } from 'vitest';
import { convPruneInput, filterL1Norms, keptColumns } from './filters';
import { fullMask, magnitudeMask, type Mask } from '../pruning/mask';
import { preparePruning, pruneMasks, type Method, type PruneRule } from '../pruning/prune';
import { magnitudeRule } from '../pruning/rule';
import type { ConvNetSpec } from './spec';
import type { NetworkWeights } from '../network/spec';

const f32 = (values: number[]) => Float32Array.from(values);

/**
 * 2×2×1 input → conv 2×2 valid, 3 filters → 1×1×3 → conv 1×1, 2 filters → 1×1×2 → output 2.
 * Conv 1 (HWIO [2, 2, 1, 3], tap t, filter f at t·3 + f):
 *   filter 0 [1, −1, 0.5, 0.5]   L1 3, RMS √0.625 ≈ 0.79
 *   filter 1 [0.25, 0.25, −0.25, 0.25]   L1 1
 *   filter 2 [−2, 0, 1, 0]   L1 3 (tied with filter 0), RMS √1.25 ≈ 1.12
 * Conv 2 ([1, 1, 3, 2]): filter 0 [0.5, 0.5, 0.5] L1 1.5, filter 1 [2, 0, −1] L1 3.
 */
const spec: ConvNetSpec = {
  input: [2, 2, 1],
  convs: [
    { size: 2, filters: 3, padding: 'valid', pool: false },
    { size: 1, filters: 2, padding: 'valid', pool: false },
  ],
  hidden: [],
  outputs: 2,
};
const weights: NetworkWeights = {
  kernels: [
    f32([1, 0.25, -2, -1, 0.25, 0, 0.5, -0.25, 1, 0.5, 0.25, 0]),
    f32([0.5, 2, 0.5, 0, 0.5, -1]),
    f32([1, 2, 3, 4]),
  ],
  biases: [f32([0, 0, 0]), f32([0, 0]), f32([0, 0])],
};

function prepare(method: Method, prior?: Mask[]) {
  const masks = prior ?? weights.kernels.map((k) => fullMask(k.length));
  const keys = weights.kernels.map((k) => f32(Array.from(k, (_, i) => (i * 0.37) % 1)));
  return preparePruning(convPruneInput(spec, weights, masks, keys), method);
}
const masksOf = (method: Method, rule: Partial<PruneRule>, prior?: Mask[]) =>
  pruneMasks(prepare(method, prior), { ...magnitudeRule(0), method, ...rule }).masks.map((m) => Array.from(m));
/** The filter flags of conv 1 and conv 2 of some masks. */
const filtersOf = (masks: number[][]) => [
  keptColumns(Uint8Array.from(masks[0]), 4, 3),
  keptColumns(Uint8Array.from(masks[1]), 3, 2),
];

describe('filterL1Norms (Li et al. 2017)', () => {
  it('sums |w| over each filter, by hand', () => {
    expect(Array.from(filterL1Norms(spec, weights, 0))).toEqual([3, 1, 3]);
    expect(Array.from(filterL1Norms(spec, weights, 1))).toEqual([1.5, 3]);
  });

  it('counts weights an earlier round pruned as 0', () => {
    // Filter 0 loses its first tap (|1|), filter 2 its third (|1|).
    const prior = Uint8Array.from([0, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1]);
    expect(Array.from(filterL1Norms(spec, weights, 0, prior))).toEqual([2, 1, 2]);
  });

  it('refuses a layer that is not a convolution', () => {
    expect(() => filterL1Norms(spec, weights, 2)).toThrow('Expected a convolution layer from 0 to 1, but got 2');
  });
});

describe('structured (filters) pruning of conv kernels', () => {
  it('keeps the largest-L1 filters per layer, ties kept, whole columns', () => {
    // Conv 1: k = round(3 · 0.5) = 2 (1.5 → 2): L1 3 and 3 kept, filter 1 pruned whole.
    const masks = masksOf('structured', { by: 'target', targetFraction: 0.5 });
    expect(masks[0]).toEqual([1, 0, 1, 1, 0, 1, 1, 0, 1, 1, 0, 1]);
    // Conv 2: k = round(2 · 0.5) = 1 (half to even): filter 1 (L1 3) kept.
    expect(filtersOf(masks)).toEqual([
      [true, false, true],
      [false, true],
    ]);
    // The output layer's units are never cut by a structured rule.
    expect(masks[2]).toEqual([1, 1, 1, 1]);
  });

  it('keeps both filters tied at the k-th largest L1 even when k is 1', () => {
    // k = max(round(3 · 0.33), 1) = 1, but filters 0 and 2 tie at 3; RMS would keep filter 2 alone.
    const masks = masksOf('structured', { by: 'target', targetFraction: 0.67 });
    expect(filtersOf(masks)[0]).toEqual([true, false, true]);
    const keys = weights.kernels.map((k) => new Float32Array(k.length));
    const byRms = {
      ...convPruneInput(
        spec,
        weights,
        weights.kernels.map((k) => fullMask(k.length)),
        keys,
      ),
    };
    delete byRms.unitScores;
    const rule: PruneRule = { ...magnitudeRule(0), method: 'structured', by: 'target', targetFraction: 0.67 };
    const rmsMasks = pruneMasks(preparePruning(byRms, 'structured'), rule).masks.map((m) => Array.from(m));
    expect(filtersOf(rmsMasks)[0]).toEqual([false, false, true]);
  });

  it('cuts at an L1 threshold, keeping a filter exactly at it', () => {
    expect(filtersOf(masksOf('structured', { threshold: 1.5 }))).toEqual([
      [true, false, true],
      [true, true],
    ]);
    expect(filtersOf(masksOf('structured', { threshold: 1.6 }))).toEqual([
      [true, false, true],
      [false, true],
    ]);
  });

  it('ranks the filters of all convolutions together in the global scope', () => {
    // Scores 3, 1, 3 | 1.5, 3; k = round(5 · 0.5) = 2 (2.5 → 2): the three tied at 3 are kept.
    expect(filtersOf(masksOf('structured', { by: 'target', targetFraction: 0.5, scope: 'global' }))).toEqual([
      [true, false, true],
      [false, true],
    ]);
    // k = round(5 · 0.3) = 4 (3.5 → 4): the 4th largest is 1.5, so only filter 1 of conv 1 goes.
    expect(filtersOf(masksOf('structured', { by: 'target', targetFraction: 0.3, scope: 'global' }))).toEqual([
      [true, false, true],
      [true, true],
    ]);
  });

  it('never brings back a weight an earlier round pruned, and ranks on the survivors', () => {
    const prior = weights.kernels.map((k) => fullMask(k.length));
    prior[0] = Uint8Array.from([0, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1]); // L1 2, 1, 2
    const masks = masksOf('structured', { by: 'target', targetFraction: 0.5 }, prior);
    expect(masks[0]).toEqual([0, 0, 1, 1, 0, 1, 1, 0, 0, 1, 0, 1]);
  });
});

describe('weight rules on 4-D kernels', () => {
  it('magnitudeMask prunes single taps of a flat HWIO kernel', () => {
    expect(Array.from(magnitudeMask(weights.kernels[0], 0.5))).toEqual([1, 0, 1, 1, 0, 0, 1, 0, 1, 1, 0, 0]);
  });

  it('a per-layer target keeps k = round(n · (1 − s)) weights of the kernel, ties kept', () => {
    // Conv 1, |w| sorted 2, 1, 1, 1, 0.5, 0.5, 0.25 ×4, 0, 0: k = 6, the 6th is 0.5.
    const masks = masksOf('unstructured', { by: 'target', targetFraction: 0.5 });
    expect(masks[0]).toEqual([1, 0, 1, 1, 0, 0, 1, 0, 1, 1, 0, 0]);
    // Conv 2, |w| 0.5, 2, 0.5, 0, 0.5, 1: k = 3, the 3rd is 0.5, tied thrice: five kept.
    expect(masks[1]).toEqual([1, 1, 1, 0, 1, 1]);
  });

  it('keptColumns says which filters keep a weight, and refuses a mask of the wrong size', () => {
    expect(keptColumns(Uint8Array.from([0, 1, 0, 0, 0, 0]), 2, 3)).toEqual([false, true, false]);
    expect(() => keptColumns(new Uint8Array(5), 2, 3)).toThrow('Expected a [2, 3] mask (6 entries), but got 5');
  });
});
