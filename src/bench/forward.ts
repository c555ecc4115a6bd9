/**
 * The bare work a slider step wraps: a masked forward pass with the kernels already masked on the
 * backend, and one readback per chunk of rows. No session, no React, no pictures.
 */
import * as tf from '../model/tf';
import { applyMask, magnitudeMask } from '../core/pruning/mask';
import { DATASETS, type DatasetId } from '../data/datasets';
import { disposeData, uploadData } from '../model/data';
import { createParams, disposeParams, logits, readWeights } from '../model/mlp';
import { benchData, defaultSpec, SEED, setBenchBackend } from './data';
import { specFor } from '../core/network/spec';
import { layersOf } from '../settings/derive';
import { defaultModel, type Architecture } from '../settings/settings';

export interface BareForwardOptions {
  /** The data set whose default network and rows are used; default the seed replica. */
  dataset?: DatasetId;
  /** Timed passes after 5 warm-up passes. */
  samples: number;
  /** The magnitude threshold the kernels are masked at; default the data set's. */
  threshold?: number;
  /** Rows per pass, training rows first, then test rows; default all of both splits. */
  rows?: number;
  /** Rows per readback (the exact count reads back 1,000 rows at a time); default all in one. */
  chunk?: number;
  /** Activates this backend first (the harness's own TensorFlow.js); default the active one. */
  backend?: string;
  /** 'lenet5': LeNet-5 instead of the data set's perceptron (MNIST only). */
  architecture?: Architecture;
}

/** Milliseconds of each bare masked forward pass over `rows` rows, one readback per `chunk` rows. */
export async function bareForward(options: BareForwardOptions): Promise<number[]> {
  const id = options.dataset ?? 'seed-replica';
  if (options.backend) await setBenchBackend(options.backend);
  const dataset = await benchData(id);
  const spec =
    options.architecture === 'lenet5'
      ? specFor(layersOf({ ...defaultModel(id), architecture: 'lenet5' }), dataset)
      : defaultSpec(id, dataset);
  const threshold = options.threshold ?? DATASETS[id].defaults.threshold;
  const data = uploadData(dataset, spec.outputs);
  const total = data.trainRows + data.testRows;
  const rows = Math.min(options.rows ?? total, total);
  const chunk = Math.min(options.chunk ?? rows, rows);
  const chunks: tf.Tensor2D[] = [];
  const x = data.xChunks[0]; // uploaded without a sample: one piece
  for (let start = 0; start < rows; start += chunk)
    chunks.push(x.slice([start, 0], [Math.min(chunk, rows - start), -1]));
  const params = createParams(spec, SEED);
  const weights = await readWeights(params);
  const kernels = weights.kernels.map((k, i) =>
    tf.tensor2d(applyMask(k, magnitudeMask(k, threshold)), params.kernels[i].shape),
  );
  const once = async () => {
    for (const x of chunks) {
      const out = tf.tidy(() => tf.mean(logits(spec, kernels, params.biases, x)));
      await out.data();
      out.dispose();
    }
  };
  try {
    for (let i = 0; i < 5; i++) await once();
    const times: number[] = [];
    for (let i = 0; i < options.samples; i++) {
      const t0 = performance.now();
      await once();
      times.push(performance.now() - t0);
    }
    return times;
  } finally {
    tf.dispose([...kernels, ...chunks]);
    disposeParams(params);
    disposeData(data);
  }
}
