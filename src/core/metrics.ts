/** Loss (binary cross-entropy) and accuracy of one model on both splits. */
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
  if (!Number.isInteger(trainRows) || trainRows < 1 || trainRows >= labels.length) {
    throw new Error(`Expected 1 <= trainRows < ${labels.length}, but got ${trainRows}`);
  }
  const split = (from: number, to: number) => {
    let loss = 0;
    let correct = 0;
    for (let i = from; i < to; i++) {
      const z = logits[i];
      const y = labels[i];
      loss += Math.max(z, 0) - z * y + Math.log1p(Math.exp(-Math.abs(z)));
      if ((z > 0 ? 1 : 0) === y) correct++;
    }
    return { loss: loss / (to - from), accuracy: correct / (to - from) };
  };
  const train = split(0, trainRows);
  const test = split(trainRows, labels.length);
  return { trainLoss: train.loss, trainAccuracy: train.accuracy, testLoss: test.loss, testAccuracy: test.accuracy };
}
