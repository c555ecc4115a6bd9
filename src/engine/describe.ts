import { METHODS, SCOPES, type PruneRule } from '../core/pruning/prune';
import type { PolynomialSchedule } from '../core/pruning/schedule';
import type { DistillOptions } from '../core/compression/distill';
import type { QuantizeOptions } from '../core/compression/quantize';
import type { CommandResult } from './outcome';
import type { Ending } from './state';
import type { RunOutcome } from './runs/loop';

/** A run whose test loss ends this many times above where it began is reported as diverging. */
const DIVERGENCE_FACTOR = 3;

/** The rule in a few words, for the timeline and the curves: "threshold 0.1", "target 90% global". */
export function describeRule(rule: PruneRule): string {
  const scope = rule.scope === 'global' ? ', global' : '';
  if (rule.method === 'nm') return '2:4 pattern';
  const method = rule.method === 'unstructured' ? '' : rule.method === 'structured' ? ', neurons' : ', random';
  const what =
    rule.by === 'magnitude'
      ? `threshold ${rule.threshold}`
      : rule.by === 'target'
        ? `target ${+(rule.targetFraction * 100).toFixed(2)}%`
        : `${rule.quality} σ`;
  return `${what}${scope}${method}`;
}

/** What a fine-tune's label adds for weight sharing and distillation: ", 4-bit shared, distilled (T 4, α 0.5)". */
export function describeCompression(quantization: QuantizeOptions | null, distill: DistillOptions | undefined): string {
  const shared = quantization?.kind === 'kmeans' ? `, ${quantization.bits}-bit shared` : '';
  const taught = distill ? `, distilled (T ${distill.temperature}, α ${distill.alpha})` : '';
  return `${shared}${taught}`;
}

/** The iterative run's curve label: "Iterative · 5 × 20% · 10 epochs · Per layer · Weights". */
export function describeIterative(rounds: number, fractionPerRound: number, epochs: number, rule: PruneRule): string {
  return `Iterative · ${rounds} × ${Math.round(fractionPerRound * 100)}% · ${epochs} epochs · ${SCOPES[rule.scope]} · ${METHODS[rule.method]}`;
}

/** The schedule run's curve label: "Schedule · 0% → 90% · steps 0–400 every 40". */
export function describeSchedule(s: PolynomialSchedule): string {
  const percent = (f: number) => `${Math.round(f * 100)}%`;
  return `Schedule · ${percent(s.initialSparsity)} → ${percent(s.finalSparsity)} · steps ${s.beginStep}–${s.endStep} every ${s.frequency}`;
}

/** A sweep's curve label, saying when its figures are estimates on `sampleRows` rows of each split. */
export function describeSweep(rule: PruneRule, sampleRows: number | null): string {
  const half = rule.outputRate < 1 && rule.method !== 'structured' ? ' · output at half' : '';
  const estimate = sampleRows ? ` · estimate on ${sampleRows} + ${sampleRows} rows` : '';
  return `One-shot · ${SCOPES[rule.scope]} · ${METHODS[rule.method]}${half}${estimate}`;
}

/** What an experiment's figures were counted on, when not on every row (null when they were). */
export function estimateNote(sampleRows: number | null): string | null {
  return sampleRows
    ? `Estimated on the first ${sampleRows} training and ${sampleRows} test rows, to keep the page responsive.`
    : null;
}

/** How a training run ended, in the Status readout's words and as the command's result. */
export interface RunEnding {
  ending: Ending;
  note: string | null;
  result: CommandResult;
}

/**
 * The ending of a training run: done, stopped or diverged after `outcome`, and whether the test loss
 * rose from `startLoss` to `endLoss` by far (pass Infinity to never say so).
 */
export function endOfRun(
  outcome: RunOutcome,
  options: { epochs: number; learningRate: number },
  startLoss: number,
  endLoss: number,
): RunEnding {
  const done = `${formatEpochs(outcome.epochsDone)} of ${options.epochs} epochs`;
  const worse =
    endLoss > DIVERGENCE_FACTOR * startLoss
      ? `The test loss rose from ${startLoss.toFixed(4)} to ${endLoss.toFixed(4)}: the learning rate ${options.learningRate} is too large for this network.`
      : null;
  if (outcome.kind === 'done') return { ending: { kind: 'ready' }, note: worse, result: { kind: 'done' } };
  if (outcome.kind === 'stopped') {
    const note = [`Stopped after ${done}.`, worse].filter(Boolean).join(' ');
    return { ending: { kind: 'stopped' }, note, result: { kind: 'stopped', reason: note } };
  }
  const message =
    `The loss became NaN (not a number) after ${done}: the learning rate ` +
    `${outcome.learningRate} is too large. The run was stopped and the last good weights were kept.`;
  return {
    ending: { kind: 'error', message },
    note: 'Try a smaller learning rate.',
    result: { kind: 'diverged', reason: message },
  };
}

/** The ending of a run that measures rather than trains: Stopped with `stopNote` when it was stopped, else Ready with `note`. */
export function experimentEnding(stopNote: string | null, note: string | null): RunEnding {
  if (stopNote !== null)
    return { ending: { kind: 'stopped' }, note: stopNote, result: { kind: 'stopped', reason: stopNote } };
  return { ending: { kind: 'ready' }, note, result: { kind: 'done' } };
}

function formatEpochs(epochs: number): string {
  return Number.isInteger(epochs) ? String(epochs) : epochs.toFixed(1);
}
