import { countZeros, sparsityOf, sumCounts } from '../core/pruning/mask';
import { classifierMetrics } from '../core/metrics';
import { forwardLogits } from '../core/network/forward';
import {
  nonZeroShare,
  sparseLogits,
  sparseMultiplyAdds,
  sparseNetwork,
  type SparseNetwork,
} from '../core/network/sparse';
import { multiplyAddsPerRow, type NetworkSpec, type NetworkWeights } from '../core/network/spec';
import type { Dataset } from '../data/types';
import type { DataTensors } from '../model/data';
import { logitsAndKernels, logitsInChunks, logitsOf } from '../model/evaluate';
import { readWeights, type MlpParams } from '../model/mlp';
import { yieldToEventLoop } from './runs/loop';
import { readbackYields } from './backend';
import type { StageFigures } from './snapshot';

/** Quick figures may count only the estimate's rows (fast, live); exact ones count every row. */
export type Precision = 'quick' | 'exact';

/** Rows per readback of an exact evaluation, so that a new slider step can cut it short. */
const EXACT_CHUNK_ROWS = 1000;

/**
 * Most multiply-adds of one evaluation of every row counted in JavaScript (about 1 ns each, so
 * ~10 ms): the seed's network on its 1,200 rows is 4.1 million. Larger ones go to the backend.
 */
const CPU_BUDGET = 10e6;
/** Most multiply-adds a sparse count in JavaScript may take over every row (about a second here). */
const SPARSE_BUDGET = 400e6;

/**
 * The exact count of the latest cut, begun once the cut has rested `delayMs` and dropped as soon as
 * `cancel()` says another cut, a run or a Reset came first. At most one is pending.
 */
export class RestingCount {
  private controller: AbortController | null = null;
  private readonly counter: FigureCounter;
  private readonly delayMs: number;

  constructor(counter: FigureCounter, delayMs: number) {
    this.counter = counter;
    this.delayMs = delayMs;
  }

  /**
   * After the delay, hands `queue` a count of `masked` (on `spec`'s shape) to run in its turn; the
   * count resolves to the exact figures, or null when cancelled before or while counting.
   */
  schedule(
    masked: NetworkWeights,
    spec: NetworkSpec,
    queue: (count: () => Promise<StageFigures | null>) => void,
  ): void {
    this.cancel();
    const controller = new AbortController();
    this.controller = controller;
    const { signal } = controller;
    const abandoned = () => signal.aborted;
    const timer = setTimeout(
      () => queue(async () => (abandoned() ? null : await this.counter.exact(masked, spec, abandoned))),
      this.delayMs,
    );
    signal.addEventListener('abort', () => clearTimeout(timer));
  }

  cancel(): void {
    this.controller?.abort();
    this.controller = null;
  }
}

/**
 * Counts the figures of networks on one session's data: quick ones on the estimate's rows (when the
 * data have a sample) and exact ones on every row, a chunk at a time. Loss and accuracy are counted
 * on the CPU from one readback of the logits per chunk. It reads the session's data tensors and owns
 * none; the labels it keeps are plain arrays.
 *
 * With `onCpu` (software WebGL), a small network on data with no sample has its logits counted in
 * JavaScript too (core/network/forward), both for arrays and for the variables (read back first),
 * so every figure of the session comes from the same arithmetic and threshold 0 still gives the
 * baseline's figures exactly. Training itself stays on the backend.
 */
export class FigureCounter {
  private readonly data: DataTensors;
  /** Labels of the training rows then the test rows, as `data.x` holds them. */
  private readonly labels: Float32Array;
  /** Labels of the estimate's rows, as `data.sample.x` holds them; null when there is no sample. */
  private readonly sampleLabels: Float32Array | null;

  /** `data` must be `dataset` uploaded (uploadData). */
  /** Every training row then every test row, for counting on the CPU; null when figures are counted on the backend. */
  private readonly cpuRows: Float32Array | null;

  private readonly dataset: Dataset;
  /** See the constructor's `sparseRatio`. */
  private readonly sparseRatio: number;
  /** Each input column's share of non-zero rows over both splits, counted on first use. */
  private inputShare: Float32Array | null = null;

  /**
   * `sparseRatio`: a pruned network whose kept weights and non-zero inputs come to at most this
   * share of its dense multiply-adds is counted in JavaScript over the kept weights only
   * (core/network/sparse), where that beats the backend (sparseCountRatio); 0: never.
   */
  constructor(dataset: Dataset, data: DataTensors, onCpu = false, sparseRatio = 0) {
    this.data = data;
    this.dataset = dataset;
    this.sparseRatio = sparseRatio;
    this.cpuRows = onCpu && !data.sample ? bothSplits(dataset, 'x') : null;
    this.labels = bothSplits(dataset, 'y');
    const rows = data.sample?.rows ?? 0;
    this.sampleLabels = data.sample
      ? Float32Array.of(...dataset.train.y.subarray(0, rows), ...dataset.test.y.subarray(0, rows))
      : null;
  }

  /** Figures of a network given as arrays (masked or compacted), on `spec`'s shape. */
  async ofWeights(weights: NetworkWeights, spec: NetworkSpec, precision: Precision = 'quick'): Promise<StageFigures> {
    if (this.countsOnCpu(spec)) {
      const rows = this.data.trainRows + this.data.testRows;
      return this.from(forwardLogits(spec.activation, weights, this.cpuRows!, rows), weights.kernels, spec, true);
    }
    const sample = this.data.sample;
    if (precision === 'exact' || !sample) return (await this.exact(weights, spec, () => false))!;
    const sparse = this.sparseFor(weights, spec, sample.rows * 2);
    const logits = sparse ? await this.sparseLogitsOf(sparse, sample.rows, () => false) : null;
    return this.from(logits ?? (await logitsOf(spec, weights, sample.x)), weights.kernels, spec, false);
  }

  /** Figures counted on every row, EXACT_CHUNK_ROWS at a time; null when `abandoned()` says so between chunks. */
  async exact(weights: NetworkWeights, spec: NetworkSpec, abandoned: () => boolean): Promise<StageFigures | null> {
    const sparse = this.sparseFor(weights, spec, this.data.trainRows + this.data.testRows);
    const logits = sparse
      ? await this.sparseLogitsOf(sparse, null, abandoned)
      : await logitsInChunks(
          spec,
          weights,
          this.data.x,
          EXACT_CHUNK_ROWS,
          abandoned,
          readbackYields() ? undefined : yieldToEventLoop,
        );
    return logits && this.from(logits, weights.kernels, spec, true);
  }

  /**
   * `weights` as a SparseNetwork when counting `rows` rows over its kept weights in JavaScript is
   * cheap enough (sparseRatio, SPARSE_BUDGET), else null. A pure function of the weights, so the
   * same network is always counted the same way and gives the same figures.
   */
  private sparseFor(weights: NetworkWeights, spec: NetworkSpec, rows: number): SparseNetwork | null {
    // core/network's sparse pass and JavaScript count are for perceptrons: a conv net runs on the backend.
    if (this.sparseRatio <= 0 || spec.conv || weights.biases.some((b) => b.length === 0)) return null;
    const network = sparseNetwork(spec.activation, weights);
    if (!this.inputShare) {
      const { train, test } = this.dataset;
      const width = this.dataset.features;
      const trainShare = nonZeroShare(train.x, train.rows, width);
      const testShare = nonZeroShare(test.x, test.rows, width);
      const all = train.rows + test.rows;
      this.inputShare = trainShare.map((t, i) => (t * train.rows + testShare[i] * test.rows) / all);
    }
    const work = sparseMultiplyAdds(network, this.inputShare);
    const cheap = work <= this.sparseRatio * multiplyAddsPerRow(spec) && work * rows <= SPARSE_BUDGET;
    return cheap ? network : null;
  }

  /**
   * Logits of the training rows then the test rows, as `labels` orders them, in JavaScript over the
   * kept weights: the first `sampleRows` of each split (the estimate's rows), or every row (null).
   * Yields between chunks of EXACT_CHUNK_ROWS and returns null once `abandoned()` says so.
   */
  private async sparseLogitsOf(
    network: SparseNetwork,
    sampleRows: number | null,
    abandoned: () => boolean,
  ): Promise<Float32Array | null> {
    const outputs = network.biases[network.biases.length - 1].length;
    const splits = [this.dataset.train, this.dataset.test].map((split) => ({
      x: split.x,
      rows: sampleRows ?? split.rows,
    }));
    const result = new Float32Array((splits[0].rows + splits[1].rows) * outputs);
    let offset = 0;
    for (const { x, rows } of splits) {
      const out = new Float32Array(rows * outputs);
      for (let from = 0; from < rows; from += EXACT_CHUNK_ROWS) {
        if (abandoned()) return null;
        sparseLogits(network, x, from, Math.min(rows, from + EXACT_CHUNK_ROWS), out);
        if (from + EXACT_CHUNK_ROWS < rows) await yieldToEventLoop();
      }
      result.set(out, offset);
      offset += out.length;
    }
    return abandoned() ? null : result;
  }

  /** Figures of the variables as they are, sparsity counted from their values. */
  async ofParams(params: MlpParams, spec: NetworkSpec, precision: Precision = 'quick'): Promise<StageFigures> {
    // Where arrays may be counted another way (in JavaScript, or sparse), the variables are read
    // back and counted as arrays: the same weights then always give the same figures, at a stage's
    // end as at the slider, and a pruned network's fine-tuning points are counted sparse too.
    if (this.countsOnCpu(spec) || (this.sparseRatio > 0 && !spec.conv))
      return this.ofWeights(await readWeights(params), spec, precision);
    const sample = this.data.sample;
    if (precision === 'exact' && sample) return this.ofWeights(await readWeights(params), spec, 'exact');
    const { logits, kernels } = await logitsAndKernels(spec, params, sample ? sample.x : this.data.x);
    return this.from(logits, kernels, spec, !sample);
  }

  /** Whether figures of a network of `spec`'s shape are counted in JavaScript. */
  countsOnCpu(spec: NetworkSpec): boolean {
    if (!this.cpuRows || spec.conv) return false;
    return multiplyAddsPerRow(spec) * (this.data.trainRows + this.data.testRows) <= CPU_BUDGET;
  }

  /** Loss and accuracy from `logits` of every row (exact) or of the estimate's rows, and the kernels' sparsity. */
  private from(
    logits: Float32Array,
    kernels: readonly Float32Array[],
    spec: NetworkSpec,
    exact: boolean,
  ): StageFigures {
    const sparsity = sparsityOf(sumCounts(kernels.map(countZeros)));
    const labels = exact ? this.labels : this.sampleLabels!;
    const trainRows = exact ? this.data.trainRows : this.data.sample!.rows;
    return { ...classifierMetrics(logits, labels, spec.outputs, trainRows), sparsity, exact };
  }
}

/** `key` (features or labels) of the training rows then the test rows, as the data tensors hold them. */
function bothSplits(dataset: Dataset, key: 'x' | 'y'): Float32Array {
  const { train, test } = dataset;
  const joined = new Float32Array(train[key].length + test[key].length);
  joined.set(train[key]);
  joined.set(test[key], train[key].length);
  return joined;
}
