import * as tf from '../model/tf';
import { compactNetwork } from '../core/compact';
import type { Curve, CurveKind, CurvePoint, LayerSensitivity, ScheduleTrace } from '../core/curves';
import { weightHistogram, type WeightHistogram } from '../core/histogram';
import { applyMask, countZeros, fullMask, sparsityOf, sumCounts, type Mask } from '../core/mask';
import { binaryMetrics } from '../core/metrics';
import { collapsePoints, METHODS, preparePruning, pruneMasks, SCOPES, type PreparedPruning, type PruneRule } from '../core/prune';
import { createRng } from '../core/rng';
import { plannedCurve, polynomialSparsity, shouldUpdateMask, validateSchedule, type PolynomialSchedule } from '../core/schedule';
import { countParameters, kernelShapes, layerNames, type MlpSpec, type NetworkWeights } from '../core/spec';
import type { Phase, TimelinePoint } from '../core/timeline';
import { DATASETS, type DatasetId } from '../data/datasets';
import { disposeData, uploadData, type DataTensors } from '../model/data';
import { logitsAndKernels, logitsOf } from '../model/evaluate';
import { createParams, disposeParams, paramsFrom, readWeights, writeWeights, type MlpParams } from '../model/mlp';
import { medianForwardMs } from '../model/timing';
import { uploadMasks } from '../model/train';
import {
  RUN_STATUS,
  type CollapseWarning,
  type LayerSparsity,
  type NetworkSize,
  type RunKind,
  type SessionSnapshot,
  type Stage,
  type StageFigures,
} from './snapshot';
import { stepsPerEpoch, trainLoop, yieldToEventLoop, type LoopHost, type RunOutcome } from './trainer';

export * from './snapshot';

export interface SessionOptions {
  dataset: DatasetId;
  /** Seeds the data, the initial weights, the shuffles and the random control. */
  seed: number;
  threshold: number;
}

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

/** The sparsities a one-shot sweep tries, as fractions: finer where accuracy usually falls. */
export const SWEEP_FRACTIONS = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.92, 0.94, 0.96, 0.97, 0.98, 0.99];
/** The sparsities the layer scan tries on each layer alone. */
export const SCAN_FRACTIONS = [0, 0.25, 0.5, 0.7, 0.8, 0.9, 0.95, 0.99];

/** How many points a default-length training run adds to the timeline, roughly. */
const POINTS_PER_DEFAULT_RUN = 60;
/** Least time between two progress-only snapshots, so charts update a few times a second. */
const PUBLISH_INTERVAL_MS = 150;
/** A run whose test loss ends this many times above where it began is reported as diverging. */
const DIVERGENCE_FACTOR = 3;
/** Forward passes each network is timed over when compacting. */
const TIMING_REPEATS = 15;

const EMPTY_RESULTS: Record<Stage, StageFigures | null> = {
  'Before pruning': null,
  'After pruning': null,
  'After fine-tuning': null,
};

/** A rule that prunes nothing whatever its criterion: where a trained baseline starts. */
function unpruned(rule: PruneRule): PruneRule {
  return { ...rule, threshold: 0, targetFraction: 0, quality: 0 };
}

/**
 * A training and pruning session on one data set, on the active backend. It owns every tensor it
 * makes (data, variables, optimizer, masks) and frees them in `dispose()`. All tensor work runs in
 * one queue, so a slider step never interleaves with a training step. React sees only snapshots.
 */
export class PruningSession {
  readonly batchSize: number;
  /** Optimizer steps in one epoch. */
  readonly stepsPerEpoch: number;
  /** Evaluations per epoch, the same in every run so an epoch is as wide in all of them. */
  private readonly pointsPerEpoch: number;
  private readonly seed: number;
  private readonly data: DataTensors;
  /** Labels of the training rows then the test rows, as `data.x` holds them. */
  private readonly labels: Float32Array;
  /** The network as the data set defines it; `spec` differs from it only after Compact. */
  private readonly baselineSpec: MlpSpec;
  private currentSpec: MlpSpec;
  private params: MlpParams;

  /** The initial weights θ₀ of the last training run, for rewinding. */
  private initial: NetworkWeights | null = null;
  /** The trained weights, kept so that pruning is never destructive. */
  private baseline: NetworkWeights | null = null;
  /** The weights the rule prunes: the baseline, or the last fine-tuned (or compacted) weights. */
  private source: NetworkWeights | null = null;
  /** Weights pruned in earlier rounds stay pruned: the mask fine-tuning kept. */
  private prior: Mask[];
  private masks: Mask[];
  private randomKeys: Float32Array[];
  private prepared: PreparedPruning | null = null;
  private nextCurveId = 1;

  private snapshot: SessionSnapshot;
  private readonly listeners = new Set<() => void>();
  private queue: Promise<void> = Promise.resolve();
  private stopRequested = false;
  private disposed = false;
  private pendingRule: PruneRule | null = null;
  /** Bumped by reset(): runs queued before it are dropped instead of run. */
  private generation = 0;
  /** The round's pruned figures when fine-tuning began, and what fine-tuning gave. */
  private roundPruned: StageFigures | null = null;
  private fineTuned: StageFigures | null = null;
  private lastPublish = 0;

  constructor(options: SessionOptions) {
    const entry = DATASETS[options.dataset];
    const dataset = entry.generate(options.seed);
    this.seed = options.seed;
    this.batchSize = entry.defaults.batchSize;
    this.stepsPerEpoch = stepsPerEpoch(dataset.train.rows, this.batchSize);
    this.pointsPerEpoch = Math.max(1, Math.round(POINTS_PER_DEFAULT_RUN / entry.defaults.epochs));
    this.baselineSpec = { inputs: dataset.features, hidden: entry.defaults.hidden, activation: entry.defaults.activation };
    this.currentSpec = this.baselineSpec;
    this.data = uploadData(dataset);
    this.labels = new Float32Array(dataset.train.rows + dataset.test.rows);
    this.labels.set(dataset.train.y);
    this.labels.set(dataset.test.y, dataset.train.rows);
    this.params = createParams(this.spec, this.seed);
    this.prior = this.fullMasks();
    this.masks = this.prior;
    this.randomKeys = this.keysFor(this.spec);
    this.snapshot = {
      status: 'Ready',
      isError: false,
      note: null,
      running: null,
      progress: 0,
      trained: false,
      round: 1,
      rule: {
        by: 'magnitude',
        scope: 'layer',
        method: 'unstructured',
        threshold: options.threshold,
        targetFraction: 0,
        quality: 0,
        outputRate: 1,
      },
      current: null,
      results: EMPTY_RESULTS,
      timeline: [],
      histogram: null,
      layers: this.layerCounts(),
      parameters: { nonZero: 0, total: 0 },
      collapse: [],
      curves: [],
      sensitivity: [],
      schedule: null,
      lottery: null,
      compaction: null,
      canRewind: false,
      tensors: tf.memory().numTensors,
    };
    this.enqueue(() => this.evaluateCurrent());
  }

  /** The network's shape as it stands (smaller after Compact). */
  get spec(): MlpSpec {
    return this.currentSpec;
  }

  // ---- subscription (for React's useSyncExternalStore) ----

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = (): SessionSnapshot => this.snapshot;

  /** Resolves once every queued piece of work has finished. */
  idle(): Promise<void> {
    return this.queue;
  }

  // ---- commands ----

  /** Trains the baseline from a fresh seeded initialisation. Ignored while a run is under way. */
  train(options: RunOptions): void {
    this.startRun('train', () => this.runTraining(options), false);
  }

  /** Retrains the pruned network with its mask re-applied after every step. Needs a baseline. */
  fineTune(options: RunOptions): void {
    this.startRun('fine-tune', () => this.runFineTuning(options));
  }

  /**
   * From the trained baseline: `rounds` times, prune `fractionPerRound` of the surviving weights
   * (by the current scope and method) and fine-tune. Ends with the last round's network.
   */
  iterate(options: IterativeOptions): void {
    this.startRun('iterative', () => this.runIterative(options));
  }

  /** From the trained baseline: fine-tune while the mask follows Zhu & Gupta's schedule. */
  runSchedule(options: ScheduleOptions): void {
    const problem = validateSchedule(options.schedule);
    if (problem) throw new Error(problem);
    this.startRun('schedule', () => this.runScheduled(options));
  }

  /** The lottery ticket: retrains the current mask from θ₀ and from a random draw; the model stays as it is. */
  rewind(options: RunOptions): void {
    if (!this.snapshot.canRewind) return;
    this.startRun('rewind', () => this.runRewind(options));
  }

  /** One-shot pruning of the baseline to each of SWEEP_FRACTIONS, without retraining: a new curve. */
  sweep(): void {
    this.startRun('sweep', () => this.runSweep());
  }

  /** Prunes each layer of the baseline alone to each of SCAN_FRACTIONS: the layers' sensitivity. */
  scanLayers(): void {
    this.startRun('scan', () => this.runScan());
  }

  /** Rebuilds the network without its pruned and dead neurons, and times both. */
  compact(): void {
    this.startRun('compact', () => this.runCompact());
  }

  /** Forgets the runs drawn on the Accuracy vs sparsity figure. */
  clearCurves(): void {
    this.enqueue(() => this.update({ curves: [] }));
  }

  /** Asks the current run to stop after its current step. */
  stop(): void {
    if (this.snapshot.running) this.stopRequested = true;
  }

  /** Prunes at magnitude `threshold` live (the slider): shorthand for setRule({ threshold }). */
  setThreshold(threshold: number): void {
    this.setRule({ threshold });
  }

  /**
   * Prunes by the rule changed by `patch`, live. Steps that arrive while one is being evaluated
   * are merged: the newest wins.
   */
  setRule(patch: Partial<PruneRule>): void {
    if (patch.threshold !== undefined && !(Number.isFinite(patch.threshold) && patch.threshold >= 0)) {
      throw new Error(`Expected a threshold >= 0, but got ${patch.threshold}`);
    }
    const queued = this.pendingRule !== null;
    this.pendingRule = { ...(this.pendingRule ?? this.snapshot.rule), ...patch };
    if (queued) return;
    this.enqueue(async () => {
      const rule = this.pendingRule;
      this.pendingRule = null;
      if (!rule) return;
      this.snapshot = { ...this.snapshot, rule };
      if (this.snapshot.trained) await this.applyRule();
      else this.update({});
    });
  }

  /** Records the current pruned state on the timeline (call when a slider drag ends). */
  commitThreshold(): void {
    this.enqueue(async () => {
      if (!this.snapshot.trained || this.snapshot.running) return;
      this.addPoint('Prune', describeRule(this.snapshot.rule), this.snapshot.current);
      this.update({});
    });
  }

  /** Goes back to the trained baseline: fine-tuned weights, earlier rounds and compaction undone. */
  restoreBaseline(): void {
    if (this.snapshot.running || !this.baseline) return;
    this.enqueue(async () => {
      if (!this.baseline) return;
      this.setNetwork(this.baselineSpec, this.baseline);
      this.roundPruned = null;
      this.fineTuned = null;
      this.snapshot = { ...this.snapshot, round: 1, compaction: null, canRewind: this.initial !== null };
      await this.applyRule();
      this.addPoint('Prune', 'back to the baseline', this.snapshot.current);
      this.update({ note: 'Back to the trained baseline: fine-tuning, earlier rounds and compaction undone.' });
    });
  }

  /** Back to an untrained model with the same seed: results and timeline cleared. */
  reset(): void {
    this.stop();
    this.generation++;
    this.enqueue(async () => {
      this.reinitialise();
      this.update({ status: 'Ready', isError: false, note: null, progress: 0, running: null });
      await this.evaluateCurrent();
    });
  }

  /** Stops any run and frees every tensor once the queue is done. Safe to call twice. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.stopRequested = true;
    this.listeners.clear();
    this.enqueue(async () => {
      disposeData(this.data);
      disposeParams(this.params);
    }, true);
  }

  /**
   * The weights the model computes with right now (the source with the current mask applied, or
   * the variables before any training), read after all queued work.
   */
  currentWeights(): Promise<NetworkWeights> {
    if (this.disposed) return Promise.reject(new Error('The session has been disposed'));
    return new Promise((resolve, reject) => {
      this.enqueue(async () => {
        if (this.disposed) return reject(new Error('The session has been disposed'));
        try {
          resolve(this.source ? maskWeights(this.source, this.masks) : await readWeights(this.params));
        } catch (error) {
          reject(error);
        }
      }, true);
    });
  }

  // ---- runs ----

  private startRun(kind: RunKind, job: () => Promise<void>, needsBaseline = true): void {
    if (this.snapshot.running || this.disposed || (needsBaseline && !this.snapshot.trained)) return;
    this.stopRequested = false;
    this.update({ running: kind, status: RUN_STATUS[kind], isError: false, note: null, progress: 0 });
    const generation = this.generation;
    this.enqueue(() => (generation === this.generation ? job() : undefined));
  }

  private async runTraining(options: RunOptions): Promise<void> {
    this.reinitialise();
    this.initial = await readWeights(this.params);
    const start = await this.figuresOfParams();
    this.addPoint('Train', 'before training', start);
    const outcome = await trainLoop(this.loopHost('Train', 0, 1), {
      ...options,
      masks: null,
      seed: this.seed ^ 0x5eed,
    });
    if (this.disposed) return;
    const weights = await readWeights(this.params);
    this.baseline = weights;
    this.source = weights;
    const figures = await this.figuresOfParams();
    // The baseline stands unpruned until the person prunes: no After pruning row yet.
    this.masks = this.prior;
    this.snapshot = {
      ...this.snapshot,
      trained: true,
      canRewind: true,
      rule: unpruned(this.snapshot.rule),
      results: { ...EMPTY_RESULTS, 'Before pruning': figures },
      current: figures,
      curves: [],
      sensitivity: [],
      lottery: null,
    };
    // Where the rule would empty a layer is known before the first cut, so the warning comes first.
    const collapse = this.warningsFor(this.preparedFor(this.snapshot.rule.method), this.snapshot.rule, []);
    this.update({ histogram: this.histogram(), layers: this.layerCounts(weights.kernels), parameters: countParameters(weights), collapse });
    this.finishRun(outcome, options, start.testLoss, figures.testLoss);
  }

  private async runFineTuning(options: RunOptions): Promise<void> {
    const source = this.source;
    if (!source) return this.update({ running: null, status: 'Ready' });
    const masks = this.masks;
    const round = this.snapshot.round;
    const pruned = this.snapshot.current;
    const { outcome, start, figures } = await this.retrain(maskWeights(source, masks), masks, options, (this.seed ^ 0xf17e) + round, 'Fine-tune', [0, 1]);
    if (this.disposed) return;
    this.roundPruned = this.snapshot.results['After pruning'];
    this.fineTuned = figures;
    this.snapshot = {
      ...this.snapshot,
      round: round + 1,
      current: figures,
      results: { ...this.snapshot.results, 'After fine-tuning': figures },
      histogram: this.histogram(),
      layers: this.layerCounts(this.source!.kernels),
    };
    const label = `${describeRule(this.snapshot.rule)}, ${options.epochs} epochs`;
    if (pruned) this.addCurvePoint('fine-tuned', CURVE_LABEL_FINE_TUNED, pointOf(figures, label));
    this.finishRun(outcome, options, start.testLoss, figures.testLoss);
  }

  private async runIterative(options: IterativeOptions): Promise<void> {
    this.backToBaseline();
    const rule = this.snapshot.rule;
    const curve = this.newCurve('iterative', `Iterative · ${options.rounds} × ${Math.round(options.fractionPerRound * 100)}% · ${options.epochs} epochs · ${SCOPES[rule.scope]} · ${METHODS[rule.method]}`);
    let outcome: RunOutcome = { kind: 'done', epochsDone: 0 };
    let prunedFigures: StageFigures | null = null;
    let start: StageFigures | null = null;
    let figures: StageFigures | null = null;
    for (let r = 0; r < options.rounds && outcome.kind === 'done' && !this.stopRequested; r++) {
      const cut = pruneMasks(this.preparedFor(rule.method), { ...rule, by: 'target', targetFraction: options.fractionPerRound, ofSurvivors: true });
      const masked = maskWeights(this.source!, cut.masks);
      prunedFigures = await this.evaluate(masked);
      this.addPoint('Prune', `round ${r + 1}: pruned`, prunedFigures);
      const span: [number, number] = [r / options.rounds, (r + 1) / options.rounds];
      const result = await this.retrain(masked, cut.masks, options, (this.seed ^ 0x17e2) + r, 'Fine-tune', span);
      if (this.disposed) return;
      outcome = result.outcome;
      start ??= result.start;
      figures = result.figures;
      curve.points.push(pointOf(figures, `round ${r + 1}`));
      this.update({ current: figures, curves: this.withCurve(curve), layers: this.layerCounts(this.source!.kernels) });
    }
    this.finishRounds(prunedFigures, figures, this.snapshot.round + 1);
    if (start && figures) this.finishRun(outcome, options, Infinity, figures.testLoss);
    else this.finishExperiment('Stopped before the first round.');
  }

  private async runScheduled(options: ScheduleOptions): Promise<void> {
    this.backToBaseline();
    const rule = this.snapshot.rule;
    const { schedule } = options;
    const totalSteps = options.epochs * this.stepsPerEpoch;
    const trace: ScheduleTrace = { planned: plannedCurve(schedule, totalSteps, 200), actual: [], totalSteps };
    const percent = (f: number) => `${Math.round(f * 100)}%`;
    const curve = this.newCurve('schedule', `Schedule · ${percent(schedule.initialSparsity)} → ${percent(schedule.finalSparsity)} · steps ${schedule.beginStep}–${schedule.endStep} every ${schedule.frequency}`);
    this.update({ schedule: trace });
    let masks = this.prior;
    let maskTensors: tf.Tensor2D[] | null = null;
    const beforeStep = async (step: number) => {
      if (!shouldUpdateMask(schedule, step)) return undefined;
      const weights = await readWeights(this.params);
      const prepared = preparePruning({ kernels: weights.kernels, shapes: kernelShapes(this.spec), prior: masks, randomKeys: this.randomKeys }, rule.method);
      masks = pruneMasks(prepared, { ...rule, by: 'target', targetFraction: polynomialSparsity(schedule, step) }).masks;
      tf.dispose(maskTensors ?? []);
      maskTensors = uploadMasks(this.params, masks);
      const sparsity = sparsityOf(sumCounts(maskWeights(weights, masks).kernels.map(countZeros)));
      trace.actual = [...trace.actual, { step, sparsity }];
      this.update({ schedule: { ...trace } });
      return maskTensors;
    };
    let result: Awaited<ReturnType<PruningSession['retrain']>>;
    try {
      result = await this.retrain(this.source!, this.prior, options, (this.seed ^ 0x5c4e) + this.snapshot.round, 'Fine-tune', [0, 1], beforeStep, (figures, epochs) => {
        curve.points.push(pointOf(figures, `epoch ${epochs.toFixed(2)}`));
        this.snapshot = { ...this.snapshot, curves: this.withCurve(curve) };
      });
    } finally {
      tf.dispose(maskTensors ?? []);
    }
    if (this.disposed) return;
    this.prior = masks;
    this.masks = masks;
    const stepsDone = Math.round(result.outcome.epochsDone * this.stepsPerEpoch);
    this.snapshot = { ...this.snapshot, schedule: { ...trace, actual: [...trace.actual, { step: stepsDone, sparsity: result.figures.sparsity }] } };
    this.finishRounds(null, result.figures, this.snapshot.round + 1);
    // A pruning run's loss rises because of the cut, not the learning rate: no divergence note.
    this.finishRun(result.outcome, options, Infinity, result.figures.testLoss);
  }

  private async runRewind(options: RunOptions): Promise<void> {
    const source = this.source;
    const initial = this.initial;
    const pruned = this.snapshot.current;
    if (!source || !initial || !pruned) return this.finishExperiment(null);
    const masks = this.masks;
    const host = (from: number, to: number) => this.loopHost(null, from, to);
    const retrainFrom = async (weights: NetworkWeights, seed: number, span: [number, number]) => {
      writeWeights(this.params, maskWeights(weights, masks));
      const maskTensors = uploadMasks(this.params, masks);
      try {
        const outcome = await trainLoop(host(...span), { ...options, masks: maskTensors, seed });
        return { outcome, figures: await this.figuresOfParams() };
      } finally {
        tf.dispose(maskTensors);
      }
    };
    const random = createParams(this.spec, this.seed + 7919);
    const reinitWeights = await readWeights(random);
    disposeParams(random);
    try {
      const rewound = await retrainFrom(initial, this.seed ^ 0x71c3, [0, 0.5]);
      if (rewound.outcome.kind !== 'done' || this.disposed) return this.finishExperiment('Stopped: the lottery-ticket runs were not finished.');
      const reinit = await retrainFrom(reinitWeights, this.seed ^ 0x71c3, [0.5, 1]);
      if (reinit.outcome.kind !== 'done' || this.disposed) return this.finishExperiment('Stopped: the lottery-ticket runs were not finished.');
      const lottery = { sparsity: pruned.sparsity, epochs: options.epochs, dense: this.snapshot.results['Before pruning'], pruned, rewound: rewound.figures, reinit: reinit.figures };
      this.addCurvePoint('rewound', 'Rewound to θ₀, retrained', pointOf(rewound.figures, `${options.epochs} epochs from θ₀`));
      this.addCurvePoint('reinit', 'Random re-initialisation, retrained', pointOf(reinit.figures, `${options.epochs} epochs from a new draw`));
      this.update({ lottery });
      this.finishExperiment(null);
    } finally {
      // The experiment leaves the model as it was.
      if (!this.disposed) writeWeights(this.params, source);
    }
  }

  private async runSweep(): Promise<void> {
    const baseline = this.baseline!;
    const rule = this.snapshot.rule;
    const prepared = preparePruning({ kernels: baseline.kernels, shapes: kernelShapes(this.baselineSpec), prior: this.fullMasks(this.baselineSpec), randomKeys: this.keysFor(this.baselineSpec) }, rule.method);
    const half = rule.outputRate < 1 && rule.method !== 'structured' ? ' · output at half' : '';
    const curve = this.newCurve('one-shot', `One-shot · ${SCOPES[rule.scope]} · ${METHODS[rule.method]}${half}`);
    for (const [i, fraction] of SWEEP_FRACTIONS.entries()) {
      if (this.stopRequested) return this.finishExperiment(`Stopped after ${i} of ${SWEEP_FRACTIONS.length} sparsities.`);
      const { masks } = pruneMasks(prepared, { ...rule, by: 'target', targetFraction: fraction });
      const figures = await this.evaluate(maskWeights(baseline, masks), this.baselineSpec);
      curve.points.push(pointOf(figures, `target ${Math.round(fraction * 100)}%`));
      this.update({ curves: this.withCurve(curve), progress: (i + 1) / SWEEP_FRACTIONS.length });
      await yieldToEventLoop();
    }
    this.finishExperiment(null);
  }

  private async runScan(): Promise<void> {
    const baseline = this.baseline!;
    const rule = this.snapshot.rule;
    const spec = this.baselineSpec;
    const full = this.fullMasks(spec);
    const prepared = preparePruning({ kernels: baseline.kernels, shapes: kernelShapes(spec), prior: full, randomKeys: this.keysFor(spec) }, rule.method);
    const names = layerNames(spec);
    const scan: LayerSensitivity[] = names.map((layer) => ({ layer, points: [] }));
    const total = names.length * SCAN_FRACTIONS.length;
    let done = 0;
    for (const [l, name] of names.entries()) {
      for (const fraction of SCAN_FRACTIONS) {
        if (this.stopRequested) return this.finishExperiment(`Stopped after ${done} of ${total} measurements.`);
        const { masks } = pruneMasks(prepared, { ...rule, scope: 'layer', outputRate: 1, by: 'target', targetFraction: fraction });
        const alone = full.map((mask, i) => (i === l ? masks[i] : mask));
        const masked = maskWeights(baseline, alone);
        const figures = await this.evaluate(masked, spec);
        const layerZeros = countZeros(masked.kernels[l]);
        scan[l] = { layer: name, points: [...scan[l].points, { sparsity: sparsityOf(layerZeros), accuracy: figures.testAccuracy, label: `${name} at ${Math.round(fraction * 100)}%` }] };
        done++;
        this.update({ sensitivity: [...scan], progress: done / total });
        await yieldToEventLoop();
      }
    }
    this.finishExperiment(null);
  }

  private async runCompact(): Promise<void> {
    const source = this.source!;
    const masked = maskWeights(source, this.masks);
    const compact = compactNetwork(this.spec.activation, masked);
    const emptied = compact.hidden.findIndex((width) => width === 0);
    if (emptied >= 0) {
      return this.finishExperiment(
        `Not compacted: no neuron of ${layerNames(this.spec)[emptied]} is alive, so the network's output no longer depends on its input.`,
      );
    }
    if (compact.removed.every((n) => n === 0)) {
      return this.finishExperiment('Nothing to compact: every hidden neuron still has inputs and outputs. Structured pruning removes whole neurons.');
    }
    const compactSpec: MlpSpec = { ...this.spec, hidden: compact.hidden };
    const [before, after] = await this.measure([
      { spec: this.spec, weights: masked },
      { spec: compactSpec, weights: compact.weights },
    ]);
    const [maskedLogits, compactLogits] = [await logitsOf(this.spec, masked, this.data), await logitsOf(compactSpec, compact.weights, this.data)];
    let maxDifference = 0;
    for (let i = 0; i < maskedLogits.length; i++) maxDifference = Math.max(maxDifference, Math.abs(maskedLogits[i] - compactLogits[i]));
    if (this.disposed) return;
    this.setNetwork(compactSpec, compact.weights);
    const report = { before, after, maxDifference, rows: this.data.trainRows + this.data.testRows, repeats: TIMING_REPEATS, backend: tf.getBackend() };
    // The compacted network is the model now; the rule starts again from nothing pruned on it.
    this.snapshot = { ...this.snapshot, compaction: report, canRewind: false, rule: unpruned(this.snapshot.rule) };
    await this.applyRule();
    this.addPoint('Prune', 'compacted', this.snapshot.current);
    this.finishExperiment(null);
  }

  /** Sizes and forward-pass times of networks, timed in turns on the active backend. */
  private async measure(networks: { spec: MlpSpec; weights: NetworkWeights }[]): Promise<NetworkSize[]> {
    const times = await medianForwardMs(networks, this.data.x, TIMING_REPEATS);
    return networks.map(({ spec, weights }, i) => {
      const parameters = countParameters(weights);
      return { widths: [spec.inputs, ...spec.hidden, 1], parameters, bytes: parameters.total * 4, milliseconds: times[i] };
    });
  }

  /**
   * Writes `start` into the variables and trains with `masks` kept: the shared body of fine-tuning,
   * iterative rounds and schedules. The source becomes the result and the prior its mask.
   */
  private async retrain(
    start: NetworkWeights,
    masks: Mask[],
    options: RunOptions,
    seed: number,
    phase: Phase,
    span: [number, number],
    beforeStep?: (step: number) => Promise<tf.Tensor2D[] | undefined>,
    onPoint?: (figures: StageFigures, epochs: number) => void,
  ): Promise<{ outcome: RunOutcome; start: StageFigures; figures: StageFigures }> {
    writeWeights(this.params, start);
    const startFigures = await this.figuresOfParams();
    const maskTensors = uploadMasks(this.params, masks);
    let outcome: RunOutcome;
    try {
      const host = this.loopHost(phase, span[0], span[1], onPoint);
      outcome = await trainLoop(host, { ...options, masks: maskTensors, seed, beforeStep });
    } finally {
      tf.dispose(maskTensors);
    }
    const figures = await this.figuresOfParams();
    this.source = await readWeights(this.params);
    this.prior = masks;
    this.masks = masks;
    return { outcome, start: startFigures, figures };
  }

  private loopHost(phase: Phase | null, from: number, to: number, onPoint?: (figures: StageFigures, epochs: number) => void): LoopHost {
    const scale = (p: number) => from + (to - from) * p;
    return {
      spec: this.spec,
      params: this.params,
      data: this.data,
      batchSize: this.batchSize,
      pointsPerEpoch: this.pointsPerEpoch,
      stopRequested: () => this.stopRequested,
      figures: () => this.figuresOfParams(),
      evaluated: (figures, epochs, progress) => {
        if (phase) this.addPoint(phase, `epoch ${epochs.toFixed(2)}`, figures);
        onPoint?.(figures, epochs);
        this.update(phase ? { current: figures, progress: scale(progress) } : { progress: scale(progress) });
      },
      progressed: (progress) => this.publishProgress(scale(progress)),
    };
  }

  /** The Results rows and round after a run that pruned and fine-tuned in rounds of its own. */
  private finishRounds(pruned: StageFigures | null, fineTuned: StageFigures | null, round: number): void {
    if (!fineTuned) return;
    this.roundPruned = pruned;
    this.fineTuned = fineTuned;
    this.snapshot = {
      ...this.snapshot,
      round,
      current: fineTuned,
      results: { ...this.snapshot.results, 'After pruning': pruned, 'After fine-tuning': fineTuned },
      histogram: this.histogram(),
      layers: this.layerCounts(this.source!.kernels),
      parameters: countParameters(this.source!),
    };
  }

  private finishRun(outcome: RunOutcome, options: RunOptions, startLoss: number, endLoss: number): void {
    const done = `${formatEpochs(outcome.epochsDone)} of ${options.epochs} epochs`;
    const diverged = endLoss > DIVERGENCE_FACTOR * startLoss;
    const worse = diverged
      ? `The test loss rose from ${startLoss.toFixed(4)} to ${endLoss.toFixed(4)}: the learning rate ${options.learningRate} is too large for this network.`
      : null;
    if (outcome.kind === 'done') {
      this.update({ status: 'Ready', running: null, progress: 1, note: worse });
    } else if (outcome.kind === 'stopped') {
      this.update({ status: 'Stopped', running: null, note: [`Stopped after ${done}.`, worse].filter(Boolean).join(' ') });
    } else {
      this.update({
        status:
          `The loss became NaN (not a number) after ${done}: the learning rate ` +
          `${outcome.learningRate} is too large. The run was stopped and the last good weights were kept.`,
        isError: true,
        running: null,
        note: 'Try a smaller learning rate.',
      });
    }
  }

  private finishExperiment(note: string | null): void {
    const stopped = this.stopRequested && note !== null && note.startsWith('Stopped');
    this.update({ status: stopped ? 'Stopped' : 'Ready', running: null, progress: stopped ? this.snapshot.progress : 1, note });
  }

  // ---- pruning ----

  /** Prunes the source weights by the snapshot's rule and evaluates the masked copy. */
  private async applyRule(): Promise<void> {
    const source = this.source;
    if (!source) return;
    const rule = this.snapshot.rule;
    const prepared = this.preparedFor(rule.method);
    const { masks, emptyLayers } = pruneMasks(prepared, rule);
    const masked = maskWeights(source, masks);
    const figures = await this.evaluate(masked);
    if (this.disposed) return;
    this.masks = masks;
    const collapse = this.warningsFor(prepared, rule, emptyLayers);
    this.update({
      current: figures,
      results: this.resultsWith(figures),
      histogram: this.histogram(),
      layers: this.layerCounts(masked.kernels),
      parameters: countParameters(masked),
      collapse,
    });
  }

  /** Where the rule's control would empty a layer, in the current network's layer names. */
  private warningsFor(prepared: PreparedPruning, rule: PruneRule, emptyLayers: readonly number[]): CollapseWarning[] {
    const names = layerNames(this.spec);
    return collapsePoints(prepared, rule).map((p) => ({ layer: names[p.layer], above: p.above, reached: emptyLayers.includes(p.layer) }));
  }

  /** The sorted scores of the source under the prior, made once per source, prior and method. */
  private preparedFor(method: PruneRule['method']): PreparedPruning {
    const source = this.source!;
    const cached = this.prepared;
    if (cached && cached.method === method && cached.input.kernels === source.kernels && cached.input.prior === this.prior) return cached;
    this.prepared = preparePruning({ kernels: source.kernels, shapes: kernelShapes(this.spec), prior: this.prior, randomKeys: this.randomKeys }, method);
    return this.prepared;
  }

  /**
   * The Results rows once the model is pruned to `figures`. In round 1 it is the After pruning row.
   * Later, a mask that prunes more than fine-tuning kept starts a new round (After pruning is the
   * new cut, After fine-tuning is pending); one that prunes no more shows the last round's rows.
   */
  private resultsWith(figures: StageFigures): Record<Stage, StageFigures | null> {
    const before = this.snapshot.results['Before pruning'];
    const fineTuned = this.fineTuned;
    if (this.snapshot.round === 1 || !fineTuned || figures.sparsity > fineTuned.sparsity) {
      return { 'Before pruning': before, 'After pruning': figures, 'After fine-tuning': null };
    }
    return { 'Before pruning': before, 'After pruning': this.roundPruned, 'After fine-tuning': fineTuned };
  }

  // ---- network state ----

  private reinitialise(): void {
    disposeParams(this.params);
    this.currentSpec = this.baselineSpec;
    this.params = createParams(this.spec, this.seed);
    this.randomKeys = this.keysFor(this.spec);
    this.initial = null;
    this.baseline = null;
    this.source = null;
    this.roundPruned = null;
    this.fineTuned = null;
    this.prior = this.fullMasks();
    this.masks = this.prior;
    this.snapshot = {
      ...this.snapshot,
      trained: false,
      canRewind: false,
      round: 1,
      current: null,
      results: EMPTY_RESULTS,
      timeline: [],
      histogram: null,
      layers: this.layerCounts(),
      collapse: [],
      schedule: null,
      lottery: null,
      compaction: null,
    };
  }

  /** Makes `weights` (shaped by `spec`) the network and the source, with its zeros as the prior. */
  private setNetwork(spec: MlpSpec, weights: NetworkWeights): void {
    if (spec !== this.currentSpec) {
      disposeParams(this.params);
      this.currentSpec = spec;
      this.params = paramsFrom(spec, weights);
      this.randomKeys = this.keysFor(spec);
    } else {
      writeWeights(this.params, weights);
    }
    this.source = weights;
    this.prior = spec === this.baselineSpec && weights === this.baseline ? this.fullMasks() : weights.kernels.map((k) => Uint8Array.from(k, (w) => (w === 0 ? 0 : 1)));
    this.masks = this.prior;
  }

  /** Iterative pruning and schedules start from the trained baseline, so runs compare. */
  private backToBaseline(): void {
    this.setNetwork(this.baselineSpec, this.baseline!);
    this.roundPruned = null;
    this.fineTuned = null;
    this.snapshot = { ...this.snapshot, round: 1, compaction: null, canRewind: this.initial !== null };
  }

  private fullMasks(spec: MlpSpec = this.spec): Mask[] {
    return kernelShapes(spec).map(([fanIn, fanOut]) => fullMask(fanIn * fanOut));
  }

  /** One seeded uniform key per weight: the random control's order, fixed for a network shape. */
  private keysFor(spec: MlpSpec): Float32Array[] {
    const rng = createRng(this.seed ^ 0x7a11);
    return kernelShapes(spec).map(([fanIn, fanOut]) => Float32Array.from({ length: fanIn * fanOut }, () => rng()));
  }

  // ---- figures ----

  private async evaluateCurrent(): Promise<void> {
    const figures = await this.figuresOfParams();
    const weights = await readWeights(this.params);
    if (!this.disposed) this.update({ current: figures, histogram: null, parameters: countParameters(weights) });
  }

  /** Figures of a network given as arrays (masked or compacted), on `spec`'s shape. */
  private async evaluate(weights: NetworkWeights, spec: MlpSpec = this.spec): Promise<StageFigures> {
    const logits = await logitsOf(spec, weights, this.data);
    const sparsity = sparsityOf(sumCounts(weights.kernels.map(countZeros)));
    return { ...binaryMetrics(logits, this.labels, this.data.trainRows), sparsity };
  }

  /** Figures of the variables as they are, sparsity counted from their values. */
  private async figuresOfParams(): Promise<StageFigures> {
    const { logits, kernels } = await logitsAndKernels(this.spec, this.params, this.data);
    const sparsity = sparsityOf(sumCounts(kernels.map(countZeros)));
    return { ...binaryMetrics(logits, this.labels, this.data.trainRows), sparsity };
  }

  private histogram(): WeightHistogram | null {
    const source = this.source;
    if (!source) return null;
    const layers = source.kernels.map((weights, i) => ({ weights, mask: this.masks[i], prior: this.prior[i] }));
    return weightHistogram(layers, 48);
  }

  private layerCounts(masked?: Float32Array[]): LayerSparsity[] {
    const names = layerNames(this.spec);
    return kernelShapes(this.spec).map(([fanIn, fanOut], i) => ({
      name: names[i],
      zeros: masked ? countZeros(masked[i]).zeros : 0,
      total: fanIn * fanOut,
    }));
  }

  private addPoint(phase: Phase, label: string, figures: StageFigures | null): void {
    if (!figures) return;
    const timeline = this.snapshot.timeline;
    const point: TimelinePoint = {
      step: timeline.length,
      phase,
      label,
      accuracy: figures.testAccuracy,
      trainAccuracy: figures.trainAccuracy,
      loss: figures.testLoss,
      sparsity: figures.sparsity,
    };
    this.snapshot = { ...this.snapshot, timeline: [...timeline, point] };
  }

  private newCurve(kind: CurveKind, label: string): Curve {
    return { id: this.nextCurveId++, kind, label, points: [] };
  }

  /** The curves with `curve` added, or replaced when already there. */
  private withCurve(curve: Curve): Curve[] {
    const copy = { ...curve, points: [...curve.points] };
    const others = this.snapshot.curves.filter((c) => c.id !== curve.id);
    return [...others, copy];
  }

  /** Adds a point to the session's one curve of `kind`, kept in order of sparsity. */
  private addCurvePoint(kind: CurveKind, label: string, point: CurvePoint): void {
    const existing = this.snapshot.curves.find((c) => c.kind === kind);
    const curve = existing ?? this.newCurve(kind, label);
    const points = [...curve.points, point].sort((a, b) => a.sparsity - b.sparsity);
    this.snapshot = { ...this.snapshot, curves: this.withCurve({ ...curve, points }) };
  }

  private publishProgress(progress: number): void {
    const now = performance.now();
    if (now - this.lastPublish < PUBLISH_INTERVAL_MS) {
      this.snapshot = { ...this.snapshot, progress };
      return;
    }
    this.update({ progress });
  }

  private enqueue(job: () => Promise<void> | void, evenIfDisposed = false): void {
    this.queue = this.queue.then(async () => {
      if (this.disposed && !evenIfDisposed) return;
      try {
        await job();
      } catch (error) {
        if (this.disposed) return;
        const message = error instanceof Error ? error.message : String(error);
        this.update({ status: `Something went wrong: ${message}`, isError: true, running: null });
      }
    });
  }

  private update(change: Partial<SessionSnapshot>): void {
    if (this.disposed) return;
    this.snapshot = { ...this.snapshot, ...change, tensors: tf.memory().numTensors };
    this.lastPublish = performance.now();
    for (const listener of this.listeners) listener();
  }
}

const CURVE_LABEL_FINE_TUNED = 'Pruned, then fine-tuned';

/** `weights` with every kernel entry its mask prunes set to 0; biases copied. */
function maskWeights(weights: NetworkWeights, masks: readonly Mask[]): NetworkWeights {
  return { kernels: weights.kernels.map((k, i) => applyMask(k, masks[i])), biases: weights.biases.map((b) => b.slice()) };
}

function pointOf(figures: StageFigures, label: string): CurvePoint {
  return { sparsity: figures.sparsity, accuracy: figures.testAccuracy, label };
}

/** The rule in a few words, for the timeline and the curves: "threshold 0.1", "target 90% global". */
export function describeRule(rule: PruneRule): string {
  const scope = rule.scope === 'global' ? ', global' : '';
  const method = rule.method === 'unstructured' ? '' : rule.method === 'structured' ? ', neurons' : ', random';
  const what =
    rule.by === 'magnitude'
      ? `threshold ${rule.threshold}`
      : rule.by === 'target'
        ? `target ${+(rule.targetFraction * 100).toFixed(2)}%`
        : `${rule.quality} σ`;
  return `${what}${scope}${method}`;
}

function formatEpochs(epochs: number): string {
  return Number.isInteger(epochs) ? String(epochs) : epochs.toFixed(1);
}
