/**
 * Timing helpers for `npm run bench`, loaded only when the page's URL has `?bench`. They run on
 * the active backend, in this page, so their figures compare with the UI's own as ratios.
 */
import * as tf from '../model/tf';
import { applyMask, magnitudeMask } from '../core/pruning/mask';
import { DATASETS } from '../data/datasets';
import { PruningSession } from '../engine/session';
import { defaultDraw } from '../data/datasets';
import { generatedSessionOptions } from '../engine/setup';
import type { MlpSpec } from '../core/network/spec';
import { disposeData, uploadData } from '../model/data';
import { buildLayersModel } from '../model/keras';
import { createParams, disposeParams, logits, readWeights } from '../model/mlp';
import { lenetFigures } from './lenet';
import { tradeOffFigures } from './tradeoff';
import { magnitudeRule } from '../core/pruning/rule';

const SEED = 1;

function seedSpec(): MlpSpec {
  const d = DATASETS['seed-replica'].defaults;
  return { inputs: 20, hidden: d.hidden, activation: d.activation, outputs: 1 };
}

function seedData() {
  return DATASETS['seed-replica'].generate(defaultDraw('seed-replica', SEED));
}

/**
 * Milliseconds of a bare masked forward pass of the seed network over its 1200 rows (train and
 * test), with kernels masked at `threshold` already on the backend, and one readback.
 */
async function bareForward(samples: number, threshold: number): Promise<number[]> {
  const spec = seedSpec();
  const data = uploadData(seedData(), 1);
  const params = createParams(spec, SEED);
  const weights = await readWeights(params);
  const kernels = weights.kernels.map((k, i) =>
    tf.tensor2d(applyMask(k, magnitudeMask(k, threshold)), params.kernels[i].shape),
  );
  const once = async () => {
    const out = tf.tidy(() => tf.mean(logits(spec, kernels, params.biases, data.x)));
    await out.data();
    out.dispose();
  };
  for (let i = 0; i < 5; i++) await once();
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const t0 = performance.now();
    await once();
    times.push(performance.now() - t0);
  }
  tf.dispose(kernels);
  disposeParams(params);
  disposeData(data);
  return times;
}

/** Rows per second trained by the app's loop and by plain `model.fit`, same network, data and seed. */
async function trainingThroughput(epochs: number): Promise<{ appRowsPerSecond: number; fitRowsPerSecond: number }> {
  const defaults = DATASETS['seed-replica'].defaults;
  const rows = seedData().train.rows;

  const session = new PruningSession(
    generatedSessionOptions('seed-replica', { seed: SEED, rule: magnitudeRule(defaults.threshold) }),
  );
  await session.train({ epochs: 1, learningRate: defaults.learningRate }); // warm-up: shaders compile
  let t0 = performance.now();
  await session.train({ epochs, learningRate: defaults.learningRate });
  const appSeconds = (performance.now() - t0) / 1000;
  session.dispose();
  await session.idle();

  const spec = seedSpec();
  const params = createParams(spec, SEED);
  const weights = await readWeights(params);
  disposeParams(params);
  const dataset = seedData();
  const x = tf.tensor2d(dataset.train.x, [dataset.train.rows, dataset.features]);
  const y = tf.tensor2d(dataset.train.y, [dataset.train.rows, 1]);
  const model = buildLayersModel(spec, weights, defaults.learningRate);
  await model.fit(x, y, { epochs: 1, batchSize: defaults.batchSize, shuffle: true, verbose: 0 });
  t0 = performance.now();
  await model.fit(x, y, { epochs, batchSize: defaults.batchSize, shuffle: true, verbose: 0 });
  const fitSeconds = (performance.now() - t0) / 1000;
  model.optimizer.dispose(); // compiled with an optimizer instance, which model.dispose() leaves alone
  model.dispose();
  tf.dispose([x, y]);
  return { appRowsPerSecond: (rows * epochs) / appSeconds, fitRowsPerSecond: (rows * epochs) / fitSeconds };
}

export function install(): void {
  Object.assign(window, { pruningLabBench: { bareForward, trainingThroughput, tradeOffFigures, lenetFigures } });
}
