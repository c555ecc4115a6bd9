/**
 * Training throughput: rows per second trained by the app's own loop (a PruningSession, which also
 * evaluates both splits for the timeline) and by plain `model.fit`, on the same network, data and
 * seed, on this page's TensorFlow.js (the bare work the page's training wraps).
 */
import * as tf from '../model/tf';
import { DATASETS, type DatasetId } from '../data/datasets';
import { PruningSession } from '../engine/session';
import { sessionOptions } from '../engine/setup';
import { disposeData, uploadData } from '../model/data';
import { buildLayersModel } from '../model/keras';
import { createParams, disposeParams, readWeights } from '../model/mlp';
import { magnitudeRule } from '../core/pruning/rule';
import type { Dataset } from '../data/types';
import { benchData, defaultSpec, firstRows, SEED, setBenchBackend } from './data';
import { run } from './tradeoff';

/** Rows of each split the warm-up trains and evaluates on (shaders compile, kernels load). */
const WARM_UP_ROWS = 1024;

export interface ThroughputOptions {
  dataset?: DatasetId;
  /**
   * Timed epochs of each (after a warm-up epoch on at most WARM_UP_ROWS rows); default as many as
   * train about `rows` rows (at least one), so that a small data set's run is long enough to time.
   */
  epochs?: number;
  rows?: number;
  backend?: string;
}

export interface Throughput {
  dataset: DatasetId;
  trainRows: number;
  epochs: number;
  batchSize: number;
  appRowsPerSecond: number;
  fitRowsPerSecond: number;
  appSeconds: number;
  fitSeconds: number;
  /** Tensors left behind by both runs (0 when nothing leaks). */
  leakedTensors: number;
}

export async function trainingThroughput(options: ThroughputOptions): Promise<Throughput> {
  const id = options.dataset ?? 'seed-replica';
  if (options.backend) await setBenchBackend(options.backend);
  const tensorsBefore = tf.memory().numTensors;
  const defaults = DATASETS[id].defaults;
  const data = await benchData(id);
  const epochs = options.epochs ?? Math.max(1, Math.round((options.rows ?? 8000) / data.train.rows));
  const rule = magnitudeRule(defaults.threshold);
  const full = sessionOptions(id, data, { seed: SEED, rule });

  const session = async (rows: Dataset, timed: number) => {
    // The warm-up's options are the full set's, so it estimates on as many rows as the timed run.
    const s = new PruningSession({
      ...sessionOptions(id, rows, { seed: SEED, rule }),
      estimateRows: full.estimateRows,
    });
    try {
      const t0 = performance.now();
      await run(s, () => s.train({ epochs: timed, learningRate: defaults.learningRate }));
      return (performance.now() - t0) / 1000;
    } finally {
      s.dispose();
      await s.idle();
    }
  };
  await session(firstRows(data, WARM_UP_ROWS), 1);
  const appSeconds = await session(data, epochs);

  const spec = defaultSpec(id, data);
  const params = createParams(spec, SEED);
  const weights = await readWeights(params);
  disposeParams(params);
  const fit = async (rows: Dataset, timed: number) => {
    const tensors = uploadData(rows, spec.outputs);
    const model = buildLayersModel(spec, weights, defaults.learningRate);
    try {
      const t0 = performance.now();
      await model.fit(tensors.xTrain, tensors.yTrain, {
        epochs: timed,
        batchSize: defaults.batchSize,
        shuffle: true,
        verbose: 0,
      });
      return (performance.now() - t0) / 1000;
    } finally {
      model.optimizer.dispose(); // compiled with an optimizer instance, which model.dispose() leaves alone
      model.dispose();
      disposeData(tensors);
    }
  };
  await fit(firstRows(data, WARM_UP_ROWS), 1);
  const fitSeconds = await fit(data, epochs);
  const rows = data.train.rows * epochs;
  return {
    dataset: id,
    trainRows: data.train.rows,
    epochs,
    batchSize: defaults.batchSize,
    appRowsPerSecond: rows / appSeconds,
    fitRowsPerSecond: rows / fitSeconds,
    appSeconds,
    fitSeconds,
    leakedTensors: tf.memory().numTensors - tensorsBefore,
  };
}
