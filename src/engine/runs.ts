import * as tf from '../model/tf';
import type { ScheduleTrace } from '../core/curves';
import { countZeros, sparsityOf, sumCounts, type Mask } from '../core/mask';
import { METHODS, preparePruning, pruneMasks, SCOPES } from '../core/prune';
import { plannedCurve, polynomialSparsity, shouldUpdateMask, type PolynomialSchedule } from '../core/schedule';
import { countParameters, kernelShapes, type NetworkWeights } from '../core/spec';
import type { Phase } from '../core/timeline';
import type { DataTensors } from '../model/data';
import { readWeights, writeWeights } from '../model/mlp';
import { uploadMasks } from '../model/train';
import { maskWeights, type NetworkState } from './network';
import type { StageFigures } from './snapshot';
import { describeRule, endOfRun, pointOf, unpruned, type SnapshotStore } from './store';
import { trainLoop, type LoopHost, type RunOutcome } from './trainer';

/**
 * The training runs of a session: train the baseline, fine-tune, prune iteratively, prune on a
 * schedule, and rewind (the lottery ticket). Each changes the network through its NetworkState,
 * records what happened in the SnapshotStore, and frees the tensors it makes (optimizer, masks).
 * The session queues them one at a time.
 */

/** Quick figures may count only the estimate's rows (fast, live); exact ones count every row. */
export type Precision = 'quick' | 'exact';

export interface RunOptions {
  epochs: number;
  learningRate: number;
}

export interface IterativeOptions extends RunOptions {
  rounds: number;
  /** Share of the surviving weights (or neurons) each round removes, in (0, 1). */
  fractionPerRound: number;
}

export interface ScheduleOptions extends RunOptions {
  schedule: PolynomialSchedule;
}

/** What a run needs from the session that queues it. The session owns all of it. */
export interface RunHost {
  readonly network: NetworkState;
  readonly store: SnapshotStore;
  readonly data: DataTensors;
  /** The session's seed; each run derives its own shuffle seed from it. */
  readonly seed: number;
  readonly batchSize: number;
  /** Evaluations per epoch, the same in every run so an epoch is as wide in all of them. */
  readonly pointsPerEpoch: number;
  readonly stepsPerEpoch: number;
  stopRequested(): boolean;
  disposed(): boolean;
  /** Figures of the variables as they are: quick (the estimate's rows, if any) or exact (every row). */
  figuresOfParams(precision?: Precision): Promise<StageFigures>;
  /** Figures of a network given as arrays, on the current shape: quick or exact, as figuresOfParams. */
  evaluate(weights: NetworkWeights, precision?: Precision): Promise<StageFigures>;
  /** Fresh seeded variables and an untrained snapshot. */
  reinitialise(): void;
  /** The trained baseline again, in round 1. */
  backToBaseline(): void;
  /** Ends a run that is not a training run: Ready (or Stopped, when stopped) with `note`. */
  finishExperiment(note: string | null): void;
}

const CURVE_LABEL_FINE_TUNED = 'Pruned, then fine-tuned';

/** Trains the baseline from a fresh seeded initialisation, remembering θ₀. */
export async function trainBaseline(host: RunHost, options: RunOptions): Promise<void> {
  const { network, store } = host;
  host.reinitialise();
  await network.rememberInitial();
  const start = await host.figuresOfParams();
  store.addPoint('Train', 'before training', start);
  const outcome = await trainLoop(loopHost(host, 'Train', 0, 1), { ...options, masks: null, seed: host.seed ^ 0x5eed });
  if (host.disposed()) return;
  const weights = await network.adoptTrained();
  const figures = await host.figuresOfParams('exact');
  // The baseline stands unpruned until the person prunes: no After pruning row yet.
  const rule = unpruned(store.snapshot.rule);
  store.markTrained(rule, figures);
  // Where the rule would empty a layer is known before the first cut, so the warning comes first.
  const collapse = network.collapseWarnings(network.preparedFor(rule.method), rule, []);
  store.update({ ...network.view(), parameters: countParameters(weights), collapse });
  store.update(endOfRun(outcome, options, start.testLoss, figures.testLoss));
}

/** Retrains the pruned network with its mask re-applied after every step: the next round. */
export async function fineTune(host: RunHost, options: RunOptions): Promise<void> {
  const { network, store } = host;
  const source = network.source;
  if (!source) return store.update({ running: null, status: 'Ready' });
  const masks = network.masks;
  const { round, current: pruned } = store.snapshot;
  const { outcome, start, figures } = await retrain(host, maskWeights(source, masks), masks, options, (host.seed ^ 0xf17e) + round, 'Fine-tune', [0, 1]);
  if (host.disposed()) return;
  store.endFineTuning(round, figures, network.view());
  const label = `${describeRule(store.snapshot.rule)}, ${options.epochs} epochs`;
  // A point on the trade-off figure only for a pruned network of the baseline's shape: after Compact
  // the sparsity counts a smaller network and would not compare.
  if (pruned && pruned.sparsity > 0 && !store.snapshot.compaction) {
    store.addCurvePoint('fine-tuned', CURVE_LABEL_FINE_TUNED, pointOf(figures, label));
  }
  store.update(endOfRun(outcome, options, start.testLoss, figures.testLoss));
}

/** From the baseline: `rounds` times, prune a share of the survivors and fine-tune; one curve point per round. */
export async function pruneIteratively(host: RunHost, options: IterativeOptions): Promise<void> {
  const { network, store } = host;
  host.backToBaseline();
  const rule = store.snapshot.rule;
  const label = `Iterative · ${options.rounds} × ${Math.round(options.fractionPerRound * 100)}% · ${options.epochs} epochs · ${SCOPES[rule.scope]} · ${METHODS[rule.method]}`;
  const curve = store.newCurve('iterative', label);
  let outcome: RunOutcome = { kind: 'done', epochsDone: 0 };
  let prunedFigures: StageFigures | null = null;
  let start: StageFigures | null = null;
  let figures: StageFigures | null = null;
  for (let r = 0; r < options.rounds && outcome.kind === 'done' && !host.stopRequested(); r++) {
    const cut = pruneMasks(network.preparedFor(rule.method), { ...rule, by: 'target', targetFraction: options.fractionPerRound, ofSurvivors: true });
    const masked = maskWeights(network.source!, cut.masks);
    // The last round's cut stays in the Results table: counted exactly; earlier ones only feed the timeline.
    prunedFigures = await host.evaluate(masked, r === options.rounds - 1 ? 'exact' : 'quick');
    store.addPoint('Prune', `round ${r + 1}: pruned`, prunedFigures);
    const span: [number, number] = [r / options.rounds, (r + 1) / options.rounds];
    const result = await retrain(host, masked, cut.masks, options, (host.seed ^ 0x17e2) + r, 'Fine-tune', span);
    if (host.disposed()) return;
    outcome = result.outcome;
    start ??= result.start;
    figures = result.figures;
    curve.points.push(pointOf(figures, `round ${r + 1}`));
    store.update({ current: figures, curves: store.withCurve(curve), layers: network.layerCounts(network.source!.kernels) });
  }
  finishRounds(host, prunedFigures, figures);
  if (start && figures) store.update(endOfRun(outcome, options, Infinity, figures.testLoss));
  else host.finishExperiment('Stopped before the first round.');
}

/** From the baseline: fine-tunes while the mask follows the polynomial schedule, traced as it goes. */
export async function pruneOnSchedule(host: RunHost, options: ScheduleOptions): Promise<void> {
  const { network, store } = host;
  host.backToBaseline();
  const rule = store.snapshot.rule;
  const { schedule } = options;
  const totalSteps = options.epochs * host.stepsPerEpoch;
  const trace: ScheduleTrace = { planned: plannedCurve(schedule, totalSteps, 200), actual: [], totalSteps };
  const percent = (f: number) => `${Math.round(f * 100)}%`;
  const label = `Schedule · ${percent(schedule.initialSparsity)} → ${percent(schedule.finalSparsity)} · steps ${schedule.beginStep}–${schedule.endStep} every ${schedule.frequency}`;
  const curve = store.newCurve('schedule', label);
  store.update({ schedule: trace });
  let masks = network.prior;
  let maskTensors: tf.Tensor2D[] | null = null;
  const beforeStep = async (step: number) => {
    if (!shouldUpdateMask(schedule, step)) return undefined;
    const weights = await readWeights(network.params);
    const prepared = preparePruning({ kernels: weights.kernels, shapes: kernelShapes(network.spec), prior: masks, randomKeys: network.randomKeys }, rule.method);
    masks = pruneMasks(prepared, { ...rule, by: 'target', targetFraction: polynomialSparsity(schedule, step) }).masks;
    tf.dispose(maskTensors ?? []);
    maskTensors = uploadMasks(network.params, masks);
    const sparsity = sparsityOf(sumCounts(maskWeights(weights, masks).kernels.map(countZeros)));
    trace.actual = [...trace.actual, { step, sparsity }];
    store.update({ schedule: { ...trace } });
    return maskTensors;
  };
  const onPoint = (figures: StageFigures, epochs: number) => {
    curve.points.push(pointOf(figures, `epoch ${epochs.toFixed(2)}`));
    store.set({ curves: store.withCurve(curve) });
  };
  let result: Retrained;
  try {
    const seed = (host.seed ^ 0x5c4e) + store.snapshot.round;
    result = await retrain(host, network.source!, network.prior, options, seed, 'Fine-tune', [0, 1], beforeStep, onPoint);
  } finally {
    tf.dispose(maskTensors ?? []);
  }
  if (host.disposed()) return;
  network.keepMasks(masks);
  const stepsDone = Math.round(result.outcome.epochsDone * host.stepsPerEpoch);
  store.set({ schedule: { ...trace, actual: [...trace.actual, { step: stepsDone, sparsity: result.figures.sparsity }] } });
  finishRounds(host, null, result.figures);
  // A pruning run's loss rises because of the cut, not the learning rate: no divergence note.
  store.update(endOfRun(result.outcome, options, Infinity, result.figures.testLoss));
}

/** The lottery ticket: retrains the current mask from θ₀, then from a new draw; the model stays as it was. */
export async function rewindTicket(host: RunHost, options: RunOptions): Promise<void> {
  const { network, store } = host;
  const source = network.source;
  const initial = network.initial;
  const pruned = store.snapshot.current;
  if (!source || !initial || !pruned) return host.finishExperiment(null);
  const masks = network.masks;
  const retrainFrom = async (weights: NetworkWeights, seed: number, span: [number, number]) => {
    writeWeights(network.params, maskWeights(weights, masks));
    const maskTensors = uploadMasks(network.params, masks);
    try {
      const outcome = await trainLoop(loopHost(host, null, ...span), { ...options, masks: maskTensors, seed });
      return { outcome, figures: await host.figuresOfParams('exact') };
    } finally {
      tf.dispose(maskTensors);
    }
  };
  const reinitWeights = await network.freshDraw();
  const unfinished = 'Stopped: the lottery-ticket runs were not finished.';
  try {
    const rewound = await retrainFrom(initial, host.seed ^ 0x71c3, [0, 0.5]);
    if (rewound.outcome.kind !== 'done' || host.disposed()) return host.finishExperiment(unfinished);
    const reinit = await retrainFrom(reinitWeights, host.seed ^ 0x71c3, [0.5, 1]);
    if (reinit.outcome.kind !== 'done' || host.disposed()) return host.finishExperiment(unfinished);
    const dense = store.snapshot.results['Before pruning'];
    const lottery = { sparsity: pruned.sparsity, epochs: options.epochs, dense, pruned, rewound: rewound.figures, reinit: reinit.figures };
    store.addCurvePoint('rewound', 'Rewound to θ₀, retrained', pointOf(rewound.figures, `${options.epochs} epochs from θ₀`));
    store.addCurvePoint('reinit', 'Random re-initialisation, retrained', pointOf(reinit.figures, `${options.epochs} epochs from a new draw`));
    store.update({ lottery });
    host.finishExperiment(null);
  } finally {
    // The experiment leaves the model as it was.
    if (!host.disposed()) writeWeights(network.params, source);
  }
}

interface Retrained {
  outcome: RunOutcome;
  start: StageFigures;
  figures: StageFigures;
}

/**
 * Writes `start` into the variables and trains with `masks` kept: the shared body of fine-tuning,
 * iterative rounds and schedules. The source becomes the result and the prior its mask.
 */
async function retrain(
  host: RunHost,
  start: NetworkWeights,
  masks: Mask[],
  options: RunOptions,
  seed: number,
  phase: Phase,
  span: [number, number],
  beforeStep?: (step: number) => Promise<tf.Tensor2D[] | undefined>,
  onPoint?: (figures: StageFigures, epochs: number) => void,
): Promise<Retrained> {
  const { network } = host;
  writeWeights(network.params, start);
  const startFigures = await host.figuresOfParams();
  const maskTensors = uploadMasks(network.params, masks);
  let outcome: RunOutcome;
  try {
    outcome = await trainLoop(loopHost(host, phase, span[0], span[1], onPoint), { ...options, masks: maskTensors, seed, beforeStep });
  } finally {
    tf.dispose(maskTensors);
  }
  const figures = await host.figuresOfParams('exact');
  await network.adoptRetrained(masks);
  return { outcome, start: startFigures, figures };
}

/** The training loop's view of the session; progress scaled into [from, to] of the whole run. */
function loopHost(host: RunHost, phase: Phase | null, from: number, to: number, onPoint?: (figures: StageFigures, epochs: number) => void): LoopHost {
  const { store } = host;
  const scale = (p: number) => from + (to - from) * p;
  return {
    spec: host.network.spec,
    params: host.network.params,
    data: host.data,
    batchSize: host.batchSize,
    pointsPerEpoch: host.pointsPerEpoch,
    stopRequested: () => host.stopRequested(),
    figures: () => host.figuresOfParams(),
    evaluated: (figures, epochs, progress) => {
      if (phase) store.addPoint(phase, `epoch ${epochs.toFixed(2)}`, figures);
      onPoint?.(figures, epochs);
      store.update(phase ? { current: figures, progress: scale(progress) } : { progress: scale(progress) });
    },
    progressed: (progress) => store.publishProgress(scale(progress)),
  };
}

/** The Results rows and round after iterative or scheduled pruning: one round more, if any finished. */
function finishRounds(host: RunHost, pruned: StageFigures | null, fineTuned: StageFigures | null): void {
  if (!fineTuned) return;
  const { network, store } = host;
  store.finishRounds(pruned, fineTuned, store.snapshot.round + 1, network.view(), countParameters(network.source!));
  // The run made its own cut: the rule on screen starts again from nothing beyond it.
  const rule = unpruned(store.snapshot.rule);
  store.set({ rule, collapse: network.collapseWarnings(network.preparedFor(rule.method), rule, []) });
}
