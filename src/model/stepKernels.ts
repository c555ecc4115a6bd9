import * as tf from './tf';
import type { DataTensors } from './data';
import { gatheredRows, rowsInLoops, shuffledCopy, type EpochRows } from './batches';
import { columnSumsInLoops, matMulNTInLoops, matMulTNInLoops, type ForwardMode, type MlpParams } from './mlp';

/**
 * How a training step runs on each backend, and Adam's update on one slot of weights: the parts of
 * model/train's Trainer that differ between backends.
 */

/** Adam's moments for one variable (or for all of them laid end to end) and the mask kept on it. */
export interface AdamSlot {
  value: tf.Variable;
  m: tf.Variable;
  v: tf.Variable;
  mask: tf.Tensor | null;
}

export function slotOf(value: tf.Variable): AdamSlot {
  const zeros = () => tf.tidy(() => tf.variable(tf.zerosLike(value), false));
  return { value, m: zeros(), v: zeros(), mask: null };
}

export type AdamConstants = Record<
  'beta1' | 'oneMinusBeta1' | 'beta2' | 'oneMinusBeta2' | 'epsilon' | 'minusRate',
  tf.Scalar
>;

/** This step's bias corrections, 1 − beta^t in float32. */
export interface AdamCorrections {
  oneMinusAccBeta1: number;
  oneMinusAccBeta2: number;
}

/**
 * The parts of a step that each backend runs its own way, as measured on each. Weights laid end to
 * end (`flat`) make Adam 14 kernels instead of 14 per variable, which pays on a small network; on
 * a large one the concatenation and the split back cost more than they save. wasm multiplies a
 * transposed operand about ten times slower than a plain one, so it transposes first; webgl takes
 * the transposes in its matMul shader. The cpu backend's tensors are JavaScript arrays and its
 * kernels loop with index arithmetic per element: there the batches, the matrix products and Adam
 * run as plain loops over those arrays (Adam with the same float32 roundings as tf's kernels).
 */
export interface StepKernels {
  flat: boolean;
  forward: ForwardMode;
  /** An epoch's batches in the order `order`. */
  epochRows: (data: DataTensors, order: Int32Array) => EpochRows;
  /** a [rows, m], b [rows, n] → aᵀ·b [m, n]. */
  matMulTN: (a: tf.Tensor2D, b: tf.Tensor2D) => tf.Tensor2D;
  /** a [rows, n], b [m, n] → a·bᵀ [rows, m]. */
  matMulNT: (a: tf.Tensor2D, b: tf.Tensor2D) => tf.Tensor2D;
  /** t [rows, n] → the sum of its rows [n]. */
  columnSums: (t: tf.Tensor2D) => tf.Tensor1D;
  adam: (slot: AdamSlot, g: tf.Tensor, c: AdamConstants, corrections: AdamCorrections) => void;
}

/** Networks with at most this many weights train with them laid end to end (StepKernels.flat). */
const FLAT_WEIGHTS = 50_000;

export function kernelsFor(backend: string, params: MlpParams): StepKernels {
  const weights = [...params.kernels, ...params.biases].reduce((n, t) => n + t.size, 0);
  if (backend === 'cpu') {
    return {
      flat: false,
      forward: 'fastest',
      epochRows: rowsInLoops,
      matMulTN: matMulTNInLoops,
      matMulNT: matMulNTInLoops,
      columnSums: columnSumsInLoops,
      adam: adamInLoops,
    };
  }
  const wasm = backend === 'wasm';
  return {
    flat: weights <= FLAT_WEIGHTS,
    forward: 'backend',
    epochRows: wasm ? gatheredRows : shuffledCopy,
    matMulTN: (a, b) => (wasm ? tf.matMul(tf.transpose(a), b) : tf.matMul(a, b, true, false)),
    matMulNT: (a, b) => (wasm ? tf.matMul(a, tf.transpose(b)) : tf.matMul(a, b, false, true)),
    columnSums: (t) => tf.sum(t, 0),
    adam: adamInOps,
  };
}

/** tf.train.adam's applyGradients on one slot, operation for operation; then the mask. */
function adamInOps(slot: AdamSlot, g: tf.Tensor, c: AdamConstants, corrections: AdamCorrections): void {
  const newM = tf.add(tf.mul(slot.m, c.beta1), tf.mul(g, c.oneMinusBeta1));
  const newV = tf.add(tf.mul(slot.v, c.beta2), tf.mul(tf.square(g), c.oneMinusBeta2));
  const mHat = tf.div(newM, corrections.oneMinusAccBeta1);
  const vHat = tf.div(newV, corrections.oneMinusAccBeta2);
  slot.m.assign(newM);
  slot.v.assign(newV);
  const stepped = tf.add(tf.mul(tf.div(mHat, tf.add(tf.sqrt(vHat), c.epsilon)), c.minusRate), slot.value);
  slot.value.assign(slot.mask ? tf.mul(stepped, slot.mask) : stepped);
}

/** adamInOps in one loop over the cpu backend's arrays, each operation rounded to float32 as its kernel rounds it. */
function adamInLoops(slot: AdamSlot, g: tf.Tensor, c: AdamConstants, corrections: AdamCorrections): void {
  const f = Math.fround;
  const [beta1, oneMinusBeta1, beta2, oneMinusBeta2, epsilon, minusRate] = [
    c.beta1,
    c.oneMinusBeta1,
    c.beta2,
    c.oneMinusBeta2,
    c.epsilon,
    c.minusRate,
  ].map((s) => (s.dataSync() as Float32Array)[0]);
  const om1 = f(corrections.oneMinusAccBeta1);
  const om2 = f(corrections.oneMinusAccBeta2);
  const grad = g.dataSync() as Float32Array;
  const m = slot.m.dataSync() as Float32Array;
  const v = slot.v.dataSync() as Float32Array;
  const w = slot.value.dataSync() as Float32Array;
  const mask = slot.mask ? (slot.mask.dataSync() as Float32Array) : null;
  const n = w.length;
  const newM = new Float32Array(n);
  const newV = new Float32Array(n);
  const newW = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const gi = grad[i];
    const mi = f(f(m[i] * beta1) + f(gi * oneMinusBeta1));
    const vi = f(f(v[i] * beta2) + f(f(gi * gi) * oneMinusBeta2));
    newM[i] = mi;
    newV[i] = vi;
    const stepped = f(f(f(f(mi / om1) / f(f(Math.sqrt(f(vi / om2))) + epsilon)) * minusRate) + w[i]);
    newW[i] = mask ? f(stepped * mask[i]) : stepped;
  }
  const shape = slot.value.shape;
  slot.m.assign(tf.tensor(newM, shape));
  slot.v.assign(tf.tensor(newV, shape));
  slot.value.assign(tf.tensor(newW, shape));
}
