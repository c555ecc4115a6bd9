import * as tf from '../model/tf';
import { METHODS, pruneMasks, SCOPES, type PruneRule } from '../core/prune';
import { validateSchedule } from '../core/schedule';
import { countParameters, outputUnits, type Activation, type MlpSpec, type NetworkWeights } from '../core/spec';
import type { Dataset } from '../data/types';
import { disposeData, uploadData, type DataTensors } from '../model/data';
import { readWeights } from '../model/mlp';
import { compact, scanLayers, sweepOneShot, type ExperimentHost } from './experiments';
import { FigureCounter } from './figures';
import { maskWeights, NetworkState } from './network';
import {
  fineTune,
  pruneIteratively,
  pruneOnSchedule,
  rewindTicket,
  trainBaseline,
  type IterativeOptions,
  type Precision,
  type RunHost,
  type RunOptions,
  type ScheduleOptions,
} from './runs';
import { RUN_STATUS, type RunKind, type SessionSnapshot, type StageFigures } from './snapshot';
import { describeRule, initialSnapshot, SnapshotStore, unpruned } from './store';
import { stepsPerEpoch } from './trainer';

export * from './snapshot';
export { SCAN_FRACTIONS, SWEEP_FRACTIONS } from './experiments';
export type { IterativeOptions, Precision, RunOptions, ScheduleOptions } from './runs';
export { describeRule } from './store';

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
  /** Seeds the initial weights, the shuffles and the random control. */
  seed: number;
  threshold: number;
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

/**
 * A training and pruning session on one data set, on the active backend. It owns the data tensors
 * and its NetworkState (which owns the variables); runs own their optimizer and mask tensors. All
 * are freed by `dispose()` or by the run that made them. All tensor work runs in one queue, so a
 * slider step never interleaves with a training step. React sees only snapshots (SnapshotStore).
 */
export class PruningSession {
  readonly batchSize: number;
  /** Optimizer steps in one epoch. */
  readonly stepsPerEpoch: number;
  private readonly data: DataTensors;
  private readonly figures: FigureCounter;
  private readonly network: NetworkState;
  private readonly store: SnapshotStore;
  /** What the training runs (./runs) see of this session. */
  private readonly host: RunHost;

  private queue: Promise<void> = Promise.resolve();
  private stopRequested = false;
  private disposed = false;
  private pendingRule: PruneRule | null = null;
  /** Bumped by reset(): runs queued before it are dropped instead of run. */
  private generation = 0;
  /** Bumped by every cut: a pending exact evaluation of an older cut is dropped. */
  private cutVersion = 0;
  private refineTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(options: SessionOptions) {
    const dataset = options.data;
    this.batchSize = options.batchSize;
    this.stepsPerEpoch = stepsPerEpoch(dataset.train.rows, this.batchSize);
    const spec: MlpSpec = { inputs: dataset.features, hidden: options.model.hidden, activation: options.model.activation, outputs: outputUnits(dataset.classes) };
    this.data = uploadData(dataset, spec.outputs, options.estimateRows ?? null);
    this.figures = new FigureCounter(dataset, this.data);
    const sample = this.data.sample;
    const estimate = sample ? { rows: sample.rows, trainRows: dataset.train.rows, testRows: dataset.test.rows } : null;
    this.network = new NetworkState(spec, options.seed);
    this.store = new SnapshotStore(initialSnapshot(options.threshold, this.network.layerCounts(), tf.memory().numTensors, estimate), () => tf.memory().numTensors);
    this.host = {
      network: this.network,
      store: this.store,
      data: this.data,
      seed: options.seed,
      batchSize: this.batchSize,
      pointsPerEpoch: Math.max(1, Math.round(POINTS_PER_DEFAULT_RUN / options.defaultEpochs)),
      stepsPerEpoch: this.stepsPerEpoch,
      stopRequested: () => this.stopRequested,
      disposed: () => this.disposed,
      figuresOfParams: (precision) => this.figuresOfParams(precision),
      evaluate: (weights, precision) => this.evaluate(weights, this.network.spec, precision),
      reinitialise: () => this.reinitialise(),
      backToBaseline: () => this.backToBaseline(),
      finishExperiment: (note) => this.finishExperiment(note),
    };
    this.enqueue(() => this.evaluateCurrent());
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
    return this.queue;
  }

  // ---- commands ----

  /** Trains the baseline from a fresh seeded initialisation. Ignored while a run is under way. */
  train(options: RunOptions): void {
    this.startRun('train', () => trainBaseline(this.host, options), false);
  }

  /** Retrains the pruned network with its mask re-applied after every step. Needs a baseline. */
  fineTune(options: RunOptions): void {
    this.startRun('fine-tune', () => fineTune(this.host, options));
  }

  /**
   * From the trained baseline: `rounds` times, prune `fractionPerRound` of the surviving weights
   * (by the current scope and method) and fine-tune. Ends with the last round's network.
   */
  iterate(options: IterativeOptions): void {
    this.startRun('iterative', () => pruneIteratively(this.host, options));
  }

  /** From the trained baseline: fine-tune while the mask follows Zhu & Gupta's schedule. */
  runSchedule(options: ScheduleOptions): void {
    const problem = validateSchedule(options.schedule);
    if (problem) throw new Error(problem);
    this.startRun('schedule', () => pruneOnSchedule(this.host, options));
  }

  /** The lottery ticket: retrains the current mask from θ₀ and from a random draw; the model stays as it is. */
  rewind(options: RunOptions): void {
    if (!this.store.snapshot.canRewind) return;
    this.startRun('rewind', () => rewindTicket(this.host, options));
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
    this.enqueue(() => this.store.update({ curves: [] }));
  }

  /** Asks the current run to stop after its current step. */
  stop(): void {
    if (this.store.snapshot.running) this.stopRequested = true;
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
    this.pendingRule = { ...(this.pendingRule ?? this.store.snapshot.rule), ...patch };
    if (queued) return;
    this.enqueue(async () => {
      const rule = this.pendingRule;
      this.pendingRule = null;
      if (!rule) return;
      this.store.set({ rule });
      if (this.store.snapshot.trained) await this.applyRule();
      else this.store.update({});
    });
  }

  /** Records the current pruned state on the timeline (call when a slider drag ends). */
  commitThreshold(): void {
    this.enqueue(async () => {
      const snapshot = this.store.snapshot;
      if (!snapshot.trained || snapshot.running) return;
      this.store.addPoint('Prune', describeRule(snapshot.rule), snapshot.current);
      this.store.update({});
    });
  }

  /** Goes back to the trained baseline: fine-tuned weights, earlier rounds and compaction undone. */
  restoreBaseline(): void {
    if (this.store.snapshot.running || !this.network.baseline) return;
    this.enqueue(async () => {
      if (!this.network.baseline) return;
      this.backToBaseline();
      await this.applyRule();
      this.store.addPoint('Prune', 'back to the baseline', this.store.snapshot.current);
      this.store.update({ note: 'Back to the trained baseline: fine-tuning, earlier rounds and compaction undone.' });
    });
  }

  /** Back to an untrained model with the same seed: results and timeline cleared. */
  reset(): void {
    this.stop();
    this.generation++;
    this.cancelRefine();
    this.enqueue(async () => {
      this.reinitialise();
      this.store.update({ status: 'Ready', isError: false, note: null, progress: 0, running: null });
      await this.evaluateCurrent();
    });
  }

  /** Stops any run and frees every tensor once the queue is done. Safe to call twice. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.stopRequested = true;
    this.cancelRefine();
    this.store.close();
    this.enqueue(async () => {
      disposeData(this.data);
      this.network.dispose();
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
          resolve(await this.network.currentWeights());
        } catch (error) {
          reject(error);
        }
      }, true);
    });
  }

  // ---- runs (the training runs are in ./runs, the measurements in ./experiments) ----

  private startRun(kind: RunKind, job: () => Promise<void>, needsBaseline = true): void {
    if (this.store.snapshot.running || this.disposed || (needsBaseline && !this.store.snapshot.trained)) return;
    this.stopRequested = false;
    // A run changes the network: an exact count of the cut before it would describe weights that are gone.
    this.cancelRefine();
    this.store.update({ running: kind, status: RUN_STATUS[kind], isError: false, note: null, progress: 0 });
    const generation = this.generation;
    this.enqueue(() => (generation === this.generation ? job() : undefined));
  }

  private async runSweep(): Promise<void> {
    const rule = this.store.snapshot.rule;
    const half = rule.outputRate < 1 && rule.method !== 'structured' ? ' · output at half' : '';
    const curve = this.store.newCurve('one-shot', `One-shot · ${SCOPES[rule.scope]} · ${METHODS[rule.method]}${half}${this.estimateLabel()}`);
    const note = await sweepOneShot(this.experimentHost(), this.network.baselineNetwork(), rule, (point, progress) => {
      curve.points.push(point);
      this.store.update({ curves: this.store.withCurve(curve), progress });
    });
    this.finishExperiment(note ?? this.estimateNote());
  }

  private async runScan(): Promise<void> {
    const note = await scanLayers(this.experimentHost(), this.network.baselineNetwork(), this.store.snapshot.rule, (sensitivity, progress) =>
      this.store.update({ sensitivity, progress }),
    );
    this.finishExperiment(note ?? this.estimateNote());
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

  private async runCompact(): Promise<void> {
    const network = this.network;
    const result = await compact(network.spec, maskWeights(network.source!, network.masks), this.data);
    if (result.kind === 'refused') return this.finishExperiment(result.note);
    if (this.disposed) return;
    network.setNetwork(result.spec, result.weights);
    // The compacted network is the model now; the rule starts again from nothing pruned on it.
    this.store.set({ compaction: result.report, canRewind: false, rule: unpruned(this.store.snapshot.rule) });
    // The Results rows stay those of the cut: compaction changes the shape, not the function, and
    // the smaller network's own zero count would read as a different sparsity.
    const results = this.store.snapshot.results;
    await this.applyRule();
    this.store.set({ results });
    this.store.addPoint('Prune', 'compacted', this.store.snapshot.current);
    this.finishExperiment(null);
  }

  private experimentHost(): ExperimentHost {
    return { evaluate: (weights, spec) => this.evaluate(weights, spec), stopRequested: () => this.stopRequested };
  }

  private finishExperiment(note: string | null): void {
    const stopped = this.stopRequested && note !== null && note.startsWith('Stopped');
    this.store.update({ status: stopped ? 'Stopped' : 'Ready', running: null, progress: stopped ? this.store.snapshot.progress : 1, note });
  }

  // ---- network state ----

  /** Prunes the source weights by the snapshot's rule and evaluates the masked copy. */
  private async applyRule(): Promise<void> {
    const source = this.network.source;
    if (!source) return;
    const rule = this.store.snapshot.rule;
    const prepared = this.network.preparedFor(rule.method);
    const { masks, emptyLayers } = pruneMasks(prepared, rule);
    const masked = maskWeights(source, masks);
    const figures = await this.evaluate(masked);
    if (this.disposed) return;
    this.network.useMasks(masks);
    const collapse = this.network.collapseWarnings(prepared, rule, emptyLayers);
    const version = ++this.cutVersion;
    this.store.update({
      current: figures,
      results: this.store.resultsWith(figures),
      histogram: this.network.histogram(),
      layers: this.network.layerCounts(masked.kernels),
      parameters: countParameters(masked),
      picture: this.network.picture(masked),
      collapse,
    });
    if (!figures.exact) this.refineWhenResting(version, masked);
  }

  /**
   * Once the cut `version` has rested REFINE_DELAY_MS with nothing else queued, replaces its quick
   * figures by exact ones, counted a chunk at a time and dropped as soon as another cut or a run comes.
   */
  private refineWhenResting(version: number, masked: NetworkWeights): void {
    if (this.refineTimer) clearTimeout(this.refineTimer);
    const generation = this.generation;
    this.refineTimer = setTimeout(() => {
      this.refineTimer = null;
      this.enqueue(async () => {
        const stale = () =>
          this.disposed || version !== this.cutVersion || generation !== this.generation || this.pendingRule !== null || this.store.snapshot.running !== null;
        if (stale()) return;
        const figures = await this.figures.exact(masked, this.network.spec, stale);
        if (!figures || stale()) return;
        this.store.update({ current: figures, results: this.store.resultsWith(figures) });
      });
    }, REFINE_DELAY_MS);
  }

  private reinitialise(): void {
    this.network.reinitialise();
    this.store.resetToUntrained(this.network.layerCounts());
  }

  /** Iterative pruning and schedules start from the trained baseline, so runs compare. */
  private backToBaseline(): void {
    this.network.restoreBaseline();
    this.store.backToRoundOne(this.network.initial !== null);
  }

  // ---- figures ----

  private async evaluateCurrent(): Promise<void> {
    const figures = await this.figuresOfParams();
    const weights = await readWeights(this.network.params);
    if (!this.disposed) this.store.update({ current: figures, histogram: null, parameters: countParameters(weights) });
  }

  /** Drops a pending or running exact count: the cut it was for is no longer the model. */
  private cancelRefine(): void {
    if (this.refineTimer) clearTimeout(this.refineTimer);
    this.refineTimer = null;
    this.cutVersion++;
  }

  /** Figures of a network given as arrays (masked or compacted), on `spec`'s shape. */
  private evaluate(weights: NetworkWeights, spec: MlpSpec = this.network.spec, precision: Precision = 'quick'): Promise<StageFigures> {
    return this.figures.ofWeights(weights, spec, precision);
  }

  /** Figures of the variables as they are. */
  private figuresOfParams(precision: Precision = 'quick'): Promise<StageFigures> {
    return this.figures.ofParams(this.network.params, this.network.spec, precision);
  }

  private enqueue(job: () => Promise<void> | void, evenIfDisposed = false): void {
    this.queue = this.queue.then(async () => {
      if (this.disposed && !evenIfDisposed) return;
      try {
        await job();
      } catch (error) {
        if (this.disposed) return;
        const message = error instanceof Error ? error.message : String(error);
        this.store.update({ status: `Something went wrong: ${message}`, isError: true, running: null });
      }
    });
  }
}
