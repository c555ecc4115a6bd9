import type { CurveKind, CurvePoint, LayerSensitivity, ScheduleTrace } from '../../core/curves';
import { countZeros, sparsityOf, sumCounts, type Mask } from '../../core/pruning/mask';
import { preparePruning, pruneMasks, type PruneRule } from '../../core/pruning/prune';
import { maskUpdateBeforeBatch, plannedCurve, type PolynomialSchedule } from '../../core/pruning/schedule';
import type { NetworkWeights } from '../../core/network/spec';
import type { Phase } from '../../core/timeline';
import type { DataTensors } from '../../model/data';
import { readWeights, writeWeights } from '../../model/mlp';
import type { Precision } from '../figures';
import { maskWeights, pruneInput, type NetworkState } from '../network';
import { streamSeed } from '../seeds';
import type { LayerSparsity, StageFigures } from '../snapshot';
import { pointOf } from '../state';
import { trainLoop, type LoopHost, type RunOutcome } from './loop';
import type { DistillOptions } from '../../core/compression/distill';
import type { QuantizedLayer, QuantizeOptions } from '../../core/compression/quantize';
import { disposeTargets, softTargets } from '../../model/distill';
import type { SharedKernel } from '../../model/sharing';
import type { TrainerCompression } from '../../model/train';
import { compress } from './compression';

/**
 * The training runs of a session: train the baseline, fine-tune, prune iteratively, prune on a
 * schedule, and rewind (the lottery ticket). Each is a function over a narrow context: it changes
 * the network through its NetworkState, tells what happens as it goes through `report`, stops when
 * the context's signal is aborted, and returns what it did. The session folds that into its state.
 */

export interface RunOptions {
  epochs: number;
  learningRate: number;
  /** Fine-tuning only: learn from the trained baseline's outputs softened at T too (Hinton et al.). */
  distill?: DistillOptions;
}

export interface IterativeOptions extends RunOptions {
  rounds: number;
  /** Share of the surviving weights (or neurons) each round removes, in (0, 1). */
  fractionPerRound: number;
}

export interface ScheduleOptions extends RunOptions {
  schedule: PolynomialSchedule;
}

/** What a run tells while it goes; every field is optional. Progress alone is published throttled. */
export interface RunReport {
  /** Share of the run done, in [0, 1]. */
  progress?: number;
  /** The figures the readouts show now. */
  current?: StageFigures;
  /** A timeline point. */
  point?: { phase: Phase; label: string; figures: StageFigures };
  /** The run's own curve on the Accuracy vs sparsity figure, all its points so far. */
  curve?: { kind: CurveKind; label: string; points: readonly CurvePoint[] };
  layers?: LayerSparsity[];
  schedule?: ScheduleTrace;
  sensitivity?: LayerSensitivity[];
  /** The loop has stopped on Stop: Status says so now, while the closing figures are counted. */
  stopped?: true;
}

/** What a run works on. The session owns all of it; the run borrows it for its duration. */
export interface RunContext {
  readonly network: NetworkState;
  readonly data: DataTensors;
  /** The session's seed; each run draws its shuffles from its own stream of it (./seeds). */
  readonly seed: number;
  readonly batchSize: number;
  readonly stepsPerEpoch: number;
  /** Evaluations per epoch, the same in every run so an epoch is as wide in all of them. */
  readonly pointsPerEpoch: number;
  /** The run's one cancellation signal (Stop, Reset, dispose). */
  readonly signal: AbortSignal;
  /** Figures of a network given as arrays, on the current shape: quick (the estimate's rows, if any) or exact. */
  evaluate: (weights: NetworkWeights, precision?: Precision) => Promise<StageFigures>;
  /** Figures of the variables as they are. */
  evaluateParams: (precision?: Precision) => Promise<StageFigures>;
  report: (report: RunReport) => void;
  /** Throws when the run's result will be thrown away (Reset, dispose), so that no more work is done. */
  throwIfDiscarded: () => void;
}

/** A training run's outcome and the figures it began and ended with (the end counted exactly). */
export interface Retrained {
  outcome: RunOutcome;
  start: StageFigures;
  figures: StageFigures;
}

/** Trains the baseline from the variables as they are (fresh and seeded), remembering them as θ₀. */
export async function trainBaseline(ctx: RunContext, options: RunOptions): Promise<Retrained> {
  const { network } = ctx;
  await network.rememberInitial();
  const start = await ctx.evaluateParams();
  ctx.report({ point: { phase: 'Train', label: 'before training', figures: start } });
  const seed = streamSeed(ctx.seed, 'train shuffle');
  const outcome = await trainLoop(loopHost(ctx, 'Train', [0, 1]), { ...options, masks: null, seed });
  ctx.throwIfDiscarded();
  await network.adoptTrained();
  // Stopped: quick figures, so that Stop acts at once; the session makes them exact once it rests.
  return { outcome, start, figures: await ctx.evaluateParams(outcome.kind === 'stopped' ? 'quick' : 'exact') };
}

/**
 * Retrains the pruned network of round `round` with its mask re-applied after every step. Needs a
 * source. Under weight sharing (`quantization` k-means) it starts from the shared network and
 * trains its centroids, so every kept weight stays on one; with `options.distill` it learns from
 * the trained baseline's soft targets too.
 */
export async function fineTune(
  ctx: RunContext,
  options: RunOptions,
  round: number,
  quantization: QuantizeOptions | null,
): Promise<Retrained> {
  const { network } = ctx;
  const masks = network.masks;
  const seed = streamSeed(ctx.seed, 'fine-tune shuffle', round);
  const masked = maskWeights(network.source!, masks);
  const shared = quantization?.kind === 'kmeans' ? compress(masked, masks, network.spec, quantization) : null;
  const sharing = shared?.layers?.map((layer, l) => sharedKernelOf(masks[l], layer));
  const teacher = options.distill && network.baseline;
  const targets = teacher ? softTargets(network.baselineSpec, teacher, ctx.data, options.distill!.temperature) : null;
  try {
    const compression = {
      ...(sharing && { sharing }),
      ...(targets && { distill: { targets, options: options.distill! } }),
    };
    const start = shared ? shared.evaluated : masked;
    return await retrain(ctx, { start, masks, options, seed, span: [0, 1], compression });
  } finally {
    if (targets) disposeTargets(targets);
  }
}

/** A shared layer's assignment spread over the whole kernel (pruned weights: centroid 0, masked out). */
function sharedKernelOf(mask: Mask, layer: QuantizedLayer): SharedKernel {
  const assignment = new Int32Array(mask.length);
  let k = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i] === 1) assignment[i] = layer.symbols[k++];
  return { assignment, centroids: layer.codebook, mask };
}

export interface Iterated {
  outcome: RunOutcome;
  /** The last round's cut (counted exactly) and what its fine-tuning gave; null if no round finished. */
  pruned: StageFigures | null;
  figures: StageFigures | null;
}

/** From the source (the baseline): `rounds` times, prune a share of the survivors and fine-tune. */
export async function pruneIteratively(
  ctx: RunContext,
  options: IterativeOptions,
  rule: PruneRule,
  label: string,
): Promise<Iterated> {
  const { network } = ctx;
  let outcome: RunOutcome = { kind: 'done', epochsDone: 0 };
  let pruned: StageFigures | null = null;
  let figures: StageFigures | null = null;
  const points: CurvePoint[] = [];
  for (let r = 0; r < options.rounds && outcome.kind === 'done' && !ctx.signal.aborted; r++) {
    const cut = pruneMasks(network.preparedFor(rule.method), {
      ...rule,
      by: 'target',
      targetFraction: options.fractionPerRound,
      ofSurvivors: true,
    });
    const masked = maskWeights(network.source!, cut.masks);
    // The last round's cut stays in the Results table: counted exactly; earlier ones only feed the timeline.
    pruned = await ctx.evaluate(masked, r === options.rounds - 1 ? 'exact' : 'quick');
    ctx.report({ point: { phase: 'Prune', label: `round ${r + 1}: pruned`, figures: pruned } });
    const seed = streamSeed(ctx.seed, 'iterative shuffle', r);
    const span: [number, number] = [r / options.rounds, (r + 1) / options.rounds];
    const result = await retrain(ctx, { start: masked, masks: cut.masks, options, seed, span });
    outcome = result.outcome;
    figures = result.figures;
    points.push(pointOf(figures, `round ${r + 1}`));
    ctx.report({
      current: figures,
      curve: { kind: 'iterative', label, points },
      layers: network.layerCounts(network.source!.kernels),
    });
  }
  return { outcome, pruned, figures };
}

export interface Scheduled extends Retrained {
  trace: ScheduleTrace;
}

/** From the source (the baseline): fine-tunes while the mask follows the polynomial schedule, traced as it goes. */
export async function pruneOnSchedule(
  ctx: RunContext,
  options: ScheduleOptions,
  rule: PruneRule,
  round: number,
  label: string,
): Promise<Scheduled> {
  const { network } = ctx;
  const { schedule } = options;
  const totalSteps = options.epochs * ctx.stepsPerEpoch;
  let trace: ScheduleTrace = { planned: plannedCurve(schedule, totalSteps, 200), actual: [], totalSteps };
  ctx.report({ schedule: trace });
  let masks = network.prior;
  const nextMasks = async (batchesDone: number): Promise<Mask[] | null> => {
    // tfmot counts its pruning step before it updates the mask: the update before batch b is step b + 1's.
    const target = maskUpdateBeforeBatch(schedule, batchesDone);
    if (target === null) return null;
    const weights = await readWeights(network.params);
    const input = pruneInput(network.spec, weights.kernels, masks, network.randomKeys);
    masks = pruneMasks(preparePruning(input, rule.method), { ...rule, by: 'target', targetFraction: target }).masks;
    const sparsity = sparsityOf(sumCounts(maskWeights(weights, masks).kernels.map(countZeros)));
    trace = { ...trace, actual: [...trace.actual, { step: batchesDone, sparsity }] };
    ctx.report({ schedule: trace });
    return masks;
  };
  const points: CurvePoint[] = [];
  const onPoint = (figures: StageFigures, epochs: number): RunReport => {
    points.push(pointOf(figures, `epoch ${epochs.toFixed(2)}`));
    return { curve: { kind: 'schedule', label, points } };
  };
  const seed = streamSeed(ctx.seed, 'schedule shuffle', round);
  const result = await retrain(ctx, { start: network.source!, masks, options, seed, span: [0, 1], nextMasks, onPoint });
  const stepsDone = Math.round(result.outcome.epochsDone * ctx.stepsPerEpoch);
  trace = { ...trace, actual: [...trace.actual, { step: stepsDone, sparsity: result.figures.sparsity }] };
  return { ...result, trace };
}

export type Rewound = { kind: 'done'; rewound: StageFigures; reinit: StageFigures } | { kind: 'stopped' };

/** The lottery ticket: retrains the current mask from θ₀, then from a new draw; the model stays as it was. */
export async function rewindTicket(ctx: RunContext, options: RunOptions): Promise<Rewound> {
  const { network } = ctx;
  const source = network.source!;
  const masks = network.masks;
  const seed = streamSeed(ctx.seed, 'lottery shuffle');
  const retrainFrom = async (weights: NetworkWeights, span: [number, number]) => {
    writeWeights(network.params, maskWeights(weights, masks));
    try {
      const outcome = await trainLoop(loopHost(ctx, null, span), {
        ...options,
        masks: network.uploadMasks(masks),
        seed,
      });
      ctx.throwIfDiscarded();
      return { outcome, figures: await ctx.evaluateParams('exact') };
    } finally {
      network.releaseMaskTensors();
    }
  };
  const reinitWeights = await network.freshDraw();
  try {
    const rewound = await retrainFrom(network.initial!, [0, 0.5]);
    if (rewound.outcome.kind !== 'done') return { kind: 'stopped' };
    const reinit = await retrainFrom(reinitWeights, [0.5, 1]);
    if (reinit.outcome.kind !== 'done') return { kind: 'stopped' };
    return { kind: 'done', rewound: rewound.figures, reinit: reinit.figures };
  } finally {
    // The experiment leaves the model as it was.
    writeWeights(network.params, source);
  }
}

interface RetrainPlan {
  start: NetworkWeights;
  masks: Mask[];
  options: RunOptions;
  seed: number;
  /** The share of the whole run this training covers, for the progress bar. */
  span: [number, number];
  /** Before each batch (given the batches done): new masks to keep from then on, or null. */
  nextMasks?: (batchesDone: number) => Promise<Mask[] | null>;
  /** At each evaluation point: more to report with it. */
  onPoint?: (figures: StageFigures, epochs: number) => RunReport;
  /** Trained weight sharing and distillation, for the trainer. */
  compression?: TrainerCompression;
}

/**
 * Writes `plan.start` into the variables and trains with the masks kept: the shared body of
 * fine-tuning, iterative rounds and schedules. The source becomes the result and the prior its mask.
 */
async function retrain(ctx: RunContext, plan: RetrainPlan): Promise<Retrained> {
  const { network } = ctx;
  writeWeights(network.params, plan.start);
  const start = await ctx.evaluateParams();
  let masks = plan.masks;
  const beforeStep = plan.nextMasks
    ? async (batchesDone: number) => {
        const next = await plan.nextMasks!(batchesDone);
        if (!next) return null;
        masks = next;
        return network.uploadMasks(next);
      }
    : undefined;
  let outcome: RunOutcome;
  try {
    const host = loopHost(ctx, 'Fine-tune', plan.span, plan.onPoint);
    outcome = await trainLoop(host, {
      ...plan.options,
      masks: network.uploadMasks(masks),
      seed: plan.seed,
      beforeStep,
      compression: plan.compression,
    });
  } finally {
    network.releaseMaskTensors();
  }
  ctx.throwIfDiscarded();
  const figures = await ctx.evaluateParams(outcome.kind === 'stopped' ? 'quick' : 'exact');
  await network.adoptRetrained(masks);
  return { outcome, start, figures };
}

/** The training loop's view of the context; progress scaled into `span` of the whole run. */
function loopHost(
  ctx: RunContext,
  phase: Phase | null,
  span: [number, number],
  onPoint?: RetrainPlan['onPoint'],
): LoopHost {
  const [from, to] = span;
  const scale = (p: number) => from + (to - from) * p;
  return {
    spec: ctx.network.spec,
    params: ctx.network.params,
    data: ctx.data,
    batchSize: ctx.batchSize,
    pointsPerEpoch: ctx.pointsPerEpoch,
    signal: ctx.signal,
    figures: () => ctx.evaluateParams(),
    evaluated: (figures, epochs, progress) => {
      const extra = onPoint?.(figures, epochs);
      const progressed = { ...extra, progress: scale(progress) };
      ctx.report(
        phase
          ? { ...progressed, point: { phase, label: `epoch ${epochs.toFixed(2)}`, figures }, current: figures }
          : progressed,
      );
    },
    progressed: (progress) => ctx.report({ progress: scale(progress) }),
    stopped: () => ctx.report({ stopped: true }),
  };
}
