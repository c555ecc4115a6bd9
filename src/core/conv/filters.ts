/**
 * The pruning rules of core/pruning applied to a convolutional network. A 4-D HWIO kernel, stored
 * flat, is a row-major [kh·kw·in, filters] matrix whose column j holds filter j's weights, so every
 * weight rule (magnitude, target, standard deviations, per layer or global, random control) takes it
 * as it takes a dense kernel. A structured cut ranks a convolution's whole output filters by the L1
 * norm of their weights (Li et al. 2017, "Pruning Filters for Efficient ConvNets", §3.1: the sum of
 * |w| over the filter's kh×kw×in weights; the smallest are pruned) and a dense hidden layer's
 * neurons by their RMS incoming weight as for the multilayer perceptrons.
 */
import type { Mask } from '../pruning/mask';
import { columnScores, type PruneInput, type UnitScore } from '../pruning/prune';
import type { NetworkWeights } from '../network/spec';
import { checkWeights } from './forward';
import { kernelShapes, type ConvNetSpec } from './spec';

/**
 * The `PruneInput` of a conv net: its kernels as [fanIn, fanOut] matrices (`kernelShapes`), the
 * prior masks and random keys as given (borrowed, not copied), and filters scored by L1 ('l1') for
 * the convolutions, 'rms' for the dense layers. Throws when the weights do not fit `spec`.
 */
export function convPruneInput(
  spec: ConvNetSpec,
  weights: NetworkWeights,
  prior: readonly Mask[],
  randomKeys: readonly Float32Array[],
): PruneInput {
  checkWeights(spec, weights);
  const shapes = kernelShapes(spec);
  const unitScores = shapes.map((_, l): UnitScore => (l < spec.convs.length ? 'l1' : 'rms'));
  return { kernels: weights.kernels, shapes, prior, randomKeys, unitScores };
}

/**
 * Li et al.'s score of each output filter of convolution `layer`: the sum of |w| over its kh·kw·in
 * weights that `prior` keeps (all of them without a prior), in float64 rounded once to float32. A new
 * Float32Array of one entry per filter, owned by the caller.
 */
export function filterL1Norms(spec: ConvNetSpec, weights: NetworkWeights, layer: number, prior?: Mask): Float32Array {
  if (!Number.isInteger(layer) || layer < 0 || layer >= spec.convs.length) {
    throw new Error(`Expected a convolution layer from 0 to ${spec.convs.length - 1}, but got ${layer}`);
  }
  checkWeights(spec, weights);
  const [fanIn, fanOut] = kernelShapes(spec)[layer];
  const kernel = weights.kernels[layer];
  if (prior && prior.length !== kernel.length) {
    throw new Error(`Expected a prior mask of ${kernel.length} entries, but got ${prior.length}`);
  }
  return columnScores(kernel, prior ?? new Uint8Array(kernel.length).fill(1), fanIn, fanOut, 'l1').scores;
}

/**
 * Which columns (filters, or neurons) of a row-major [fanIn, fanOut] `mask` keep at least one weight:
 * a filter with none kept is pruned whole. A new array of fanOut flags, owned by the caller.
 */
export function keptColumns(mask: Mask, fanIn: number, fanOut: number): boolean[] {
  if (mask.length !== fanIn * fanOut) {
    throw new Error(`Expected a [${fanIn}, ${fanOut}] mask (${fanIn * fanOut} entries), but got ${mask.length}`);
  }
  const kept = new Array<boolean>(fanOut).fill(false);
  for (let i = 0; i < mask.length; i++) if (mask[i] === 1) kept[i % fanOut] = true;
  return kept;
}
