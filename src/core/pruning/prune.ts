import type { Mask } from './mask';
import { keepCount, lastTargetKeeping } from './count';
import { nmMask } from '../compression/nm';

/**
 * Pruning rules on plain arrays, defined as TensorFlow Model Optimization (tfmot) defines them: a
 * target keeps k = max(round(n·(1 − s)), 1) units, in float32 with round half to even, and ties at
 * the threshold are kept. Where torch.nn.utils.prune and Distiller differ, docs/definitions.md
 * says how. A rule picks which weights to keep; `preparePruning` sorts what a rule needs once per
 * set of weights, so that a slider step only walks arrays.
 */

/** What decides the cut. Keys are URL tokens; values are the Prune by options' text. */
export const PRUNE_BY = {
  magnitude: 'Magnitude threshold',
  target: 'Target sparsity',
  std: 'Standard deviations',
} as const;
export type PruneBy = keyof typeof PRUNE_BY;

/** Where one cut applies: each layer alone, or one ranking over all kernels. */
export const SCOPES = { layer: 'Per layer', global: 'Global' } as const;
export type Scope = keyof typeof SCOPES;

/**
 * What is removed: single weights, whole hidden neurons, random weights (the control), or the 2:4
 * pattern (`nm`: in every 4 consecutive inputs of a neuron the 2 largest |w| stay; the criterion's
 * value does not apply, the pattern fixes the cut).
 */
export const METHODS = {
  unstructured: 'Unstructured (weights)',
  structured: 'Structured (neurons)',
  random: 'Random (control)',
  nm: 'Semi-structured 2:4 (N:M)',
} as const;
export type Method = keyof typeof METHODS;

/** The N:M pattern of the `nm` method: 2 of every 4, the one NVIDIA's sparse tensor cores run. */
export const NM_PATTERN = { n: 2, m: 4 } as const;

export interface PruneRule {
  by: PruneBy;
  scope: Scope;
  method: Method;
  /** For `magnitude`: scores below it are pruned (|w|, or a unit's score: see `UnitScore`). */
  threshold: number;
  /** For `target`: the share of units to remove, a fraction in [0, 1). */
  targetFraction: number;
  /**
   * For `std`: Han et al.'s quality parameter q; threshold = q × the population σ of the weights
   * still kept, taken at each cut (Distiller: torch.std's n − 1 σ of the whole tensor, taken once).
   */
  quality: number;
  /**
   * The output layer's rate as a fraction of the hidden layers' (1, or 0.5 as in the lottery-ticket
   * papers). Below 1 the output layer is cut to that share of the sparsity the hidden layers got.
   */
  outputRate: number;
  /**
   * For `target`: count the share among the surviving units rather than all units, as iterative
   * pruning does (each round removes p of the survivors). Default false: tfmot's semantics.
   */
  ofSurvivors?: boolean;
}

/** The weights a rule ranks. Kernels are row-major [fanIn, fanOut]; the last one is the output layer. */
export interface PruneInput {
  kernels: readonly Float32Array[];
  shapes: readonly (readonly [number, number])[];
  /** Weights pruned in earlier rounds: never kept again. */
  prior: readonly Mask[];
  /** One seeded uniform key per weight, for the random control; fixed for a session. */
  randomKeys: readonly Float32Array[];
  /** Per kernel, how a structured cut scores a unit (a column); 'rms' for every kernel when absent. */
  unitScores?: readonly UnitScore[];
}

/**
 * How a structured cut scores a unit (a kernel column: a neuron's or a conv filter's incoming
 * weights): 'rms' is the RMS weight (L2 norm / √fan-in), 'l1' the sum of |w| (Li et al. 2017's
 * filter rank), 'meanAbs' that sum over the fan-in: Li et al.'s order, comparable across layers.
 */
export type UnitScore = 'rms' | 'l1' | 'meanAbs';

/** Units of one layer: weights (unstructured, random) or hidden neurons (structured). */
interface LayerUnits {
  /** Whether this layer takes part; a structured cut leaves the output layer's neurons alone. */
  prunable: boolean;
  /** |w|, or a unit's score (`UnitScore`); earlier-pruned entries count as 0. */
  scores: Float32Array;
  eligible: Uint8Array;
  /** Eligible scores, largest first. */
  sorted: Float32Array;
  /** Standard deviation of the layer's surviving weights. */
  std: number;
}

/** What `preparePruning` computed for one set of weights and one method. */
export interface PreparedPruning {
  readonly input: PruneInput;
  readonly method: Method;
  readonly layers: readonly LayerUnits[];
  /** Eligible scores of all prunable layers together, largest first. */
  readonly globalSorted: Float32Array;
  /** Standard deviation of all surviving weights of the prunable layers together. */
  readonly globalStd: number;
}

export interface PruneResult {
  /** One keep-mask per kernel (1 = kept), never keeping a weight the prior pruned. */
  masks: Mask[];
  /** Layers left with no weight at all: the network's output no longer depends on its input. */
  emptyLayers: number[];
}

/** Sorts and measures what every rule for `method` needs. O(n log n); do it once per weights. */
export function preparePruning(input: PruneInput, method: Method): PreparedPruning {
  const { kernels, shapes, prior } = input;
  if (shapes.length !== kernels.length || prior.length !== kernels.length) {
    throw new Error(`Expected ${kernels.length} shapes and prior masks, but got ${shapes.length} and ${prior.length}`);
  }
  const last = kernels.length - 1;
  const layers = kernels.map((weights, l) => {
    const [fanIn, fanOut] = shapes[l];
    if (weights.length !== fanIn * fanOut) {
      throw new Error(`Expected layer ${l + 1} to hold ${fanIn}×${fanOut} weights, but got ${weights.length}`);
    }
    const structured = method === 'structured';
    const units = structured
      ? columnScores(weights, prior[l], fanIn, fanOut, input.unitScores?.[l] ?? 'rms')
      : weightScores(weights, prior[l]);
    return {
      prunable: !(structured && l === last),
      ...units,
      sorted: sortedDescending(units.scores, units.eligible),
      std: survivingStd([weights], [prior[l]]),
    };
  });
  const prunable = layers.filter((layer) => layer.prunable);
  const globalSorted = mergeDescending(prunable.map((layer) => layer.sorted));
  const prunableIndex = layers.flatMap((layer, l) => (layer.prunable ? [l] : []));
  const globalStd = survivingStd(
    prunableIndex.map((l) => kernels[l]),
    prunableIndex.map((l) => prior[l]),
  );
  return { input, method, layers, globalSorted, globalStd };
}

/**
 * The keep-masks `rule` gives on prepared weights. Ties at a threshold are kept (tfmot). A target
 * keeps k = `keepCount(n, s)` units per layer, or of all units for the global scope, n counting
 * units pruned earlier (or only the survivors with `ofSurvivors`): the units scoring at least the
 * k-th largest eligible score. The random control keeps, per layer, as many weights as the
 * magnitude ranking would, chosen by the seeded keys.
 */
export function pruneMasks(prepared: PreparedPruning, rule: PruneRule): PruneResult {
  assertRule(rule, prepared.method);
  if (prepared.method === 'nm') return nmMasks(prepared);
  const { layers } = prepared;
  const last = layers.length - 1;
  const separateOutput = rule.outputRate !== 1 && prepared.method !== 'structured';
  const inGroup = layers.map((layer, l) => layer.prunable && !(separateOutput && l === last));
  const thresholds = layers.map((_, l) => (inGroup[l] ? groupThreshold(prepared, rule, l, inGroup) : Infinity));
  let masks = layers.map((_, l) =>
    inGroup[l]
      ? expandToWeights(prepared, l, keepAtOrAbove(layers[l], thresholds[l]))
      : prepared.input.prior[l].slice(),
  );
  if (separateOutput) {
    const output = layers[last];
    const fraction =
      (rule.by === 'target' ? rule.targetFraction : maskSparsity(masks.slice(0, last))) * rule.outputRate;
    masks[last] = keepAtOrAbove(output, kthLargest(output.sorted, keepCount(unitCount(output, rule), fraction)));
  }
  if (prepared.method === 'random') masks = masks.map((mask, l) => randomMaskLike(prepared, l, countOnes(mask)));
  const emptyLayers = masks.flatMap((mask, l) => (countOnes(mask) === 0 ? [l] : []));
  return { masks, emptyLayers };
}

/** Where a layer loses its last weight, in the units of the rule's control, or null if it never does. */
export interface CollapsePoint {
  layer: number;
  /** The rule's control value (threshold, fraction or q) above which the layer is empty. */
  above: number;
}

/**
 * For each layer that the rule's control can empty, the control value above which it does: a
 * threshold over the layer's largest score, q over that score / σ, or (global target) the largest
 * float32 target whose `keepCount` still reaches the layer's best score, so that every target above
 * it keeps only units that outrank that score. Per-layer targets keep at least one.
 */
export function collapsePoints(prepared: PreparedPruning, rule: PruneRule): CollapsePoint[] {
  const { layers } = prepared;
  if (prepared.method === 'nm') return [];
  const last = layers.length - 1;
  const separateOutput = rule.outputRate !== 1 && prepared.method !== 'structured';
  // The same group pruneMasks ranks together: the output layer stands apart at a lower rate.
  const inGroup = layers.map((layer, l) => layer.prunable && !(separateOutput && l === last));
  const points: CollapsePoint[] = [];
  layers.forEach((layer, l) => {
    if (!inGroup[l] || layer.sorted.length === 0) return;
    const best = layer.sorted[0];
    if (rule.by === 'magnitude') points.push({ layer: l, above: best });
    else if (rule.by === 'std') {
      const std = rule.scope === 'global' ? groupStd(prepared, inGroup) : layer.std;
      if (std > 0) points.push({ layer: l, above: best / std });
    } else if (rule.scope === 'global') {
      // The layer empties once k <= the number of units scoring above its best.
      const outranking = countAbove(groupSorted(prepared, inGroup), best);
      const total = layers.reduce((sum, other, i) => sum + (inGroup[i] ? unitCount(other, rule) : 0), 0);
      const above = outranking > 0 ? lastTargetKeeping(total, outranking + 1) : null;
      if (above !== null) points.push({ layer: l, above });
    }
  });
  return points;
}

/** The 2:4 pattern on every kernel, within the prior: never empties a layer with a survivor. */
function nmMasks(prepared: PreparedPruning): PruneResult {
  const { kernels, shapes, prior } = prepared.input;
  const masks = kernels.map((w, l) => nmMask(w, shapes[l][0], shapes[l][1], NM_PATTERN.n, NM_PATTERN.m, prior[l]));
  return { masks, emptyLayers: masks.flatMap((mask, l) => (countOnes(mask) === 0 ? [l] : [])) };
}

function groupThreshold(prepared: PreparedPruning, rule: PruneRule, l: number, inGroup: readonly boolean[]): number {
  const layer = prepared.layers[l];
  const global = rule.scope === 'global';
  switch (rule.by) {
    case 'magnitude':
      return rule.threshold;
    case 'std':
      return rule.quality * (global ? groupStd(prepared, inGroup) : layer.std);
    case 'target': {
      if (!global) return kthLargest(layer.sorted, keepCount(unitCount(layer, rule), rule.targetFraction));
      const sorted = groupSorted(prepared, inGroup);
      const units = prepared.layers.reduce((sum, other, i) => sum + (inGroup[i] ? unitCount(other, rule) : 0), 0);
      return kthLargest(sorted, keepCount(units, rule.targetFraction));
    }
  }
}

/** The global ranking of the group: the prepared one unless the output layer stands apart. */
function groupSorted(prepared: PreparedPruning, inGroup: readonly boolean[]): Float32Array {
  const all = prepared.layers.every((layer, l) => inGroup[l] === layer.prunable);
  return all
    ? prepared.globalSorted
    : mergeDescending(prepared.layers.filter((_, l) => inGroup[l]).map((layer) => layer.sorted));
}

function groupStd(prepared: PreparedPruning, inGroup: readonly boolean[]): number {
  const all = prepared.layers.every((layer, l) => inGroup[l] === layer.prunable);
  if (all) return prepared.globalStd;
  const { kernels, prior } = prepared.input;
  const index = inGroup.flatMap((member, l) => (member ? [l] : []));
  return survivingStd(
    index.map((l) => kernels[l]),
    index.map((l) => prior[l]),
  );
}

/** The n that a target's share counts: all units of the layer, or its survivors. */
function unitCount(layer: LayerUnits, rule: PruneRule): number {
  return rule.ofSurvivors ? layer.sorted.length : layer.scores.length;
}

/** The k-th largest of descending `sorted` (k from 1); -Infinity keeps all when k exceeds it. */
function kthLargest(sorted: Float32Array, k: number): number {
  if (k <= 0) return Infinity;
  return k > sorted.length ? -Infinity : sorted[k - 1];
}

function keepAtOrAbove(layer: LayerUnits, threshold: number): Uint8Array {
  const keep = new Uint8Array(layer.scores.length);
  for (let i = 0; i < keep.length; i++) keep[i] = layer.eligible[i] === 1 && layer.scores[i] >= threshold ? 1 : 0;
  return keep;
}

/** Unit keeps as a weight mask: a kept neuron keeps its surviving incoming column. */
function expandToWeights(prepared: PreparedPruning, l: number, keep: Uint8Array): Mask {
  const prior = prepared.input.prior[l];
  if (prepared.method !== 'structured' || !prepared.layers[l].prunable) return keep;
  const [fanIn, fanOut] = prepared.input.shapes[l];
  const mask = new Uint8Array(fanIn * fanOut);
  for (let r = 0; r < fanIn; r++) {
    for (let c = 0; c < fanOut; c++) mask[r * fanOut + c] = keep[c] & prior[r * fanOut + c];
  }
  return mask;
}

/** Keeps the `count` eligible weights of layer l with the largest random keys. */
function randomMaskLike(prepared: PreparedPruning, l: number, count: number): Mask {
  const keys = prepared.input.randomKeys[l];
  const prior = prepared.input.prior[l];
  if (keys.length !== prior.length) {
    throw new Error(`Expected ${prior.length} random keys for layer ${l + 1}, but got ${keys.length}`);
  }
  const cut = kthLargest(sortedDescending(keys, prior), count);
  const mask = new Uint8Array(prior.length);
  for (let i = 0; i < mask.length; i++) mask[i] = prior[i] === 1 && keys[i] >= cut ? 1 : 0;
  return mask;
}

function weightScores(weights: Float32Array, prior: Mask): { scores: Float32Array; eligible: Uint8Array } {
  const scores = new Float32Array(weights.length);
  for (let i = 0; i < weights.length; i++) scores[i] = prior[i] === 1 ? Math.abs(weights[i]) : 0;
  return { scores, eligible: prior.slice() };
}

/**
 * Each column's score of a row-major [fanIn, fanOut] kernel over the weights `prior` keeps (pruned
 * ones count as 0), and whether any of them survives. Sums in float64, rounded once to float32.
 * Both arrays are new, owned by the caller.
 */
export function columnScores(weights: Float32Array, prior: Mask, fanIn: number, fanOut: number, score: UnitScore) {
  const sums = new Float64Array(fanOut);
  const eligible = new Uint8Array(fanOut);
  for (let r = 0; r < fanIn; r++) {
    for (let c = 0; c < fanOut; c++) {
      const i = r * fanOut + c;
      if (prior[i] === 1) {
        sums[c] += score === 'rms' ? weights[i] * weights[i] : Math.abs(weights[i]);
        eligible[c] = 1;
      }
    }
  }
  const perUnit = (sum: number) => (score === 'rms' ? Math.sqrt(sum / fanIn) : score === 'l1' ? sum : sum / fanIn);
  return { scores: Float32Array.from(sums, perUnit), eligible };
}

function sortedDescending(scores: Float32Array, eligible: Uint8Array): Float32Array {
  const kept: number[] = [];
  for (let i = 0; i < scores.length; i++) if (eligible[i] === 1) kept.push(scores[i]);
  return Float32Array.from(kept).sort().reverse();
}

function mergeDescending(parts: readonly Float32Array[]): Float32Array {
  const total = parts.reduce((sum, part) => sum + part.length, 0);
  const all = new Float32Array(total);
  let offset = 0;
  for (const part of parts) {
    all.set(part, offset);
    offset += part.length;
  }
  return all.sort().reverse();
}

/** Population standard deviation of the weights the prior masks keep. */
function survivingStd(kernels: readonly Float32Array[], prior: readonly Mask[]): number {
  let n = 0;
  let sum = 0;
  let squares = 0;
  kernels.forEach((weights, l) => {
    for (let i = 0; i < weights.length; i++) {
      if (prior[l][i] !== 1) continue;
      n++;
      sum += weights[i];
      squares += weights[i] * weights[i];
    }
  });
  if (n === 0) return 0;
  const mean = sum / n;
  return Math.sqrt(Math.max(0, squares / n - mean * mean));
}

function countAbove(sorted: Float32Array, value: number): number {
  let n = 0;
  while (n < sorted.length && sorted[n] > value) n++;
  return n;
}

function countOnes(mask: Mask): number {
  let n = 0;
  for (let i = 0; i < mask.length; i++) n += mask[i];
  return n;
}

function maskSparsity(masks: readonly Mask[]): number {
  let total = 0;
  let kept = 0;
  for (const mask of masks) {
    total += mask.length;
    kept += countOnes(mask);
  }
  return total === 0 ? 0 : 1 - kept / total;
}

function assertRule(rule: PruneRule, method: Method): void {
  if (rule.method !== method)
    throw new Error(`Expected a rule for ${METHODS[method]}, but got ${METHODS[rule.method]}`);
  if (!(rule.threshold >= 0) || !Number.isFinite(rule.threshold))
    throw new Error(`Expected a threshold >= 0, but got ${rule.threshold}`);
  if (!(rule.targetFraction >= 0 && rule.targetFraction < 1)) {
    throw new Error(`Expected a target sparsity >= 0 and < 1, but got ${rule.targetFraction}`);
  }
  if (!(rule.quality >= 0) || !Number.isFinite(rule.quality))
    throw new Error(`Expected a quality parameter >= 0, but got ${rule.quality}`);
  if (!(rule.outputRate > 0 && rule.outputRate <= 1))
    throw new Error(`Expected an output rate > 0 and <= 1, but got ${rule.outputRate}`);
}
