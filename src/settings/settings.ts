import type { NumberRule } from '../core/validate';
import type { Method, PruneBy, Scope } from '../core/pruning/prune';
import type { Activation } from '../core/network/spec';
import { DATASETS, defaultDraw, type DatasetId } from '../data/datasets';
import type { DatasetSpec, Defaults, DrawOptions } from '../data/types';
import { BITS_RANGE, type Quantization } from '../core/compression/quantize';

/**
 * Everything a person sets on the page, as one plain value: the data set and its draw, the model,
 * training and fine-tuning, the pruning rule, iterative pruning and the schedule. The same Settings
 * on the same backend give the same figures, so the backend is not part of it. Plain data only:
 * it is compared, serialised (./address.ts) and reduced (./reducer.ts), never mutated.
 */
export interface Settings {
  /** The version of this shape; `parseSettings` reads older addresses into the current one. */
  version: typeof SETTINGS_VERSION;
  dataset: DatasetId;
  /** Seed, noise and test share (a fraction 0–1). Sets without noise or with a fixed split ignore those. */
  draw: DrawOptions;
  model: ModelSettings;
  training: TrainingSettings;
  fineTuning: FineTuningSettings;
  rule: RuleSettings;
  iterative: IterativeSettings;
  /** Null until the person edits it: then it follows the fine-tuning run's length (`defaultSchedule`). */
  schedule: ScheduleSettings | null;
  compression: CompressionSettings;
}

/** Quantization on top of the mask, and distillation during fine-tuning. */
export interface CompressionSettings {
  quantization: Quantization;
  /** Bits per weight of the chosen quantization (2^bits shared values, or the integer width). */
  bits: number;
  /** Fine-tuning learns from the trained baseline's softened outputs too (Hinton et al.). */
  distill: boolean;
  /** Distillation's temperature T. */
  temperature: number;
  /** Distillation's weight α of the soft targets (1 − α goes to the labels). */
  alpha: number;
}

/**
 * A fresh page's compression: no quantization, 5 bits when weight sharing is chosen; distillation
 * off, at T = 4 and α = 0.5 when it is on. (Hinton et al. found temperatures of a few units best for
 * small students and weighted the soft term heavily; with the T² scaling, α = 0.5 gives labels and
 * soft targets gradients of the same size. Measured on the spiral, see the README.)
 */
export const DEFAULT_COMPRESSION: CompressionSettings = {
  quantization: 'none',
  bits: 5,
  distill: false,
  temperature: 4,
  alpha: 0.5,
};

export const SETTINGS_VERSION = 1;

/**
 * The network: a multilayer perceptron of the hidden layers and activation given, or LeNet-5 (its
 * layers fixed; hidden and activation are kept for when the perceptron is chosen again). Inputs
 * and outputs follow from the data.
 */
export interface ModelSettings {
  architecture: Architecture;
  hidden: readonly number[];
  activation: Activation;
}

/** The Architecture combobox's networks, by the token that names them in the address. */
export const ARCHITECTURES = {
  mlp: { text: 'Multilayer perceptron' },
  lenet5: { text: 'LeNet-5' },
} as const;
export type Architecture = keyof typeof ARCHITECTURES;

/** Why `dataset` cannot take `architecture`, or null when it can: LeNet-5 reads 28×28 images. */
export function architectureProblem(dataset: DatasetId, architecture: string): string | null {
  if (!Object.hasOwn(ARCHITECTURES, architecture))
    return `Expected an architecture (${Object.keys(ARCHITECTURES).join(', ')}), but got "${architecture}"`;
  if (architecture !== 'lenet5') return null;
  const entry: DatasetSpec = DATASETS[dataset];
  const image = entry.source === 'download' ? entry.image : undefined;
  return image?.width === 28 && image.height === 28
    ? null
    : `Expected a data set of 28×28 images for LeNet-5 (the MNIST digits), but ${entry.label} has none`;
}

export interface TrainingSettings {
  epochs: number;
  learningRate: number;
}

export interface FineTuningSettings {
  epochs: number;
  /** Null: follows the training rate at a tenth (Han et al.), until the person sets it. */
  learningRate: number | null;
}

/** The pruning rule's knobs and the values of its three criteria, as the controls show them. */
export interface RuleSettings {
  by: PruneBy;
  scope: Scope;
  method: Method;
  outputRate: OutputRate;
  /** For `magnitude`: |w| below it is cut; 0 to the data set's `thresholdMax`. */
  threshold: number;
  /** For `target`: the sparsity to reach, a percentage 0–99. */
  targetPercent: number;
  /** For `std`: Han et al.'s quality parameter q, 0–3. */
  quality: number;
}

export interface IterativeSettings {
  rounds: number;
  /** Percent of the surviving weights each round removes, 1–90. */
  percentPerRound: number;
}

/** Zhu & Gupta's schedule as typed: sparsities in percent, steps counted from 0. */
export interface ScheduleSettings {
  initialPercent: number;
  finalPercent: number;
  beginStep: number;
  endStep: number;
  frequency: number;
}

/**
 * The output layer's rate, by the token that names it in the address: the same rate as the hidden
 * layers, or half of it (the lottery-ticket papers' choice). `rate` is PruneRule's `outputRate`.
 */
export const OUTPUT_RATES = {
  same: { rate: 1, text: 'Same rate as hidden layers' },
  half: { rate: 0.5, text: 'Half the hidden layers’ rate' },
} as const;
export type OutputRate = keyof typeof OUTPUT_RATES;

/** The data set the page opens with, and the seed. */
export const START_DATASET: DatasetId = 'seed-replica';
export const START_SEED = 1;

/** What a fresh page sets for every knob the data sets do not choose. */
const START_KNOBS: Pick<RuleSettings, 'by' | 'scope' | 'method' | 'outputRate'> = {
  by: 'magnitude',
  scope: 'layer',
  method: 'unstructured',
  outputRate: 'same',
};

/** The data set's own model. */
export function defaultModel(dataset: DatasetId): ModelSettings {
  const { hidden, activation } = DATASETS[dataset].defaults;
  return { architecture: 'mlp', hidden, activation };
}

/**
 * The settings of a fresh page on `dataset` with `seed`: the data set's defaults, the rule's knobs as
 * a fresh page has them (Magnitude threshold, Per layer, Unstructured, output at the same rate).
 */
export function defaultSettings(dataset: DatasetId = START_DATASET, seed: number = START_SEED): Settings {
  const d = DATASETS[dataset].defaults;
  return {
    version: SETTINGS_VERSION,
    dataset,
    draw: defaultDraw(dataset, seed),
    model: defaultModel(dataset),
    training: { epochs: d.epochs, learningRate: d.learningRate },
    fineTuning: { epochs: d.fineTuneEpochs, learningRate: null },
    rule: { ...START_KNOBS, threshold: d.threshold, targetPercent: 90, quality: 1 },
    // Frankle & Carbin prune 20% of the survivors per round.
    iterative: { rounds: 5, percentPerRound: 20 },
    schedule: null,
    compression: DEFAULT_COMPRESSION,
  };
}

/** Whether data set `dataset` uses the Noise value of its draw. */
export function hasNoise(dataset: DatasetId): boolean {
  const entry = DATASETS[dataset];
  return entry.source === 'generated' && entry.noise !== null;
}

/** Whether data set `dataset` uses the test share of its draw (others have a fixed split). */
export function hasAdjustableSplit(dataset: DatasetId): boolean {
  const entry = DATASETS[dataset];
  return entry.source === 'generated' && entry.adjustableSplit;
}

/** Every setting by name: the keys of validation problems. */
export type SettingKey =
  | 'version'
  | 'dataset'
  | 'seed'
  | 'noise'
  | 'testFraction'
  | 'architecture'
  | 'hidden'
  | 'activation'
  | 'epochs'
  | 'learningRate'
  | 'fineTuneEpochs'
  | 'fineTuneLearningRate'
  | 'by'
  | 'scope'
  | 'method'
  | 'outputRate'
  | 'threshold'
  | 'targetPercent'
  | 'quality'
  | 'rounds'
  | 'percentPerRound'
  | ScheduleKey
  | 'schedule'
  | 'quantization'
  | 'bits'
  | 'distill'
  | 'temperature'
  | 'alpha';

export type ScheduleKey = keyof ScheduleSettings;

/** The settings a person types as text: their draft can be invalid while the value in force stays. */
export type DraftKey = Exclude<
  SettingKey,
  | 'version'
  | 'dataset'
  | 'architecture'
  | 'activation'
  | 'by'
  | 'scope'
  | 'method'
  | 'outputRate'
  | 'schedule'
  | 'quantization'
  | 'distill'
>;

/** The number settings' bounds, with the subject their messages name. Fractions 0–1, percents 0–100. */
export const BOUNDS = {
  seed: { subject: 'seed', min: 0, max: 1_000_000, integer: true },
  testFraction: { subject: 'test share', min: 0.05, max: 0.8 },
  epochs: { subject: 'epoch', min: 1, max: 500, integer: true },
  learningRate: { subject: 'learning rate', min: 0, max: 10, minInclusive: false },
  targetPercent: { subject: 'target sparsity', min: 0, max: 99 },
  quality: { subject: 'quality parameter', min: 0, max: 3 },
  rounds: { subject: 'round', min: 1, max: 30, integer: true },
  percentPerRound: { subject: 'share per round', min: 1, max: 90 },
  sparsityPercent: { subject: 'sparsity', min: 0, max: 99 },
  step: { subject: 'step', min: 0, max: 100_000, integer: true },
  frequency: { subject: 'step', min: 1, max: 100_000, integer: true },
  temperature: { subject: 'temperature', min: 1, max: 20 },
  alpha: { subject: 'soft-target weight α', min: 0, max: 1 },
} as const satisfies Record<string, NumberRule>;

/** The Test share (%) field's bounds: the test fraction's, in percent. */
export const TEST_SHARE_PERCENT: NumberRule = {
  subject: 'test share',
  min: BOUNDS.testFraction.min * 100,
  max: BOUNDS.testFraction.max * 100,
};

/** The threshold's bounds on `dataset`: 0 to the slider's right end. */
export function thresholdBounds(dataset: DatasetId): NumberRule {
  return { subject: 'threshold', min: 0, max: DATASETS[dataset].defaults.thresholdMax };
}

/** The noise's bounds on `dataset` (0 to 0 for a set without noise). */
export function noiseBounds(dataset: DatasetId): NumberRule {
  const entry = DATASETS[dataset];
  return { subject: 'noise', min: 0, max: entry.source === 'generated' && entry.noise ? entry.noise.max : 0 };
}

/** The bounds of each schedule field (as its field checks them), and the name a message gives it. */
export const SCHEDULE_BOUNDS: Record<ScheduleKey, NumberRule & { field: string }> = {
  initialPercent: { ...BOUNDS.sparsityPercent, field: 'initial sparsity (%)' },
  finalPercent: { ...BOUNDS.sparsityPercent, field: 'final sparsity (%)' },
  beginStep: { ...BOUNDS.step, field: 'begin step' },
  endStep: { ...BOUNDS.step, field: 'end step' },
  frequency: { ...BOUNDS.frequency, field: 'update interval (steps)' },
};

/** The Bits field's bounds for `quantization` (1–8 for weight sharing, 2–8 for integers). */
export function bitsBounds(quantization: Quantization): NumberRule {
  const [min, max] = quantization === 'none' ? BITS_RANGE.kmeans : BITS_RANGE[quantization];
  return { subject: 'bit', min, max, integer: true };
}

/** The fine-tuning rate that follows `trainingRate` on `dataset`: its share (a tenth unless the set says). */
export function followedRate(dataset: DatasetId, trainingRate: number): number {
  const defaults: Defaults = DATASETS[dataset].defaults;
  const factor = defaults.fineTuneRateFactor ?? 0.1;
  // Divided, not multiplied, by 10: 0.05 × 0.1 is 0.005000000000000001.
  return factor === 0.1 ? trainingRate / 10 : trainingRate * factor;
}
