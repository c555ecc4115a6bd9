import * as tf from './tf';
import { convCount, kernelShapes, type NetworkSpec, type NetworkWeights } from '../core/network/spec';
import { convFront } from './conv';

/** The trainable tensors of an MLP. The creator owns them and frees them with `disposeParams`. */
export interface MlpParams {
  /** [fanIn, fanOut] per layer, first layer first. */
  kernels: tf.Variable<tf.Rank.R2>[];
  /** [fanOut] per layer. */
  biases: tf.Variable<tf.Rank.R1>[];
}

/**
 * Keras' defaults, seeded: glorot-uniform kernels (limit sqrt(6 / (fanIn + fanOut))) and zero
 * biases. Layer i draws from seed + i, so the same seed gives the same network on every backend.
 * A convolution's fans are Keras' too: kh·kw·in and kh·kw·filters (its [kh·kw·in, filters] matrix
 * would say kh·kw·in and filters).
 */
export function createParams(spec: NetworkSpec, seed: number): MlpParams {
  return tf.tidy(() => {
    const shapes = kernelShapes(spec);
    const kernels = shapes.map(([rows, columns], i) => {
      const area = i < convCount(spec) ? spec.conv!.layers[i].size ** 2 : 1;
      const [fanIn, fanOut] = [rows, columns * area];
      // As tf.layers' glorotUniform draws it (same limit, same seeded randomUniform call), without tf.layers.
      const limit = Math.sqrt(3 * (1 / Math.max(1, (fanIn + fanOut) / 2)));
      return tf.variable(tf.randomUniform<tf.Rank.R2>([rows, columns], -limit, limit, 'float32', seed + i));
    });
    const biases = shapes.map(([, fanOut]) => tf.variable(tf.zeros<tf.Rank.R1>([fanOut])));
    return { kernels, biases };
  });
}

/** Variables holding `weights` (shaped by `spec`). The caller owns them. */
export function paramsFrom(spec: NetworkSpec, weights: NetworkWeights): MlpParams {
  const shapes = kernelShapes(spec);
  return tf.tidy(() => ({
    kernels: weights.kernels.map((k, i) => tf.variable(tf.tensor2d(k, shapes[i]))),
    biases: weights.biases.map((b) => tf.variable(tf.tensor1d(b))),
  }));
}

/** Frees every tensor of `params`. */
export function disposeParams(params: MlpParams): void {
  tf.dispose([...params.kernels, ...params.biases]);
}

/**
 * How a forward pass is computed. 'backend': the active backend's fused matMul, whatever it costs
 * (what a timing of the network should time: compare a pruned and a compact network by it).
 * 'fastest': the same maths, but on the cpu backend, whose matMul is a strided loop with index
 * arithmetic per multiply-add, in row-by-row loops that skip zero inputs (2–5× faster there; the
 * same figures up to float32 rounding). Training and the figures' counts use 'fastest'.
 * 'taped': ops that tf's tape can differentiate on every backend (a conv net's training, which
 * takes its gradients from the tape; model/conv).
 */
export type ForwardMode = 'backend' | 'fastest' | 'taped';

/**
 * The network's logits, [rows, outputs] (before the sigmoid or softmax), for input `x` [rows, inputs]. Takes the
 * kernels and biases as arguments so that a masked copy can run without touching the variables.
 */
export function logits(
  spec: NetworkSpec,
  kernels: readonly tf.Tensor2D[],
  biases: readonly tf.Tensor1D[],
  x: tf.Tensor2D,
  mode: ForwardMode = 'backend',
): tf.Tensor2D {
  const convs = convCount(spec);
  let h = convs
    ? convFront(spec, kernels.slice(0, convs), biases.slice(0, convs), x, mode === 'taped' ? 'taped' : 'fast')
    : x;
  for (let i = convs; i < kernels.length; i++) h = layer(spec, i, h, kernels[i], biases[i], mode);
  return h;
}

/**
 * Dense layer `index` of the network (convolutions count first) applied to its input `h` [rows,
 * fanIn]: [rows, fanOut], through the activation for a hidden layer, the logits for the last.
 */
export function layer(
  spec: NetworkSpec,
  index: number,
  h: tf.Tensor2D,
  kernel: tf.Tensor2D,
  bias: tf.Tensor1D,
  mode: ForwardMode = 'backend',
): tf.Tensor2D {
  const hidden = index - convCount(spec) < spec.hidden.length;
  const relu = hidden && spec.activation === 'relu';
  // fused matMul + bias (+ relu) is one shader on webgl.
  const z =
    mode === 'fastest' && tf.getBackend() === 'cpu'
      ? denseInLoops(h, kernel, bias, relu)
      : (tf.fused.matMul({ a: h, b: kernel, bias, activation: relu ? 'relu' : 'linear' }) as tf.Tensor2D);
  return hidden && spec.activation === 'tanh' ? tf.tanh(z) : z;
}

/**
 * h · kernel + bias (then relu) on the cpu backend, whose tensors are JavaScript arrays: row by row,
 * each nonzero input times a contiguous kernel row, summed in float64 (as tfjs-backend-cpu's matMul
 * sums, which rounds every 48 terms) and rounded once; then the bias added in float32 as its fused
 * kernel adds it.
 */
function denseInLoops(h: tf.Tensor2D, kernel: tf.Tensor2D, bias: tf.Tensor1D, relu: boolean): tf.Tensor2D {
  const [rows, fanIn] = h.shape;
  const fanOut = kernel.shape[1];
  const x = h.dataSync() as Float32Array;
  const w = kernel.dataSync() as Float32Array;
  const b = bias.dataSync() as Float32Array;
  const out = new Float32Array(rows * fanOut);
  const sums = new Float64Array(fanOut);
  for (let r = 0; r < rows; r++) {
    sums.fill(0);
    for (let i = 0; i < fanIn; i++) {
      const xi = x[r * fanIn + i];
      if (xi === 0) continue;
      const row = i * fanOut;
      for (let j = 0; j < fanOut; j++) sums[j] += xi * w[row + j];
    }
    const at = r * fanOut;
    for (let j = 0; j < fanOut; j++) {
      const z = Math.fround(Math.fround(sums[j]) + b[j]);
      out[at + j] = relu && z < 0 ? 0 : z;
    }
  }
  return tf.tensor2d(out, [rows, fanOut]);
}

/**
 * aᵀ·b [m, n] for a [rows, m] and b [rows, n] on the cpu backend's arrays: each nonzero a[r, i]
 * times row r of b, summed in float64 (a gradient of the kernel: a layer's input and its dz).
 */
export function matMulTNInLoops(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D {
  const [rows, m] = a.shape;
  const n = b.shape[1];
  const av = a.dataSync() as Float32Array;
  const bv = b.dataSync() as Float32Array;
  const sums = new Float64Array(m * n);
  for (let r = 0; r < rows; r++) {
    const bRow = r * n;
    for (let i = 0; i < m; i++) {
      const ari = av[r * m + i];
      if (ari === 0) continue;
      const out = i * n;
      for (let j = 0; j < n; j++) sums[out + j] += ari * bv[bRow + j];
    }
  }
  return tf.tensor2d(Float32Array.from(sums), [m, n]);
}

/** a·bᵀ [rows, m] for a [rows, n] and b [m, n] on the cpu backend's arrays: dot products of contiguous rows, in float64. */
export function matMulNTInLoops(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D {
  const [rows, n] = a.shape;
  const m = b.shape[0];
  const av = a.dataSync() as Float32Array;
  const bv = b.dataSync() as Float32Array;
  const out = new Float32Array(rows * m);
  for (let r = 0; r < rows; r++) {
    const aRow = r * n;
    for (let i = 0; i < m; i++) {
      const bRow = i * n;
      let sum = 0;
      for (let j = 0; j < n; j++) sum += av[aRow + j] * bv[bRow + j];
      out[r * m + i] = sum;
    }
  }
  return tf.tensor2d(out, [rows, m]);
}

/** The sum of the rows of t [rows, n], [n], on the cpu backend's arrays, in float64. */
export function columnSumsInLoops(t: tf.Tensor2D): tf.Tensor1D {
  const [rows, n] = t.shape;
  const values = t.dataSync() as Float32Array;
  const sums = new Float64Array(n);
  for (let r = 0; r < rows; r++) for (let j = 0; j < n; j++) sums[j] += values[r * n + j];
  return tf.tensor1d(Float32Array.from(sums));
}

/** Copies all weights to plain arrays with one readback. */
export async function readWeights(params: MlpParams): Promise<NetworkWeights> {
  const all = [...params.kernels, ...params.biases];
  const flat = tf.tidy(() => tf.concat(all.map((t) => t.reshape([-1]))));
  const values = (await flat.data()) as Float32Array;
  flat.dispose();
  let offset = 0;
  const take = (t: tf.Tensor): Float32Array => {
    const part = values.slice(offset, offset + t.size);
    offset += t.size;
    return part;
  };
  const kernels = params.kernels.map(take);
  const biases = params.biases.map(take);
  return { kernels, biases };
}

/** Overwrites the variables with `weights` (shapes must match). */
export function writeWeights(params: MlpParams, weights: NetworkWeights): void {
  tf.tidy(() => {
    params.kernels.forEach((k, i) => k.assign(tf.tensor2d(weights.kernels[i], k.shape)));
    params.biases.forEach((b, i) => b.assign(tf.tensor1d(weights.biases[i])));
  });
}

/**
 * Resolves once the backend has done every step queued so far on the variables: one value of the
 * last bias read back. On WebGL a loop's steps queue up on the GPU and only a readback waits for
 * them; on wasm and cpu they are done when issued, and this costs a copy of one number.
 */
export async function settle(params: MlpParams): Promise<void> {
  const last = params.biases[params.biases.length - 1];
  const probe = tf.tidy(() => last.slice([0], [1]));
  try {
    await probe.data();
  } finally {
    probe.dispose();
  }
}
