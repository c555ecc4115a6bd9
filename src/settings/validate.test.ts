import { describe, expect, it } from 'vitest';
import { DATASET_IDS } from '../data/datasets';
import { defaultSettings, type Settings } from './settings';
import { expectedNumber, validateSettings } from './validate';

const spiral = defaultSettings('spiral');

/** The problems of the spiral's defaults with one slice changed. */
function problemsOf(patch: (s: Settings) => Partial<Settings>, base = spiral) {
  return validateSettings({ ...base, ...patch(base) });
}

describe('validateSettings', () => {
  it.each(DATASET_IDS)('finds nothing wrong with the defaults of %s', (id) => {
    expect(validateSettings(defaultSettings(id))).toEqual([]);
  });

  // Every check, with the message it gives.
  const cases: Array<[string, (s: Settings) => Partial<Settings>, string, string]> = [
    ['version', () => ({ version: 2 as 1 }), 'version', 'Expected settings version 1, but got 2'],
    [
      'seed',
      (s) => ({ draw: { ...s.draw, seed: 1.5 } }),
      'seed',
      'Expected a whole number of seeds from 0 to 1000000, but got 1.5',
    ],
    ['noise', (s) => ({ draw: { ...s.draw, noise: 0.6 } }), 'noise', 'Expected a noise from 0 to 0.5, but got 0.6'],
    [
      'test share',
      (s) => ({ draw: { ...s.draw, testFraction: 0.9 } }),
      'testFraction',
      'Expected a test share from 0.05 to 0.8, but got 0.9',
    ],
    [
      'hidden',
      (s) => ({ model: { ...s.model, hidden: [64, 0] } }),
      'hidden',
      'Expected 1 to 4 hidden layers, each a whole number of neurons from 1 to 512, but got [64, 0]',
    ],
    [
      'no hidden layer',
      (s) => ({ model: { ...s.model, hidden: [] } }),
      'hidden',
      'Expected 1 to 4 hidden layers, each a whole number of neurons from 1 to 512, but got []',
    ],
    [
      'activation',
      (s) => ({ model: { ...s.model, activation: 'gelu' as 'relu' } }),
      'activation',
      'Expected an activation, one of relu, tanh, but got "gelu"',
    ],
    [
      'epochs',
      (s) => ({ training: { ...s.training, epochs: 0 } }),
      'epochs',
      'Expected a whole number of epochs from 1 to 500, but got 0',
    ],
    [
      'learning rate',
      (s) => ({ training: { ...s.training, learningRate: 0 } }),
      'learningRate',
      'Expected a learning rate above 0 and up to 10, but got 0',
    ],
    [
      'fine-tune epochs',
      (s) => ({ fineTuning: { ...s.fineTuning, epochs: 501 } }),
      'fineTuneEpochs',
      'Expected a whole number of epochs from 1 to 500, but got 501',
    ],
    [
      'fine-tune rate',
      (s) => ({ fineTuning: { ...s.fineTuning, learningRate: -1 } }),
      'fineTuneLearningRate',
      'Expected a learning rate above 0 and up to 10, but got -1',
    ],
    [
      'prune by',
      (s) => ({ rule: { ...s.rule, by: 'size' as 'std' } }),
      'by',
      'Expected a way to prune by, one of magnitude, target, std, but got "size"',
    ],
    [
      'scope',
      (s) => ({ rule: { ...s.rule, scope: 'net' as 'layer' } }),
      'scope',
      'Expected a scope, one of layer, global, but got "net"',
    ],
    [
      'method',
      (s) => ({ rule: { ...s.rule, method: 'magic' as 'random' } }),
      'method',
      'Expected a method, one of unstructured, structured, random, nm, but got "magic"',
    ],
    [
      'output rate',
      (s) => ({ rule: { ...s.rule, outputRate: 'third' as 'half' } }),
      'outputRate',
      'Expected an output layer rate, one of same, half, but got "third"',
    ],
    [
      'threshold',
      (s) => ({ rule: { ...s.rule, threshold: 2.5 } }),
      'threshold',
      'Expected a threshold from 0 to 2, but got 2.5',
    ],
    [
      'target',
      (s) => ({ rule: { ...s.rule, targetPercent: 99.5 } }),
      'targetPercent',
      'Expected a target sparsity from 0 to 99, but got 99.5',
    ],
    [
      'quality',
      (s) => ({ rule: { ...s.rule, quality: NaN } }),
      'quality',
      'Expected a quality parameter from 0 to 3, but got NaN',
    ],
    [
      'rounds',
      (s) => ({ iterative: { ...s.iterative, rounds: 31 } }),
      'rounds',
      'Expected a whole number of rounds from 1 to 30, but got 31',
    ],
    [
      'percent per round',
      (s) => ({ iterative: { ...s.iterative, percentPerRound: 95 } }),
      'percentPerRound',
      'Expected a share per round from 1 to 90, but got 95',
    ],
  ];
  it.each(cases)('says what was expected and what came for the %s', (_, patch, key, message) => {
    expect(problemsOf(patch)).toEqual([{ key, message }]);
  });

  const schedule = { initialPercent: 0, finalPercent: 90, beginStep: 0, endStep: 70, frequency: 7 };
  it.each([
    [
      'initialPercent',
      { initialPercent: -1 },
      'Expected the initial sparsity (%) to be a number from 0 to 99, but got -1',
    ],
    ['finalPercent', { finalPercent: 100 }, 'Expected the final sparsity (%) to be a number from 0 to 99, but got 100'],
    ['beginStep', { beginStep: 0.5 }, 'Expected the begin step to be a whole number from 0 to 100000, but got 0.5'],
    ['endStep', { endStep: 100_001 }, 'Expected the end step to be a whole number from 0 to 100000, but got 100001'],
    [
      'frequency',
      { frequency: 0 },
      'Expected the update interval (steps) to be a whole number from 1 to 100000, but got 0',
    ],
    ['schedule', { beginStep: 80 }, 'Expected the end step (70) to be after the begin step (80)'],
    ['schedule', { initialPercent: 95 }, 'Expected the initial sparsity (0.95) to be at most the final sparsity (0.9)'],
  ] as const)('checks the schedule’s %s', (key, patch, message) => {
    expect(problemsOf(() => ({ schedule: { ...schedule, ...patch } }))).toEqual([{ key, message }]);
  });

  it('checks the noise and the test share only where the data set uses them', () => {
    const replica = defaultSettings('seed-replica');
    expect(problemsOf((s) => ({ draw: { ...s.draw, noise: 9, testFraction: 0.99 } }), replica)).toEqual([]);
  });

  it('checks a threshold against the data set’s own range', () => {
    expect(problemsOf((s) => ({ rule: { ...s.rule, threshold: 1.7 } }), defaultSettings('seed-replica'))).toEqual([
      { key: 'threshold', message: 'Expected a threshold from 0 to 0.5, but got 1.7' },
    ]);
  });

  it('stops at an unknown data set: every other range depends on it', () => {
    expect(problemsOf(() => ({ dataset: 'cifar' as 'spiral', seed: -1 }))).toEqual([
      {
        key: 'dataset',
        message:
          'Expected a data set, one of seed-replica, spiral, moons, circles, xor, gaussian, mnist, but got "cifar"',
      },
    ]);
  });

  it('lists several problems in the order of the controls', () => {
    const keys = problemsOf((s) => ({
      training: { epochs: 0, learningRate: 11 },
      rule: { ...s.rule, quality: 4 },
    })).map((p) => p.key);
    expect(keys).toEqual(['epochs', 'learningRate', 'quality']);
  });
});

describe('expectedNumber', () => {
  it('names the subject, whole numbers, an exclusive minimum and a field', () => {
    expect(expectedNumber({ subject: 'threshold', min: 0, max: 1 })).toBe('a threshold from 0 to 1');
    expect(expectedNumber({ subject: 'epoch', min: 1, max: 500, integer: true })).toBe(
      'a whole number of epochs from 1 to 500',
    );
    expect(expectedNumber({ subject: 'learning rate', min: 0, max: 10, minInclusive: false })).toBe(
      'a learning rate above 0 and up to 10',
    );
    expect(expectedNumber({ subject: 'step', min: 0, max: 9, integer: true, field: 'end step' })).toBe(
      'the end step to be a whole number from 0 to 9',
    );
  });
});
