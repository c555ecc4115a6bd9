import { describe, expect, it } from 'vitest';
import {
  alignedEnd,
  firstUpdateStep,
  maskUpdateBeforeBatch,
  plannedCurve,
  polynomialSparsity,
  scheduledSparsity,
  shouldUpdateMask,
  validateSchedule,
  type PolynomialSchedule,
} from './schedule';
import type { SchedulePoint } from '../curves';

/** 0 -> 80% over pruning steps 0..100, cubic (updates at 10, 20, ..., 100: training never sees step 0). */
const fromZero: PolynomialSchedule = {
  initialSparsity: 0,
  finalSparsity: 0.8,
  beginStep: 0,
  endStep: 100,
  frequency: 10,
  power: 3,
};

/** 20% -> 60% over steps 100..300, cubic, an update every 30 steps (300 is off the grid). */
const offGrid: PolynomialSchedule = {
  initialSparsity: 0.2,
  finalSparsity: 0.6,
  beginStep: 100,
  endStep: 300,
  frequency: 30,
  power: 3,
};

function expectCurve(actual: SchedulePoint[], expected: Array<[number, number]>): void {
  expect(actual.map((p) => p.step)).toEqual(expected.map(([step]) => step));
  // Sparsities are float32, as tfmot's: within 5e-7 of the hand-worked float64 values.
  actual.forEach((p, i) => expect(p.sparsity).toBeCloseTo(expected[i][1], 6));
}

describe('polynomialSparsity', () => {
  it('follows tfmot at the begin, middle, end and past the end (float32, so to 1e-7)', () => {
    expect(polynomialSparsity(fromZero, 0)).toBe(0);
    // p = 0.25: 0.8 + (0 - 0.8) * 0.75^3 = 0.8 - 0.3375
    expect(polynomialSparsity(fromZero, 25)).toBeCloseTo(0.4625, 7);
    // p = 0.5: 0.8 + (0 - 0.8) * 0.5^3
    expect(polynomialSparsity(fromZero, 50)).toBeCloseTo(0.7, 7);
    expect(polynomialSparsity(fromZero, 100)).toBeCloseTo(0.8, 7);
    expect(polynomialSparsity(fromZero, 150)).toBeCloseTo(0.8, 7);
    expect(polynomialSparsity(fromZero, -10)).toBe(0);
  });

  it('uses the initial sparsity before a later begin step', () => {
    expect(polynomialSparsity(offGrid, 50)).toBeCloseTo(0.2, 7);
    expect(polynomialSparsity(offGrid, 100)).toBeCloseTo(0.2, 7);
    // p = 0.25: 0.6 - 0.4 * 0.421875
    expect(polynomialSparsity(offGrid, 150)).toBeCloseTo(0.43125, 7);
    // p = 0.5: 0.6 - 0.4 * 0.125
    expect(polynomialSparsity(offGrid, 200)).toBeCloseTo(0.55, 7);
    expect(polynomialSparsity(offGrid, 300)).toBeCloseTo(0.6, 7);
    expect(polynomialSparsity(offGrid, 301)).toBeCloseTo(0.6, 7);
    expect(polynomialSparsity({ ...offGrid, power: 1 }, 200)).toBeCloseTo(0.4, 7); // linear with power 1
  });

  it('computes in float32 as tfmot does, one rounding per operation', () => {
    // 0 → 90% over steps 0..100 at step 21, by hand with f = Math.fround:
    // p = f(21 / 100) = 0.20999999344, 1 − p = f(0.79000000656) = 0.79000002146,
    // (1 − p)³ = f(x · f(x · x)) = f(x · 0.62410002947) = 0.49303904176,
    // sparsity = f(f(−0.9) · 0.49303904176) + f(0.9) = f(−0.44373512268 + 0.89999997616).
    const schedule = { ...fromZero, finalSparsity: 0.9, frequency: 1 };
    expect(polynomialSparsity(schedule, 21)).toBe(Math.fround(0.456264853477478));
    // float64 gives 0.9 − 0.9 · 0.79³ = 0.4562649, 1.5e-8 away.
    expect(polynomialSparsity(schedule, 21)).not.toBe(0.9 - 0.9 * 0.79 ** 3);
    const values = [0, 1, 7, 33, 99, 100, 130].map((step) => polynomialSparsity(offGrid, step));
    expect(values.map((value) => Math.fround(value))).toEqual(values);
  });

  it('refuses an invalid schedule', () => {
    expect(() => polynomialSparsity({ ...fromZero, endStep: 0 }, 5)).toThrow(
      'Expected the end step (0) to be after the begin step (0).',
    );
  });
});

describe('shouldUpdateMask (tfmot pruning steps)', () => {
  it('updates on the frequency grid between begin and end', () => {
    expect(shouldUpdateMask(offGrid, 100)).toBe(true);
    expect(shouldUpdateMask(offGrid, 130)).toBe(true);
    expect(shouldUpdateMask(offGrid, 280)).toBe(true);
    expect(shouldUpdateMask(offGrid, 131)).toBe(false);
    expect(shouldUpdateMask(offGrid, 129)).toBe(false);
  });

  it('does not update before begin, even on a step the grid would reach going backwards', () => {
    expect(shouldUpdateMask(offGrid, 99)).toBe(false);
    expect(shouldUpdateMask(offGrid, 70)).toBe(false);
    expect(shouldUpdateMask(offGrid, 0)).toBe(false);
  });

  it('freezes the mask after end, and skips an end step that is off the grid', () => {
    expect(shouldUpdateMask(offGrid, 300)).toBe(false);
    expect(shouldUpdateMask(offGrid, 310)).toBe(false);
    expect(shouldUpdateMask({ ...offGrid, frequency: 50 }, 300)).toBe(true);
    expect(shouldUpdateMask({ ...offGrid, frequency: 50 }, 350)).toBe(false);
  });
});

describe('maskUpdateBeforeBatch (batches done)', () => {
  it('asks the schedule at pruning step batchesDone + 1', () => {
    // offGrid updates at pruning steps 100, 130, ..., 280: before batches 99, 129, ..., 279 are done.
    expect(maskUpdateBeforeBatch(offGrid, 98)).toBeNull();
    expect(maskUpdateBeforeBatch(offGrid, 99)).toBe(polynomialSparsity(offGrid, 100));
    expect(maskUpdateBeforeBatch(offGrid, 100)).toBeNull();
    expect(maskUpdateBeforeBatch(offGrid, 129)).toBe(polynomialSparsity(offGrid, 130));
    expect(maskUpdateBeforeBatch(offGrid, 279)).toBeCloseTo(0.5996, 7);
    expect(maskUpdateBeforeBatch(offGrid, 299)).toBeNull();
  });

  it('never updates before the first batch when begin is 0 and frequency > 1 (step 0 is not reached)', () => {
    expect(maskUpdateBeforeBatch(fromZero, 0)).toBeNull();
    expect(maskUpdateBeforeBatch(fromZero, 9)).toBe(polynomialSparsity(fromZero, 10));
    expect(maskUpdateBeforeBatch(fromZero, 99)).toBeCloseTo(0.8, 7);
    expect(maskUpdateBeforeBatch(fromZero, 100)).toBeNull();
  });

  it('refuses a negative or fractional count', () => {
    expect(() => maskUpdateBeforeBatch(fromZero, -1)).toThrow(
      'Expected a whole number of batches done >= 0, but got -1',
    );
    expect(() => scheduledSparsity(fromZero, 0.5)).toThrow('Expected a whole number of batches done >= 0, but got 0.5');
  });
});

describe('firstUpdateStep and alignedEnd', () => {
  it('starts at begin, or at the frequency when begin is 0, and ends at the last grid step at or before end', () => {
    expect([
      firstUpdateStep(offGrid),
      firstUpdateStep(fromZero),
      firstUpdateStep({ ...fromZero, frequency: 1 }),
    ]).toEqual([100, 10, 1]);
    expect(alignedEnd(offGrid)).toBe(280);
    expect(alignedEnd({ ...offGrid, frequency: 50 })).toBe(300);
    expect(alignedEnd({ ...offGrid, frequency: 1 })).toBe(300);
    expect(alignedEnd({ ...offGrid, frequency: 500 })).toBe(100);
  });
});

describe('scheduledSparsity (batches done)', () => {
  it('is 0 before the first update and holds each update until the next', () => {
    expect(scheduledSparsity(offGrid, 0)).toBe(0);
    expect(scheduledSparsity(offGrid, 98)).toBe(0);
    expect(scheduledSparsity(offGrid, 99)).toBeCloseTo(0.2, 7); // the update at pruning step 100
    expect(scheduledSparsity(offGrid, 128)).toBeCloseTo(0.2, 7);
    // p = 0.15: 0.6 - 0.4 * 0.85^3 = 0.6 - 0.4 * 0.614125
    expect(scheduledSparsity(offGrid, 129)).toBeCloseTo(0.35435, 7);
    expect(scheduledSparsity(offGrid, 158)).toBeCloseTo(0.35435, 7);
  });

  it('stops short of the final sparsity when end is off the grid', () => {
    // last update at pruning step 280: p = 0.9, 0.6 - 0.4 * 0.1^3
    expect(scheduledSparsity(offGrid, 279)).toBeCloseTo(0.5996, 7);
    expect(scheduledSparsity(offGrid, 299)).toBeCloseTo(0.5996, 7);
    expect(scheduledSparsity(offGrid, 10_000)).toBeCloseTo(0.5996, 7);
  });

  it('reaches the final sparsity when end is on the grid', () => {
    const onGrid = { ...offGrid, frequency: 50 };
    // the last update before pruning step 300 is at 250: p = 0.75, 0.6 - 0.4 * 0.25^3
    expect(scheduledSparsity(onGrid, 298)).toBeCloseTo(0.59375, 7);
    expect(scheduledSparsity(onGrid, 299)).toBeCloseTo(0.6, 7);
    expect(scheduledSparsity(onGrid, 400)).toBeCloseTo(0.6, 7);
  });

  it('agrees with maskUpdateBeforeBatch wherever that updates, and never exceeds the smooth curve', () => {
    for (let done = 0; done <= 400; done++) {
      const update = maskUpdateBeforeBatch(offGrid, done);
      if (update !== null) expect(scheduledSparsity(offGrid, done)).toBe(update);
      expect(scheduledSparsity(offGrid, done)).toBeLessThanOrEqual(polynomialSparsity(offGrid, done + 1));
    }
  });
});

describe('plannedCurve (x in batches done)', () => {
  it('draws the staircase: each update as a riser one batch before its pruning step, plus 0 and totalSteps', () => {
    // Updates at pruning steps 25, 50, 75, 100 (begin 0: step 0 is never reached).
    const curve = plannedCurve({ ...fromZero, frequency: 25 }, 120, 10);
    expectCurve(curve, [
      [0, 0],
      [24, 0],
      [24, 0.4625],
      [49, 0.4625],
      [49, 0.7],
      [74, 0.7],
      [74, 0.7875],
      [99, 0.7875],
      [99, 0.8],
      [120, 0.8],
    ]);
  });

  it('starts at 0 before a later begin step and jumps to the initial sparsity there', () => {
    const curve = plannedCurve({ ...offGrid, frequency: 100 }, 400, 10);
    expectCurve(curve, [
      [0, 0],
      [99, 0],
      [99, 0.2],
      [199, 0.2],
      [199, 0.55],
      [299, 0.55],
      [299, 0.6],
      [400, 0.6],
    ]);
  });

  it('rises at 0 when the first update comes before the first batch (begin 1)', () => {
    const schedule = { initialSparsity: 0.2, finalSparsity: 0.6, beginStep: 1, endStep: 4, frequency: 1, power: 3 };
    // Pruning steps 1..4 cut before batches 0..3: 0.2, 0.6 − 0.4 (2/3)³, 0.6 − 0.4 (1/3)³, 0.6.
    const curve = plannedCurve(schedule, 5, 10);
    expect(curve.map((p) => p.step)).toEqual([0, 0, 1, 1, 2, 2, 3, 3, 5]);
    [0, 0.2, 0.2, 0.6 - 0.4 * (8 / 27), 0.6 - 0.4 * (8 / 27), 0.6 - 0.4 / 27].forEach((value, i) =>
      expect(curve[i].sparsity).toBeCloseTo(value, 6),
    );
    expect(curve[8].sparsity).toBeCloseTo(0.6, 6);
  });

  it('ends at the last scheduled value when end is off the grid', () => {
    const schedule = { ...offGrid, frequency: 150 };
    const curve = plannedCurve(schedule, 400, 10);
    expectCurve(curve, [
      [0, 0],
      [99, 0],
      [99, 0.2],
      [249, 0.2],
      [249, 0.59375],
      [400, 0.59375],
    ]);
    expect(curve[curve.length - 1].sparsity).toBe(scheduledSparsity(schedule, 399));
  });

  it('stops at totalSteps when the run is shorter than the schedule, counting an update before its last batch', () => {
    expectCurve(plannedCurve({ ...fromZero, frequency: 25 }, 60, 10), [
      [0, 0],
      [24, 0],
      [24, 0.4625],
      [49, 0.4625],
      [49, 0.7],
      [60, 0.7],
    ]);
    // 50 batches reach pruning step 50 (before the 50th batch), not 75.
    expect(plannedCurve({ ...fromZero, frequency: 25 }, 50, 10).map((p) => p.step)).toEqual([0, 24, 24, 49, 49, 50]);
  });

  it('is flat at 0 when the run ends before the first update', () => {
    expectCurve(plannedCurve(offGrid, 99, 10), [
      [0, 0],
      [99, 0],
    ]);
  });

  it('samples the smooth curve when there are more updates than points', () => {
    // 100 updates (pruning steps 1 to 100) > 5 points; x samples pruning step x + 1.
    const curve = plannedCurve({ ...fromZero, frequency: 1 }, 200, 5);
    expectCurve(curve, [
      [0, 0],
      [0, 0.8 - 0.8 * 0.99 ** 3],
      [50, 0.8 - 0.8 * 0.49 ** 3],
      [100, 0.8],
      [150, 0.8],
      [200, 0.8],
    ]);
  });

  it('samples 0 before begin and ends at the last scheduled value', () => {
    const schedule = { ...offGrid, frequency: 3 }; // grid 100, 103, ..., 298; 67 updates
    const curve = plannedCurve(schedule, 400, 5);
    expect(curve.map((p) => p.step)).toEqual([0, 100, 200, 300, 400]);
    expect(curve[0].sparsity).toBe(0);
    expect(curve[1].sparsity).toBeCloseTo(0.6 - 0.4 * 0.995 ** 3, 7); // pruning step 101
    expect(curve[2].sparsity).toBeCloseTo(0.6 - 0.4 * 0.495 ** 3, 7);
    expect(curve[4].sparsity).toBe(scheduledSparsity(schedule, 399));
    expect(curve[4].sparsity).toBeLessThan(0.6);
  });

  it('is sorted by step, non-decreasing, starts at 0 and ends where the last batch leaves the mask', () => {
    const cases: Array<[PolynomialSchedule, number, number]> = [
      [offGrid, 500, 100],
      [offGrid, 500, 3],
      [{ ...fromZero, frequency: 7 }, 90, 50],
      [{ ...fromZero, frequency: 7, power: 1 }, 250, 4],
      [{ ...offGrid, initialSparsity: 0.6 }, 333, 20],
      [{ ...fromZero, beginStep: 1, frequency: 1 }, 300, 30],
    ];
    for (const [schedule, total, points] of cases) {
      const curve = plannedCurve(schedule, total, points);
      expect(curve[0]).toEqual({ step: 0, sparsity: 0 });
      expect(curve[curve.length - 1].step).toBe(total);
      expect(curve[curve.length - 1].sparsity).toBe(scheduledSparsity(schedule, total - 1));
      for (let i = 1; i < curve.length; i++) {
        expect(curve[i].step).toBeGreaterThanOrEqual(curve[i - 1].step);
        expect(curve[i].sparsity).toBeGreaterThanOrEqual(curve[i - 1].sparsity);
      }
    }
  });

  it('puts every riser where maskUpdateBeforeBatch cuts', () => {
    const schedule = { ...offGrid, frequency: 30 };
    const curve = plannedCurve(schedule, 400, 100);
    const risers = curve.filter((p, i) => i > 0 && p.step === curve[i - 1].step).map((p) => [p.step, p.sparsity]);
    const cuts: number[][] = [];
    for (let done = 0; done < 400; done++) {
      const target = maskUpdateBeforeBatch(schedule, done);
      if (target !== null) cuts.push([done, target]);
    }
    expect(risers).toEqual(cuts);
  });

  it('refuses bad arguments', () => {
    expect(() => plannedCurve(fromZero, -1, 10)).toThrow('Expected a whole number of total steps >= 0, but got -1');
    expect(() => plannedCurve(fromZero, 100, 1)).toThrow('Expected a whole number of points >= 2, but got 1');
    expect(() => plannedCurve({ ...fromZero, frequency: 0 }, 100, 10)).toThrow(
      'Expected the frequency to be a whole number of steps >= 1, but got 0.',
    );
  });
});

describe('validateSchedule', () => {
  it('accepts a valid schedule', () => {
    expect(validateSchedule(fromZero)).toBeNull();
    expect(validateSchedule(offGrid)).toBeNull();
    expect(validateSchedule({ ...offGrid, initialSparsity: 0.6 })).toBeNull();
    expect(validateSchedule({ ...fromZero, endStep: 10 })).toBeNull(); // one update, at step 10
    expect(validateSchedule({ ...fromZero, beginStep: 1, endStep: 5 })).toBeNull();
  });

  it('names what was expected and what came', () => {
    const cases: Array<[Partial<PolynomialSchedule>, string]> = [
      [{ initialSparsity: -0.1 }, 'Expected an initial sparsity >= 0 and < 1, but got -0.1.'],
      [{ finalSparsity: 1 }, 'Expected a final sparsity >= 0 and < 1, but got 1.'],
      [{ finalSparsity: 80 }, 'Expected a final sparsity >= 0 and < 1, but got 80.'],
      [
        { initialSparsity: 0.5, finalSparsity: 0.3 },
        'Expected the initial sparsity (0.5) to be at most the final sparsity (0.3).',
      ],
      [{ beginStep: -1 }, 'Expected the begin step to be a whole number >= 0, but got -1.'],
      [{ beginStep: 2.5 }, 'Expected the begin step to be a whole number >= 0, but got 2.5.'],
      [{ endStep: 99.5 }, 'Expected the end step to be a whole number, but got 99.5.'],
      [{ beginStep: 50, endStep: 40 }, 'Expected the end step (40) to be after the begin step (50).'],
      [{ beginStep: 50, endStep: 50 }, 'Expected the end step (50) to be after the begin step (50).'],
      [{ frequency: 0 }, 'Expected the frequency to be a whole number of steps >= 1, but got 0.'],
      [{ frequency: 1.5 }, 'Expected the frequency to be a whole number of steps >= 1, but got 1.5.'],
      [{ power: 0 }, 'Expected a power > 0, but got 0.'],
      [{ power: Number.NaN }, 'Expected the power to be a number, but got NaN.'],
      [
        { beginStep: 0, endStep: 5, frequency: 10 },
        'Expected an end step of at least 10 (steps count from 1, so a begin step of 0 first updates the mask at step 10), but got 5.',
      ],
    ];
    for (const [change, message] of cases) {
      expect(validateSchedule({ ...fromZero, ...change })).toBe(message);
    }
  });
});
