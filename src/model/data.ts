import * as tf from './tf';
import type { Dataset } from '../data/types';

/**
 * A data set on the active backend. `x` and `y` hold the training rows followed by the test rows
 * ([trainRows + testRows, features] and [.., 1]) so that one forward pass evaluates both splits.
 * The creator owns the tensors and frees them with `disposeData`.
 */
export interface DataTensors {
  x: tf.Tensor2D;
  y: tf.Tensor2D;
  xTrain: tf.Tensor2D;
  yTrain: tf.Tensor2D;
  trainRows: number;
  testRows: number;
}

export function uploadData(dataset: Dataset): DataTensors {
  const { features, train, test } = dataset;
  return tf.tidy(() => {
    const xTrain = tf.tensor2d(train.x, [train.rows, features]);
    const yTrain = tf.tensor2d(train.y, [train.rows, 1]);
    const x = tf.concat([xTrain, tf.tensor2d(test.x, [test.rows, features])]);
    const y = tf.concat([yTrain, tf.tensor2d(test.y, [test.rows, 1])]);
    return { x, y, xTrain, yTrain, trainRows: train.rows, testRows: test.rows };
  });
}

export function disposeData(data: DataTensors): void {
  tf.dispose([data.x, data.y, data.xTrain, data.yTrain]);
}
