import { weightHistogram, type WeightHistogram } from '../core/histogram';
import { applyMask, countZeros, fullMask, type Mask } from '../core/pruning/mask';
import {
  collapsePoints,
  preparePruning,
  type PreparedPruning,
  type PruneInput,
  type PruneRule,
  type UnitScore,
} from '../core/pruning/prune';
import { createRng } from '../core/rng';
import {
  convCount,
  countParameters,
  kernelShapes,
  layerNames,
  sameSpec,
  type NetworkSpec,
  type NetworkWeights,
} from '../core/network/spec';
import { createParams, disposeParams, paramsFrom, readWeights, writeWeights, type MlpParams } from '../model/mlp';
import { disposeMasks, uploadMasks, type MaskTensors } from '../model/train';
import type { NetworkArrays } from './recovery/checkpoint';
import { FRESH_DRAW_OFFSET, streamSeed } from './seeds';
import type { CollapseWarning, LayerSparsity, NetworkPicture, ParameterCount } from './snapshot';

/** The network's picture after a change of source or mask: what the histogram and layer list show. */
export interface NetworkView {
  histogram: WeightHistogram | null;
  layers: LayerSparsity[];
  picture: NetworkPicture | null;
}

/** The view, parameter count and collapse forecast of the network under a rule: what the page shows of it. */
export interface NetworkFigures {
  view: NetworkView;
  parameters: ParameterCount;
  collapse: CollapseWarning[];
}

/** The trained baseline as the sweep and the layer scan prune it, with nothing pruned before. */
export interface BaselineNetwork {
  spec: NetworkSpec;
  weights: NetworkWeights;
  /** The random control's keys for `spec`'s shape, one per kernel weight. */
  randomKeys: Float32Array[];
}

/**
 * The network a session trains and prunes: its tf variables and the plain-array weights and masks
 * that go with them, changed together by the methods below. It is the one owner of the variables
 * and of the mask tensors training keeps: it replaces them when compaction changes the shape (or a
 * run uploads new masks) and frees them in `dispose()`. Callers may train and write the variables in
 * place (`params`), never dispose them. The arrays it hands out are shared: nobody writes to them.
 */
export class NetworkState {
  /** The network as the data set defines it; `spec` differs from it only after compaction. */
  readonly baselineSpec: NetworkSpec;
  private readonly seed: number;
  private currentSpec: NetworkSpec;
  private variables: MlpParams;
  private initialWeights: NetworkWeights | null = null;
  private baselineWeights: NetworkWeights | null = null;
  private sourceWeights: NetworkWeights | null = null;
  private priorMasks: Mask[];
  private currentMasks: Mask[];
  private keys: Float32Array[];
  private prepared: PreparedPruning | null = null;
  private maskTensors: MaskTensors | null = null;

  /** Seeded variables of `spec`'s shape, untrained, with nothing pruned. */
  constructor(spec: NetworkSpec, seed: number) {
    this.seed = seed;
    this.baselineSpec = spec;
    this.currentSpec = spec;
    this.variables = createParams(spec, seed);
    this.priorMasks = fullMasks(spec);
    this.currentMasks = this.priorMasks;
    this.keys = this.keysFor(spec);
  }

  /** The network's shape as it stands (smaller after compaction). */
  get spec(): NetworkSpec {
    return this.currentSpec;
  }

  /** The variables, [fanIn, fanOut] kernels and [fanOut] biases per layer of `spec`. */
  get params(): MlpParams {
    return this.variables;
  }

  /** The initial weights θ₀ of the last training run, for rewinding (baseline shape); null before the first. */
  get initial(): NetworkWeights | null {
    return this.initialWeights;
  }

  /** The trained weights, kept so that pruning is never destructive. */
  get baseline(): NetworkWeights | null {
    return this.baselineWeights;
  }

  /** The weights the rule prunes: the baseline, or the last fine-tuned (or compacted) weights. */
  get source(): NetworkWeights | null {
    return this.sourceWeights;
  }

  /** Weights pruned in earlier rounds stay pruned: the mask fine-tuning kept, one per kernel. */
  get prior(): Mask[] {
    return this.priorMasks;
  }

  /** The current rule's keep-mask on the source, one per kernel. */
  get masks(): Mask[] {
    return this.currentMasks;
  }

  /** One seeded uniform key per weight of `spec`: the random control's order. */
  get randomKeys(): Float32Array[] {
    return this.keys;
  }

  /** Fresh seeded variables of the baseline shape; every weight and mask forgotten. */
  reinitialise(): void {
    this.releaseMaskTensors();
    disposeParams(this.variables);
    this.currentSpec = this.baselineSpec;
    this.variables = createParams(this.spec, this.seed);
    this.keys = this.keysFor(this.spec);
    this.initialWeights = null;
    this.baselineWeights = null;
    this.sourceWeights = null;
    this.priorMasks = fullMasks(this.spec);
    this.currentMasks = this.priorMasks;
  }

  /** Reads the variables as θ₀ (call before training). */
  async rememberInitial(): Promise<void> {
    this.initialWeights = await readWeights(this.variables);
  }

  /** Reads the trained variables and makes them the baseline and the source, unpruned. Returns them. */
  async adoptTrained(): Promise<NetworkWeights> {
    const weights = await readWeights(this.variables);
    this.baselineWeights = weights;
    this.sourceWeights = weights;
    this.currentMasks = this.priorMasks;
    return weights;
  }

  /** Reads the variables (trained with `masks` kept) as the source; `masks` becomes the prior and the mask. */
  async adoptRetrained(masks: Mask[]): Promise<void> {
    this.sourceWeights = await readWeights(this.variables);
    this.keepMasks(masks);
  }

  /** `masks` becomes the prior and the current mask: what later rounds cannot bring back. */
  keepMasks(masks: Mask[]): void {
    this.priorMasks = masks;
    this.currentMasks = masks;
  }

  /** The rule's cut on the source; the prior stays. */
  useMasks(masks: Mask[]): void {
    this.currentMasks = masks;
  }

  /**
   * Makes `weights` (shaped by `spec`) the network and the source, with its zeros as the prior. A
   * new `spec` object (compaction) replaces the variables, which frees the old ones.
   */
  setNetwork(spec: NetworkSpec, weights: NetworkWeights): void {
    if (spec !== this.currentSpec) {
      this.releaseMaskTensors();
      disposeParams(this.variables);
      this.currentSpec = spec;
      this.variables = paramsFrom(spec, weights);
      this.keys = this.keysFor(spec);
    } else {
      writeWeights(this.variables, weights);
    }
    this.sourceWeights = weights;
    this.priorMasks =
      spec === this.baselineSpec && weights === this.baselineWeights
        ? fullMasks(spec)
        : weights.kernels.map((k) => Uint8Array.from(k, (w) => (w === 0 ? 0 : 1)));
    this.currentMasks = this.priorMasks;
  }

  /** The plain arrays this network is rebuilt from (a checkpoint): shared, not copied. */
  arrays(): NetworkArrays {
    return {
      spec: this.currentSpec,
      initial: this.initialWeights,
      baseline: this.baselineWeights,
      source: this.sourceWeights,
      prior: this.priorMasks,
      masks: this.currentMasks,
    };
  }

  /**
   * Rebuilds the network from `arrays` (see checkpointMismatch: the baseline shape and seed must be
   * this network's): new variables hold the source, or a fresh seeded draw before training; the old
   * variables and mask tensors are freed.
   */
  restoreArrays(arrays: NetworkArrays): void {
    this.releaseMaskTensors();
    disposeParams(this.variables);
    this.currentSpec = sameSpec(arrays.spec, this.baselineSpec) ? this.baselineSpec : arrays.spec;
    this.variables = arrays.source ? paramsFrom(this.spec, arrays.source) : createParams(this.spec, this.seed);
    this.keys = this.keysFor(this.spec);
    this.initialWeights = arrays.initial;
    this.baselineWeights = arrays.baseline;
    this.sourceWeights = arrays.source;
    this.priorMasks = arrays.prior;
    this.currentMasks = arrays.masks;
    this.prepared = null;
  }

  /** Back to the trained baseline, full size and unpruned. */
  restoreBaseline(): void {
    if (!this.baselineWeights) throw new Error('Expected a trained baseline to go back to, but there is none');
    this.setNetwork(this.baselineSpec, this.baselineWeights);
  }

  /** The sorted scores of the source under the prior, made once per source, prior and method. */
  preparedFor(method: PruneRule['method']): PreparedPruning {
    const source = this.sourceWeights!;
    const cached = this.prepared;
    if (
      cached &&
      cached.method === method &&
      cached.input.kernels === source.kernels &&
      cached.input.prior === this.priorMasks
    )
      return cached;
    this.prepared = preparePruning(pruneInput(this.spec, source.kernels, this.priorMasks, this.keys), method);
    return this.prepared;
  }

  /** Where the rule's control would empty a layer, in the current network's layer names. */
  collapseWarnings(prepared: PreparedPruning, rule: PruneRule, emptyLayers: readonly number[]): CollapseWarning[] {
    const names = layerNames(this.spec);
    return collapsePoints(prepared, rule).map((p) => ({
      layer: names[p.layer],
      above: p.above,
      reached: emptyLayers.includes(p.layer),
    }));
  }

  /** The baseline for the sweep and the scan (new keys, same values as the baseline shape's). Needs a baseline. */
  baselineNetwork(): BaselineNetwork {
    return { spec: this.baselineSpec, weights: this.baselineWeights!, randomKeys: this.keysFor(this.baselineSpec) };
  }

  /** The source with the current mask applied, or the variables read back before any training. New arrays. */
  async currentWeights(): Promise<NetworkWeights> {
    return this.sourceWeights ? maskWeights(this.sourceWeights, this.currentMasks) : await readWeights(this.variables);
  }

  /** A new seeded draw of the current shape's weights, as arrays: the random re-initialisation. */
  async freshDraw(): Promise<NetworkWeights> {
    const random = createParams(this.spec, this.seed + FRESH_DRAW_OFFSET);
    const weights = await readWeights(random);
    disposeParams(random);
    return weights;
  }

  /** The histogram of the source under the mask and the prior; null before training. */
  histogram(): WeightHistogram | null {
    const source = this.sourceWeights;
    if (!source) return null;
    const layers = source.kernels.map((weights, i) => ({
      weights,
      mask: this.currentMasks[i],
      prior: this.priorMasks[i],
    }));
    return weightHistogram(layers, 48);
  }

  /** The histogram, per-layer zeros and picture of the source under the current mask. Needs a source. */
  view(masked?: NetworkWeights): NetworkView {
    const picture = this.picture(masked);
    return { histogram: this.histogram(), layers: this.layerCounts(picture?.masked.kernels), picture };
  }

  /**
   * The view, parameters and collapse forecast of the source under the current mask, made by `rule`
   * (`masked` and `emptyLayers` when the caller has them already). Needs a source.
   */
  figuresUnder(rule: PruneRule, masked?: NetworkWeights, emptyLayers: readonly number[] = []): NetworkFigures {
    const view = this.view(masked);
    const collapse = this.collapseWarnings(this.preparedFor(rule.method), rule, emptyLayers);
    return { view, parameters: countParameters(view.picture!.masked), collapse };
  }

  /** The source, its masks and the masked weights (`masked` when the caller has them already); null before training. */
  picture(masked?: NetworkWeights): NetworkPicture | null {
    const source = this.sourceWeights;
    if (!source) return null;
    return {
      spec: this.spec,
      source,
      masks: this.currentMasks,
      prior: this.priorMasks,
      masked: masked ?? maskWeights(source, this.currentMasks),
    };
  }

  /** Zeros and sizes per layer of `spec`, counted in `masked` (kernels) or all 0 without it. */
  layerCounts(masked?: Float32Array[]): LayerSparsity[] {
    const names = layerNames(this.spec);
    return kernelShapes(this.spec).map(([fanIn, fanOut], i) => ({
      name: names[i],
      zeros: masked ? countZeros(masked[i]).zeros : 0,
      total: fanIn * fanOut,
    }));
  }

  /**
   * `masks` on the backend, for a training run to keep: the tensors uploaded last time are freed
   * first, so at most one set is alive. This object owns them; the run only reads them.
   */
  uploadMasks(masks: readonly Mask[]): MaskTensors {
    this.releaseMaskTensors();
    this.maskTensors = uploadMasks(this.variables, masks);
    return this.maskTensors;
  }

  /** Frees the mask tensors of the last `uploadMasks`, if any (a run calls it when it ends). */
  releaseMaskTensors(): void {
    if (this.maskTensors) disposeMasks(this.maskTensors);
    this.maskTensors = null;
  }

  /** Frees the variables and the mask tensors. */
  dispose(): void {
    this.releaseMaskTensors();
    disposeParams(this.variables);
  }

  /** One seeded uniform key per weight: the random control's order, fixed for a network shape. */
  private keysFor(spec: NetworkSpec): Float32Array[] {
    const rng = createRng(streamSeed(this.seed, 'random control'));
    return kernelShapes(spec).map(([fanIn, fanOut]) => Float32Array.from({ length: fanIn * fanOut }, () => rng()));
  }
}

/**
 * What the pruning rules rank in `kernels` of `spec`. A structured cut scores a perceptron's
 * neurons by their RMS incoming weight; in a conv net every unit, filter or neuron, by the L1 norm
 * of its weights per weight (Li et al. 2017's order within a layer, on one scale across layers:
 * with RMS for the neurons, the global scope emptied the second convolution first).
 */
export function pruneInput(
  spec: NetworkSpec,
  kernels: readonly Float32Array[],
  prior: readonly Mask[],
  randomKeys: readonly Float32Array[],
): PruneInput {
  const convs = convCount(spec);
  const shapes = kernelShapes(spec);
  const score: UnitScore = convs > 0 ? 'meanAbs' : 'rms';
  const unitScores = shapes.map(() => score);
  return { kernels, shapes, prior, randomKeys, unitScores };
}

/** A keep-everything mask per kernel of `spec`. */
export function fullMasks(spec: NetworkSpec): Mask[] {
  return kernelShapes(spec).map(([fanIn, fanOut]) => fullMask(fanIn * fanOut));
}

/** `weights` with every kernel entry its mask prunes set to 0; biases copied. Every array is new. */
export function maskWeights(weights: NetworkWeights, masks: readonly Mask[]): NetworkWeights {
  return {
    kernels: weights.kernels.map((k, i) => applyMask(k, masks[i])),
    biases: weights.biases.map((b) => b.slice()),
  };
}
