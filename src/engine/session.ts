import * as tf from '../model/tf';
import { applyMask, countZeros, fullMask, magnitudeMask, sparsityOf, sumCounts, type Mask } from '../core/mask';
import { weightHistogram, type WeightHistogram } from '../core/histogram';
import { createRng, permutation } from '../core/rng';
import { layerNames, type MlpSpec, type NetworkWeights } from '../core/spec';
import type { Phase, TimelinePoint } from '../core/timeline';
import { DATASETS, type DatasetId } from '../data/datasets';
import { disposeData, uploadData, type DataTensors } from '../model/data';
import { binaryMetrics, type Metrics } from '../core/metrics';
import { logitsAndKernels, logitsWithKernels } from '../model/evaluate';
import { createParams, disposeParams, readWeights, writeWeights, type MlpParams } from '../model/mlp';
import { createOptimizer, shuffleRows, trainStep, uploadMasks } from '../model/train';

/** The rows of the Results table, in order. */
export const STAGES = ['Before pruning', 'After pruning', 'After fine-tuning'] as const;
export type Stage = (typeof STAGES)[number];

/** One row of figures: loss and accuracy on both splits, and sparsity, as plain numbers. */
export interface StageFigures extends Metrics {
  /** Fraction in [0, 1] of prunable weights that are exactly zero. */
  sparsity: number;
}

export interface LayerSparsity {
  name: string;
  zeros: number;
  total: number;
}

export type RunKind = 'train' | 'fine-tune';

/** Everything the page shows, as plain data. A new object each time anything changes. */
export interface SessionSnapshot {
  /** The Status readout: "Ready", "Training…", "Fine-tuning…", "Stopped", or an error sentence. */
  status: string;
  isError: boolean;
  /** More about the last run, e.g. "Stopped after 3 of 10 epochs." */
  note: string | null;
  running: RunKind | null;
  /** Share of the current (or last) run done, in [0, 1]. */
  progress: number;
  /** Whether a baseline exists to prune. */
  trained: boolean;
  /** 1 while pruning the baseline; +1 after each fine-tuning. */
  round: number;
  /** The threshold the current mask was made with. */
  threshold: number;
  /** The model as it stands (what the Accuracy, Loss and Sparsity readouts show). */
  current: StageFigures | null;
  results: Readonly<Record<Stage, StageFigures | null>>;
  timeline: readonly TimelinePoint[];
  histogram: WeightHistogram | null;
  layers: readonly LayerSparsity[];
  /** `tf.memory().numTensors` when the snapshot was made. */
  tensors: number;
}

export interface SessionOptions {
  dataset: DatasetId;
  /** Seeds the data, the initial weights and the shuffles. */
  seed: number;
  threshold: number;
}

export interface RunOptions {
  epochs: number;
  learningRate: number;
}

/** How many points a default-length training run adds to the timeline, roughly. */
const POINTS_PER_DEFAULT_RUN = 60;
/** Least time between two progress-only snapshots, so charts update a few times a second. */
const PUBLISH_INTERVAL_MS = 150;
/** A run whose test loss ends this many times above where it began is reported as diverging. */
const DIVERGENCE_FACTOR = 3;
/** Longest stretch of work between two yields to the page. */
const FRAME_MS = 16;

const EMPTY_RESULTS: Record<Stage, StageFigures | null> = {
  'Before pruning': null,
  'After pruning': null,
  'After fine-tuning': null,
};

/**
 * A training and pruning session on one data set, on the active backend. It owns every tensor it
 * makes (data, variables, optimizer, masks) and frees them in `dispose()`. All tensor work runs in
 * one queue, so a slider step never interleaves with a training step. React sees only snapshots.
 */
export class PruningSession {
  readonly spec: MlpSpec;
  readonly batchSize: number;
  /** Evaluations per epoch, the same in training and fine-tuning so an epoch is as wide in both. */
  private readonly pointsPerEpoch: number;
  private readonly seed: number;
  private readonly data: DataTensors;
  /** Labels of the training rows then the test rows, as `data.y` holds them. */
  private readonly labels: Float32Array;
  private params: MlpParams;

  /** The trained weights, kept so that pruning is never destructive. */
  private baseline: NetworkWeights | null = null;
  /** The weights the slider prunes: the baseline, or the last fine-tuned weights. */
  private source: NetworkWeights | null = null;
  /** Weights pruned in earlier rounds stay pruned: the mask fine-tuning kept. */
  private prior: Mask[];
  private masks: Mask[];

  private snapshot: SessionSnapshot;
  private readonly listeners = new Set<() => void>();
  private queue: Promise<void> = Promise.resolve();
  private stopRequested = false;
  private disposed = false;
  private pendingThreshold: number | null = null;
  /** Bumped by reset(): runs queued before it are dropped instead of run. */
  private generation = 0;
  /** The round's pruned figures when fine-tuning began, and what fine-tuning gave. */
  private roundPruned: StageFigures | null = null;
  private fineTuned: StageFigures | null = null;
  private lastPublish = 0;
  private lastYield = 0;
  /** Test loss when the current run began, to tell a run that made things worse. */
  private runStartLoss = Number.NaN;

  constructor(options: SessionOptions) {
    const entry = DATASETS[options.dataset];
    const dataset = entry.generate(options.seed);
    this.seed = options.seed;
    this.batchSize = entry.defaults.batchSize;
    this.pointsPerEpoch = Math.max(1, Math.round(POINTS_PER_DEFAULT_RUN / entry.defaults.epochs));
    this.spec = { inputs: dataset.features, hidden: entry.defaults.hidden, activation: entry.defaults.activation };
    this.data = uploadData(dataset);
    this.labels = new Float32Array(dataset.train.rows + dataset.test.rows);
    this.labels.set(dataset.train.y);
    this.labels.set(dataset.test.y, dataset.train.rows);
    this.params = createParams(this.spec, this.seed);
    this.prior = this.params.kernels.map((k) => fullMask(k.size));
    this.masks = this.prior;
    this.snapshot = {
      status: 'Ready',
      isError: false,
      note: null,
      running: null,
      progress: 0,
      trained: false,
      round: 1,
      threshold: options.threshold,
      current: null,
      results: EMPTY_RESULTS,
      timeline: [],
      histogram: null,
      layers: this.layerCounts(),
      tensors: tf.memory().numTensors,
    };
    this.enqueue(() => this.evaluateCurrent());
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
    if (this.snapshot.running || this.disposed) return;
    this.stopRequested = false;
    this.update({ running: 'train', status: 'Training…', isError: false, note: null, progress: 0 });
    const generation = this.generation;
    this.enqueue(() => (generation === this.generation ? this.runTraining(options) : undefined));
  }

  /** Retrains the pruned network with its mask re-applied after every step. Needs a baseline. */
  fineTune(options: RunOptions): void {
    if (this.snapshot.running || !this.snapshot.trained || this.disposed) return;
    this.stopRequested = false;
    this.update({ running: 'fine-tune', status: 'Fine-tuning…', isError: false, note: null, progress: 0 });
    const generation = this.generation;
    this.enqueue(() => (generation === this.generation ? this.runFineTuning(options) : undefined));
  }

  /** Asks the current run to stop after its current step. */
  stop(): void {
    if (this.snapshot.running) this.stopRequested = true;
  }

  /**
   * Prunes at `threshold` live: weights with |w| below it (or pruned in earlier rounds) become zero
   * in the evaluated copy. Steps that arrive while one is being evaluated are merged: the newest wins.
   */
  setThreshold(threshold: number): void {
    if (!Number.isFinite(threshold) || threshold < 0) {
      throw new Error(`Expected a threshold >= 0, but got ${threshold}`);
    }
    const queued = this.pendingThreshold !== null;
    this.pendingThreshold = threshold;
    if (queued) return;
    this.enqueue(async () => {
      const t = this.pendingThreshold;
      this.pendingThreshold = null;
      if (t === null) return;
      this.snapshot = { ...this.snapshot, threshold: t };
      if (this.snapshot.trained) await this.applyThreshold();
      else this.update({});
    });
  }

  /** Records the current pruned state on the timeline (call when a slider drag ends). */
  commitThreshold(): void {
    this.enqueue(async () => {
      if (!this.snapshot.trained || this.snapshot.running) return;
      this.addPoint('Prune', `threshold ${this.snapshot.threshold}`, this.snapshot.current);
      this.update({});
    });
  }

  /** Goes back to the trained baseline: fine-tuned weights and earlier rounds' masks are dropped. */
  restoreBaseline(): void {
    if (this.snapshot.running || !this.baseline) return;
    this.enqueue(async () => {
      if (!this.baseline) return;
      this.source = this.baseline;
      writeWeights(this.params, this.baseline);
      this.prior = this.params.kernels.map((k) => fullMask(k.size));
      this.roundPruned = null;
      this.fineTuned = null;
      this.snapshot = { ...this.snapshot, round: 1 };
      await this.applyThreshold();
      this.addPoint('Prune', 'back to the baseline', this.snapshot.current);
      this.update({ note: 'Back to the trained baseline: fine-tuning and earlier rounds undone.' });
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
          const source = this.source;
          if (!source) resolve(await readWeights(this.params));
          else resolve({ kernels: source.kernels.map((k, i) => applyMask(k, this.masks[i])), biases: source.biases.map((b) => b.slice()) });
        } catch (error) {
          reject(error);
        }
      }, true);
    });
  }

  // ---- the work ----

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

  private reinitialise(): void {
    disposeParams(this.params);
    this.params = createParams(this.spec, this.seed);
    this.baseline = null;
    this.source = null;
    this.roundPruned = null;
    this.fineTuned = null;
    this.prior = this.params.kernels.map((k) => fullMask(k.size));
    this.masks = this.prior;
    this.snapshot = {
      ...this.snapshot,
      trained: false,
      round: 1,
      current: null,
      results: EMPTY_RESULTS,
      timeline: [],
      histogram: null,
      layers: this.layerCounts(),
    };
  }

  private async runTraining(options: RunOptions): Promise<void> {
    this.reinitialise();
    const outcome = await this.runLoop('Train', options, null, createRng(this.seed ^ 0x5eed));
    if (this.disposed) return;
    const weights = await readWeights(this.params);
    this.baseline = weights;
    this.source = weights;
    const figures = await this.figuresOfParams();
    this.snapshot = {
      ...this.snapshot,
      trained: true,
      threshold: 0,
      results: { ...EMPTY_RESULTS, 'Before pruning': figures },
      current: figures,
    };
    // The baseline stands unpruned until the person prunes: threshold 0, no After pruning row yet.
    this.masks = this.prior;
    this.update({ histogram: this.histogram(), layers: this.layerCounts(weights.kernels) });
    this.finishRun(outcome, options, figures.testLoss);
  }

  private async runFineTuning(options: RunOptions): Promise<void> {
    if (!this.source) {
      this.update({ running: null, status: 'Ready' });
      return;
    }
    const masks = this.masks;
    writeWeights(this.params, { kernels: this.source.kernels.map((k, i) => applyMask(k, masks[i])), biases: this.source.biases });
    const maskTensors = uploadMasks(this.params, masks);
    const round = this.snapshot.round;
    let outcome: RunOutcome;
    try {
      outcome = await this.runLoop('Fine-tune', options, maskTensors, createRng((this.seed ^ 0xf17e) + round));
    } finally {
      tf.dispose(maskTensors);
    }
    if (this.disposed) return;
    this.source = await readWeights(this.params);
    this.prior = masks;
    const figures = await this.figuresOfParams();
    this.roundPruned = this.snapshot.results['After pruning'];
    this.fineTuned = figures;
    this.snapshot = {
      ...this.snapshot,
      round: round + 1,
      current: figures,
      results: { ...this.snapshot.results, 'After fine-tuning': figures },
      histogram: this.histogram(),
      layers: this.layerCounts(this.source.kernels),
    };
    this.finishRun(outcome, options, figures.testLoss);
  }

  /**
   * Runs `epochs` epochs of minibatch Adam on the variables, re-applying `masks` after every step
   * when given. Adds timeline points as it goes. When the figures at an evaluation point are not
   * finite, it puts back the last weights that gave finite figures and reports where it happened.
   */
  private async runLoop(phase: Phase, options: RunOptions, masks: tf.Tensor2D[] | null, rng: () => number): Promise<RunOutcome> {
    const rows = this.data.trainRows;
    const batchesPerEpoch = Math.ceil(rows / this.batchSize);
    const totalSteps = options.epochs * batchesPerEpoch;
    const evalEvery = Math.max(1, Math.round(batchesPerEpoch / this.pointsPerEpoch));
    const optimizer = createOptimizer(options.learningRate);
    let lastGood = this.cloneParams();
    let step = 0;
    try {
      const startPoint = await this.figuresOfParams();
      this.runStartLoss = startPoint.testLoss;
      if (phase === 'Train') this.addPoint(phase, 'before training', startPoint);
      for (let epoch = 0; epoch < options.epochs; epoch++) {
        const shuffled = shuffleRows(this.data, permutation(rows, rng));
        try {
          for (let start = 0; start < rows; start += this.batchSize) {
            if (this.stopRequested) return { kind: 'stopped', epochsDone: step / batchesPerEpoch };
            const size = Math.min(this.batchSize, rows - start);
            trainStep(this.spec, this.params, optimizer, shuffled, start, size, masks);
            step++;
            // Figures are read back only at evaluation points (a few per epoch): a readback per
            // batch would halve throughput on WebGL. They also bound how much work the GPU queues.
            if (step % evalEvery === 0 || step === totalSteps) {
              const figures = await this.figuresOfParams();
              if (!figuresAreFinite(figures)) return this.recoverFromNaN(lastGood, step / batchesPerEpoch, options);
              tf.dispose(lastGood);
              lastGood = this.cloneParams();
              this.addPoint(phase, `epoch ${(step / batchesPerEpoch).toFixed(2)}`, figures);
              this.update({ current: figures, progress: step / totalSteps });
            } else {
              this.publishProgress(step / totalSteps);
              await this.yieldToPage();
            }
          }
        } finally {
          tf.dispose([shuffled.x, shuffled.y]);
        }
      }
      return { kind: 'done', epochsDone: options.epochs };
    } finally {
      tf.dispose(lastGood);
      optimizer.dispose();
    }
  }

  private recoverFromNaN(lastGood: tf.Tensor[], epochs: number, options: RunOptions): RunOutcome {
    const variables: tf.Variable[] = [...this.params.kernels, ...this.params.biases];
    variables.forEach((v, i) => v.assign(lastGood[i]));
    return { kind: 'diverged', epochsDone: epochs, learningRate: options.learningRate };
  }

  private finishRun(outcome: RunOutcome, options: RunOptions, endLoss: number): void {
    const done = `${formatEpochs(outcome.epochsDone)} of ${options.epochs} epochs`;
    const start = this.runStartLoss;
    const diverged = endLoss > DIVERGENCE_FACTOR * start;
    const worse = diverged
      ? `The test loss rose from ${start.toFixed(4)} to ${endLoss.toFixed(4)}: the learning rate ${options.learningRate} is too large for this network.`
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

  /** Prunes the source weights at the snapshot's threshold and evaluates the masked copy. */
  private async applyThreshold(): Promise<void> {
    const source = this.source;
    if (!source) return;
    const threshold = this.snapshot.threshold;
    const masks = source.kernels.map((k, i) => magnitudeMask(k, threshold, this.prior[i]));
    const masked = source.kernels.map((k, i) => applyMask(k, masks[i]));
    const logits = await logitsWithKernels(this.spec, this.params, masked, this.data);
    const metrics = binaryMetrics(logits, this.labels, this.data.trainRows);
    if (this.disposed) return;
    this.masks = masks;
    const sparsity = sparsityOf(sumCounts(masked.map(countZeros)));
    const figures = { ...metrics, sparsity };
    this.update({ current: figures, results: this.resultsWith(figures), histogram: this.histogram(), layers: this.layerCounts(masked) });
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

  private async evaluateCurrent(): Promise<void> {
    const figures = await this.figuresOfParams();
    if (!this.disposed) this.update({ current: figures, histogram: null });
  }

  /** Figures of the variables as they are, sparsity counted from their values. */
  private async figuresOfParams(): Promise<StageFigures> {
    const { logits, kernels } = await logitsAndKernels(this.spec, this.params, this.data);
    const sparsity = sparsityOf(sumCounts(kernels.map(countZeros)));
    return { ...binaryMetrics(logits, this.labels, this.data.trainRows), sparsity };
  }

  private cloneParams(): tf.Tensor[] {
    return [...this.params.kernels, ...this.params.biases].map((v) => tf.clone(v));
  }

  private histogram(): WeightHistogram | null {
    const source = this.source;
    if (!source) return null;
    const layers = source.kernels.map((weights, i) => ({ weights, mask: this.masks[i], prior: this.prior[i] }));
    return weightHistogram(layers, 48);
  }

  private layerCounts(masked?: Float32Array[]): LayerSparsity[] {
    const names = layerNames(this.spec);
    return this.params.kernels.map((k, i) => ({
      name: names[i],
      zeros: masked ? countZeros(masked[i]).zeros : 0,
      total: k.size,
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

  /** Lets the page handle input (Stop, the slider) at least once a frame, whatever the backend. */
  private async yieldToPage(): Promise<void> {
    if (performance.now() - this.lastYield < FRAME_MS) return;
    await yieldToEventLoop();
    this.lastYield = performance.now();
  }

  private publishProgress(progress: number): void {
    const now = performance.now();
    if (now - this.lastPublish < PUBLISH_INTERVAL_MS) {
      this.snapshot = { ...this.snapshot, progress };
      return;
    }
    this.update({ progress });
  }

  private update(change: Partial<SessionSnapshot>): void {
    if (this.disposed) return;
    this.snapshot = { ...this.snapshot, ...change, tensors: tf.memory().numTensors };
    this.lastPublish = performance.now();
    for (const listener of this.listeners) listener();
  }
}

type RunOutcome =
  | { kind: 'done'; epochsDone: number }
  | { kind: 'stopped'; epochsDone: number }
  | { kind: 'diverged'; epochsDone: number; learningRate: number };

function figuresAreFinite(figures: StageFigures): boolean {
  return [figures.trainLoss, figures.testLoss, figures.trainAccuracy, figures.testAccuracy].every(Number.isFinite);
}

/**
 * Resolves after pending input and timers have had their turn. A message, unlike setTimeout(0),
 * is neither clamped to 4 ms nor throttled in a background tab, so training goes on there too.
 */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

function formatEpochs(epochs: number): string {
  return Number.isInteger(epochs) ? String(epochs) : epochs.toFixed(1);
}
