/**
 * Weight sharing by k-means, as Deep Compression (Han, Mao & Dally 2016, §3) does it: per layer, the
 * surviving weights are clustered into 2^bits shared values (the centroids), each weight replaced by
 * its centroid. The centroids start spread linearly over [min, max] of the surviving weights, which
 * the paper found best (it keeps the rare large weights their own centroids).
 */

/** The centroids of one layer and which centroid each surviving weight uses. */
export interface Clustering {
  /** The shared values, ascending at initialisation; a centroid no weight chose keeps its place. */
  centroids: Float32Array;
  /** One centroid index per input value, in the input's order. */
  assignment: Uint16Array;
  /** Lloyd iterations run (assignment then update). */
  iterations: number;
  /** Whether the last iteration changed no assignment (false when `maxIterations` stopped it). */
  converged: boolean;
}

/** Widest weight sharing the page offers: 2^8 = 256 shared values, the paper's conv layers. */
export const MAX_SHARING_BITS = 8;

/**
 * `count` centroids spread linearly over [min, max] of `values`: c_j = min + j·(max − min)/(count − 1).
 * One centroid sits at the midpoint. An empty `values` gives `count` zeros.
 */
export function linearCentroids(values: Float32Array, count: number): Float32Array {
  if (!Number.isInteger(count) || count < 1) throw new Error(`Expected at least 1 centroid, but got ${count}`);
  const out = new Float32Array(count);
  if (values.length === 0) return out;
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (count === 1) {
    out[0] = (min + max) / 2;
    return out;
  }
  for (let j = 0; j < count; j++) out[j] = min + (j * (max - min)) / (count - 1);
  return out;
}

/**
 * k-means (Lloyd) on one layer's surviving weights `values` with 2^`bits` centroids, linearly
 * initialised. Values that already take at most 2^bits distinct values (a layer whose shared
 * values were fine-tuned) are their own centroids, ascending: the optimum, with no error, so that
 * quantizing a weight-shared network again gives it back exactly. Each iteration assigns every value to its nearest centroid (ties to the lower index)
 * and moves each centroid to the mean of its values, computed in float64; a centroid that no value
 * chose stays where it was. Stops when no assignment changes, or after `maxIterations`.
 */
export function kmeans1d(values: Float32Array, bits: number, maxIterations = 50): Clustering {
  if (!Number.isInteger(bits) || bits < 1 || bits > MAX_SHARING_BITS) {
    throw new Error(`Expected 1 to ${MAX_SHARING_BITS} bits of weight sharing, but got ${bits}`);
  }
  const distinct = distinctValues(values, 2 ** bits);
  if (distinct) {
    const assignment = Uint16Array.from(values, (v) => distinct.indexOf(v));
    return { centroids: distinct, assignment, iterations: 0, converged: true };
  }
  const centroids = linearCentroids(values, 2 ** bits);
  const assignment = new Uint16Array(values.length);
  const sums = new Float64Array(centroids.length);
  const counts = new Uint32Array(centroids.length);
  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations) {
    iterations++;
    let changed = iterations === 1;
    for (let i = 0; i < values.length; i++) {
      const j = nearestCentroid(centroids, values[i]);
      if (j !== assignment[i]) changed = true;
      assignment[i] = j;
    }
    if (!changed) {
      converged = true;
      break;
    }
    sums.fill(0);
    counts.fill(0);
    for (let i = 0; i < values.length; i++) {
      sums[assignment[i]] += values[i];
      counts[assignment[i]]++;
    }
    for (let j = 0; j < centroids.length; j++) if (counts[j] > 0) centroids[j] = sums[j] / counts[j];
  }
  return { centroids, assignment, iterations, converged };
}

/** The index of the centroid nearest `value`; of two equally near, the lower index. */
export function nearestCentroid(centroids: Float32Array, value: number): number {
  let best = 0;
  let bestDistance = Infinity;
  for (let j = 0; j < centroids.length; j++) {
    const d = Math.abs(value - centroids[j]);
    if (d < bestDistance) {
      bestDistance = d;
      best = j;
    }
  }
  return best;
}

/**
 * The gradient of each centroid when every weight of a cluster is that centroid: the sum of the
 * gradients of the weights assigned to it (Deep Compression, eq. 3). `gradients` and `assignment`
 * run over the same surviving weights.
 */
export function centroidGradients(gradients: Float32Array, assignment: Uint16Array, count: number): Float32Array {
  if (gradients.length !== assignment.length) {
    throw new Error(`Expected one gradient per assigned weight (${assignment.length}), but got ${gradients.length}`);
  }
  const sums = new Float64Array(count);
  for (let i = 0; i < gradients.length; i++) sums[assignment[i]] += gradients[i];
  return Float32Array.from(sums);
}

/** The distinct values of `values`, ascending, when there are at most `limit` of them (at least one); else null. */
function distinctValues(values: Float32Array, limit: number): Float32Array | null {
  const seen = new Set<number>();
  for (const v of values) {
    seen.add(v === 0 ? 0 : v);
    if (seen.size > limit) return null;
  }
  return seen.size === 0 ? null : Float32Array.from(seen).sort();
}
