/** Loss (cross-entropy) and accuracy of one model on both splits. */
export interface Metrics {
  trainLoss: number;
  /** Fraction in [0, 1]. */
  trainAccuracy: number;
  testLoss: number;
  /** Fraction in [0, 1]. */
  testAccuracy: number;
}

/**
 * Metrics from a binary classifier's logits (before the sigmoid) and its 0/1 labels, rows
 * [0, trainRows) being the training split and the rest the test split. The loss is binary
 * cross-entropy in its stable form max(z, 0) − z·y + log(1 + e^−|z|); a row is correct when
 * z > 0 and its label is 1, or z <= 0 and its label is 0. Sums run in double precision.
 */
export function binaryMetrics(logits: Float32Array, labels: Float32Array, trainRows: number): Metrics {
  if (logits.length !== labels.length) {
    throw new Error(`Expected one logit per label (${labels.length}), but got ${logits.length}`);
  }
  return splitMetrics(labels.length, trainRows, (i) => {
    const z = logits[i];
    const y = labels[i];
    return { loss: Math.max(z, 0) - z * y + Math.log1p(Math.exp(-Math.abs(z))), correct: (z > 0 ? 1 : 0) === y };
  });
}

/**
 * Metrics from a softmax classifier's logits, row-major [rows, classes], and class-index labels
 * [rows], rows [0, trainRows) being the training split. The loss is the categorical cross-entropy
 * log Σ e^z − z_label in its stable form (the largest logit subtracted first); a row is correct when
 * its label's logit is the largest (the first largest on a tie). Sums run in double precision.
 */
export function softmaxMetrics(
  logits: Float32Array,
  labels: Float32Array,
  classes: number,
  trainRows: number,
): Metrics {
  if (!Number.isInteger(classes) || classes < 2) throw new Error(`Expected at least 2 classes, but got ${classes}`);
  if (logits.length !== labels.length * classes) {
    throw new Error(`Expected ${classes} logits per label (${labels.length * classes}), but got ${logits.length}`);
  }
  return splitMetrics(labels.length, trainRows, (r) => {
    const base = r * classes;
    let best = 0;
    for (let c = 1; c < classes; c++) if (logits[base + c] > logits[base + best]) best = c;
    const max = logits[base + best];
    let sum = 0;
    for (let c = 0; c < classes; c++) sum += Math.exp(logits[base + c] - max);
    const label = labels[r];
    return { loss: Math.log(sum) - (logits[base + label] - max), correct: best === label };
  });
}

/** Metrics for a network with `outputs` output units: one (sigmoid, binaryMetrics) or one per class (softmaxMetrics). */
export function classifierMetrics(
  logits: Float32Array,
  labels: Float32Array,
  outputs: number,
  trainRows: number,
): Metrics {
  return outputs === 1 ? binaryMetrics(logits, labels, trainRows) : softmaxMetrics(logits, labels, outputs, trainRows);
}

/**
 * Mean loss and accuracy of rows [0, trainRows) and [trainRows, rows), from each row's loss and
 * whether it was right (`row(i)`), summed in double precision.
 */
function splitMetrics(
  rows: number,
  trainRows: number,
  row: (i: number) => { loss: number; correct: boolean },
): Metrics {
  if (!Number.isInteger(trainRows) || trainRows < 1 || trainRows >= rows) {
    throw new Error(`Expected 1 <= trainRows < ${rows}, but got ${trainRows}`);
  }
  const split = (from: number, to: number) => {
    let loss = 0;
    let correct = 0;
    for (let i = from; i < to; i++) {
      const r = row(i);
      loss += r.loss;
      if (r.correct) correct++;
    }
    return { loss: loss / (to - from), accuracy: correct / (to - from) };
  };
  const train = split(0, trainRows);
  const test = split(trainRows, rows);
  return { trainLoss: train.loss, trainAccuracy: train.accuracy, testLoss: test.loss, testAccuracy: test.accuracy };
}
