import { describe, expect, it } from 'vitest';
import { validateSchedule } from '../core/pruning/schedule';
import {
  defaultSchedule,
  fineTuneRate,
  fineTuneRun,
  iterativeRun,
  ruleOf,
  scheduleFieldsOf,
  scheduleOf,
  scheduleRun,
  steppedRule,
  trainRun,
} from './derive';
import { defaultSettings, thresholdBounds, type Settings } from './settings';

const spiral = defaultSettings('spiral');

describe('ruleOf', () => {
  it('gives the fresh page’s rule: magnitude at the data set’s threshold, per layer, unstructured, output at the same rate', () => {
    expect(ruleOf(spiral)).toEqual({
      by: 'magnitude',
      scope: 'layer',
      method: 'unstructured',
      threshold: 0.5,
      targetFraction: 0.9,
      quality: 1,
      outputRate: 1,
    });
  });

  it('turns the target percent into a fraction and the output token into its rate', () => {
    const s: Settings = {
      ...spiral,
      rule: {
        ...spiral.rule,
        by: 'target',
        targetPercent: 92,
        outputRate: 'half',
        scope: 'global',
        method: 'structured',
      },
    };
    expect(ruleOf(s)).toMatchObject({
      by: 'target',
      targetFraction: 0.92,
      outputRate: 0.5,
      scope: 'global',
      method: 'structured',
    });
  });
});

describe('run options', () => {
  it('trains with the training fields and fine-tunes at a tenth unless set', () => {
    expect(trainRun(spiral)).toEqual({ epochs: 30, learningRate: 0.05 });
    expect(fineTuneRun(spiral)).toEqual({ epochs: 10, learningRate: 0.005 });
    expect(fineTuneRate({ ...spiral, fineTuning: { epochs: 10, learningRate: 0.2 } })).toBe(0.2);
  });

  it('prunes iteratively by a fraction of the survivors per round, in whole rounds', () => {
    expect(iterativeRun({ ...spiral, iterative: { rounds: 3, percentPerRound: 50 } })).toEqual({
      epochs: 10,
      learningRate: 0.005,
      rounds: 3,
      fractionPerRound: 0.5,
    });
  });

  it('runs the schedule in force: the default for the run’s length, or the person’s', () => {
    expect(scheduleRun(spiral, 100).schedule).toEqual({
      initialSparsity: 0,
      finalSparsity: 0.9,
      beginStep: 0,
      endStep: 70,
      frequency: 7,
      power: 3,
    });
    const fields = { initialPercent: 10, finalPercent: 50, beginStep: 2, endStep: 12, frequency: 5 };
    expect(scheduleRun({ ...spiral, schedule: fields }, 100).schedule).toEqual(scheduleOf(fields));
    expect(scheduleFieldsOf({ schedule: fields }, 100)).toBe(fields);
  });
});

describe('defaultSchedule', () => {
  it.each([1, 10, 19, 100, 190, 1250])(
    'fits a run of %i steps: ten updates over its first seven tenths, and valid',
    (steps) => {
      const fields = defaultSchedule(steps);
      expect(fields.endStep).toBe(fields.frequency * 10);
      expect(fields.frequency).toBe(Math.max(1, Math.round((0.7 * steps) / 10)));
      expect(validateSchedule(scheduleOf(fields))).toBeNull();
    },
  );
});

describe('steppedRule (the keyboard step of the criterion)', () => {
  const rule = defaultSettings('spiral').rule;
  it('moves a fiftieth of the range, rounded to the slider step, and stops at the ends', () => {
    const max = thresholdBounds('spiral').max;
    const step = Math.round(max / 50 / 0.001) * 0.001;
    expect(steppedRule({ ...rule, threshold: 0.1 }, 'spiral', 1)).toEqual({ threshold: +(0.1 + step).toFixed(6) });
    expect(steppedRule({ ...rule, threshold: 0.1 }, 'spiral', -1)).toEqual({ threshold: +(0.1 - step).toFixed(6) });
    expect(steppedRule({ ...rule, threshold: 0 }, 'spiral', -1)).toEqual({ threshold: 0 });
    expect(steppedRule({ ...rule, threshold: max }, 'spiral', 1)).toEqual({ threshold: max });
  });
  it('steps the target by 2 points and q by 0.06, within their bounds', () => {
    expect(steppedRule({ ...rule, by: 'target', targetPercent: 50 }, 'spiral', 1)).toEqual({ targetPercent: 52 });
    expect(steppedRule({ ...rule, by: 'target', targetPercent: 98.5 }, 'spiral', 1)).toEqual({ targetPercent: 99 });
    expect(steppedRule({ ...rule, by: 'std', quality: 1 }, 'spiral', -1)).toEqual({ quality: 0.94 });
  });
});
