/**
 * TensorFlow Model Optimization's own test cases, ported literally where they apply to our
 * definitions (masks, thresholds, k, schedule values and update steps). Each `it` names its source:
 * tensorflow_model_optimization/python/core/sparsity/keras/<file> and the test. Block, m-by-n,
 * serialisation and layer-type tests do not apply. Where ours deliberately differs, the case says so.
 */
import { describe, expect, it } from 'vitest';
import { fullMask, type Mask } from './mask';
import { keepCount } from './count';
import { preparePruning, pruneMasks, type PruneRule } from './prune';
import { createRng } from '../rng';
import {
  maskUpdateBeforeBatch,
  polynomialSparsity,
  scheduledSparsity,
  shouldUpdateMask,
  validateSchedule,
  type PolynomialSchedule,
} from './schedule';
import { magnitudeRule } from './rule';

/** tfmot's rule: a per-layer target, everything else the seed's. */
const TARGET: PruneRule = { ...magnitudeRule(0), by: 'target' };

/** tfmot's `PolynomialDecay(initial, final, begin, end, power, frequency)`. */
function polynomialDecay(
  initialSparsity: number,
  finalSparsity: number,
  beginStep: number,
  endStep: number,
  power = 3,
  frequency = 100,
): PolynomialSchedule {
  return { initialSparsity, finalSparsity, beginStep, endStep, power, frequency };
}

/** Keep-masks of cutting each kernel to `sparsity`, never keeping what `prior` pruned. */
function cut(kernels: Float32Array[], shapes: Array<[number, number]>, sparsity: number, prior?: Mask[]): Mask[] {
  const prepared = preparePruning(
    {
      kernels,
      shapes,
      prior: prior ?? kernels.map((k) => fullMask(k.length)),
      randomKeys: kernels.map((k) => new Float32Array(k.length)),
    },
    'unstructured',
  );
  return pruneMasks(prepared, { ...TARGET, targetFraction: sparsity }).masks;
}

const ones = (mask: Mask) => mask.reduce((sum, m) => sum + m, 0);
const sparsityOf = (mask: Mask) => (mask.length - ones(mask)) / mask.length;
/** np.linspace(1.0, 100.0, 100), as float32 weights. */
const linspace100 = () => Float32Array.from({ length: 100 }, (_, i) => i + 1);

/** keras_test_utils.build_simple_dense_model(): Dense(8) on 10 inputs, Dense(5); seeded weights. */
function simpleDenseModel(): { kernels: Float32Array[]; shapes: Array<[number, number]> } {
  const rng = createRng(11);
  const shapes: Array<[number, number]> = [
    [10, 8],
    [8, 5],
  ];
  return { kernels: shapes.map(([i, o]) => Float32Array.from({ length: i * o }, () => rng() - 0.5)), shapes };
}

/**
 * Trains `batches` batches the way the wrapper does: before each one it asks the schedule and, if
 * told, cuts every kernel to the target among the weights still kept. Returns the masks.
 */
function train(schedule: PolynomialSchedule, batches: number, from = 0, start?: Mask[]): Mask[] {
  const { kernels, shapes } = simpleDenseModel();
  let masks = start ?? kernels.map((k) => fullMask(k.length));
  for (let done = from; done < from + batches; done++) {
    const target = maskUpdateBeforeBatch(schedule, done);
    if (target !== null) masks = cut(kernels, shapes, target, masks);
  }
  return masks;
}

describe('pruning_impl_test.py', () => {
  it('testUpdateSingleMask: ConstantSparsity(0.5) on linspace(1, 100) keeps 50', () => {
    const [mask] = cut([linspace100()], [[100, 1]], 0.5);
    expect(ones(mask)).toBe(50);
    expect(Array.from(mask.slice(50))).toEqual(new Array(50).fill(1)); // 51..100
  });

  it('testExtremelySparseMask: ConstantSparsity(0.9999) keeps a single connection', () => {
    const [mask] = cut([linspace100()], [[100, 1]], 0.9999);
    expect(ones(mask)).toBe(1);
    expect(mask[99]).toBe(1);
  });

  it('testConstructsMaskAndThresholdCorrectly: sparsity 0.200000018 on 1..10 gives threshold 3', () => {
    const [mask] = cut([Float32Array.from({ length: 10 }, (_, i) => i + 1)], [[10, 1]], 0.200000018);
    expect(Array.from(mask)).toEqual([0, 0, 1, 1, 1, 1, 1, 1, 1, 1]);
  });

  it('testConditionalMaskUpdate: sparsities 0, .1, .1, .3, .3, .5, … leave 100, 90, 90, 70, 70, 50, … weights', () => {
    const sparsities = [0.0, 0.1, 0.1, 0.3, 0.3, 0.5, 0.5, 0.5, 0.5, 0.5];
    let masks = [fullMask(100)];
    const nonZero: number[] = [];
    for (const sparsity of sparsities) {
      masks = cut([linspace100()], [[100, 1]], sparsity, masks);
      nonZero.push(ones(masks[0]));
    }
    expect(nonZero).toEqual([100, 90, 90, 70, 70, 50, 50, 50, 50, 50]);
  });

  it('_update_mask (hand-worked): k = max(tf.math.round(f32(n) · f32(1 − s)), 1)', () => {
    // 10 · f(1 − f(0.15)) is 8.5 exactly in float32: half to even keeps 8 (half up kept 9).
    expect(keepCount(10, 0.15)).toBe(8);
    // 35 · f(1 − f(0.9)) = 3.50000095 in float32 keeps 4 (float64's 3.4999999999999996 kept 3).
    expect(keepCount(35, 0.9)).toBe(4);
    const [mask] = cut([Float32Array.from({ length: 10 }, (_, i) => i + 1)], [[10, 1]], 0.15);
    expect(Array.from(mask)).toEqual([0, 0, 1, 1, 1, 1, 1, 1, 1, 1]);
  });
});

describe('pruning_schedule_test.py', () => {
  it('testPrunesOnlyInBeginEndStepRange (PolynomialDecay(0.2, 0.8, 100, 200, 3, 1))', () => {
    const schedule = polynomialDecay(0.2, 0.8, 100, 200, 3, 1);
    for (const step of [90, 99, 201, 210]) expect(shouldUpdateMask(schedule, step)).toBe(false);
    for (const step of [100, 110, 200]) expect(shouldUpdateMask(schedule, step)).toBe(true);
    // Step t is asked before batch t: with 99 batches done, and 199 for the end step.
    expect(maskUpdateBeforeBatch(schedule, 98)).toBeNull();
    expect(maskUpdateBeforeBatch(schedule, 99)).not.toBeNull();
    expect(maskUpdateBeforeBatch(schedule, 199)).not.toBeNull();
    expect(maskUpdateBeforeBatch(schedule, 200)).toBeNull();
  });

  it('testOnlyPrunesAtValidFrequencySteps (PolynomialDecay(0.2, 0.8, 100, 200, 3, 10))', () => {
    const schedule = polynomialDecay(0.2, 0.8, 100, 200, 3, 10);
    expect(shouldUpdateMask(schedule, 109)).toBe(false);
    expect(shouldUpdateMask(schedule, 111)).toBe(false);
    expect(shouldUpdateMask(schedule, 100)).toBe(true);
    expect(shouldUpdateMask(schedule, 110)).toBe(true);
  });

  it('testPolynomialDecay_PrunesCorrectly (PolynomialDecay(0.2, 0.8, 100, 110, 3, 2))', () => {
    const schedule = polynomialDecay(0.2, 0.8, 100, 110, 3, 2);
    const allClose = (actual: number, expected: number) =>
      expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-6 + 1e-6 * Math.abs(expected));
    allClose(polynomialSparsity(schedule, 100), 0.2);
    allClose(polynomialSparsity(schedule, 102), 0.4928);
    allClose(polynomialSparsity(schedule, 105), 0.725);
    allClose(polynomialSparsity(schedule, 110), 0.8);
  });

  it('testBeginStepGreaterThanEqualsZero, testEndStepGreaterThanEqualsZero, testEndStepGreaterThanEqualsBeginStep, testFrequencyIsPositive', () => {
    const refused = [
      polynomialDecay(0.2, 0.8, -1, 1000, 3, 10),
      polynomialDecay(0.2, 0.8, -5, 1000, 3, 10),
      polynomialDecay(0.2, 0.8, 10, -5, 3, 10),
      polynomialDecay(0.2, 0.8, 10, 5, 3, 10),
      polynomialDecay(0.2, 0.8, 10, 1000, 3, 0),
      polynomialDecay(0.2, 0.8, 10, 1000, 3, -1),
      polynomialDecay(0.2, 0.8, 10, 1000, 3, -5),
    ];
    for (const schedule of refused) expect(validateSchedule(schedule)).not.toBeNull();
    const accepted = [
      polynomialDecay(0.2, 0.8, 0, 1000, 3, 10),
      polynomialDecay(0.2, 0.8, 1, 1000, 3, 10),
      polynomialDecay(0.2, 0.8, 100, 1000, 3, 10),
      polynomialDecay(0.2, 0.8, 0, 100, 3, 10),
      polynomialDecay(0.2, 0.8, 10, 20, 3, 10),
      polynomialDecay(0.2, 0.8, 10, 1000, 3, 1),
      polynomialDecay(0.2, 0.8, 10, 1000, 3, 10),
    ];
    for (const schedule of accepted) expect(validateSchedule(schedule)).toBeNull();
    // Documented differences: tfmot accepts end = begin (0, 0 and 10, 10: p divides by zero) and
    // (0, 1) every 10 steps, which never updates the mask; we refuse them.
    expect(validateSchedule(polynomialDecay(0.2, 0.8, 10, 10, 3, 10))).toBe(
      'Expected the end step (10) to be after the begin step (10).',
    );
    expect(validateSchedule(polynomialDecay(0.2, 0.8, 0, 1, 3, 10))).not.toBeNull();
  });

  it('testSparsityValueIsValid (PolynomialDecay(s, 0.8, 0, 10) and PolynomialDecay(0.2, s, 0, 10))', () => {
    // Frequency 1 here: tfmot's default of 100 never updates the mask within 10 steps, which we refuse.
    for (const s of [-0.001, -1.0, -10.0, 1.0, 10.0]) {
      expect(validateSchedule(polynomialDecay(s, 0.8, 0, 10, 3, 1))).not.toBeNull();
      expect(validateSchedule(polynomialDecay(0.2, s, 0, 10, 3, 1))).not.toBeNull();
    }
    for (const s of [0.0, 0.001, 0.5]) expect(validateSchedule(polynomialDecay(s, 0.8, 0, 10, 3, 1))).toBeNull();
    for (const s of [0.5, 0.99]) expect(validateSchedule(polynomialDecay(0.2, s, 0, 10, 3, 1))).toBeNull();
    // Documented difference: tfmot also accepts a final sparsity below the initial one; our masks
    // never grow back, so we refuse it.
    expect(validateSchedule(polynomialDecay(0.99, 0.8, 0, 10, 3, 1))).not.toBeNull();
    expect(validateSchedule(polynomialDecay(0.2, 0.001, 0, 10, 3, 1))).not.toBeNull();
  });
});

describe('prune_integration_test.py (simple dense model: 10×8 and 8×5 kernels, one batch per epoch)', () => {
  it('testPruneStopAndRestart_PreservesSparsity: PolynomialDecay(0.2, 0.6, 1, 4, 3, 1) is 0.2 after 1 batch, 0.6 after 4', () => {
    const schedule = polynomialDecay(0.2, 0.6, 1, 4, 3, 1);
    expect(train(schedule, 0).map(sparsityOf)).toEqual([0, 0]); // not trained yet
    const afterOne = train(schedule, 1);
    expect(afterOne.map(sparsityOf)).toEqual([0.2, 0.2]);
    // Stop, restart from the saved masks and the step count: three more batches.
    expect(train(schedule, 3, 1, afterOne).map(sparsityOf)).toEqual([0.6, 0.6]);
    expect(train(schedule, 4).map(sparsityOf)).toEqual([0.6, 0.6]);
  });

  it('testPruneWithPolynomialDecayPastEndStep_PreservesSparsity: PolynomialDecay(0.2, 0.6, 0, 2, 3, 1)', () => {
    const schedule = polynomialDecay(0.2, 0.6, 0, 2, 3, 1);
    // Pruning steps 1 and 2 update (p = 0.5: 0.6 − 0.4 · 0.125 = 0.55, then 0.6); 3 and 4 are past the end.
    const cuts = [0, 1, 2, 3].map((done) => maskUpdateBeforeBatch(schedule, done));
    expect(cuts[0]).toBeCloseTo(0.55, 6);
    expect(cuts.slice(1)).toEqual([Math.fround(0.6), null, null]);
    expect(train(schedule, 3).map(sparsityOf)).toEqual([0.6, 0.6]);
    expect(train(schedule, 4).map(sparsityOf)).toEqual([0.6, 0.6]);
    expect(scheduledSparsity(schedule, 3)).toBe(Math.fround(0.6));
  });

  it('testPruneWithHighSparsity: ConstantSparsity(0.99) leaves one weight per kernel', () => {
    const { kernels, shapes } = simpleDenseModel();
    expect(cut(kernels, shapes, 0.99).map(ones)).toEqual([1, 1]); // round(0.8) = 1; round(0.4) = 0 → at least 1
  });

  it('testPrunesZeroSparsity_IsNoOp: ConstantSparsity(0) keeps every weight', () => {
    const { kernels, shapes } = simpleDenseModel();
    expect(cut(kernels, shapes, 0).map(ones)).toEqual([80, 40]);
  });

  it('testPrunesSingleLayer_ReachesTargetSparsity (Dense(4) on 6 inputs) and testPrunesModel_CustomTrainingLoop_ReachesTargetSparsity: 0.5', () => {
    const rng = createRng(2);
    const [mask] = cut([Float32Array.from({ length: 24 }, () => rng() - 0.5)], [[6, 4]], 0.5);
    expect(sparsityOf(mask)).toBe(0.5);
    // ConstantSparsity(0.5, begin 0, frequency 1) as a schedule: cut before the first of two batches.
    const constant = polynomialDecay(0.5, 0.5, 0, 2, 3, 1);
    expect(train(constant, 2).map(sparsityOf)).toEqual([0.5, 0.5]);
  });

  it('LeNet-300-100 fc1 (hand-worked, pruning_schedule.py in float32): 235,200 weights at step 21 of 0 → 90% keep 127,887', () => {
    // PolynomialDecay(0, 0.9, 0, 100, 3, 1) at pruning step 21 (20 batches done) is f32 0.45626485;
    // 235,200 · f(1 − 0.45626485) = 127,886.5078 → 127,887. Float64 gives 127,886.4955 → 127,886.
    const schedule = polynomialDecay(0, 0.9, 0, 100, 3, 1);
    const target = maskUpdateBeforeBatch(schedule, 20);
    expect(target).toBe(polynomialSparsity(schedule, 21));
    expect(keepCount(235_200, target!)).toBe(127_887);
  });
});
