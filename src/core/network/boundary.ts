/**
 * A planar classifier's decision regions: the network evaluated on a grid of points in the plane,
 * each cell labelled with the class it predicts and how sure it is.
 */
import { chainedShapes } from './forward';
import type { Activation, NetworkWeights } from './spec';

/** A rectangle of the plane, in data units. */
export interface Extent {
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
}

/** The network's prediction on a resolution × resolution grid of cells over `extent`. */
export interface BoundaryGrid {
  resolution: number;
  extent: Extent;
  /**
   * The predicted class of each cell, row-major [resolution, resolution]; row 0 is the top
   * (largest y), column 0 the left (smallest x). Each cell is evaluated at its centre.
   */
  classOf: Uint8Array;
  /** The probability of the predicted class in each cell (sigmoid or softmax), same layout; in [0.5, 1] for two classes. */
  confidence: Float32Array;
}

/**
 * Evaluates a two-input network at the centre of every cell of a resolution × resolution grid over
 * `extent`. One output unit is a sigmoid's logit (class 1 when it is > 0); k ≥ 2 output units are
 * softmax logits (class = the first largest). Throws when the network does not take 2 inputs, the
 * extent is empty or not finite, or the resolution is not a whole number in [1, 1024]. The result's
 * arrays are new and owned by the caller.
 */
export function boundaryGrid(
  activation: Activation,
  weights: NetworkWeights,
  extent: Extent,
  resolution: number,
): BoundaryGrid {
  if (!Number.isInteger(resolution) || resolution < 1 || resolution > 1024) {
    throw new Error(`Expected a whole-number resolution in [1, 1024], but got ${resolution}`);
  }
  assertExtent(extent);
  const shapes = chainedShapes(weights, 2);
  const inputs = shapes[0][0];
  if (inputs !== 2) throw new Error(`Expected a network with 2 inputs (points in the plane), but got ${inputs}`);
  const outputs = shapes[shapes.length - 1][1];
  if (outputs < 1) throw new Error('Expected a network with at least 1 output unit, but got 0');

  const cells = resolution * resolution;
  const dx = (extent.xMax - extent.xMin) / resolution;
  const dy = (extent.yMax - extent.yMin) / resolution;
  const x = new Float32Array(cells * 2);
  for (let r = 0; r < resolution; r++) {
    const y = extent.yMax - (r + 0.5) * dy;
    for (let c = 0; c < resolution; c++) {
      const i = r * resolution + c;
      x[2 * i] = extent.xMin + (c + 0.5) * dx;
      x[2 * i + 1] = y;
    }
  }
  const classOf = new Uint8Array(cells);
  const confidence = new Float32Array(cells);
  classesOf(denseLogits(activation, weights, shapes, x, cells), outputs, classOf, confidence);
  return { resolution, extent: { ...extent }, classOf, confidence };
}

/**
 * The class the network predicts for each of `rows` inputs (`x` row-major [rows, inputWidth]): one
 * output unit is a sigmoid's logit (class 1 when > 0), more are softmax logits (the first largest).
 * The same numbers as forwardLogits, faster for many rows. The result is new, owned by the caller.
 */
export function predictedClasses(
  activation: Activation,
  weights: NetworkWeights,
  x: Float32Array,
  rows: number,
): Uint8Array {
  if (!Number.isInteger(rows) || rows < 0) {
    throw new Error(`Expected a whole number of rows >= 0, but got ${rows}`);
  }
  const width = rows > 0 ? x.length / rows : 0;
  const shapes = chainedShapes(weights, Number.isInteger(width) ? width : 0);
  const inputs = shapes[0][0];
  const outputs = shapes[shapes.length - 1][1];
  if (outputs < 1) throw new Error('Expected a network with at least 1 output unit, but got 0');
  if (x.length !== rows * inputs) {
    throw new Error(
      `Expected x to hold ${rows} rows of ${inputs} features (${rows * inputs} values), but got ${x.length}`,
    );
  }
  const classOf = new Uint8Array(rows);
  const logits =
    rows <= FEW_ROWS
      ? fewRowLogits(activation, weights, shapes, x, rows)
      : denseLogits(activation, weights, shapes, x, rows);
  classesOf(logits, outputs, classOf, null);
  return classOf;
}

/**
 * Most rows fewRowLogits takes: below this, sorting a kernel's weights by receiving neuron (as
 * denseLogits does) costs more than it saves. The test digits' 24 rows on LeNet-300-100 took the
 * page's thread ~15 ms a redraw that way, nearly all of it the sort.
 */
const FEW_ROWS = 64;

/**
 * forwardLogits for a few rows, read straight from the dense kernels: each row's non-zero inputs
 * in order, each adding its row of weights to the outputs (a zero weight adds nothing, as there).
 * The same sums as forwardLogits, in float64. Returns row-major [rows, outWidth] (a new array).
 */
function fewRowLogits(
  activation: Activation,
  weights: NetworkWeights,
  shapes: ReadonlyArray<[number, number]>,
  x: Float32Array,
  rows: number,
): Float64Array {
  const last = shapes.length - 1;
  const outWidth = shapes[last][1];
  const result = new Float64Array(rows * outWidth);
  const widest = Math.max(...shapes.map(([fanIn, fanOut]) => Math.max(fanIn, fanOut)));
  let input = new Float64Array(widest);
  let output = new Float64Array(widest);
  for (let r = 0; r < rows; r++) {
    const width = shapes[0][0];
    for (let i = 0; i < width; i++) input[i] = x[r * width + i];
    for (let l = 0; l <= last; l++) {
      const [fanIn, fanOut] = shapes[l];
      const kernel = weights.kernels[l];
      const bias = weights.biases[l];
      for (let j = 0; j < fanOut; j++) output[j] = bias[j];
      for (let i = 0; i < fanIn; i++) {
        const a = input[i];
        if (a === 0) continue;
        for (let j = 0, k = i * fanOut; j < fanOut; j++, k++) output[j] += a * kernel[k];
      }
      if (l < last) {
        if (activation === 'relu') for (let j = 0; j < fanOut; j++) output[j] = output[j] < 0 ? 0 : output[j];
        else for (let j = 0; j < fanOut; j++) output[j] = fastTanh(output[j]);
      }
      [input, output] = [output, input];
    }
    result.set(input.subarray(0, outWidth), r * outWidth);
  }
  return result;
}

/**
 * Writes the predicted class of each row of `logits` (row-major [rows, outputs]) into `classOf`
 * and, when given, the probability of that class into `confidence`.
 */
function classesOf(logits: Float64Array, outputs: number, classOf: Uint8Array, confidence: Float32Array | null): void {
  for (let i = 0; i < classOf.length; i++) {
    if (outputs === 1) {
      const z = logits[i];
      classOf[i] = z > 0 ? 1 : 0;
      if (confidence) confidence[i] = 1 / (1 + Math.exp(-Math.abs(z)));
      continue;
    }
    const row = i * outputs;
    let best = 0;
    for (let k = 1; k < outputs; k++) if (logits[row + k] > logits[row + best]) best = k;
    classOf[i] = best;
    if (!confidence) continue;
    const top = logits[row + best];
    let sum = 0;
    for (let k = 0; k < outputs; k++) sum += Math.exp(logits[row + k] - top);
    confidence[i] = 1 / sum;
  }
}

/**
 * The square that holds every finite point of `x` (row-major [rows, 2]), centred on their bounding box,
 * as wide as its longer side, padded by 10% of that side on every edge: a square canvas then shows
 * the plane undistorted. No points, or all in one place, give a square of side 2 around them
 * (around the origin when there are none). Throws when x does not hold `rows` rows of 2 values.
 */
export function dataExtent(x: Float32Array, rows: number): Extent {
  if (!Number.isInteger(rows) || rows < 0) {
    throw new Error(`Expected a whole number of rows >= 0, but got ${rows}`);
  }
  if (x.length !== rows * 2) {
    throw new Error(`Expected x to hold ${rows} rows of 2 values (${rows * 2}), but got ${x.length}`);
  }
  let xMin = Infinity;
  let xMax = -Infinity;
  let yMin = Infinity;
  let yMax = -Infinity;
  for (let r = 0; r < rows; r++) {
    const px = x[2 * r];
    const py = x[2 * r + 1];
    if (!Number.isFinite(px) || !Number.isFinite(py)) continue;
    if (px < xMin) xMin = px;
    if (px > xMax) xMax = px;
    if (py < yMin) yMin = py;
    if (py > yMax) yMax = py;
  }
  if (xMin > xMax) return { xMin: -1, xMax: 1, yMin: -1, yMax: 1 };
  const side = Math.max(xMax - xMin, yMax - yMin);
  const half = side === 0 ? 1 : side * 0.6; // half the side, plus 10% of the side
  const cx = (xMin + xMax) / 2;
  const cy = (yMin + yMax) / 2;
  return { xMin: cx - half, xMax: cx + half, yMin: cy - half, yMax: cy + half };
}

/**
 * forwardLogits for many rows, ordered for speed: one layer at a time over all rows, four rows per
 * pass, each neuron summing over its non-zero incoming weights only, so that a pruned network costs
 * less. Sums in float64, as in forwardLogits. Returns row-major [rows, outWidth] (a new array).
 */
function denseLogits(
  activation: Activation,
  weights: NetworkWeights,
  shapes: ReadonlyArray<[number, number]>,
  x: Float32Array,
  rows: number,
): Float64Array {
  const padded = Math.ceil(rows / 4) * 4; // zero rows up to a multiple of 4
  let input = new Float64Array(padded * shapes[0][0]);
  input.set(x);
  const last = shapes.length - 1;
  for (let l = 0; l <= last; l++) {
    const [fanIn, fanOut] = shapes[l];
    const { start, index, value } = incomingWeights(weights.kernels[l], fanIn, fanOut);
    const bias = weights.biases[l];
    const output = new Float64Array(padded * fanOut);
    for (let r = 0; r < padded; r += 4) {
      const b0 = r * fanIn;
      const b1 = b0 + fanIn;
      const b2 = b1 + fanIn;
      const b3 = b2 + fanIn;
      for (let j = 0; j < fanOut; j++) {
        let s0: number = bias[j];
        let s1 = s0;
        let s2 = s0;
        let s3 = s0;
        for (let p = start[j], end = start[j + 1]; p < end; p++) {
          const i = index[p];
          const w = value[p];
          s0 += input[b0 + i] * w;
          s1 += input[b1 + i] * w;
          s2 += input[b2 + i] * w;
          s3 += input[b3 + i] * w;
        }
        const o = r * fanOut + j;
        output[o] = s0;
        output[o + fanOut] = s1;
        output[o + 2 * fanOut] = s2;
        output[o + 3 * fanOut] = s3;
      }
    }
    if (l < last && activation === 'relu') {
      for (let o = 0; o < output.length; o++) if (output[o] < 0) output[o] = 0;
    } else if (l < last) {
      for (let o = 0; o < output.length; o++) output[o] = fastTanh(output[o]);
    }
    input = output;
  }
  return input.subarray(0, rows * shapes[last][1]);
}

/** A kernel's non-zero weights by receiving neuron: neuron j's are index/value[start[j] .. start[j+1]). */
function incomingWeights(kernel: Float32Array, fanIn: number, fanOut: number) {
  const start = new Int32Array(fanOut + 1);
  for (let i = 0; i < fanIn; i++) for (let j = 0; j < fanOut; j++) if (kernel[i * fanOut + j] !== 0) start[j + 1]++;
  for (let j = 0; j < fanOut; j++) start[j + 1] += start[j];
  const index = new Int32Array(start[fanOut]);
  const value = new Float64Array(start[fanOut]);
  const next = start.slice(0, fanOut);
  for (let i = 0; i < fanIn; i++) {
    for (let j = 0; j < fanOut; j++) {
      const w = kernel[i * fanOut + j];
      if (w === 0) continue;
      index[next[j]] = i;
      value[next[j]++] = w;
    }
  }
  return { start, index, value };
}

/** tanh(x) to double precision through one exp, about twice as fast as Math.tanh in V8. */
function fastTanh(x: number): number {
  if (x > 20) return 1;
  if (x < -20) return -1;
  const e = Math.exp(2 * x);
  return (e - 1) / (e + 1);
}

function assertExtent(e: Extent): void {
  const values = [e.xMin, e.xMax, e.yMin, e.yMax];
  if (!values.every(Number.isFinite) || !(e.xMax > e.xMin) || !(e.yMax > e.yMin)) {
    throw new Error(
      `Expected a finite extent with xMin < xMax and yMin < yMax, but got x ${e.xMin}..${e.xMax}, y ${e.yMin}..${e.yMax}`,
    );
  }
}
