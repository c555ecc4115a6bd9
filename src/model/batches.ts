import * as tf from './tf';
import type { DataTensors } from './data';

/**
 * An epoch's minibatches, taken the way each backend takes them fastest. The rows' labels are
 * `yTrain`'s columns, whatever their width (distillation appends the teacher's soft targets).
 */

/** The training rows and labels of a batch, [rows, features] and [rows, outputs], freed by the step's tidy. */
export interface Batch {
  x: tf.Tensor2D;
  y: tf.Tensor2D;
}

/** Where an epoch's batches come from. */
export interface EpochRows {
  /** The batch of rows order[start, end). */
  batch: (start: number, end: number) => Batch;
  dispose: () => void;
}

/**
 * The epoch's rows gathered into a shuffled copy once, each batch a slice of it: on webgl a slice of
 * rows is free (an offset into the same texture), while gathering from the uploaded data each step
 * costs as much as a forward pass on software WebGL.
 */
export function shuffledCopy(data: DataTensors, order: Int32Array): EpochRows {
  const copy = tf.tidy(() => {
    const indices = tf.tensor1d(order, 'int32');
    return { x: tf.gather(data.xTrain, indices), y: tf.gather(data.yTrain, indices) };
  });
  return {
    batch: (start, end) => ({
      x: tf.slice(copy.x, [start, 0], [end - start, -1]),
      y: tf.slice(copy.y, [start, 0], [end - start, -1]),
    }),
    dispose: () => tf.dispose([copy.x, copy.y]),
  };
}

/**
 * Each batch gathered from the data: on wasm, whose slices copy the whole tensor out of its heap,
 * with gatherND (its tf.gather copies element by element, ten times slower).
 */
export function gatheredRows(data: DataTensors, order: Int32Array): EpochRows {
  const rows = (t: tf.Tensor2D, start: number, end: number) =>
    tf.gatherND(t, tf.tensor2d(order.subarray(start, end), [end - start, 1], 'int32')) as tf.Tensor2D;
  return {
    batch: (start, end) => ({ x: rows(data.xTrain, start, end), y: rows(data.yTrain, start, end) }),
    dispose: () => undefined,
  };
}

/** Each batch copied row by row out of the cpu backend's arrays. */
export function rowsInLoops(data: DataTensors, order: Int32Array): EpochRows {
  const rows = (t: tf.Tensor2D, start: number, end: number) => {
    const width = t.shape[1];
    const values = t.dataSync() as Float32Array;
    const out = new Float32Array((end - start) * width);
    for (let i = start; i < end; i++)
      out.set(values.subarray(order[i] * width, (order[i] + 1) * width), (i - start) * width);
    return tf.tensor2d(out, [end - start, width]);
  };
  return {
    batch: (start, end) => ({ x: rows(data.xTrain, start, end), y: rows(data.yTrain, start, end) }),
    dispose: () => undefined,
  };
}
