import type { PruneRule } from '../core/pruning/prune';
import type { QuantizeOptions } from '../core/compression/quantize';
import type { DistillOptions } from '../core/compression/distill';
import type { PolynomialSchedule } from '../core/pruning/schedule';
import type { NumberRule } from '../core/validate';
import type { DatasetId } from '../data/datasets';
import type { LayerChoice } from '../core/network/spec';
import { LENET5 } from '../core/conv/spec';
import {
  BOUNDS,
  followedRate,
  OUTPUT_RATES,
  thresholdBounds,
  type RuleSettings,
  type ScheduleSettings,
  type ModelSettings,
  type Settings,
} from './settings';

/**
 * What the engine takes, derived from Settings: the rule, the schedule and each run's options.
 * Nothing here is stored; a setting exists once, in Settings, and these follow from it.
 */

/** The layers the model settings describe: the perceptron's hidden layers, or LeNet-5's own. */
export function layersOf(model: ModelSettings): LayerChoice {
  if (model.architecture === 'mlp') return { hidden: model.hidden, activation: model.activation };
  return { hidden: LENET5.hidden, activation: 'relu', conv: { image: LENET5.input, layers: LENET5.convs } };
}

/** The pruning rule the settings describe, as src/core/prune takes it (a target percent becomes a fraction). */
export function ruleOf(settings: Settings): PruneRule {
  return ruleOfSettings(settings.rule);
}

/** `ruleOf` for the rule's slice alone. */
export function ruleOfSettings(rule: RuleSettings): PruneRule {
  return {
    by: rule.by,
    scope: rule.scope,
    method: rule.method,
    threshold: rule.threshold,
    targetFraction: rule.targetPercent / 100,
    quality: rule.quality,
    outputRate: OUTPUT_RATES[rule.outputRate].rate,
  };
}

/**
 * The fine-tuning learning rate in force: the person's, or the data set's share of the training
 * rate (a tenth, as Han et al.; MNIST's the whole rate, see data/datasets).
 */
export function fineTuneRate(settings: Pick<Settings, 'training' | 'fineTuning' | 'dataset'>): number {
  return settings.fineTuning.learningRate ?? followedRate(settings.dataset, settings.training.learningRate);
}

/** A schedule that fits a run of `totalSteps`: 0 → 90% over the first 70%, the mask updated 10 times. */
export function defaultSchedule(totalSteps: number): ScheduleSettings {
  const frequency = Math.max(1, Math.round((0.7 * totalSteps) / 10));
  return { initialPercent: 0, finalPercent: 90, beginStep: 0, endStep: frequency * 10, frequency };
}

/** The schedule fields in force: the person's, or the default for a fine-tuning run of `totalSteps`. */
export function scheduleFieldsOf(settings: Pick<Settings, 'schedule'>, totalSteps: number): ScheduleSettings {
  return settings.schedule ?? defaultSchedule(totalSteps);
}

/** The schedule `fields` describe, as src/core/schedule takes it: sparsities as fractions, power 3. */
export function scheduleOf(fields: ScheduleSettings): PolynomialSchedule {
  return {
    initialSparsity: fields.initialPercent / 100,
    finalSparsity: fields.finalPercent / 100,
    beginStep: fields.beginStep,
    endStep: fields.endStep,
    frequency: fields.frequency,
    power: 3,
  };
}

/** The quantization the session applies on top of the mask, or null for None. */
export function quantizationOf(settings: Pick<Settings, 'compression'>): QuantizeOptions | null {
  const { quantization, bits } = settings.compression;
  return quantization === 'none' ? null : { kind: quantization, bits };
}

/** A training run's options (engine/runs' RunOptions). */
export interface RunPlan {
  epochs: number;
  learningRate: number;
}

/** Train and Rewind: the training epochs and rate. */
export function trainRun(settings: Settings): RunPlan {
  return { epochs: settings.training.epochs, learningRate: settings.training.learningRate };
}

/** Fine-tune, and the fine-tuning inside iterative and scheduled pruning. */
export function fineTuneRun(settings: Settings): RunPlan {
  return { epochs: settings.fineTuning.epochs, learningRate: fineTuneRate(settings) };
}

/** Fine-tune as the Fine-tune button runs it: with distillation from the dense network when it is on. */
export function distilledFineTuneRun(settings: Settings): RunPlan & { distill?: DistillOptions } {
  const { distill, temperature, alpha } = settings.compression;
  return { ...fineTuneRun(settings), ...(distill && { distill: { temperature, alpha } }) };
}

/** Prune iteratively: rounds of `fractionPerRound` (0–1) of the survivors, each fine-tuned. */
export function iterativeRun(settings: Settings): RunPlan & { rounds: number; fractionPerRound: number } {
  return {
    ...fineTuneRun(settings),
    rounds: Math.round(settings.iterative.rounds),
    fractionPerRound: settings.iterative.percentPerRound / 100,
  };
}

/** Prune on schedule, during a fine-tuning run of `totalSteps` optimizer steps. */
export function scheduleRun(settings: Settings, totalSteps: number): RunPlan & { schedule: PolynomialSchedule } {
  return { ...fineTuneRun(settings), schedule: scheduleOf(scheduleFieldsOf(settings, totalSteps)) };
}

/** Key presses that take a criterion's control from one end to the other. */
const KEY_STEPS = 50;

/**
 * The rule's criterion value moved one keyboard step up (`direction` 1: prune more) or down (-1),
 * clamped to its bounds: a fiftieth of the control's range, rounded to the slider's own step
 * (threshold 0.001, target 0.5 points, q 0.01), so fifty presses cross the whole range.
 */
export function steppedRule(
  rule: RuleSettings,
  dataset: DatasetId,
  direction: 1 | -1,
): Pick<RuleSettings, 'threshold'> | Pick<RuleSettings, 'targetPercent'> | Pick<RuleSettings, 'quality'> {
  const step = (value: number, bounds: NumberRule, grain: number) => {
    const size = Math.max(grain, Math.round((bounds.max - bounds.min) / KEY_STEPS / grain) * grain);
    const next = Math.round((value + direction * size) / grain) * grain;
    return +Math.min(bounds.max, Math.max(bounds.min, next)).toFixed(6);
  };
  if (rule.by === 'target') return { targetPercent: step(rule.targetPercent, BOUNDS.targetPercent, 0.5) };
  if (rule.by === 'std') return { quality: step(rule.quality, BOUNDS.quality, 0.01) };
  return { threshold: step(rule.threshold, thresholdBounds(dataset), 0.001) };
}
