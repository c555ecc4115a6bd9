import * as tf from './tf';
import type { Mask } from '../core/pruning/mask';
import type { MlpSpec } from '../core/network/spec';
import type { DataTensors } from './data';
import { columnSumsInLoops, layer, matMulNTInLoops, matMulTNInLoops, type ForwardMode, type MlpParams } from './mlp';

/** Keras' Adam defaults (tf.keras.optimizers.Adam), which tf.train.adam and the Trainer share. */
const BETA1 = 0.9;
const BETA2 = 0.999;
const EPSILON = 1e-7;

/** Adam with Keras' defaults (beta1 0.9, beta2 0.999, epsilon 1e-7), for tf.layers' `model.fit`. The caller owns it. */
export function createOptimizer(learningRate: number): tf.Optimizer {
  return tf.train.adam(learningRate, BETA1, BETA2, EPSILON);
}

/** Masks as 0/1 float tensors shaped like the kernels. The caller owns them (NetworkState does). */
export function uploadMasks(params: MlpParams, masks: readonly Mask[]): tf.Tensor2D[] {
  return masks.map((m, i) => tf.tensor2d(Float32Array.from(m), params.kernels[i].shape));
}

/**
 * Minibatch Adam on an MLP's variables, for one training run. It owns Adam's moments and its
 * constants, and frees them in `dispose()`; it borrows the variables, the data and the masks.
 */
export interface Trainer {
  /**
   * Begins an epoch whose batches are runs of consecutive entries of `order`, a permutation of the
   * training rows (kept until the next epoch begins).
   */
  startEpoch: (order: Int32Array) => void;
  /**
   * One optimizer step on the rows `order[start, end)` of the epoch begun last, minimising the
   * cross-entropy: binary (sigmoid) for one output unit, categorical (softmax) for more. With masks,
   * each kernel is multiplied by its mask in the same step, so pruned weights stay exactly zero.
   * Nothing is read back: the caller decides when to wait for the backend.
   */
  step: (start: number, end: number) => void;
  /** Kept-weight masks (owned by the caller) for every later step, or null; applied to the kernels at once. */
  setMasks: (masks: MaskTensors | null) => void;
  dispose: () => void;
}

/**
 * A Trainer at `learningRate` on `params`, fresh (Adam's moments zero), with `masks` kept (or none).
 * `runAs` names the backend whose way of running a step to take (StepKernels): the active one's by
 * default; tests take the others' on the cpu backend (only 'cpu' needs the cpu backend).
 *
 * The step is written out rather than taken through tf's tape and tf.train.adam (about 40 kernels
 * a step instead of about 185, and no loss value computed): the gradient of the mean cross-entropy
 * with respect to the logits is (p − y) / rows, back-propagated by hand (relu: × step(h), as tf's
 * fused kernel does; tanh: × (1 − h²)); Adam is tf.train.adam's own sequence of float32
 * operations, the mask multiplied in as the last of them.
 */
export function createTrainer(
  spec: MlpSpec,
  params: MlpParams,
  data: DataTensors,
  learningRate: number,
  masks: MaskTensors | null,
  runAs: string = tf.getBackend(),
): Trainer {
  const kernels = kernelsFor(runAs, params);
  const variables: tf.Variable[] = [...params.kernels, ...params.biases];
  const { flat } = kernels;
  const constants = tf.tidy(() => ({
    beta1: tf.scalar(BETA1),
    oneMinusBeta1: tf.scalar(1 - BETA1),
    beta2: tf.scalar(BETA2),
    oneMinusBeta2: tf.scalar(1 - BETA2),
    epsilon: tf.scalar(EPSILON),
    minusRate: tf.scalar(-learningRate),
  }));
  const slots = flat
    ? [slotOf(tf.tidy(() => tf.variable(tf.concat(variables.map((v) => v.reshape([-1]))), false)))]
    : variables.map((v) => slotOf(v));
  const sizes = variables.map((v) => v.size);
  const writeBack = () => {
    if (flat) writeFlat(slots[0].value, variables, sizes);
  };
  // The flat layout's mask is its own; the caller's masks are borrowed.
  let ownedMask: tf.Tensor | null = null;
  // tf.train.adam's accumulated powers beta^t, in float32 as it keeps them.
  let accBeta1 = Math.fround(BETA1);
  let accBeta2 = Math.fround(BETA2);

  const setMasks = (next: MaskTensors | null) => {
    ownedMask?.dispose();
    ownedMask = null;
    if (flat) {
      ownedMask = next && flattenMasks(next, params);
      slots[0].mask = ownedMask;
    } else {
      params.kernels.forEach((_, i) => (slots[i].mask = next ? next[i] : null));
    }
    if (next) {
      tf.tidy(() => {
        for (const slot of slots) if (slot.mask) slot.value.assign(tf.mul(slot.value, slot.mask));
        writeBack();
      });
    }
  };
  setMasks(masks);

  let epoch: EpochRows | null = null;

  return {
    startEpoch(order) {
      epoch?.dispose();
      epoch = kernels.epochRows(data, order);
    },
    step(start, end) {
      const rows = epoch;
      if (!rows) throw new Error('Expected an epoch begun (startEpoch) before a step, but none was');
      tf.tidy(() => {
        const { x, y } = rows.batch(start, end);
        const grads = gradients(spec, params, x, y, kernels);
        const all = [...grads.kernels, ...grads.biases];
        const g = flat ? [tf.concat(all.map((t) => t.reshape([-1])))] : all;
        const corrections = {
          oneMinusAccBeta1: Math.fround(1 - accBeta1),
          oneMinusAccBeta2: Math.fround(1 - accBeta2),
        };
        slots.forEach((slot, i) => kernels.adam(slot, g[i], constants, corrections));
        writeBack();
      });
      accBeta1 = Math.fround(accBeta1 * Math.fround(BETA1));
      accBeta2 = Math.fround(accBeta2 * Math.fround(BETA2));
    },
    setMasks,
    dispose() {
      epoch?.dispose();
      ownedMask?.dispose();
      tf.dispose(Object.values(constants));
      for (const slot of slots) tf.dispose([slot.m, slot.v]);
      if (flat) slots[0].value.dispose();
    },
  };
}

/** Adam's moments for one variable (or for all of them laid end to end) and the mask kept on it. */
interface AdamSlot {
  value: tf.Variable;
  m: tf.Variable;
  v: tf.Variable;
  mask: tf.Tensor | null;
}

function slotOf(value: tf.Variable): AdamSlot {
  const zeros = () => tf.tidy(() => tf.variable(tf.zerosLike(value), false));
  return { value, m: zeros(), v: zeros(), mask: null };
}

type AdamConstants = Record<'beta1' | 'oneMinusBeta1' | 'beta2' | 'oneMinusBeta2' | 'epsilon' | 'minusRate', tf.Scalar>;

/** This step's bias corrections, 1 − beta^t in float32. */
interface AdamCorrections {
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
interface StepKernels {
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

function kernelsFor(backend: string, params: MlpParams): StepKernels {
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

/** The training rows and labels of a batch, [rows, features] and [rows, outputs], freed by the step's tidy. */
interface Batch {
  x: tf.Tensor2D;
  y: tf.Tensor2D;
}

/** Where an epoch's batches come from. */
interface EpochRows {
  /** The batch of rows order[start, end). */
  batch: (start: number, end: number) => Batch;
  dispose: () => void;
}

/**
 * The epoch's rows gathered into a shuffled copy once, each batch a slice of it: on webgl a slice of
 * rows is free (an offset into the same texture), while gathering from the uploaded data each step
 * costs as much as a forward pass on software WebGL.
 */
function shuffledCopy(data: DataTensors, order: Int32Array): EpochRows {
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
function gatheredRows(data: DataTensors, order: Int32Array): EpochRows {
  const rows = (t: tf.Tensor2D, start: number, end: number) =>
    tf.gatherND(t, tf.tensor2d(order.subarray(start, end), [end - start, 1], 'int32')) as tf.Tensor2D;
  return {
    batch: (start, end) => ({ x: rows(data.xTrain, start, end), y: rows(data.yTrain, start, end) }),
    dispose: () => undefined,
  };
}

/** Each batch copied row by row out of the cpu backend's arrays. */
function rowsInLoops(data: DataTensors, order: Int32Array): EpochRows {
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

/** The gradients of the mean cross-entropy over rows `x` [rows, inputs] with labels `y` [rows, outputs]. */
function gradients(
  spec: MlpSpec,
  params: MlpParams,
  x: tf.Tensor2D,
  y: tf.Tensor2D,
  k: StepKernels,
): { kernels: tf.Tensor2D[]; biases: tf.Tensor1D[] } {
  const { kernels, biases } = params;
  const last = kernels.length - 1;
  // inputs[i] is layer i's input: x, then each hidden layer's activation.
  const inputs: tf.Tensor2D[] = [x];
  kernels.forEach((kernel, i) => inputs.push(layer(spec, i, inputs[i], kernel, biases[i], k.forward)));
  const z = inputs.pop()!;
  const p = spec.outputs === 1 ? tf.sigmoid(z) : tf.softmax(z);
  let dz: tf.Tensor2D = tf.div(tf.sub(p, y), x.shape[0]);
  const dKernels: tf.Tensor2D[] = [];
  const dBiases: tf.Tensor1D[] = [];
  for (let i = last; i >= 0; i--) {
    dKernels[i] = k.matMulTN(inputs[i], dz);
    dBiases[i] = k.columnSums(dz);
    if (i > 0) {
      const h = inputs[i];
      const dh = k.matMulNT(dz, kernels[i]);
      dz = spec.activation === 'relu' ? tf.mul(dh, tf.step(h)) : tf.mul(dh, tf.sub(1, tf.square(h)));
    }
  }
  return { kernels: dKernels, biases: dBiases };
}

/** One 1D tensor of every kernel's mask followed by ones for every bias (biases are never pruned). */
function flattenMasks(masks: MaskTensors, params: MlpParams): tf.Tensor1D {
  return tf.tidy(() =>
    tf.concat([...masks.map((m) => m.reshape([-1])), ...params.biases.map((b) => tf.onesLike(b))]),
  ) as tf.Tensor1D;
}

/** Writes the weights laid end to end (`flat`) back into `variables` of `sizes` elements each. */
function writeFlat(flat: tf.Tensor, variables: readonly tf.Variable[], sizes: readonly number[]): void {
  tf.split(flat, sizes as number[]).forEach((part, i) => variables[i].assign(part.reshape(variables[i].shape)));
}

/** A copy of every variable's value, to put back with `restoreParams`. The caller frees it with `disposeCopy`. */
export type ParamsCopy = tf.Tensor[];

export function copyParams(params: MlpParams): ParamsCopy {
  return [...params.kernels, ...params.biases].map((v) => tf.clone(v));
}

export function restoreParams(params: MlpParams, saved: ParamsCopy): void {
  const variables: tf.Variable[] = [...params.kernels, ...params.biases];
  variables.forEach((v, i) => v.assign(saved[i]));
}

export function disposeCopy(saved: ParamsCopy): void {
  tf.dispose(saved);
}

/** Tensors alive on the active backend (`tf.memory().numTensors`): the leak test's count. */
export function tensorCount(): number {
  return tf.memory().numTensors;
}

/** Kept-weight masks on the backend, one 0/1 [fanIn, fanOut] tensor per kernel. NetworkState owns them. */
export type MaskTensors = readonly tf.Tensor2D[];

export function disposeMasks(masks: MaskTensors): void {
  tf.dispose([...masks]);
}
