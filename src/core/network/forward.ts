/**
 * A dense network's forward pass on the CPU, on plain arrays: hidden layers apply the activation,
 * the last layer is linear (its outputs are logits, before any sigmoid or softmax).
 */
import type { Activation, NetworkWeights } from './spec';

/** One neuron's activation: relu is max(0, x), tanh is tanh(x). */
export function activate(activation: Activation, x: number): number {
  return activation === 'relu' ? Math.max(0, x) : Math.tanh(x);
}

/**
 * The [fanIn, fanOut] shape of each kernel of `weights`, first layer first, checked to chain:
 * kernel i has biases[i].length columns and kernel i+1 has as many rows as kernel i has columns.
 * The input width is read from the first kernel (its length / biases[0].length); a first layer
 * with no neurons has no rows to read it from, so it is then `inputWidth` (0 if not given). A layer
 * of width 0 is allowed: its kernel is empty and the next kernel has 0 rows. Throws on a mismatch.
 * The result is a new array owned by the caller.
 */
export function chainedShapes(weights: NetworkWeights, inputWidth = 0): Array<[number, number]> {
  const { kernels, biases } = weights;
  if (kernels.length === 0) throw new Error('Expected at least one kernel, but got 0');
  if (biases.length !== kernels.length) {
    throw new Error(`Expected as many biases as kernels (${kernels.length}), but got ${biases.length}`);
  }
  const shapes: Array<[number, number]> = [];
  for (let i = 0; i < kernels.length; i++) {
    const fanOut = biases[i].length;
    const length = kernels[i].length;
    if (i === 0 && fanOut > 0) {
      if (length % fanOut !== 0) {
        throw new Error(`Expected kernel 0 to have ${fanOut} columns (its bias length), but got ${length} entries`);
      }
      shapes.push([length / fanOut, fanOut]);
      continue;
    }
    const fanIn = i === 0 ? inputWidth : shapes[i - 1][1];
    if (length !== fanIn * fanOut) {
      throw new Error(
        `Expected kernel ${i} to be [${fanIn}, ${fanOut}] (${fanIn * fanOut} entries), but got ${length} entries`,
      );
    }
    shapes.push([fanIn, fanOut]);
  }
  return shapes;
}

/**
 * The network's logits for `rows` inputs: `x` is row-major [rows, inputWidth], the result is a new
 * row-major [rows, outWidth] Float32Array owned by the caller (outWidth = the last bias length).
 * Sums are accumulated in float64. A hidden layer of width 0 feeds nothing forward, so the next
 * layer's pre-activations are just its biases; when the first layer has width 0 the input width
 * cannot be read from the weights and is taken as x.length / rows (the input is then unused).
 */
export function forwardLogits(
  activation: Activation,
  weights: NetworkWeights,
  x: Float32Array,
  rows: number,
): Float32Array {
  if (!Number.isInteger(rows) || rows < 0) {
    throw new Error(`Expected a whole number of rows >= 0, but got ${rows}`);
  }
  const { kernels, biases } = weights;
  const firstEmpty = biases.length > 0 && biases[0].length === 0;
  const guessedWidth = firstEmpty && rows > 0 ? x.length / rows : 0;
  const shapes = chainedShapes(weights, Number.isInteger(guessedWidth) ? guessedWidth : 0);
  const inputWidth = shapes[0][0];
  if (x.length !== rows * inputWidth) {
    throw new Error(
      `Expected x to hold ${rows} rows of ${inputWidth} features (${rows * inputWidth} values), but got ${x.length}`,
    );
  }
  const last = kernels.length - 1;
  let input: Float64Array = Float64Array.from(x);
  for (let l = 0; l <= last; l++) {
    const [fanIn, fanOut] = shapes[l];
    const kernel = kernels[l];
    const bias = biases[l];
    const output = new Float64Array(rows * fanOut);
    // Row by row, input by input: the kernel is read along its rows (fanOut apart entries were 6×
    // slower), and an input of exactly 0 (relu's, or a blank pixel) is skipped. Each sum still adds
    // the bias, then the inputs in order, so the figures are the same to the bit.
    for (let r = 0; r < rows; r++) {
      const o = r * fanOut;
      for (let j = 0; j < fanOut; j++) output[o + j] = bias[j];
      for (let i = 0; i < fanIn; i++) {
        const a = input[r * fanIn + i];
        if (a === 0) continue;
        const k = i * fanOut;
        for (let j = 0; j < fanOut; j++) output[o + j] += a * kernel[k + j];
      }
      if (l !== last) for (let j = 0; j < fanOut; j++) output[o + j] = activate(activation, output[o + j]);
    }
    input = output;
  }
  return Float32Array.from(input);
}
