import type { CurvePoint } from '../core/curves';
import { METHODS, pruneMasks, SCOPES, type PruneRule } from '../core/prune';
import { validateRule } from '../core/rule';
import { validateSchedule } from '../core/schedule';
import { countParameters, outputUnits, type Activation, type MlpSpec, type NetworkWeights } from '../core/spec';
import type { Dataset } from '../data/types';
import { disposeData, uploadData, type DataTensors } from '../model/data';
import { readWeights } from '../model/mlp';
import { tensorCount } from '../model/train';
import { describeRule, endOfRun, type RunEnding } from './describe';
import { compact, scanLayers, sweepOneShot, type ExperimentHost } from './experiments';
import { FigureCounter, type Precision } from './figures';
import { maskWeights, NetworkState } from './network';
import { DONE, refused, stopped, type CommandResult } from './outcome';
import * as runs from './runs';
import type { IterativeOptions, RunContext, RunOptions, RunReport, ScheduleOptions } from './runs';
import type { RunKind, SessionSnapshot, StageFigures } from './snapshot';
import * as S from './state';
import { SnapshotStore } from './store';
import { stepsPerEpoch } from './trainer';

export * from './snapshot';
export type { CommandResult } from './outcome';
export { SCAN_FRACTIONS, SWEEP_FRACTIONS } from './experiments';
export type { Precision } from './figures';
export type { IterativeOptions, RunOptions, ScheduleOptions } from './runs';
export { describeRule } from './describe';

/** The hidden layers a session's network has; inputs and outputs follow from the data. */
export interface ModelChoice {
  hidden: readonly number[];
  activation: Activation;
}

export interface SessionOptions {
  /** The rows to train and test on (the session uploads them and keeps no reference). */
  data: Dataset;
  model: ModelChoice;
  batchSize: number;
  /** The data set's default epochs: the timeline gets about 60 points over a run of that length. */
  defaultEpochs: number;
  /** Seeds the initial weights, the shuffles and the random control (./seeds). */
  seed: number;
  /** The rule the controls show: the first cut after training uses it. */
  rule: PruneRule;
  /**
   * Quick figures (training, the slider) count the first `estimateRows` rows of each split and the
   * exact ones follow when the slider rests; null or a number not below both splits: always exact.
   */
  estimateRows?: number | null;
}

/** How many points a default-length training run adds to the timeline, roughly. */
const POINTS_PER_DEFAULT_RUN = 60;
/** How long the rule must rest before quick figures are replaced by exact ones. */
const REFINE_DELAY_MS = 350;
/** Why a job's signal was aborted: Stop keeps what was done; Reset and dispose throw it away. */
const STOP = 'stop';
const DISCARD = 'discard';

/** Thrown inside a run whose result will be thrown away (Reset, dispose), to stop its work at once. */
class Discarded extends Error {}

/** A run in flight: what it is and its one cancellation signal. */
interface Job {
  kind: RunKind;
  controller: AbortController;
  done: Promise<CommandResult>;
  /** The id of the curve this run draws on the Accuracy vs sparsity figure, once it has one. */
  curveId: number | null;
}

/**
 * A training and pruning session on one data set, on the active backend. It owns the data tensors
 * and its NetworkState (which owns the variables and mask tensors), and one private SessionState;
 * the page sees `toSnapshot(state)` through the SnapshotStore. All tensor work runs in one queue, so a
 * slider step never interleaves with a training step. Every command resolves to what it did
 * (CommandResult): done, stopped, refused with the reason, diverged or failed.
 */
export class PruningSession {
  readonly batchSize: number;
  /** Optimizer steps in one epoch. */
  readonly stepsPerEpoch: number;
  private readonly data: DataTensors;
  private readonly figures: FigureCounter;
  private readonly network: NetworkState;
  private readonly store: SnapshotStore;
  private readonly seed: number;
  private readonly pointsPerEpoch: number;
  private state: S.SessionState;

  private queue: Promise<unknown> = Promise.resolve();
  private disposed = false;
  private job: Job | null = null;
  /** The exact count of the latest cut, waiting for the rule to rest or running; aborted by any change. */
  private refine: AbortController | null = null;
  /** The newest rule of slider steps that arrived while one was applied, and the promise they share. */
  private pendingRule: PruneRule | null = null;
  private pendingApply: Promise<CommandResult> | null = null;

  constructor(options: SessionOptions) {
    const dataset = options.data;
    const problem = validateRule(options.rule);
    if (problem) throw new Error(problem);
    this.batchSize = options.batchSize;
    this.seed = options.seed;
    this.stepsPerEpoch = stepsPerEpoch(dataset.train.rows, this.batchSize);
    this.pointsPerEpoch = Math.max(1, Math.round(POINTS_PER_DEFAULT_RUN / options.defaultEpochs));
    const spec: MlpSpec = { inputs: dataset.features, hidden: options.model.hidden, activation: options.model.activation, outputs: outputUnits(dataset.classes) };
    this.data = uploadData(dataset, spec.outputs, options.estimateRows ?? null);
    this.figures = new FigureCounter(dataset, this.data);
    const sample = this.data.sample;
    const estimate = sample ? { rows: sample.rows, trainRows: dataset.train.rows, testRows: dataset.test.rows } : null;
    this.network = new NetworkState(spec, options.seed);
    this.state = S.initialState(options.rule, this.network.layerCounts(), estimate);
    this.store = new SnapshotStore(this.state, tensorCount);
    void this.enqueue(async () => {
      await this.evaluateCurrent();
      return DONE;
    });
  }

  /** The network's shape as it stands (smaller after Compact). */
  get spec(): MlpSpec {
    return this.network.spec;
  }

  // ---- subscription (for React's useSyncExternalStore) ----

  readonly subscribe = (listener: () => void): (() => void) => this.store.subscribe(listener);

  readonly getSnapshot = (): SessionSnapshot => this.store.snapshot;

  /** Resolves once every queued piece of work has finished. */
  idle(): Promise<void> {
    return this.queue.then(() => undefined);
  }

  // ---- runs ----

  /** Trains the baseline from a fresh seeded initialisation. */
  train(options: RunOptions): Promise<CommandResult> {
    return this.startRun('train', false, async (ctx) => {
      this.network.reinitialise();
      this.state = S.untrained(this.state, this.network.layerCounts());
      const { outcome, start, figures } = await runs.trainBaseline(ctx, options);
      this.state = S.trained(this.state, figures);
      // Where the rule would empty a layer is known before the first cut, so the warning comes first.
      this.state = { ...this.state, ...this.networkFigures(), current: figures };
      return endOfRun(outcome, options, start.testLoss, figures.testLoss);
    });
  }

  /** Retrains the pruned network with its mask re-applied after every step. Needs a baseline. */
  fineTune(options: RunOptions): Promise<CommandResult> {
    return this.startRun('fine-tune', true, async (ctx) => {
      const pruned = S.resultsOf(this.state)['After pruning'];
      const { outcome, start, figures } = await runs.fineTune(ctx, options, this.state.round);
      this.state = { ...S.roundFinished(this.state, pruned, figures), ...this.networkFigures() };
      // A point on the trade-off figure only for a pruned network of the baseline's shape: after
      // Compact the sparsity counts a smaller network and would not compare.
      if (pruned && pruned.sparsity > 0 && !this.state.compaction) {
        const label = `${describeRule(this.state.rule)}, ${options.epochs} epochs`;
        this.state = S.withCurvePoint(this.state, 'fine-tuned', 'Pruned, then fine-tuned', S.pointOf(figures, label));
      }
      return endOfRun(outcome, options, start.testLoss, figures.testLoss);
    });
  }

  /**
   * From the trained baseline: `rounds` times, prune `fractionPerRound` of the surviving weights
   * (by the current scope and method) and fine-tune. Ends with the last round's network.
   */
  iterate(options: IterativeOptions): Promise<CommandResult> {
    return this.startRun('iterative', true, async (ctx) => {
      this.backToBaseline();
      const rule = this.state.rule;
      const label = `Iterative · ${options.rounds} × ${Math.round(options.fractionPerRound * 100)}% · ${options.epochs} epochs · ${SCOPES[rule.scope]} · ${METHODS[rule.method]}`;
      const { outcome, pruned, figures } = await runs.pruneIteratively(ctx, options, rule, label);
      if (!figures) return { ending: { kind: 'stopped' }, note: 'Stopped before the first round.', result: stopped('Stopped before the first round.') };
      this.finishRounds(pruned, figures);
      // A pruning run's loss rises because of the cut, not the learning rate: no divergence note.
      return endOfRun(outcome, options, Infinity, figures.testLoss);
    });
  }

  /** From the trained baseline: fine-tune while the mask follows Zhu & Gupta's schedule. */
  runSchedule(options: ScheduleOptions): Promise<CommandResult> {
    const problem = validateSchedule(options.schedule);
    if (problem) return Promise.resolve(refused(problem));
    return this.startRun('schedule', true, async (ctx) => {
      this.backToBaseline();
      const { schedule } = options;
      const percent = (f: number) => `${Math.round(f * 100)}%`;
      const label = `Schedule · ${percent(schedule.initialSparsity)} → ${percent(schedule.finalSparsity)} · steps ${schedule.beginStep}–${schedule.endStep} every ${schedule.frequency}`;
      const { outcome, figures, trace } = await runs.pruneOnSchedule(ctx, options, this.state.rule, this.state.round, label);
      this.state = { ...this.state, schedule: trace };
      this.finishRounds(null, figures);
      return endOfRun(outcome, options, Infinity, figures.testLoss);
    });
  }

  /** The lottery ticket: retrains the current mask from θ₀ and from a random draw; the model stays as it is. */
  rewind(options: RunOptions): Promise<CommandResult> {
    if (this.state.compaction) {
      return Promise.resolve(refused('A compacted network has another shape than θ₀: press Back to baseline to rewind.'));
    }
    return this.startRun('rewind', true, async (ctx) => {
      const pruned = this.state.current!;
      const result = await runs.rewindTicket(ctx, options);
      if (result.kind === 'stopped') return this.experimentEnded('Stopped: the lottery-ticket runs were not finished.', ctx.signal);
      const { rewound, reinit } = result;
      const dense = this.state.baseline;
      this.state = S.withCurvePoint(this.state, 'rewound', 'Rewound to θ₀, retrained', S.pointOf(rewound, `${options.epochs} epochs from θ₀`));
      this.state = S.withCurvePoint(this.state, 'reinit', 'Random re-initialisation, retrained', S.pointOf(reinit, `${options.epochs} epochs from a new draw`));
      this.state = { ...this.state, lottery: { sparsity: pruned.sparsity, epochs: options.epochs, dense, pruned, rewound, reinit } };
      return this.experimentEnded(null, ctx.signal);
    });
  }

  /** One-shot pruning of the baseline to each of SWEEP_FRACTIONS, without retraining: a new curve. */
  sweep(): Promise<CommandResult> {
    return this.startRun('sweep', true, async (ctx) => {
      const rule = this.state.rule;
      const half = rule.outputRate < 1 && rule.method !== 'structured' ? ' · output at half' : '';
      const label = `One-shot · ${SCOPES[rule.scope]} · ${METHODS[rule.method]}${half}${this.estimateLabel()}`;
      const points: CurvePoint[] = [];
      const note = await sweepOneShot(this.experimentHost(ctx.signal), this.network.baselineNetwork(), rule, (point, progress) => {
        points.push(point);
        ctx.report({ curve: { kind: 'one-shot', label, points }, progress });
      });
      return this.experimentEnded(note ?? this.estimateNote(), ctx.signal);
    });
  }

  /** Prunes each layer of the baseline alone to each of SCAN_FRACTIONS: the layers' sensitivity. */
  scanLayers(): Promise<CommandResult> {
    return this.startRun('scan', true, async (ctx) => {
      const note = await scanLayers(this.experimentHost(ctx.signal), this.network.baselineNetwork(), this.state.rule, (sensitivity, progress) =>
        ctx.report({ sensitivity, progress }),
      );
      return this.experimentEnded(note ?? this.estimateNote(), ctx.signal);
    });
  }

  /** Rebuilds the network without its pruned and dead neurons, and times both. */
  compact(): Promise<CommandResult> {
    return this.startRun('compact', true, async (ctx) => {
      const network = this.network;
      const result = await compact(network.spec, maskWeights(network.source!, network.masks), this.data);
      if (result.kind === 'refused') {
        const ended = this.experimentEnded(result.note, ctx.signal);
        return { ...ended, result: refused(result.note) };
      }
      ctx.throwIfDiscarded();
      network.setNetwork(result.spec, result.weights);
      // The compacted network is the model now; the rule starts again from nothing pruned on it.
      this.state = { ...this.state, compaction: result.report, rule: S.unpruned(this.state.rule) };
      // The Results rows stay those of the cut: compaction changes the shape, not the function, and
      // the smaller network's own zero count would read as a different sparsity.
      await this.applyRule(false);
      this.state = S.withPoint(this.state, 'Prune', 'compacted', this.state.current!);
      return this.experimentEnded(null, ctx.signal);
    });
  }

  /** Asks the current run to stop after its current step; resolves once it has. */
  stop(): Promise<CommandResult> {
    const job = this.job;
    if (!job) return Promise.resolve(refused('Nothing is running: there is nothing to stop.'));
    job.controller.abort(STOP);
    return job.done.then(() => DONE);
  }

  // ---- the rule and the network ----

  /**
   * Prunes by `rule`, live (the slider). Steps that arrive while one is being applied are merged:
   * the newest wins, and they all resolve when it has been applied. A rule that fails validation is
   * refused and changes nothing.
   */
  setRule(rule: PruneRule): Promise<CommandResult> {
    const problem = validateRule(rule) ?? this.busyReason();
    if (problem) return Promise.resolve(refused(problem));
    this.pendingRule = rule;
    // A new cut is coming: an exact count of the last one would describe weights about to change.
    this.cancelRefine();
    this.pendingApply ??= this.enqueue(async () => {
      this.state = { ...this.state, rule: this.pendingRule! };
      this.pendingRule = null;
      this.pendingApply = null;
      if (this.state.trained) await this.applyRule(true);
      else this.publish();
      return DONE;
    });
    return this.pendingApply;
  }

  /** Records the current pruned state on the timeline (call when a slider drag ends). */
  commitThreshold(): Promise<CommandResult> {
    const problem = this.busyReason() ?? this.untrainedReason();
    if (problem) return Promise.resolve(refused(problem));
    return this.enqueue(async () => {
      if (!this.state.current) return refused('There is no cut to record yet.');
      this.state = S.withPoint(this.state, 'Prune', describeRule(this.state.rule), this.state.current);
      this.publish();
      return DONE;
    });
  }

  /** Goes back to the trained baseline: fine-tuned weights, earlier rounds and compaction undone. */
  restoreBaseline(): Promise<CommandResult> {
    const problem = this.busyReason() ?? this.untrainedReason();
    if (problem) return Promise.resolve(refused(problem));
    return this.enqueue(async () => {
      this.backToBaseline();
      await this.applyRule(true);
      this.state = S.withPoint(this.state, 'Prune', 'back to the baseline', this.state.current!);
      this.state = { ...this.state, note: 'Back to the trained baseline: fine-tuning, earlier rounds and compaction undone.' };
      this.publish();
      return DONE;
    });
  }

  /** Forgets the runs drawn on the Accuracy vs sparsity figure. */
  clearCurves(): Promise<CommandResult> {
    return this.enqueue(async () => {
      this.state = { ...this.state, curves: [] };
      this.publish();
      return DONE;
    });
  }

  /** Back to an untrained model with the same seed: results and timeline cleared. A run in flight is thrown away. */
  reset(): Promise<CommandResult> {
    if (this.disposed) return Promise.resolve(refused('This session has been closed.'));
    this.job?.controller.abort(DISCARD);
    this.cancelRefine();
    return this.enqueue(async () => {
      this.network.reinitialise();
      this.state = S.runEnded(S.untrained(this.state, this.network.layerCounts()), { kind: 'ready' }, null);
      this.state = { ...this.state, progress: 0 };
      await this.evaluateCurrent();
      return DONE;
    });
  }

  /** Stops any run and frees every tensor once the queue is done. Safe to call twice. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.job?.controller.abort(DISCARD);
    this.cancelRefine();
    this.store.close();
    this.queue = this.queue.then(() => {
      disposeData(this.data);
      this.network.dispose();
    });
  }

  /**
   * The weights the model computes with right now (the source with the current mask applied, or
   * the variables before any training), read after all queued work.
   */
  currentWeights(): Promise<NetworkWeights> {
    if (this.disposed) return Promise.reject(new Error('The session has been disposed'));
    const read = this.queue.then(() => {
      if (this.disposed) throw new Error('The session has been disposed');
      return this.network.currentWeights();
    });
    this.queue = read.catch(() => undefined);
    return read;
  }

  // ---- jobs ----

  /**
   * Starts a run of `kind` with its own AbortController, or refuses it (busy, untrained, closed).
   * `work` runs in the queue and returns how the run ended; the session then publishes.
   */
  private startRun(kind: RunKind, needsBaseline: boolean, work: (ctx: RunContext) => Promise<RunEnding>): Promise<CommandResult> {
    const problem = this.busyReason() ?? (needsBaseline ? this.untrainedReason() : null);
    if (problem) return Promise.resolve(refused(problem));
    // A run changes the network: an exact count of the cut before it would describe weights that are gone.
    this.cancelRefine();
    const controller = new AbortController();
    const job: Job = { kind, controller, done: Promise.resolve(DONE), curveId: null };
    this.job = job;
    this.state = S.runStarted(this.state, kind);
    this.publish();
    job.done = this.enqueue(async () => {
      try {
        if (controller.signal.aborted) return this.abortedBeforeStart(controller.signal);
        const ending = await work(this.context(job));
        if (controller.signal.reason === DISCARD) return stopped('Reset before the run ended: its result was thrown away.');
        this.state = S.runEnded(this.state, ending.ending, ending.note);
        this.publish();
        return ending.result;
      } catch (error) {
        if (error instanceof Discarded) return stopped('Reset before the run ended: its result was thrown away.');
        throw error;
      } finally {
        if (this.job === job) this.job = null;
      }
    });
    return job.done;
  }

  private abortedBeforeStart(signal: AbortSignal): CommandResult {
    if (signal.reason === DISCARD) return stopped('Reset before the run began.');
    this.state = S.runEnded(this.state, { kind: 'stopped' }, 'Stopped before it began.');
    this.publish();
    return stopped('Stopped before it began.');
  }

  /** What a run of `job` works on; its reports are folded into the state and published. */
  private context(job: Job): RunContext {
    const signal = job.controller.signal;
    const discarded = () => this.disposed || signal.reason === DISCARD;
    return {
      network: this.network,
      data: this.data,
      seed: this.seed,
      batchSize: this.batchSize,
      stepsPerEpoch: this.stepsPerEpoch,
      pointsPerEpoch: this.pointsPerEpoch,
      signal,
      evaluate: (weights, precision) => this.figures.ofWeights(weights, this.network.spec, precision),
      evaluateParams: (precision) => this.figuresOfParams(precision),
      report: (report) => {
        if (!discarded()) this.fold(job, report);
      },
      throwIfDiscarded: () => {
        if (discarded()) throw new Discarded();
      },
    };
  }

  /** Folds a run's report into the state; progress alone is published throttled. */
  private fold(job: Job, report: RunReport): void {
    let state = this.state;
    if (report.point) state = S.withPoint(state, report.point.phase, report.point.label, report.point.figures);
    if (report.curve) {
      if (job.curveId === null) {
        const [next, curve] = S.withNewCurve(state, report.curve.kind, report.curve.label);
        state = next;
        job.curveId = curve.id;
      }
      state = S.withCurve(state, { id: job.curveId, kind: report.curve.kind, label: report.curve.label, points: [...report.curve.points] });
    }
    const { progress, current, layers, schedule, sensitivity } = report;
    state = {
      ...state,
      ...(progress !== undefined && { progress }),
      ...(current && { current }),
      ...(layers && { view: { ...state.view, layers } }),
      ...(schedule && { schedule }),
      ...(sensitivity && { sensitivity }),
    };
    this.state = state;
    const progressOnly = Object.keys(report).every((key) => key === 'progress');
    if (progressOnly) this.store.publishThrottled(state);
    else this.publish();
  }

  /** The ending of a run that measures rather than trains: Ready, or Stopped when its signal was. */
  private experimentEnded(note: string | null, signal: AbortSignal): RunEnding {
    const wasStopped = signal.aborted && note !== null;
    return wasStopped
      ? { ending: { kind: 'stopped' }, note, result: stopped(note) }
      : { ending: { kind: 'ready' }, note, result: DONE };
  }

  private experimentHost(signal: AbortSignal): ExperimentHost {
    return { evaluate: (weights, spec) => this.figures.ofWeights(weights, spec), signal };
  }

  private busyReason(): string | null {
    if (this.disposed) return 'This session has been closed.';
    const job = this.job;
    if (job) return `Wait until ${RUN_NAMES[job.kind]} has finished, or press Stop.`;
    return null;
  }

  private untrainedReason(): string | null {
    return this.state.trained ? null : 'Train the network first: there is no baseline to prune yet.';
  }

  private enqueue(work: () => Promise<CommandResult>): Promise<CommandResult> {
    const result = this.queue.then(async () => {
      if (this.disposed) return refused('This session has been closed.');
      try {
        return await work();
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        if (!this.disposed) {
          this.state = S.runEnded(this.state, { kind: 'error', message: `Something went wrong: ${message}` }, null);
          this.publish();
        }
        return { kind: 'failed', reason: message } as const;
      }
    });
    this.queue = result;
    return result;
  }

  private publish(): void {
    this.store.publish(this.state);
  }

  // ---- network state ----

  /** Prunes the source by the state's rule, evaluates the masked copy, and records it (as this round's cut when `asCut`). */
  private async applyRule(asCut: boolean): Promise<void> {
    const source = this.network.source;
    if (!source) return;
    const rule = this.state.rule;
    const prepared = this.network.preparedFor(rule.method);
    const { masks, emptyLayers } = pruneMasks(prepared, rule);
    const masked = maskWeights(source, masks);
    const figures = await this.figures.ofWeights(masked, this.network.spec);
    if (this.disposed) return;
    this.network.useMasks(masks);
    this.state = {
      ...this.state,
      ...this.networkFigures(masked, emptyLayers),
      current: figures,
      ...(asCut && { cut: figures }),
    };
    this.publish();
    if (!figures.exact) this.refineWhenResting(masked, asCut);
  }

  /** The histogram, layers, picture, parameters and collapse forecast of the network as it stands. */
  private networkFigures(masked?: NetworkWeights, emptyLayers: readonly number[] = []): Pick<S.SessionState, 'view' | 'parameters' | 'collapse'> {
    const network = this.network;
    const view = network.view(masked);
    const rule = this.state.rule;
    const collapse = network.collapseWarnings(network.preparedFor(rule.method), rule, emptyLayers);
    return { view, parameters: countParameters(view.picture!.masked), collapse };
  }

  /**
   * Once the cut has rested REFINE_DELAY_MS with nothing else queued, replaces its quick figures by
   * exact ones, counted a chunk at a time and dropped as soon as another cut, a run or a Reset comes.
   */
  private refineWhenResting(masked: NetworkWeights, asCut: boolean): void {
    this.cancelRefine();
    const controller = new AbortController();
    this.refine = controller;
    const { signal } = controller;
    const timer = setTimeout(() => {
      void this.enqueue(async () => {
        if (signal.aborted) return stopped('A newer cut came first.');
        const figures = await this.figures.exact(masked, this.network.spec, () => signal.aborted);
        if (!figures || signal.aborted) return stopped('A newer cut came first.');
        this.state = { ...this.state, current: figures, ...(asCut && { cut: figures }) };
        this.publish();
        return DONE;
      });
    }, REFINE_DELAY_MS);
    signal.addEventListener('abort', () => clearTimeout(timer));
  }

  /** Drops a pending or running exact count: the cut it was for is no longer the model. */
  private cancelRefine(): void {
    this.refine?.abort();
    this.refine = null;
  }

  /** The Results rows and round after iterative or scheduled pruning; the rule on screen starts again from nothing beyond it. */
  private finishRounds(pruned: StageFigures | null, fineTuned: StageFigures): void {
    this.state = S.roundFinished(this.state, pruned, fineTuned);
    this.state = { ...this.state, rule: S.unpruned(this.state.rule) };
    this.state = { ...this.state, ...this.networkFigures() };
  }

  /** Iterative pruning and schedules start from the trained baseline, so runs compare. */
  private backToBaseline(): void {
    this.network.restoreBaseline();
    this.state = S.backOnBaseline(this.state);
  }

  /** " · estimate on 500 + 500 rows" for a curve counted on the sample; "" when figures are exact. */
  private estimateLabel(): string {
    const sample = this.data.sample;
    return sample ? ` · estimate on ${sample.rows} + ${sample.rows} rows` : '';
  }

  /** What an experiment's figures were counted on, when not on every row. */
  private estimateNote(): string | null {
    const sample = this.data.sample;
    return sample ? `Estimated on the first ${sample.rows} training and ${sample.rows} test rows, to keep the page responsive.` : null;
  }

  private async evaluateCurrent(): Promise<void> {
    const figures = await this.figuresOfParams();
    const weights = await readWeights(this.network.params);
    if (this.disposed) return;
    this.state = { ...this.state, current: figures, view: { ...this.state.view, histogram: null }, parameters: countParameters(weights) };
    this.publish();
  }

  /** Figures of the variables as they are. */
  private figuresOfParams(precision: Precision = 'quick'): Promise<StageFigures> {
    return this.figures.ofParams(this.network.params, this.network.spec, precision);
  }
}

/** A run's name in a refusal: "Wait until training has finished". */
const RUN_NAMES: Record<RunKind, string> = {
  train: 'training',
  'fine-tune': 'fine-tuning',
  iterative: 'iterative pruning',
  schedule: 'the schedule',
  rewind: 'the lottery-ticket run',
  sweep: 'the sweep',
  scan: 'the layer scan',
  compact: 'compaction',
};
