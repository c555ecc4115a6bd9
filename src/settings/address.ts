import { METHODS, PRUNE_BY, SCOPES } from '../core/pruning/prune';
import { QUANTIZATIONS } from '../core/compression/quantize';
import { ACTIVATIONS } from '../core/network/spec';
import { parseLayerSizes, type NumberRule } from '../core/validate';
import { DATASET_IDS, isDatasetId, type DatasetId } from '../data/datasets';
import {
  BOUNDS,
  bitsBounds,
  defaultSettings,
  architectureProblem,
  followedRate,
  hasAdjustableSplit,
  hasNoise,
  noiseBounds,
  OUTPUT_RATES,
  SCHEDULE_BOUNDS,
  SETTINGS_VERSION,
  START_DATASET,
  thresholdBounds,
  type Architecture,
  type ScheduleKey,
  type ScheduleSettings,
  type Settings,
} from './settings';
import { expectedNumber, passes, tokenProblem, validateSettings } from './validate';
import { scheduleOf } from './derive';
import { validateSchedule } from '../core/pruning/schedule';

/**
 * Settings as a URL query string and back. Every setting is written, defaults included, so that a
 * link means the same after a data set's defaults change; only the two values that follow another
 * are left out while they follow (`ftlr`: the data set's share of `lr`, a tenth for most; `schedule`: the run's length). Keys, in
 * the order written:
 *
 *   v         settings version (1)
 *   data      data set token (DATASETS' keys: seed-replica, spiral, moons, circles, xor, gaussian, mnist)
 *   seed      whole number 0–1,000,000
 *   noise     data units (only for sets with noise)
 *   test      test share, a fraction 0.05–0.8 (only for sets with an adjustable split)
 *   hidden    hidden widths, comma-separated: 64,32
 *   act       relu | tanh
 *   arch      lenet5 (absent: the multilayer perceptron of hidden and act)
 *   epochs    training epochs;      lr    training learning rate
 *   ftepochs  fine-tuning epochs;   ftlr  fine-tuning rate (absent: follows lr)
 *   by        magnitude | target | std      scope   layer | global
 *   method    unstructured | structured | random | nm   out  same | half
 *   threshold magnitude threshold;  target  target sparsity in percent (0–99);  q  quality parameter
 *   rounds    iterative rounds;     perround  percent of the survivors per round
 *   schedule  initial %, final %, begin step, end step, steps between updates: 0,90,0,70,7
 *             (absent: the default schedule for the fine-tuning run's length)
 *   quant     none | kmeans | linear | channel;   bits  bits per weight of the quantization
 *   distill   1: fine-tuning distils from the dense network;   temp  its T;   alpha  its α
 */

/** The settings as a query string without `?`, e.g. `v=1&data=spiral&seed=7&…&by=target&target=90&…`. */
export function serialiseSettings(settings: Settings): string {
  const s = settings;
  const pairs: Array<[string, string | number]> = [
    ['v', SETTINGS_VERSION],
    ['data', s.dataset],
    ['seed', s.draw.seed],
  ];
  if (hasNoise(s.dataset)) pairs.push(['noise', s.draw.noise]);
  if (hasAdjustableSplit(s.dataset)) pairs.push(['test', s.draw.testFraction]);
  pairs.push(['hidden', s.model.hidden.join(',')], ['act', s.model.activation]);
  if (s.model.architecture !== 'mlp') pairs.push(['arch', s.model.architecture]);
  pairs.push(['epochs', s.training.epochs], ['lr', s.training.learningRate], ['ftepochs', s.fineTuning.epochs]);
  if (s.fineTuning.learningRate !== null) pairs.push(['ftlr', s.fineTuning.learningRate]);
  pairs.push(
    ['by', s.rule.by],
    ['scope', s.rule.scope],
    ['method', s.rule.method],
    ['out', s.rule.outputRate],
    ['threshold', s.rule.threshold],
    ['target', s.rule.targetPercent],
    ['q', s.rule.quality],
    ['rounds', s.iterative.rounds],
    ['perround', s.iterative.percentPerRound],
  );
  if (s.schedule) pairs.push(['schedule', SCHEDULE_KEYS.map((key) => s.schedule![key]).join(',')]);
  const c = s.compression;
  pairs.push(
    ['quant', c.quantization],
    ['bits', c.bits],
    ['distill', c.distill ? 1 : 0],
    ['temp', c.temperature],
    ['alpha', c.alpha],
  );
  // Commas stay readable: they are allowed in a query (RFC 3986 sub-delims).
  return pairs.map(([key, value]) => `${key}=${encodeURIComponent(String(value)).replace(/%2C/gi, ',')}`).join('&');
}

/** The order of the five numbers in `schedule=`. */
const SCHEDULE_KEYS: readonly ScheduleKey[] = ['initialPercent', 'finalPercent', 'beginStep', 'endStep', 'frequency'];

/**
 * Reads settings from a query string (with or without `?`). Never throws: a missing key takes the
 * default (the data set's, for `data`'s set); a bad value is replaced by its default and named in
 * `problems`, each saying what was expected, what came and that the default was used. Unknown keys
 * are ignored; a repeated key uses its last value (and says so). A missing `v` reads as version 1;
 * a `v` this page does not know is read as the current version (and said).
 */
export function parseSettings(query: string): { settings: Settings; problems: string[] } {
  const problems: string[] = [];
  const params = readParams(query, problems);
  const get = (key: string): string | undefined => params.get(key);

  const version = get('v');
  if (version !== undefined && version !== String(SETTINGS_VERSION)) {
    problems.push(
      `Expected settings version ${SETTINGS_VERSION}, but got "${version}" (v=${version}). Read it as version ${SETTINGS_VERSION}; values it cannot use take their defaults.`,
    );
  }
  // Later versions migrate older addresses here, before anything is read.

  const dataToken = get('data');
  let dataset: DatasetId = START_DATASET;
  if (dataToken !== undefined) {
    if (isDatasetId(dataToken)) dataset = dataToken;
    else
      problems.push(
        `${tokenProblem('a data set', DATASET_IDS, dataToken)} (data=${dataToken}). Used the default, ${START_DATASET}.`,
      );
  }

  const base = defaultSettings(dataset);
  const number = (key: string, rule: NumberRule & { field?: string }, fallback: number): number => {
    const text = get(key);
    if (text === undefined) return fallback;
    const value = readNumber(text);
    if (value !== null && passes(value, rule)) return value;
    problems.push(
      `Expected ${expectedNumber(rule)}, but got "${text}" (${key}=${text}). Used the default, ${fallback}.`,
    );
    return fallback;
  };
  const token = <T extends string>(key: string, what: string, tokens: readonly T[], fallback: T): T => {
    const text = get(key);
    if (text === undefined) return fallback;
    if ((tokens as readonly string[]).includes(text)) return text as T;
    problems.push(`${tokenProblem(what, tokens, text)} (${key}=${text}). Used the default, ${fallback}.`);
    return fallback;
  };

  const seed = number('seed', BOUNDS.seed, base.draw.seed);
  const settings: Settings = {
    ...base,
    draw: {
      seed,
      noise: hasNoise(dataset) ? number('noise', noiseBounds(dataset), base.draw.noise) : base.draw.noise,
      testFraction: hasAdjustableSplit(dataset)
        ? number('test', BOUNDS.testFraction, base.draw.testFraction)
        : base.draw.testFraction,
    },
    model: {
      architecture: architectureOf(get('arch'), dataset, problems),
      hidden: hiddenOf(get('hidden'), base.model.hidden, problems),
      activation: token('act', 'an activation', ACTIVATIONS, base.model.activation),
    },
    training: {
      epochs: number('epochs', BOUNDS.epochs, base.training.epochs),
      learningRate: number('lr', BOUNDS.learningRate, base.training.learningRate),
    },
    fineTuning: { epochs: number('ftepochs', BOUNDS.epochs, base.fineTuning.epochs), learningRate: null },
    rule: {
      by: token('by', 'a way to prune by', keysOf(PRUNE_BY), base.rule.by),
      scope: token('scope', 'a scope', keysOf(SCOPES), base.rule.scope),
      method: token('method', 'a method', keysOf(METHODS), base.rule.method),
      outputRate: token('out', 'an output layer rate', keysOf(OUTPUT_RATES), base.rule.outputRate),
      threshold: number('threshold', thresholdBounds(dataset), base.rule.threshold),
      targetPercent: number('target', BOUNDS.targetPercent, base.rule.targetPercent),
      quality: number('q', BOUNDS.quality, base.rule.quality),
    },
    iterative: {
      rounds: number('rounds', BOUNDS.rounds, base.iterative.rounds),
      percentPerRound: number('perround', BOUNDS.percentPerRound, base.iterative.percentPerRound),
    },
    schedule: scheduleFrom(get('schedule'), problems),
    compression: base.compression,
  };
  const quantization = token('quant', 'a quantization', keysOf(QUANTIZATIONS), base.compression.quantization);
  settings.compression = {
    quantization,
    bits: number('bits', bitsBounds(quantization), base.compression.bits),
    distill: token('distill', 'distillation on or off', ['0', '1'], base.compression.distill ? '1' : '0') === '1',
    temperature: number('temp', BOUNDS.temperature, base.compression.temperature),
    alpha: number('alpha', BOUNDS.alpha, base.compression.alpha),
  };
  const ftlr = get('ftlr');
  if (ftlr !== undefined) {
    const followed = followedRate(dataset, settings.training.learningRate);
    const value = readNumber(ftlr);
    if (value !== null && passes(value, BOUNDS.learningRate)) {
      // Exactly the followed tenth is "follows", as the reducer has it.
      settings.fineTuning = { ...settings.fineTuning, learningRate: value === followed ? null : value };
    } else {
      problems.push(
        `Expected ${expectedNumber(BOUNDS.learningRate)}, but got "${ftlr}" (ftlr=${ftlr}). Used the default, which follows the learning rate (${followed}).`,
      );
    }
  }
  // Each value was checked as it was read; this only guards against the two checks drifting apart.
  const left = validateSettings(settings);
  if (left.length === 0) return { settings, problems };
  for (const problem of left) problems.push(`${problem.message}. Used the page's defaults.`);
  return { settings: defaultSettings(), problems };
}

/**
 * The query's parameters, each key's last value; repeated keys among `known` (the settings' keys by
 * default) are named in `problems`. Never throws.
 */
export function readParams(
  query: string,
  problems: string[],
  known: ReadonlySet<string> = KNOWN_KEYS,
): Map<string, string> {
  const map = new Map<string, string>();
  const counts = new Map<string, number>();
  let params: URLSearchParams;
  try {
    params = new URLSearchParams(query.trim().replace(/^\?/, ''));
  } catch {
    return map;
  }
  for (const [key, value] of params) {
    map.set(key, value);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  for (const [key, count] of counts) {
    if (count > 1 && known.has(key))
      problems.push(`Expected "${key}" once, but got it ${count} times. Used the last, ${map.get(key)}.`);
  }
  return map;
}

const KNOWN_KEYS = new Set([
  'v',
  'data',
  'seed',
  'noise',
  'test',
  'hidden',
  'act',
  'arch',
  'epochs',
  'lr',
  'ftepochs',
  'ftlr',
  'by',
  'scope',
  'method',
  'out',
  'threshold',
  'target',
  'q',
  'rounds',
  'perround',
  'schedule',
  'quant',
  'bits',
  'distill',
  'temp',
  'alpha',
]);

/** A plain decimal number ("0.5", "-2", "1e-3"), or null for anything else ("", "0x10", "Infinity", "abc"). */
function readNumber(text: string): number | null {
  const trimmed = text.trim();
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(trimmed)) return null;
  // + 0 turns -0 into 0, so that what is read writes back as it came.
  const value = Number(trimmed) + 0;
  return Number.isFinite(value) ? value : null;
}

/** The address's architecture on `dataset`, or the multilayer perceptron with a problem when it cannot be used. */
function architectureOf(text: string | undefined, dataset: DatasetId, problems: string[]): Architecture {
  if (text === undefined) return 'mlp';
  const problem = architectureProblem(dataset, text);
  if (!problem) return text as Architecture;
  problems.push(`${problem} (arch=${text}). Used the default, mlp.`);
  return 'mlp';
}

function hiddenOf(text: string | undefined, fallback: readonly number[], problems: string[]): readonly number[] {
  if (text === undefined) return fallback;
  const parsed = parseLayerSizes(text);
  if (parsed.ok) return parsed.value;
  problems.push(`${parsed.message} (hidden=${text}). Used the default, ${fallback.join(',')}.`);
  return fallback;
}

function scheduleFrom(text: string | undefined, problems: string[]): ScheduleSettings | null {
  if (text === undefined) return null;
  const fallback = 'Used the default, which follows the fine-tuning run’s length.';
  const parts = text.split(',');
  const came = `"${text}" (schedule=${text})`;
  if (parts.length !== SCHEDULE_KEYS.length) {
    problems.push(
      `Expected a schedule of five numbers (initial %, final %, begin step, end step, steps between updates), but got ${came}. ${fallback}`,
    );
    return null;
  }
  const fields = {} as ScheduleSettings;
  for (const [i, key] of SCHEDULE_KEYS.entries()) {
    const value = readNumber(parts[i]);
    if (value === null || !passes(value, SCHEDULE_BOUNDS[key])) {
      problems.push(`Expected ${expectedNumber(SCHEDULE_BOUNDS[key])}, but got "${parts[i]}" in ${came}. ${fallback}`);
      return null;
    }
    fields[key] = value;
  }
  const problem = validateSchedule(scheduleOf(fields));
  if (problem) {
    problems.push(`${problem.replace(/\.$/, '')}, in ${came}. ${fallback}`);
    return null;
  }
  return fields;
}

function keysOf<T extends string>(table: Record<T, unknown>): T[] {
  return Object.keys(table) as T[];
}
