/**
 * Structured-pruning compaction: a masked network (pruned weights exactly 0) rebuilt as a smaller
 * dense network without its pruned and dead hidden neurons, predicting exactly what it predicted
 * (up to float rounding of folded biases).
 *
 * Hidden neuron j of hidden layer l (every layer but the last) takes column j of kernel l as its
 * incoming weights and gives row j of kernel l+1 as its outgoing weights.
 */
import { activate, chainedShapes } from '../network/forward';
import type { Activation, NetworkWeights } from '../network/spec';

/** A compacted network and how much of each hidden layer it kept. */
export interface CompactNetwork {
  /** The smaller network: same layer count, same input and output widths. */
  weights: NetworkWeights;
  /** Surviving width of each hidden layer (may be 0), first layer first. */
  hidden: number[];
  /** Neurons removed from each hidden layer, first layer first. */
  removed: number[];
}

/**
 * Which hidden neurons are dead, per hidden layer (one array per kernel but the last), per neuron:
 * dead when every incoming weight is exactly 0 (it outputs the constant activate(bias)) or every
 * outgoing weight is exactly 0 (it affects nothing). One pass over the weights as given: a neuron
 * that only becomes dead once others are removed is not reported (compactNetwork finds those).
 * The result is new and owned by the caller.
 */
export function deadNeurons(weights: NetworkWeights): boolean[][] {
  const shapes = chainedShapes(weights);
  const dead: boolean[][] = [];
  for (let l = 0; l + 1 < shapes.length; l++) {
    const [fanIn, width] = shapes[l];
    const fanOut = shapes[l + 1][1];
    const inKernel = weights.kernels[l];
    const outKernel = weights.kernels[l + 1];
    const layer: boolean[] = [];
    for (let j = 0; j < width; j++) {
      let hasIn = false;
      for (let i = 0; i < fanIn && !hasIn; i++) hasIn = inKernel[i * width + j] !== 0;
      let hasOut = false;
      for (let k = 0; k < fanOut && !hasOut; k++) hasOut = outKernel[j * fanOut + k] !== 0;
      layer.push(!hasIn || !hasOut);
    }
    dead.push(layer);
  }
  return dead;
}

/**
 * `weights` without its dead hidden neurons, removed until none is left: a neuron with no non-zero
 * incoming weight is folded into the next layer (its constant output activate(b_j) times row j of
 * the next kernel is added to the next biases) and removed; a neuron with no non-zero outgoing
 * weight is removed. Removing neurons can kill others in the layers before and after, so this runs
 * to a fixpoint. A hidden layer may shrink to width 0 (empty kernel; the next layer then sees only
 * its biases). Input features and output neurons are never removed, even when all their weights
 * are 0: the input columns are data and the outputs are the prediction. Folded biases are summed in
 * float64 and rounded once. The input is not changed; every array of the result is new.
 */
export function compactNetwork(activation: Activation, weights: NetworkWeights): CompactNetwork {
  const shapes = chainedShapes(weights);
  const layers = shapes.length;
  const biases = weights.biases.map((b) => Float64Array.from(b));
  // alive[l][j]: neuron j of layer l is kept. Inputs (alive[-1]) and outputs are always kept.
  const alive = shapes.map(([, width]) => new Array<boolean>(width).fill(true));
  const isAlive = (l: number, j: number): boolean => l < 0 || l === layers - 1 || alive[l][j];

  let changed = true;
  while (changed) {
    changed = false;
    for (let l = 0; l + 1 < layers; l++) {
      const [fanIn, width] = shapes[l];
      const fanOut = shapes[l + 1][1];
      const inKernel = weights.kernels[l];
      const outKernel = weights.kernels[l + 1];
      for (let j = 0; j < width; j++) {
        if (!alive[l][j]) continue;
        let hasIn = false;
        for (let i = 0; i < fanIn && !hasIn; i++) hasIn = isAlive(l - 1, i) && inKernel[i * width + j] !== 0;
        let hasOut = false;
        for (let k = 0; k < fanOut && !hasOut; k++) hasOut = isAlive(l + 1, k) && outKernel[j * fanOut + k] !== 0;
        if (hasIn && hasOut) continue;
        if (!hasIn) {
          const c = activate(activation, biases[l][j]);
          for (let k = 0; k < fanOut; k++) {
            if (isAlive(l + 1, k)) biases[l + 1][k] += c * outKernel[j * fanOut + k];
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
  const inputs = Array.from({ length: shapes[0][0] }, (_, i) => i);
  const kernels = shapes.map(([, width], l) => {
    const rows = l === 0 ? inputs : kept[l - 1];
    const cols = kept[l];
    const out = new Float32Array(rows.length * cols.length);
    rows.forEach((i, r) => cols.forEach((j, c) => (out[r * cols.length + c] = weights.kernels[l][i * width + j])));
    return out;
  });
  const hidden = kept.slice(0, -1).map((cols) => cols.length);
  return {
    weights: { kernels, biases: kept.map((cols, l) => Float32Array.from(cols, (j) => biases[l][j])) },
    hidden,
    removed: hidden.map((width, l) => shapes[l][1] - width),
  };
}
