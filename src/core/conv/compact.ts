/**
 * Filter compaction: a masked conv net (pruned weights exactly 0) rebuilt as a physically smaller
 * one without its pruned and dead filters and hidden neurons, predicting what it predicted (up to
 * float rounding of folded biases). Removing filter j of a convolution removes input channel j of
 * every kernel of the next convolution (Li et al. 2017, §3.2), or, after the flatten, the first dense
 * layer's input rows of channel j at every spatial position: rows p·channels + j in NHWC order.
 *
 * Every kernel is read as [taps × channels, units] with row t·channels + i: a convolution's taps are
 * its kh·kw positions (HWIO), the first dense layer's the flatten's positions, a later dense layer's
 * just one. The same walk as core/pruning/compact.ts's for dense networks, over those rows.
 */
import type { NetworkWeights } from '../network/spec';
import { checkWeights } from './forward';
import { convGeometry, kernelShapes, type ConvNetSpec } from './spec';

/** A compacted conv net and which units of each hidden layer it kept. */
export interface CompactConvNet {
  /** The smaller spec: fewer filters and hidden neurons; input, map sizes and outputs unchanged. */
  spec: ConvNetSpec;
  /** Its weights, laid out as spec.ts says. */
  weights: NetworkWeights;
  /** Per hidden layer (convolutions, then dense hidden layers): the original indices of the units kept. */
  kept: number[][];
  /** Per hidden layer: how many units were removed. */
  removed: number[];
}

/**
 * `weights` of `spec` without its dead filters and hidden neurons, removed until none is left. A
 * unit with no non-zero incoming weight from a kept unit outputs the constant relu(b) at every
 * position (a max-pool keeps it constant); that constant times the sum of its outgoing weights over
 * all taps is added to the next layer's biases, and the unit is removed. That fold is exact for a
 * dense or 'valid' next layer; a 'same' next convolution larger than 1×1 also sees the zero padding
 * at the border, so such a unit stays unless its constant is 0. A unit whose outgoing weights to
 * kept units are all 0 is removed. Input channels and outputs are never removed; a hidden layer may
 * shrink to 0 units. Folded biases are summed in float64 and rounded once. Throws when `weights` do
 * not fit `spec`. The inputs are not changed; every array of the result is new.
 */
export function compactConvNet(spec: ConvNetSpec, weights: NetworkWeights): CompactConvNet {
  checkWeights(spec, weights);
  const shapes = kernelShapes(spec);
  const layers = shapes.length;
  const convs = spec.convs.length;
  const geometry = convGeometry(spec);
  const [height, width] = convs > 0 ? geometry[convs - 1].out : spec.input;
  const taps = shapes.map((_, l) => (l < convs ? spec.convs[l].size ** 2 : l === convs ? height * width : 1));
  const channels = shapes.map(([fanIn], l) => fanIn / taps[l]);
  // A constant channel feeding layer l folds into its biases only when every output sees every tap.
  const folds = shapes.map((_, l) => l >= convs || spec.convs[l].padding === 'valid' || spec.convs[l].size === 1);
  const biases = weights.biases.map((b) => Float64Array.from(b));
  const alive = shapes.map(([, units]) => new Array<boolean>(units).fill(true));
  const isAlive = (l: number, j: number): boolean => l < 0 || l === layers - 1 || alive[l][j];
  /** Whether channel i of kernel l reaches its unit k through a non-zero weight. */
  const links = (l: number, i: number, k: number): boolean => {
    const units = shapes[l][1];
    for (let t = 0; t < taps[l]; t++) if (weights.kernels[l][(t * channels[l] + i) * units + k] !== 0) return true;
    return false;
  };

  let changed = true;
  while (changed) {
    changed = false;
    for (let l = 0; l + 1 < layers; l++) {
      const units = shapes[l][1];
      const next = l + 1;
      const nextUnits = shapes[next][1];
      for (let j = 0; j < units; j++) {
        if (!alive[l][j]) continue;
        let hasIn = false;
        for (let i = 0; i < channels[l] && !hasIn; i++) hasIn = isAlive(l - 1, i) && links(l, i, j);
        let hasOut = false;
        for (let k = 0; k < nextUnits && !hasOut; k++) hasOut = isAlive(next, k) && links(next, j, k);
        if (hasIn && hasOut) continue;
        const constant = Math.max(0, biases[l][j]);
        if (!hasIn && hasOut && constant !== 0) {
          if (!folds[next]) continue;
          for (let k = 0; k < nextUnits; k++) {
            if (!isAlive(next, k)) continue;
            let sum = 0;
            for (let t = 0; t < taps[next]; t++) sum += weights.kernels[next][(t * channels[next] + j) * nextUnits + k];
            biases[next][k] += constant * sum;
          }
        }
        alive[l][j] = false;
        changed = true;
      }
    }
  }

  const kept = alive.map((flags, l) =>
    l === layers - 1 ? flags.map((_, j) => j) : flags.flatMap((a, j) => (a ? [j] : [])),
  );
  const kernels = shapes.map(([, units], l) => {
    const rows = l === 0 ? Array.from({ length: channels[0] }, (_, i) => i) : kept[l - 1];
    const cols = kept[l];
    const out = new Float32Array(taps[l] * rows.length * cols.length);
    for (let t = 0; t < taps[l]; t++) {
      rows.forEach((i, r) => {
        const from = (t * channels[l] + i) * units;
        const to = (t * rows.length + r) * cols.length;
        cols.forEach((j, c) => (out[to + c] = weights.kernels[l][from + j]));
      });
    }
    return out;
  });
  const hiddenKept = kept.slice(0, -1);
  return {
    spec: {
      input: spec.input,
      convs: spec.convs.map((layer, l) => ({ ...layer, filters: kept[l].length })),
      hidden: spec.hidden.map((_, h) => kept[convs + h].length),
      outputs: spec.outputs,
    },
    weights: { kernels, biases: kept.map((cols, l) => Float32Array.from(cols, (j) => biases[l][j])) },
    kept: hiddenKept,
    removed: hiddenKept.map((cols, l) => shapes[l][1] - cols.length),
  };
}
