import { DATASETS, defaultDraw, type DatasetId } from '../data/datasets';
import type { DrawOptions, Dataset } from '../data/types';
import type { PruneRule } from '../core/pruning/prune';
import { multiplyAddsPerRow, specFor, type LayerChoice, type NetworkWeights } from '../core/network/spec';

/** The layers a session's network has (a perceptron's hidden layers, or a conv net's); inputs and outputs follow from the data. */
export type ModelChoice = LayerChoice;

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
  /**
   * Count loss and accuracy of small networks in JavaScript on the CPU instead of on the backend
   * (FigureCounter). Unset: when the backend is software WebGL, where one evaluation of the seed's
   * network takes 25–60 ms against ~4 ms in JavaScript.
   */
  countOnCpu?: boolean;
  /** FigureCounter's sparseRatio, fixed; unset: measured on this device when the session starts (FigureCounter.calibrate), where the backend has a sparse path (sparseCountRatio > 0). */
  sparseCountRatio?: number;
  /**
   * Weights to start from as the trained baseline (an opened model), shaped by `model` and the data:
   * the session opens on them, trained, with their zeros kept pruned. Unset: untrained, seeded.
   */
  baseline?: NetworkWeights;
}

/** Rows of each split that quick figures count on a data set too large to count every row live. */
export const ESTIMATE_ROWS = 500;
/** Above this many multiply-adds for one evaluation of every row, figures are estimated first. */
const EXACT_BUDGET = 200e6;

/** What a session on data set `id` starts with: its default model, batch size and epochs. */
export function sessionOptions(
  id: DatasetId,
  data: Dataset,
  choice: { seed: number; rule: PruneRule; model?: ModelChoice },
): SessionOptions {
  const { defaults } = DATASETS[id];
  const model = choice.model ?? { hidden: defaults.hidden, activation: defaults.activation };
  const spec = specFor(model, data);
  const perRow = multiplyAddsPerRow(spec);
  const rows = data.train.rows + data.test.rows;
  return {
    data,
    model,
    batchSize: defaults.batchSize,
    defaultEpochs: defaults.epochs,
    seed: choice.seed,
    rule: choice.rule,
    estimateRows: perRow * rows > EXACT_BUDGET ? ESTIMATE_ROWS : null,
  };
}

/** Generates data set `id` (a generated one) with `draw` and returns a session's options on it. */
export function generatedSessionOptions(
  id: DatasetId,
  choice: { seed: number; rule: PruneRule; model?: ModelChoice; draw?: Partial<DrawOptions> },
): SessionOptions {
  const entry = DATASETS[id];
  if (entry.source !== 'generated') throw new Error(`Expected a generated data set, but ${id} is downloaded`);
  const data = entry.generate({ ...defaultDraw(id, choice.seed), ...choice.draw });
  return sessionOptions(id, data, choice);
}

/** Bytes of a download so far and in all (0 when the server does not say). */
export type DownloadListener = (loaded: number, total: number) => void;

/** A download under way or done, who wants to hear of its progress, and how to call it off. */
interface Download {
  promise: Promise<Dataset>;
  listeners: Set<DownloadListener>;
  controller: AbortController;
  settled: boolean;
}

/** Downloaded data sets by id: fetched once per page, however many sessions (backends) use them. */
const downloads = new Map<DatasetId, Download>();

/**
 * The rows of data set `id`: generated with `draw`, or downloaded (once; later calls share the
 * download and hear its progress through `onProgress` until they `unsubscribe`). A failed download is
 * forgotten, so that the next call tries again; so is one that everybody unsubscribed from before it
 * finished: it is aborted, and its promise rejects with the abort.
 */
export function loadData(
  id: DatasetId,
  draw: DrawOptions,
  onProgress: DownloadListener,
): { data: Promise<Dataset>; unsubscribe: () => void } {
  const entry = DATASETS[id];
  if (entry.source === 'generated')
    return { data: Promise.resolve().then(() => entry.generate(draw)), unsubscribe: () => {} };
  let download = downloads.get(id);
  if (!download) {
    const listeners = new Set<DownloadListener>();
    const controller = new AbortController();
    const promise = entry.load(
      (loaded, total) => listeners.forEach((listener) => listener(loaded, total)),
      controller.signal,
    );
    const started: Download = { promise, listeners, controller, settled: false };
    promise.then(
      () => (started.settled = true),
      () => {
        started.settled = true;
        if (downloads.get(id) === started) downloads.delete(id);
      },
    );
    download = started;
    downloads.set(id, download);
  }
  const wanted = download;
  wanted.listeners.add(onProgress);
  return {
    data: wanted.promise,
    unsubscribe: () => {
      wanted.listeners.delete(onProgress);
      if (wanted.listeners.size > 0 || wanted.settled) return;
      // Nobody wants it any more: stop fetching, and let the next call start afresh.
      if (downloads.get(id) === wanted) downloads.delete(id);
      wanted.controller.abort();
    },
  };
}
