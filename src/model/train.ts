import * as tf from './tf';
import type { Mask } from '../core/pruning/mask';
import type { NetworkSpec } from '../core/network/spec';
import type { DistillOptions } from '../core/compression/distill';
import type { DataTensors } from './data';
import type { EpochRows } from './batches';
import { gradients } from './gradients';
import type { MlpParams } from './mlp';
import { centroidGradient, disposeShared, sharedKernel, sharedSlot, type SharedKernel } from './sharing';
import { kernelsFor, slotOf } from './stepKernels';

/** Keras' Adam defaults (tf.keras.optimizers.Adam), which tf.train.adam and the Trainer share. */
const BETA1 = 0.9;
const BETA2 = 0.999;
const EPSILON = 1e-7;

/** What a Trainer adds to plain training: trained weight sharing, and distillation from a teacher. */
export interface TrainerCompression {
  /** Per kernel, its weight sharing (null: a plain kernel): the centroids are trained, not the weights. */
  sharing?: readonly (SharedKernel | null)[];
  /**
   * The teacher's probabilities at T for every training row, [trainRows, outputs] (model/distill's
   * `softTargets`, owned by the caller), and how to mix them with the labels.
   */
  distill?: { targets: tf.Tensor2D; options: DistillOptions };
}

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
 * operations, the mask multiplied in as the last of them. `compression` adds trained weight sharing
 * (model/sharing: Adam steps each shared kernel's centroids) and distillation (model/gradients).
 */
export function createTrainer(
  spec: NetworkSpec,
  params: MlpParams,
  data: DataTensors,
  learningRate: number,
  masks: MaskTensors | null,
  runAs: string = tf.getBackend(),
  compression: TrainerCompression = {},
): Trainer {
  const kernels = kernelsFor(runAs, params);
  const variables: tf.Variable[] = [...params.kernels, ...params.biases];
  const sharing = compression.sharing?.map((s) => s && sharedSlot(s)) ?? null;
  // Shared kernels are stepped through their centroids, one by one: not laid end to end.
  const flat = kernels.flat && !sharing;
  const distill = compression.distill ?? null;
  // The labels with the teacher's soft targets beside them, so that every batch takes both.
  const rowsOf = distill
    ? { ...data, yTrain: tf.tidy(() => tf.concat<tf.Tensor2D>([data.yTrain, distill.targets], 1)) }
    : data;
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
      epoch = kernels.epochRows(rowsOf, order);
    },
    step(start, end) {
      const rows = epoch;
      if (!rows) throw new Error('Expected an epoch begun (startEpoch) before a step, but none was');
      tf.tidy(() => {
        const { x, y } = rows.batch(start, end);
        const grads = gradients(spec, params, x, y, kernels, distill?.options ?? null);
        const all = [...grads.kernels, ...grads.biases];
        const g = flat ? [tf.concat(all.map((t) => t.reshape([-1])))] : all;
        const corrections = {
          oneMinusAccBeta1: Math.fround(1 - accBeta1),
          oneMinusAccBeta2: Math.fround(1 - accBeta2),
        };
        slots.forEach((slot, i) => {
          const shared = sharing?.[i];
          if (!shared) return kernels.adam(slot, g[i], constants, corrections);
          const gc = centroidGradient(grads.kernels[i], shared);
          kernels.adam(shared.slot, gc, constants, corrections);
          params.kernels[i].assign(sharedKernel(shared, slot.mask, params.kernels[i].shape));
        });
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
      sharing?.forEach((shared) => shared && disposeShared(shared));
      if (rowsOf !== data) rowsOf.yTrain.dispose();
    },
  };
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
