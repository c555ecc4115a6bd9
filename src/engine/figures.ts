import { countZeros, sparsityOf, sumCounts } from '../core/pruning/mask';
import { classifierMetrics } from '../core/metrics';
import { createRng } from '../core/rng';
import { forwardLogits } from '../core/network/forward';
import {
  denseKernelMultiplyAdds,
  nonZeroShare,
  sparseLogits,
  sparseNetwork,
  type SparseNetwork,
} from '../core/network/sparse';
import { kernelShapes, multiplyAddsPerRow, type NetworkSpec, type NetworkWeights } from '../core/network/spec';
import type { Dataset } from '../data/types';
import { CHUNK_ROWS, type DataTensors } from '../model/data';
import { logitsAndKernels, logitsInChunks, logitsOf } from '../model/evaluate';
import { readWeights, type MlpParams } from '../model/mlp';
import { yieldToEventLoop } from './runs/loop';
import { readbackYields } from './backend';
import type { StageFigures } from './snapshot';

/** Quick figures may count only the estimate's rows (fast, live); exact ones count every row. */
export type Precision = 'quick' | 'exact';

/** Rows per step of a sparse count in JavaScript (as many as a piece of a chunked data set), between which it yields. */
const SPARSE_CHUNK_ROWS = CHUNK_ROWS;

/**
 * Most multiply-adds of one evaluation of every row counted in JavaScript (about 1 ns each, so
 * ~10 ms): the seed's network on its 1,200 rows is 4.1 million. Larger ones go to the backend.
 */
const CPU_BUDGET = 10e6;
/** Most multiply-adds a sparse count in JavaScript may take over every row (about a second here). */
const SPARSE_BUDGET = 400e6;
/** FigureCounter.calibrate's share of the break-even ratio: a sparse count must be clearly faster to be chosen. */
const CALIBRATION_MARGIN = 0.8;
const CALIBRATION_SEED = 7;

/** Milliseconds of the faster of two timed runs of `work`, after one untimed (shaders compiled, code warm). */
async function fastestOf(work: () => Promise<unknown>): Promise<number> {
  await work();
  let best = Infinity;
  for (let i = 0; i < 2; i++) {
    const t0 = performance.now();
    await work();
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

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
  /** Labels of the training rows then the test rows, as `data.xChunks` hold them. */
  private readonly labels: Float32Array;
  /** Labels of the estimate's rows, as `data.sample.x` holds them; null when there is no sample. */
  private readonly sampleLabels: Float32Array | null;

  /** `data` must be `dataset` uploaded (uploadData). */
  /** Every training row then every test row, for counting on the CPU; null when figures are counted on the backend. */
  private readonly cpuRows: Float32Array | null;

  private readonly dataset: Dataset;
  /** See the constructor's `sparseRatio`; `calibrate` replaces it by the ratio measured here. */
  private sparseRatio: number;
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

  /**
   * Replaces the backend's assumed sparseRatio by the one measured on this device, before the
   * session's first figure. A network of `spec`'s shape with random weights is counted dense on the
   * backend, and sparse in JavaScript with 90% and with 50% of its weights pruned, over the rows an
   * estimate reads (every row without a sample), each the faster of two passes after a warm-up. The
   * two sparse times give its cost as a fixed part plus a part per multiply-add; the ratio is the
   * share of the dense work at which the sparse count would take CALIBRATION_MARGIN of the dense
   * time. Measured here, the paths differ by device more than any constant
   * allows: a sparse multiply-add took 3.6–5.7 ns in Chromium, a dense one 0.13 ns on wasm and
   * 0.15–1 ns on software WebGL. The ratio is fixed from then on, so the same weights always take
   * the same path in this session. Returns it, or null when nothing was measured (no sparse path
   * here: a GPU, a conv net, a network counted in JavaScript anyway).
   */
  async calibrate(spec: NetworkSpec): Promise<number | null> {
    if (this.sparseRatio <= 0 || spec.conv || this.countsOnCpu(spec)) return null;
    const rng = createRng(CALIBRATION_SEED);
    const shapes = kernelShapes(spec);
    const dense: NetworkWeights = {
      kernels: shapes.map(([fanIn, fanOut]) => Float32Array.from({ length: fanIn * fanOut }, () => rng() - 0.5)),
      biases: shapes.map(([, fanOut]) => new Float32Array(fanOut)),
    };
    const sample = this.data.sample;
    const denseMs = await fastestOf(() => logitsOf(spec, dense, sample ? sample.x : this.data.xChunks[0]));
    const sparse = async (pruned: number) => {
      const weights = { ...dense, kernels: dense.kernels.map((k) => k.map((w) => (rng() < pruned ? 0 : w))) };
      const work = denseKernelMultiplyAdds(spec.activation, weights, this.nonZeroInputShare());
      const ms = await fastestOf(() =>
        this.sparseLogitsOf(sparseNetwork(spec.activation, weights), sample?.rows ?? null, () => false),
      );
      return { work, ms };
    };
    const [light, heavy] = [await sparse(0.9), await sparse(0.5)];
    const perMultiplyAdd = Math.max(1e-9, (heavy.ms - light.ms) / Math.max(1, heavy.work - light.work));
    const fixedMs = Math.max(0, light.ms - perMultiplyAdd * light.work);
    const evenWork = (CALIBRATION_MARGIN * denseMs - fixedMs) / perMultiplyAdd;
    this.sparseRatio = Math.min(1, Math.max(0, evenWork / multiplyAddsPerRow(spec)));
    return this.sparseRatio;
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

  /** Figures counted on every row, a piece of the data (or SPARSE_CHUNK_ROWS rows) at a time; null when `abandoned()` says so between them. */
  async exact(weights: NetworkWeights, spec: NetworkSpec, abandoned: () => boolean): Promise<StageFigures | null> {
    const sparse = this.sparseFor(weights, spec, this.data.trainRows + this.data.testRows);
    const logits = sparse
      ? await this.sparseLogitsOf(sparse, null, abandoned)
      : await logitsInChunks(
          spec,
          weights,
          this.data.xChunks,
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
    const work = denseKernelMultiplyAdds(spec.activation, weights, this.nonZeroInputShare());
    const cheap = work <= this.sparseRatio * multiplyAddsPerRow(spec) && work * rows <= SPARSE_BUDGET;
    return cheap ? sparseNetwork(spec.activation, weights) : null;
  }

  /** Each input column's share of non-zero rows over both splits (counted once). */
  private nonZeroInputShare(): Float32Array {
    if (!this.inputShare) {
      const { train, test } = this.dataset;
      const width = this.dataset.features;
      const trainShare = nonZeroShare(train.x, train.rows, width);
      const testShare = nonZeroShare(test.x, test.rows, width);
      const all = train.rows + test.rows;
      this.inputShare = trainShare.map((t, i) => (t * train.rows + testShare[i] * test.rows) / all);
    }
    return this.inputShare;
  }

  /**
   * Logits of the training rows then the test rows, as `labels` orders them, in JavaScript over the
   * kept weights: the first `sampleRows` of each split (the estimate's rows), or every row (null).
   * Yields between chunks of SPARSE_CHUNK_ROWS and returns null once `abandoned()` says so.
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
      for (let from = 0; from < rows; from += SPARSE_CHUNK_ROWS) {
        if (abandoned()) return null;
        sparseLogits(network, x, from, Math.min(rows, from + SPARSE_CHUNK_ROWS), out);
        if (from + SPARSE_CHUNK_ROWS < rows) await yieldToEventLoop();
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
    const { logits, kernels } = await logitsAndKernels(spec, params, sample ? sample.x : this.data.xChunks[0]);
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
