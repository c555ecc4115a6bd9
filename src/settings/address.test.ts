import { describe, expect, it } from 'vitest';
import { DATASET_IDS } from '../data/datasets';
import { parseSettings, serialiseSettings } from './address';
import { defaultSettings, type Settings } from './settings';

/** Settings with one slice changed. */
function changed(patch: (s: Settings) => Partial<Settings>, base = defaultSettings('spiral', 7)): Settings {
  return { ...base, ...patch(base) };
}

describe('serialiseSettings', () => {
  it('writes every setting under short, stable keys in a fixed order', () => {
    expect(serialiseSettings(defaultSettings('spiral', 7))).toBe(
      'v=1&data=spiral&seed=7&noise=0.08&test=0.3333333333333333&hidden=32,32&act=tanh&epochs=30&lr=0.05&ftepochs=10' +
        '&by=magnitude&scope=layer&method=unstructured&out=same&threshold=0.5&target=90&q=1&rounds=5&perround=20' +
        '&quant=none&bits=5&distill=0&temp=4&alpha=0.5',
    );
  });

  it('leaves out what a data set does not use, and the values that follow another', () => {
    const query = serialiseSettings(defaultSettings('seed-replica'));
    expect(query).not.toMatch(/noise=|test=|ftlr=|schedule=/);
    expect(serialiseSettings(defaultSettings('mnist'))).not.toMatch(/noise=|test=/);
  });

  it('writes a set schedule as five comma-separated numbers', () => {
    const s = changed(() => ({
      schedule: { initialPercent: 10, finalPercent: 80, beginStep: 5, endStep: 65, frequency: 6 },
    }));
    expect(serialiseSettings(s)).toContain('&schedule=10,80,5,65,6');
  });
});

describe('parseSettings ∘ serialiseSettings', () => {
  it.each(DATASET_IDS)('gives back the defaults of %s, with no problem', (id) => {
    const settings = defaultSettings(id, 123);
    expect(parseSettings(serialiseSettings(settings))).toEqual({ settings, problems: [] });
  });

  // One non-default value for every key, written then read back.
  const cases: Array<[key: string, settings: Settings]> = [
    ['data', defaultSettings('moons', 7)],
    ['seed', defaultSettings('spiral', 999_999)],
    ['noise', changed((s) => ({ draw: { ...s.draw, noise: 0.37 } }))],
    ['test', changed((s) => ({ draw: { ...s.draw, testFraction: 0.25 } }))],
    ['hidden', changed((s) => ({ model: { ...s.model, hidden: [5, 6, 7, 8] } }))],
    ['act', changed((s) => ({ model: { ...s.model, activation: 'relu' } }))],
    ['epochs', changed((s) => ({ training: { ...s.training, epochs: 123 } }))],
    ['lr', changed((s) => ({ training: { ...s.training, learningRate: 0.0042 } }))],
    ['ftepochs', changed((s) => ({ fineTuning: { ...s.fineTuning, epochs: 44 } }))],
    ['ftlr', changed((s) => ({ fineTuning: { ...s.fineTuning, learningRate: 0.0003 } }))],
    ['by', changed((s) => ({ rule: { ...s.rule, by: 'std' } }))],
    ['scope', changed((s) => ({ rule: { ...s.rule, scope: 'global' } }))],
    ['method', changed((s) => ({ rule: { ...s.rule, method: 'random' } }))],
    ['out', changed((s) => ({ rule: { ...s.rule, outputRate: 'half' } }))],
    ['threshold', changed((s) => ({ rule: { ...s.rule, threshold: 1.234 } }))],
    ['target', changed((s) => ({ rule: { ...s.rule, targetPercent: 92.5 } }))],
    ['q', changed((s) => ({ rule: { ...s.rule, quality: 2.25 } }))],
    ['rounds', changed((s) => ({ iterative: { ...s.iterative, rounds: 11 } }))],
    ['perround', changed((s) => ({ iterative: { ...s.iterative, percentPerRound: 33.3 } }))],
    ['quant', changed((s) => ({ compression: { ...s.compression, quantization: 'channel' } }))],
    ['bits', changed((s) => ({ compression: { ...s.compression, bits: 3 } }))],
    ['distill', changed((s) => ({ compression: { ...s.compression, distill: true } }))],
    ['temp', changed((s) => ({ compression: { ...s.compression, temperature: 2.5 } }))],
    ['alpha', changed((s) => ({ compression: { ...s.compression, alpha: 0.9 } }))],
    [
      'schedule',
      changed(() => ({
        schedule: { initialPercent: 12.5, finalPercent: 95, beginStep: 3, endStep: 93, frequency: 9 },
      })),
    ],
  ];
  it.each(cases)('keeps a non-default %s', (key, settings) => {
    const query = serialiseSettings(settings);
    expect(query).toMatch(new RegExp(`(^|&)${key}=`));
    expect(parseSettings(query)).toEqual({ settings, problems: [] });
  });

  it('covers every key it writes', () => {
    const everything = changed((s) => ({
      fineTuning: { ...s.fineTuning, learningRate: 0.0003 },
      schedule: { initialPercent: 0, finalPercent: 90, beginStep: 0, endStep: 70, frequency: 7 },
    }));
    const keys = serialiseSettings(everything)
      .split('&')
      .map((pair) => pair.split('=')[0]);
    expect(keys.sort()).toEqual(
      cases
        .map(([key]) => key)
        .concat('v')
        .sort(),
    );
  });

  it('keeps every value through serialise → parse → serialise', () => {
    const query = serialiseSettings(cases[cases.length - 1][1]);
    expect(serialiseSettings(parseSettings(query).settings)).toBe(query);
  });
});

describe('parseSettings', () => {
  it('reads the compression keys, checks bits against the chosen quantization, and names a bad value', () => {
    const { settings, problems } = parseSettings('data=spiral&quant=linear&bits=1&distill=yes&temp=0.5&alpha=0.25');
    expect(settings.compression).toEqual({
      quantization: 'linear',
      bits: 5,
      distill: false,
      temperature: 4,
      alpha: 0.25,
    });
    expect(problems).toEqual([
      'Expected a whole number of bits from 2 to 8, but got "1" (bits=1). Used the default, 5.',
      'Expected distillation on or off, one of 0, 1, but got "yes" (distill=yes). Used the default, 0.',
      'Expected a temperature from 1 to 20, but got "0.5" (temp=0.5). Used the default, 4.',
    ]);
  });

  it('reads the empty address, with or without ?, as a fresh page', () => {
    expect(parseSettings('')).toEqual({ settings: defaultSettings(), problems: [] });
    expect(parseSettings('?')).toEqual({ settings: defaultSettings(), problems: [] });
  });

  it('takes the data set’s defaults for keys that are missing, and reads a missing v as version 1', () => {
    const { settings, problems } = parseSettings('?data=circles&seed=9&target=50');
    expect(problems).toEqual([]);
    expect(settings).toEqual({
      ...defaultSettings('circles', 9),
      rule: { ...defaultSettings('circles').rule, targetPercent: 50 },
    });
  });

  it('replaces a bad value by its default and says what was expected, what came and that the default was used', () => {
    const { settings, problems } = parseSettings('v=1&data=spiral&threshold=abc&epochs=2.5&lr=0&by=size&hidden=64,0');
    expect(settings).toEqual(defaultSettings('spiral'));
    expect(problems).toEqual([
      'Expected 1 to 4 layer sizes, each a whole number from 1 to 512, separated by commas, but got "0" (hidden=64,0). Used the default, 32,32.',
      'Expected a whole number of epochs from 1 to 500, but got "2.5" (epochs=2.5). Used the default, 30.',
      'Expected a learning rate above 0 and up to 10, but got "0" (lr=0). Used the default, 0.05.',
      'Expected a way to prune by, one of magnitude, target, std, but got "size" (by=size). Used the default, magnitude.',
      'Expected a threshold from 0 to 2, but got "abc" (threshold=abc). Used the default, 0.5.',
    ]);
  });

  it('checks the threshold and noise against the chosen data set’s range', () => {
    expect(parseSettings('data=seed-replica&threshold=1.7').problems).toEqual([
      'Expected a threshold from 0 to 0.5, but got "1.7" (threshold=1.7). Used the default, 0.1.',
    ]);
    expect(parseSettings('data=gaussian&noise=0.9').problems).toEqual([]);
    expect(parseSettings('data=spiral&noise=0.9').problems).toEqual([
      'Expected a noise from 0 to 0.5, but got "0.9" (noise=0.9). Used the default, 0.08.',
    ]);
  });

  it('falls back to the start data set for an unknown one', () => {
    const { settings, problems } = parseSettings('data=cifar&seed=3');
    expect(settings).toEqual(defaultSettings('seed-replica', 3));
    expect(problems).toEqual([
      'Expected a data set, one of seed-replica, spiral, moons, circles, xor, gaussian, mnist, but got "cifar" (data=cifar). Used the default, seed-replica.',
    ]);
  });

  it('ignores noise and test share on a data set that does not use them', () => {
    expect(parseSettings('data=mnist&noise=0.3&test=0.5')).toEqual({
      settings: defaultSettings('mnist'),
      problems: [],
    });
  });

  it('reads a fine-tuning rate of exactly a tenth of lr as following it', () => {
    expect(parseSettings('data=spiral&lr=0.03&ftlr=0.003').settings.fineTuning.learningRate).toBeNull();
    expect(parseSettings('data=spiral&ftlr=abc').problems).toEqual([
      'Expected a learning rate above 0 and up to 10, but got "abc" (ftlr=abc). Used the default, which follows the learning rate (0.005).',
    ]);
  });

  it('refuses a schedule that is malformed, out of range or inconsistent, and lets it follow the run', () => {
    const read = (schedule: string) => parseSettings(`data=spiral&schedule=${schedule}`);
    expect(read('0,90,0,70').problems).toEqual([
      'Expected a schedule of five numbers (initial %, final %, begin step, end step, steps between updates), but got "0,90,0,70" (schedule=0,90,0,70). Used the default, which follows the fine-tuning run’s length.',
    ]);
    expect(read('0,90,0,70,0').problems).toEqual([
      'Expected the update interval (steps) to be a whole number from 1 to 100000, but got "0" in "0,90,0,70,0" (schedule=0,90,0,70,0). Used the default, which follows the fine-tuning run’s length.',
    ]);
    expect(read('0,90,50,40,5').problems).toEqual([
      'Expected the end step (40) to be after the begin step (50), in "0,90,50,40,5" (schedule=0,90,50,40,5). Used the default, which follows the fine-tuning run’s length.',
    ]);
    expect(read('0,90,50,40,5').settings.schedule).toBeNull();
  });

  it('ignores unknown keys, the backend among them', () => {
    expect(parseSettings('data=xor&backend=wasm&colour=red')).toEqual({
      settings: defaultSettings('xor'),
      problems: [],
    });
  });

  it('uses the last of repeated keys, and says so', () => {
    const { settings, problems } = parseSettings('seed=3&seed=7&unknown=1&unknown=2');
    expect(settings.draw.seed).toBe(7);
    expect(problems).toEqual(['Expected "seed" once, but got it 2 times. Used the last, 7.']);
  });

  it('reads a version it does not know as the current one, and says so', () => {
    const { settings, problems } = parseSettings('v=999&data=spiral&seed=5');
    expect(settings).toEqual(defaultSettings('spiral', 5));
    expect(problems).toEqual([
      'Expected settings version 1, but got "999" (v=999). Read it as version 1; values it cannot use take their defaults.',
    ]);
  });

  it('reads percent-encoded values', () => {
    expect(parseSettings('data=spiral&hidden=8%2C%204').settings.model.hidden).toEqual([8, 4]);
  });

  it.each([
    '%%%',
    '%E0%A4%A',
    '&&&===&',
    'v=999',
    'v=abc&data=',
    'threshold=abc',
    'seed=1e400&lr=Infinity&epochs=0x10&q=NaN&target=-0',
    'hidden=&act=&by=&schedule=,,,,',
    'schedule=1,2,3,4,5,6&rounds=1e1&perround=.5',
    '__proto__=1&constructor=2&toString=3&hasOwnProperty=4',
    'data=toString',
    'data=__proto__',
    '?'.repeat(1000),
    'seed=' + '9'.repeat(10_000),
  ])('never throws on %s, and gives usable settings', (query) => {
    const { settings, problems } = parseSettings(query);
    expect(Array.isArray(problems)).toBe(true);
    expect(parseSettings(serialiseSettings(settings))).toEqual({ settings, problems: [] });
  });

  it('reads -0 as 0 and 1e1 as 10', () => {
    const { settings, problems } = parseSettings('target=-0&rounds=1e1');
    expect(problems).toEqual([]);
    expect(settings.iterative.rounds).toBe(10);
    expect(settings.rule.targetPercent === 0).toBe(true);
  });
});
