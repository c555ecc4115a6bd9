import * as tf from './tf';
import * as tfl from '@tensorflow/tfjs-layers';
import type { NetworkSpec, NetworkWeights } from '../core/network/spec';
import { createOptimizer } from './train';

/**
 * The same network as a tf.layers Sequential model with `weights` loaded, compiled as the seed
 * script compiled it (Adam, cross-entropy, accuracy). Used to time plain `model.fit`
 * against the app's own loop. The caller owns the model and disposes it.
 */
export function buildLayersModel(spec: NetworkSpec, weights: NetworkWeights, learningRate: number): tfl.LayersModel {
  const model = tfl.sequential();
  const widths = [...spec.hidden, spec.outputs];
  widths.forEach((units, i) =>
    model.add(
      tfl.layers.dense({
        units,
        activation: i < widths.length - 1 ? spec.activation : spec.outputs === 1 ? 'sigmoid' : 'softmax',
        ...(i === 0 ? { inputShape: [spec.inputs] } : {}),
      }),
    ),
  );
  tf.tidy(() =>
    model.setWeights(
      widths.flatMap((units, i) => [
        tf.tensor2d(weights.kernels[i], [i === 0 ? spec.inputs : widths[i - 1], units]),
        tf.tensor1d(weights.biases[i]),
      ]),
    ),
  );
  model.compile({
    optimizer: createOptimizer(learningRate),
    loss: spec.outputs === 1 ? 'binaryCrossentropy' : 'categoricalCrossentropy',
    metrics: ['accuracy'],
  });
  return model;
}
