import * as tf from '../model/tf';
import { countZeros, sparsityOf, sumCounts } from '../core/mask';
import { binaryMetrics } from '../core/metrics';
import { METHODS, pruneMasks, SCOPES, type PruneRule } from '../core/prune';
import { validateSchedule } from '../core/schedule';
import { countParameters, type MlpSpec, type NetworkWeights } from '../core/spec';
import { DATASETS, type DatasetId } from '../data/datasets';
import { disposeData, uploadData, type DataTensors } from '../model/data';
import { logitsAndKernels, logitsOf } from '../model/evaluate';
import { readWeights } from '../model/mlp';
import { compact, scanLayers, sweepOneShot, type ExperimentHost } from './experiments';
import { maskWeights, NetworkState } from './network';
import {
  fineTune,
  pruneIteratively,
  pruneOnSchedule,
  rewindTicket,
  trainBaseline,
  type IterativeOptions,
  type RunHost,
  type RunOptions,
  type ScheduleOptions,
} from './runs';
import { RUN_STATUS, type RunKind, type SessionSnapshot, type StageFigures } from './snapshot';
import { describeRule, initialSnapshot, SnapshotStore, unpruned } from './store';
import { stepsPerEpoch } from './trainer';

export * from './snapshot';
export { SCAN_FRACTIONS, SWEEP_FRACTIONS } from './experiments';
export type { IterativeOptions, RunOptions, ScheduleOptions } from './runs';
export { describeRule } from './store';

export interface SessionOptions {
  dataset: DatasetId;
  /** Seeds the data, the initial weights, the shuffles and the random control. */
  seed: number;
  threshold: number;
}

/** How many points a default-length training run adds to the timeline, roughly. */
const POINTS_PER_DEFAULT_RUN = 60;

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
  /** Labels of the training rows then the test rows, as `data.x` holds them. */
  private readonly labels: Float32Array;
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

  constructor(options: SessionOptions) {
    const entry = DATASETS[options.dataset];
    const dataset = entry.generate(options.seed);
    this.batchSize = entry.defaults.batchSize;
    this.stepsPerEpoch = stepsPerEpoch(dataset.train.rows, this.batchSize);
    this.data = uploadData(dataset);
    this.labels = new Float32Array(dataset.train.rows + dataset.test.rows);
    this.labels.set(dataset.train.y);
    this.labels.set(dataset.test.y, dataset.train.rows);
    const spec: MlpSpec = { inputs: dataset.features, hidden: entry.defaults.hidden, activation: entry.defaults.activation };
    this.network = new NetworkState(spec, options.seed);
    this.store = new SnapshotStore(initialSnapshot(options.threshold, this.network.layerCounts(), tf.memory().numTensors), () => tf.memory().numTensors);
    this.host = {
      network: this.network,
      store: this.store,
      data: this.data,
      seed: options.seed,
      batchSize: this.batchSize,
      pointsPerEpoch: Math.max(1, Math.round(POINTS_PER_DEFAULT_RUN / entry.defaults.epochs)),
      stepsPerEpoch: this.stepsPerEpoch,
      stopRequested: () => this.stopRequested,
      disposed: () => this.disposed,
      figuresOfParams: () => this.figuresOfParams(),
      evaluate: (weights) => this.evaluate(weights),
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
    this.store.update({ running: kind, status: RUN_STATUS[kind], isError: false, note: null, progress: 0 });
    const generation = this.generation;
    this.enqueue(() => (generation === this.generation ? job() : undefined));
  }

  private async runSweep(): Promise<void> {
    const rule = this.store.snapshot.rule;
    const half = rule.outputRate < 1 && rule.method !== 'structured' ? ' · output at half' : '';
    const curve = this.store.newCurve('one-shot', `One-shot · ${SCOPES[rule.scope]} · ${METHODS[rule.method]}${half}`);
    const note = await sweepOneShot(this.experimentHost(), this.network.baselineNetwork(), rule, (point, progress) => {
      curve.points.push(point);
      this.store.update({ curves: this.store.withCurve(curve), progress });
    });
    this.finishExperiment(note);
  }

  private async runScan(): Promise<void> {
    const note = await scanLayers(this.experimentHost(), this.network.baselineNetwork(), this.store.snapshot.rule, (sensitivity, progress) =>
      this.store.update({ sensitivity, progress }),
    );
    this.finishExperiment(note);
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
    this.store.update({
      current: figures,
      results: this.store.resultsWith(figures),
      histogram: this.network.histogram(),
      layers: this.network.layerCounts(masked.kernels),
      parameters: countParameters(masked),
      collapse,
    });
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

  /** Figures of a network given as arrays (masked or compacted), on `spec`'s shape. */
  private async evaluate(weights: NetworkWeights, spec: MlpSpec = this.network.spec): Promise<StageFigures> {
    const logits = await logitsOf(spec, weights, this.data);
    const sparsity = sparsityOf(sumCounts(weights.kernels.map(countZeros)));
    return { ...binaryMetrics(logits, this.labels, this.data.trainRows), sparsity };
  }

  /** Figures of the variables as they are, sparsity counted from their values. */
  private async figuresOfParams(): Promise<StageFigures> {
    const { logits, kernels } = await logitsAndKernels(this.network.spec, this.network.params, this.data);
    const sparsity = sparsityOf(sumCounts(kernels.map(countZeros)));
    return { ...binaryMetrics(logits, this.labels, this.data.trainRows), sparsity };
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
