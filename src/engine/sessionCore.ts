import { pruneMasks } from '../core/pruning/prune';
import { isSoftwareWebgl, sparseCountRatio } from './backend';
import { validateRule } from '../core/pruning/rule';
import {
  countParameters,
  kernelShapes,
  shapeName,
  specFor,
  type NetworkSpec,
  type NetworkWeights,
} from '../core/network/spec';
import { disposeData, uploadData, type DataTensors } from '../model/data';
import { readWeights, writeWeights } from '../model/mlp';
import { tensorCount } from '../model/train';
import type { RunEnding } from './describe';
import type { ExperimentHost } from './runs/measurements';
import { FigureCounter, RestingCount, type Precision } from './figures';
import { Discarded, JobQueue, type Job } from './jobs';
import { maskWeights, NetworkState } from './network';
import { compress, compressionReport } from './runs/compression';
import { DONE, refused, stopped, type CommandResult } from './outcome';
import type { RunContext, RunReport } from './runs/training';
import type { SessionOptions } from './setup';
import type { RunKind, SessionSnapshot, StageFigures } from './snapshot';
import * as S from './state';
import { SnapshotStore } from './store';
import { checkpointState, type SessionCheckpoint } from './recovery/checkpoint';
import { stepsPerEpoch } from './runs/loop';

/** How many points a default-length training run adds to the timeline, roughly. */
const POINTS_PER_DEFAULT_RUN = 60;
/**
 * How long the rule must rest, after its quick figures, before they are replaced by exact ones.
 * Arrow keys at 4 a second come 250 ms apart, and the quick figures take a few tens of ms first, so
 * the exact count never starts between two such steps (it would hold the next one up by a chunk).
 */
const REFINE_DELAY_MS = 250;

/**
 * The machinery under PruningSession (./session), which adds the commands. It owns the data tensors,
 * the NetworkState (which owns the variables and mask tensors), the FigureCounter and the one
 * SessionState; the page sees `toSnapshot(state)` through the SnapshotStore. All tensor work runs in
 * one JobQueue, so a slider step never interleaves with a training step.
 */
export class SessionCore {
  readonly batchSize: number;
  /** Optimizer steps in one epoch. */
  readonly stepsPerEpoch: number;
  protected readonly data: DataTensors;
  protected readonly figures: FigureCounter;
  protected readonly network: NetworkState;
  protected readonly store: SnapshotStore;
  protected readonly seed: number;
  protected readonly pointsPerEpoch: number;
  protected state: S.SessionState;

  protected readonly jobs: JobQueue;
  /** Thrown away by `abandon`: its queue may never drain, and nobody waits for it. */
  private abandoned = false;
  /** The exact count of the latest cut, waiting for the rule to rest or running; cancelled by any change. */
  protected readonly exactCount: RestingCount;
  /**
   * The exact count of a stopped run's closing figures: of the unmasked weights, so a cut does not
   * drop it (the Before pruning row would stay an estimate), only a run, Reset or a restore.
   */
  protected readonly stoppedCount: RestingCount;

  constructor(options: SessionOptions) {
    const dataset = options.data;
    const problem = validateRule(options.rule);
    if (problem) throw new Error(problem);
    this.batchSize = options.batchSize;
    this.seed = options.seed;
    this.stepsPerEpoch = stepsPerEpoch(dataset.train.rows, this.batchSize);
    this.pointsPerEpoch = Math.max(1, Math.round(POINTS_PER_DEFAULT_RUN / options.defaultEpochs));
    const spec = specFor(options.model, dataset);
    if (options.baseline) checkShapes(spec, options.baseline);
    this.data = uploadData(dataset, spec.outputs, options.estimateRows ?? null);
    const onCpu = options.countOnCpu ?? isSoftwareWebgl();
    this.figures = new FigureCounter(dataset, this.data, onCpu, options.sparseCountRatio ?? sparseCountRatio());
    this.exactCount = new RestingCount(this.figures, REFINE_DELAY_MS);
    this.stoppedCount = new RestingCount(this.figures, REFINE_DELAY_MS);
    const sample = this.data.sample;
    const estimate = sample ? { rows: sample.rows, trainRows: dataset.train.rows, testRows: dataset.test.rows } : null;
    this.network = new NetworkState(spec, options.seed);
    const figuresOnCpu = this.figures.countsOnCpu(spec);
    this.state = { ...S.initialState(options.rule, this.network.layerCounts(), estimate), figuresOnCpu };
    this.store = new SnapshotStore(this.state, tensorCount);
    this.jobs = new JobQueue((message) => {
      this.state = S.runEnded(this.state, { kind: 'error', message: `Something went wrong: ${message}` }, null);
      this.publish();
    });
    const opened = options.baseline ?? null;
    const calibrate = options.sparseCountRatio === undefined;
    void this.jobs.enqueue(async () => {
      if (calibrate) await this.figures.calibrate(spec);
      if (opened) await this.openBaseline(opened);
      else await this.evaluateCurrent();
      return DONE;
    });
  }

  /** The network's shape as it stands (smaller after Compact). */
  get spec(): NetworkSpec {
    return this.network.spec;
  }

  // ---- subscription (for React's useSyncExternalStore) ----

  readonly subscribe = (listener: () => void): (() => void) => this.store.subscribe(listener);

  readonly getSnapshot = (): SessionSnapshot => this.store.snapshot;

  /** Resolves once every queued piece of work has finished. */
  idle(): Promise<void> {
    return this.abandoned ? Promise.resolve() : this.jobs.idle();
  }

  dispose(): void {
    if (this.jobs.isClosed) return;
    this.cancelRefine();
    this.store.close();
    this.jobs.close(() => {
      disposeData(this.data);
      this.network.dispose();
    });
  }

  /** The session as plain data as it stands (see SessionCheckpoint): arrays shared, nothing copied. */
  checkpointNow(): SessionCheckpoint {
    return {
      baselineSpec: this.network.baselineSpec,
      seed: this.seed,
      network: this.network.arrays(),
      state: checkpointState(this.state),
    };
  }

  /**
   * Throws the session away at once, without waiting for its queue, and frees its tensors now: after
   * a lost graphics context its reads never return. A run in flight is discarded; later commands are
   * refused.
   */
  abandon(): void {
    if (this.jobs.isClosed) return;
    this.abandoned = true;
    this.cancelRefine();
    this.store.close();
    this.jobs.close(() => {});
    try {
      disposeData(this.data);
      this.network.dispose();
    } catch {
      // Tensors of a lost context may not free cleanly; the backend that held them is rebuilt anyway.
    }
  }

  /**
   * The weights the model computes with right now (the source with the current mask applied, or
   * the variables before any training), read after all queued work.
   */
  currentWeights(): Promise<NetworkWeights> {
    return this.jobs.read(() => this.network.currentWeights());
  }

  // ---- jobs ----

  /** Starts run `kind` (or refuses it: busy, untrained, closed); `work` returns how it ended. */
  protected startRun(
    kind: RunKind,
    needsBaseline: boolean,
    work: (ctx: RunContext) => Promise<RunEnding>,
  ): Promise<CommandResult> {
    const problem = this.jobs.busyReason() ?? (needsBaseline ? this.untrainedReason() : null);
    if (problem) return Promise.resolve(refused(problem));
    // A run changes the network: an exact count of the cut before it would describe weights that are gone.
    this.cancelRefine();
    this.state = S.runStarted(this.state, kind);
    this.publish();
    const finish = ({ ending, note }: RunEnding) => {
      this.state = S.runEnded(this.state, ending, note);
      this.publish();
    };
    return this.jobs.start(kind, (job) => work(this.context(job)), finish);
  }

  /** What a run of `job` works on; its reports are folded into the state and published. */
  protected context(job: Job): RunContext {
    const { signal } = job;
    const discarded = () => this.jobs.isDiscarded(job);
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
  protected fold(job: Job, report: RunReport): void {
    [this.state, job.curveId] = S.withReport(this.state, report, job.curveId);
    if (Object.keys(report).every((key) => key === 'progress')) this.store.publishThrottled(this.state);
    else this.publish();
  }

  protected experimentHost(signal: AbortSignal): ExperimentHost {
    return { evaluate: (weights, spec) => this.figures.ofWeights(weights, spec), signal };
  }

  protected untrainedReason(): string | null {
    return this.state.trained ? null : 'Train the network first: there is no baseline to prune yet.';
  }

  protected publish(): void {
    this.store.publish(this.state);
  }

  // ---- network state ----

  /**
   * Prunes the source by the state's rule, quantizes the masked copy when a quantization is in force
   * (the float source is kept, so None gives it back exactly), evaluates what the model computes
   * with, and records it (as this round's cut when `asCut`: the cut's figures are the float32 pruned
   * network's). The Compression table's report follows.
   */
  protected async applyRule(asCut: boolean): Promise<void> {
    const source = this.network.source;
    if (!source) return;
    const rule = this.state.rule;
    const quantization = this.state.quantization;
    const prepared = this.network.preparedFor(rule.method);
    const { masks, emptyLayers } = pruneMasks(prepared, rule);
    const masked = maskWeights(source, masks);
    const compressed = compress(masked, masks, this.network.spec, quantization);
    const pruned = await this.figures.ofWeights(masked, this.network.spec);
    const quantized = quantization ? await this.figures.ofWeights(compressed.evaluated, this.network.spec) : null;
    if (this.jobs.isClosed) return;
    this.network.useMasks(masks);
    const current = quantized ?? pruned;
    this.state = {
      ...this.state,
      ...this.network.figuresUnder(rule, masked, emptyLayers),
      current,
      ...(asCut && { cut: pruned }),
      compression: compressionReport(compressed, quantization, pruned, quantized),
    };
    this.publish();
    if (!current.exact) this.refineWhenResting(compressed.evaluated, asCut && !quantized, quantized !== null);
  }

  /**
   * Once the cut has rested REFINE_DELAY_MS with nothing else queued, replaces its quick figures by
   * exact ones, counted a chunk at a time and dropped as soon as another cut, a run or a Reset comes.
   * `quantized`: the weights are the quantized network's, whose figures are the Compression table's too.
   */
  protected refineWhenResting(weights: NetworkWeights, asCut: boolean, quantized = false): void {
    this.exactCount.schedule(weights, this.network.spec, (count) => {
      void this.jobs.enqueue(async () => {
        const figures = await count();
        if (!figures) return stopped('A newer cut came first.');
        const compression = this.state.compression;
        this.state = {
          ...this.state,
          current: figures,
          ...(asCut && { cut: figures }),
          ...(compression && { compression: { ...compression, [quantized ? 'quantized' : 'pruned']: figures } }),
        };
        this.publish();
        return DONE;
      });
    });
  }

  /**
   * After a run retrained the network: the Compression table follows it. With a quantization in
   * force the retrained network is quantized again and evaluated (`applyRule`); without one the
   * report's pruned row is the run's closing `figures`.
   */
  protected async refreshCompression(figures: StageFigures): Promise<void> {
    if (this.state.quantization) return this.applyRule(false);
    const source = this.network.source;
    if (!source) return;
    const masks = this.network.masks;
    const compressed = compress(maskWeights(source, masks), masks, this.network.spec, null);
    this.state = { ...this.state, compression: compressionReport(compressed, null, figures, null) };
  }

  /** Drops every pending or running exact count: the network it was for is no longer the model. */
  protected cancelRefine(): void {
    this.exactCount.cancel();
    this.stoppedCount.cancel();
  }

  /** Drops the exact count of the last cut (a new cut is coming); a stopped run's count goes on. */
  protected cancelCutRefine(): void {
    this.exactCount.cancel();
  }

  /** The Results rows and round after iterative or scheduled pruning; the rule on screen starts again from nothing beyond it. */
  protected finishRounds(pruned: StageFigures | null, fineTuned: StageFigures): void {
    const state = S.roundFinished(this.state, pruned, fineTuned);
    const rule = S.unpruned(state.rule);
    this.state = { ...state, rule, ...this.network.figuresUnder(rule) };
  }

  /** Iterative pruning and schedules start from the trained baseline, so runs compare. */
  protected backToBaseline(): void {
    this.network.restoreBaseline();
    this.state = S.backOnBaseline(this.state);
  }

  /** The rows of each split quick figures count, when they do not count every row. */
  protected sampleRows(): number | null {
    return this.data.sample?.rows ?? null;
  }

  protected async evaluateCurrent(): Promise<void> {
    const figures = await this.figuresOfParams();
    const weights = await readWeights(this.network.params);
    if (this.jobs.isClosed) return;
    this.state = {
      ...this.state,
      current: figures,
      view: { ...this.state.view, histogram: null },
      parameters: countParameters(weights),
    };
    this.publish();
  }

  /**
   * Makes `weights` (an opened model) the trained baseline, counted on every row, with its zeros kept
   * pruned; θ₀ for rewinding is the seeded initialisation it replaced.
   */
  protected async openBaseline(weights: NetworkWeights): Promise<void> {
    await this.network.rememberInitial();
    writeWeights(this.network.params, weights);
    const adopted = await this.network.adoptTrained();
    this.network.keepMasks(adopted.kernels.map((k) => Uint8Array.from(k, (w) => (w === 0 ? 0 : 1))));
    const figures = await this.figuresOfParams('exact');
    if (this.jobs.isClosed) return;
    this.state = S.withPoint(S.trained(this.state, figures), 'Train', 'opened model', figures);
    this.state = { ...this.state, ...this.network.figuresUnder(this.state.rule) };
    this.publish();
  }

  /** Figures of the variables as they are. */
  protected figuresOfParams(precision: Precision = 'quick'): Promise<StageFigures> {
    return this.figures.ofParams(this.network.params, this.network.spec, precision);
  }
}

/** Throws, saying what was expected, when `weights` are not shaped by `spec` (an opened model against the data). */
function checkShapes(spec: NetworkSpec, weights: NetworkWeights): void {
  const shapes = kernelShapes(spec);
  const fits =
    weights.kernels.length === shapes.length &&
    shapes.every(
      ([fanIn, fanOut], i) => weights.kernels[i].length === fanIn * fanOut && weights.biases[i]?.length === fanOut,
    );
  if (!fits) throw new Error(`Expected weights of a ${shapeName(spec)} network, but these do not fit it.`);
}
