import * as tf from './tf';
import type { Dataset } from '../data/types';

/**
 * Rows a piece of `xChunks` holds at most when the data set has a sample: an exact count reads
 * back one piece at a time, so a new slider step can cut it short.
 */
export const CHUNK_ROWS = 1000;

/**
 * A data set on the active backend. `xChunks` holds the training rows followed by the test rows
 * ([trainRows + testRows, features] in all): one piece, so that one forward pass evaluates both
 * splits, or, for a data set with a sample (too large to count live), pieces of CHUNK_ROWS rows,
 * cut once here: slicing a large tensor per chunk copied all of it each time on wasm (its Slice
 * reads the whole input), 0.5 s of an exact count's 1.3 s on MNIST. `yTrain` is
 * the training labels as the loss takes them: [trainRows, 1] of 0/1 for one output unit, one-hot
 * [trainRows, outputs] for more. `sample`, when present, is the first `rows` training rows followed
 * by the first `rows` test rows: the quick estimate's rows. The creator owns every tensor and frees
 * them with `disposeData`.
 */
export interface DataTensors {
  xChunks: tf.Tensor2D[];
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
    const rows = train.rows + test.rows;
    const sizes = Array.from({ length: Math.ceil(rows / CHUNK_ROWS) }, (_, i) =>
      Math.min(CHUNK_ROWS, rows - i * CHUNK_ROWS),
    );
    const xChunks = useSample && sizes.length > 1 ? tf.split<tf.Tensor2D>(x, sizes) : [x];
    const xSample = useSample
      ? [tf.concat([xTrain.slice([0, 0], [sampleRows, -1]), xTest.slice([0, 0], [sampleRows, -1])])]
      : [];
    return { xChunks, xTrain, yTrain, xSample };
  });
  const { xChunks, xTrain, yTrain, xSample } = tensors;
  const sample = xSample.length && sampleRows !== null ? { x: xSample[0], rows: sampleRows } : null;
  return { xChunks, xTrain, yTrain, trainRows: train.rows, testRows: test.rows, sample };
}

/** Every row of `data` as one tensor: its one piece (not a copy), or for a chunked data set a new tensor the caller frees. */
export function wholeRows(data: DataTensors): { x: tf.Tensor2D; owned: boolean } {
  return data.xChunks.length === 1 ? { x: data.xChunks[0], owned: false } : { x: tf.concat(data.xChunks), owned: true };
}

export function disposeData(data: DataTensors): void {
  tf.dispose([...data.xChunks, data.xTrain, data.yTrain, ...(data.sample ? [data.sample.x] : [])]);
}
