import { METHODS, PRUNE_BY, SCOPES } from '../core/pruning/prune';
import { QUANTIZATIONS } from '../core/compression/quantize';
import { validateSchedule } from '../core/pruning/schedule';
import { ACTIVATIONS } from '../core/network/spec';
import { MAX_HIDDEN_LAYERS, MAX_LAYER_WIDTH, type NumberRule } from '../core/validate';
import { DATASET_IDS, isDatasetId } from '../data/datasets';
import { scheduleOf } from './derive';
import {
  BOUNDS,
  bitsBounds,
  architectureProblem,
  hasAdjustableSplit,
  hasNoise,
  noiseBounds,
  OUTPUT_RATES,
  SCHEDULE_BOUNDS,
  SETTINGS_VERSION,
  thresholdBounds,
  type ScheduleKey,
  type SettingKey,
  type Settings,
} from './settings';

/** One thing wrong with a Settings value: which setting, and what was expected and what came. */
export interface SettingsProblem {
  key: SettingKey;
  message: string;
}

/**
 * Everything wrong with `settings`, in the order of the page's controls; empty when it is usable.
 * Each message says what was expected and what came: `Expected a threshold from 0 to 1, but got 1.7`.
 * The noise and the test share are checked only on data sets that use them.
 */
export function validateSettings(settings: Settings): SettingsProblem[] {
  const problems: SettingsProblem[] = [];
  const check = (key: SettingKey, message: string | null) => message !== null && problems.push({ key, message });
  const s = settings;
  // Typed as the one version, but a value from elsewhere can hold any.
  const version: number = s.version;
  if (version !== SETTINGS_VERSION)
    check('version', `Expected settings version ${String(SETTINGS_VERSION)}, but got ${version}`);
  if (!isDatasetId(s.dataset)) {
    // Every other bound depends on the data set: nothing further can be checked.
    check('dataset', tokenProblem('a data set', DATASET_IDS, s.dataset));
    return problems;
  }
  check('seed', numberProblem(s.draw.seed, BOUNDS.seed));
  if (hasNoise(s.dataset)) check('noise', numberProblem(s.draw.noise, noiseBounds(s.dataset)));
  if (hasAdjustableSplit(s.dataset)) check('testFraction', numberProblem(s.draw.testFraction, BOUNDS.testFraction));
  check('architecture', architectureProblem(s.dataset, s.model.architecture));
  check('hidden', hiddenProblem(s.model.hidden));
  check('activation', tokenProblem('an activation', ACTIVATIONS, s.model.activation));
  check('epochs', numberProblem(s.training.epochs, BOUNDS.epochs));
  check('learningRate', numberProblem(s.training.learningRate, BOUNDS.learningRate));
  check('fineTuneEpochs', numberProblem(s.fineTuning.epochs, BOUNDS.epochs));
  if (s.fineTuning.learningRate !== null)
    check('fineTuneLearningRate', numberProblem(s.fineTuning.learningRate, BOUNDS.learningRate));
  check('by', tokenProblem('a way to prune by', Object.keys(PRUNE_BY), s.rule.by));
  check('scope', tokenProblem('a scope', Object.keys(SCOPES), s.rule.scope));
  check('method', tokenProblem('a method', Object.keys(METHODS), s.rule.method));
  check('outputRate', tokenProblem('an output layer rate', Object.keys(OUTPUT_RATES), s.rule.outputRate));
  check('threshold', numberProblem(s.rule.threshold, thresholdBounds(s.dataset)));
  check('targetPercent', numberProblem(s.rule.targetPercent, BOUNDS.targetPercent));
  check('quality', numberProblem(s.rule.quality, BOUNDS.quality));
  check('rounds', numberProblem(s.iterative.rounds, BOUNDS.rounds));
  check('percentPerRound', numberProblem(s.iterative.percentPerRound, BOUNDS.percentPerRound));
  const c = s.compression;
  check('quantization', tokenProblem('a quantization', Object.keys(QUANTIZATIONS), c.quantization));
  if (c.quantization in QUANTIZATIONS) check('bits', numberProblem(c.bits, bitsBounds(c.quantization)));
  if (typeof c.distill !== 'boolean') check('distill', `Expected distillation on or off, but got ${String(c.distill)}`);
  check('temperature', numberProblem(c.temperature, BOUNDS.temperature));
  check('alpha', numberProblem(c.alpha, BOUNDS.alpha));
  if (s.schedule) {
    const fields = Object.keys(SCHEDULE_BOUNDS) as ScheduleKey[];
    const before = problems.length;
    for (const key of fields) check(key, numberProblem(s.schedule[key], SCHEDULE_BOUNDS[key]));
    // The fields together (begin before end, initial at most final), once each is in range.
    if (problems.length === before) check('schedule', withoutStop(validateSchedule(scheduleOf(s.schedule))));
  }
  return problems;
}

/**
 * What a number must be to pass `rule`, as a message's object: "a threshold from 0 to 2",
 * "a whole number of epochs from 1 to 500", "a learning rate above 0 and up to 10", or for a
 * rule with a `field` name "the begin step to be a whole number from 0 to 100000".
 */
export function expectedNumber(rule: NumberRule & { field?: string }): string {
  const { subject, min, max, integer = false, minInclusive = true } = rule;
  const range = minInclusive ? `from ${min} to ${max}` : `above ${min} and up to ${max}`;
  if (rule.field) return `the ${rule.field} to be ${integer ? 'a whole number' : 'a number'} ${range}`;
  return `${integer ? `a whole number of ${plural(subject)}` : `${article(subject)} ${subject}`} ${range}`;
}

/** Null when `value` passes `rule`, else `Expected <expectedNumber(rule)>, but got <value>`. */
export function numberProblem(value: number, rule: NumberRule & { field?: string }): string | null {
  return passes(value, rule) ? null : `Expected ${expectedNumber(rule)}, but got ${String(value)}`;
}

/** Whether `value` is a finite number that `rule` accepts. */
export function passes(value: number, rule: NumberRule): boolean {
  const { min, max, integer = false, minInclusive = true } = rule;
  if (typeof value !== 'number' || !Number.isFinite(value)) return false;
  if (integer && !Number.isInteger(value)) return false;
  return (minInclusive ? value >= min : value > min) && value <= max;
}

/** What the hidden layers must be, as a message's object. */
export const EXPECTED_HIDDEN = `1 to ${MAX_HIDDEN_LAYERS} hidden layers, each a whole number of neurons from 1 to ${MAX_LAYER_WIDTH}`;

/** Null when `hidden` is 1 to MAX_HIDDEN_LAYERS widths of 1 to MAX_LAYER_WIDTH, else what came. */
export function hiddenProblem(hidden: readonly number[]): string | null {
  const good =
    Array.isArray(hidden) &&
    hidden.length >= 1 &&
    hidden.length <= MAX_HIDDEN_LAYERS &&
    hidden.every((w) => Number.isInteger(w) && w >= 1 && w <= MAX_LAYER_WIDTH);
  return good
    ? null
    : `Expected ${EXPECTED_HIDDEN}, but got [${Array.isArray(hidden) ? hidden.join(', ') : String(hidden)}]`;
}

/** Null when `token` is one of `tokens`, else `Expected <what>, one of a, b, but got "c"`. */
export function tokenProblem(what: string, tokens: readonly string[], token: string): string | null {
  return tokens.includes(token) ? null : `Expected ${what}, one of ${tokens.join(', ')}, but got "${String(token)}"`;
}

function withoutStop(message: string | null): string | null {
  return message === null ? null : message.replace(/\.$/, '');
}

function article(word: string): string {
  return /^[aeiou]/i.test(word) ? 'an' : 'a';
}

function plural(word: string): string {
  return word.endsWith('s') ? word : `${word}s`;
}
