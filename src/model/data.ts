import * as tf from './tf';
import type { Dataset } from '../data/types';

/**
 * A data set on the active backend. `x` holds the training rows followed by the test rows
 * ([trainRows + testRows, features]) so that one forward pass evaluates both splits; `yTrain` is
 * the training labels as the loss takes them: [trainRows, 1] of 0/1 for one output unit, one-hot
 * [trainRows, outputs] for more. `sample`, when present, is the first `rows` training rows followed
 * by the first `rows` test rows: the quick estimate's rows. The creator owns every tensor and frees
 * them with `disposeData`.
 */
export interface DataTensors {
  x: tf.Tensor2D;
  xTrain: tf.Tensor2D;
  yTrain: tf.Tensor2D;
  trainRows: number;
  testRows: number;
  sample: { x: tf.Tensor2D; rows: number } | null;
}

/**
 * Uploads `dataset` for a network with `outputs` output units. With `sampleRows` smaller than both
 * splits, also uploads the estimate's rows (see DataTensors.sample).
 */
export function uploadData(dataset: Dataset, outputs: number, sampleRows: number | null = null): DataTensors {
  const { features, train, test } = dataset;
  const useSample = sampleRows !== null && sampleRows < train.rows && sampleRows < test.rows;
  const tensors = tf.tidy(() => {
    const xTrain = tf.tensor2d(train.x, [train.rows, features]);
    const labels = tf.tensor1d(train.y, 'float32');
    const yTrain = (
      outputs === 1 ? labels.reshape([train.rows, 1]) : tf.oneHot(labels.toInt(), outputs).toFloat()
    ) as tf.Tensor2D;
    const xTest = tf.tensor2d(test.x, [test.rows, features]);
    const x = tf.concat([xTrain, xTest]);
    const xSample = useSample
      ? [tf.concat([xTrain.slice([0, 0], [sampleRows, -1]), xTest.slice([0, 0], [sampleRows, -1])])]
      : [];
    return { x, xTrain, yTrain, xSample };
  });
  const { x, xTrain, yTrain, xSample } = tensors;
  const sample = xSample.length && sampleRows !== null ? { x: xSample[0], rows: sampleRows } : null;
  return { x, xTrain, yTrain, trainRows: train.rows, testRows: test.rows, sample };
}

export function disposeData(data: DataTensors): void {
  tf.dispose([data.x, data.xTrain, data.yTrain, ...(data.sample ? [data.sample.x] : [])]);
}
