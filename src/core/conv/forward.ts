/**
 * A convolutional network's forward pass on the CPU, on plain arrays, as TensorFlow.js computes it
 * (tf.conv2d stride 1 with 'same' or 'valid' padding, relu, tf.maxPool 2×2 stride 2 'valid', a flatten
 * in NHWC order, dense layers), with float64 sums. For counting, for compaction's tests and as the
 * reference the tf model is tested against. Written for clarity, not speed.
 */
import type { NetworkWeights } from '../network/spec';
import { convGeometry, kernelShapes, type ConvNetSpec, type Padding } from './spec';

/** Feature maps in NHWC order: `data` is row-major [rows, height, width, channels]. */
export interface Maps {
  data: Float64Array;
  rows: number;
  height: number;
  width: number;
  channels: number;
}

/**
 * The stride-1 convolution of `input` with an HWIO `kernel` ([size, size, input.channels, filters],
 * flat row-major), plus `bias` (one per filter), before any activation. 'valid' gives maps
 * size − 1 smaller; 'same' keeps their size, padding zeros as TF does: floor((size − 1) / 2) before,
 * the rest after (so a 2×2 kernel pads one row below and one column right). Each sum starts at the
 * bias and adds the taps in kernel order; inputs of exactly 0 are skipped (they add nothing). Throws
 * when the kernel's length does not fit. The result is new and owned by the caller.
 */
export function conv2d(input: Maps, kernel: Float32Array, size: number, bias: Float32Array, padding: Padding): Maps {
  const { rows, height, width, channels } = input;
  const filters = bias.length;
  if (kernel.length !== size * size * channels * filters) {
    throw new Error(
      `Expected a ${size}×${size}×${channels}×${filters} kernel (${size * size * channels * filters} entries), but got ${kernel.length}`,
    );
  }
  const pad = padding === 'same' ? Math.floor((size - 1) / 2) : 0;
  const outH = padding === 'same' ? height : height - size + 1;
  const outW = padding === 'same' ? width : width - size + 1;
  const out = new Float64Array(rows * outH * outW * filters);
  for (let r = 0; r < rows; r++) {
    for (let y = 0; y < outH; y++) {
      for (let x = 0; x < outW; x++) {
        const o = ((r * outH + y) * outW + x) * filters;
        for (let f = 0; f < filters; f++) out[o + f] = bias[f];
        for (let dy = 0; dy < size; dy++) {
          const iy = y + dy - pad;
          if (iy < 0 || iy >= height) continue;
          for (let dx = 0; dx < size; dx++) {
            const ix = x + dx - pad;
            if (ix < 0 || ix >= width) continue;
            const i = ((r * height + iy) * width + ix) * channels;
            for (let c = 0; c < channels; c++) {
              const a = input.data[i + c];
              if (a === 0) continue;
              const k = ((dy * size + dx) * channels + c) * filters;
              for (let f = 0; f < filters; f++) out[o + f] += a * kernel[k + f];
            }
          }
        }
      }
    }
  }
  return { data: out, rows, height: outH, width: outW, channels: filters };
}

/** max(0, x) of every entry of `data`, in place; returns `data`. */
export function reluInPlace(data: Float64Array): Float64Array {
  for (let i = 0; i < data.length; i++) if (data[i] < 0) data[i] = 0;
  return data;
}

/**
 * The 2×2 stride-2 max-pool of `input` ('valid': an odd last row or column is dropped), channel by
 * channel. The result is new and owned by the caller.
 */
export function maxPool2(input: Maps): Maps {
  const { rows, height, width, channels } = input;
  const outH = Math.floor(height / 2);
  const outW = Math.floor(width / 2);
  const out = new Float64Array(rows * outH * outW * channels);
  const at = (r: number, y: number, x: number) => ((r * height + y) * width + x) * channels;
  for (let r = 0; r < rows; r++) {
    for (let y = 0; y < outH; y++) {
      for (let x = 0; x < outW; x++) {
        const o = ((r * outH + y) * outW + x) * channels;
        const corners = [
          at(r, 2 * y, 2 * x),
          at(r, 2 * y, 2 * x + 1),
          at(r, 2 * y + 1, 2 * x),
          at(r, 2 * y + 1, 2 * x + 1),
        ];
        for (let c = 0; c < channels; c++) {
          out[o + c] = Math.max(...corners.map((i) => input.data[i + c]));
        }
      }
    }
  }
  return { data: out, rows, height: outH, width: outW, channels };
}

/**
 * A dense layer on `rows` row-major inputs of `fanIn` features: kernel row-major [fanIn, bias.length],
 * each sum starting at the bias; no activation. The result is new, row-major [rows, bias.length].
 */
export function dense(input: Float64Array, rows: number, kernel: Float32Array, bias: Float32Array): Float64Array {
  const fanOut = bias.length;
  const fanIn = rows === 0 ? 0 : input.length / rows;
  if (kernel.length !== fanIn * fanOut) {
    throw new Error(`Expected a [${fanIn}, ${fanOut}] kernel (${fanIn * fanOut} entries), but got ${kernel.length}`);
  }
  const out = new Float64Array(rows * fanOut);
  for (let r = 0; r < rows; r++) {
    const o = r * fanOut;
    for (let j = 0; j < fanOut; j++) out[o + j] = bias[j];
    for (let i = 0; i < fanIn; i++) {
      const a = input[r * fanIn + i];
      if (a === 0) continue;
      for (let j = 0; j < fanOut; j++) out[o + j] += a * kernel[i * fanOut + j];
    }
  }
  return out;
}

/** What one forward pass computed: each convolution's maps after relu (before its pool), and the logits. */
export interface ForwardStages {
  /** Per convolution, first first: NHWC [rows, conv height, conv width, filters] after relu. */
  maps: Float32Array[];
  /** Row-major [rows, spec.outputs]: the output layer's values, before softmax. */
  logits: Float32Array;
}

/**
 * The forward pass of `spec` with `weights` (conv kernels HWIO then dense kernels, as spec.ts says)
 * on `rows` inputs `x` (NHWC [rows, height, width, channels]): each convolution then relu, then its
 * pool; flatten (NHWC order is already the flatten order); dense hidden layers with relu; a linear
 * output. Throws when a kernel, a bias or `x` does not have the length the spec gives it. Every array
 * of the result is new and owned by the caller.
 */
export function forwardStages(
  spec: ConvNetSpec,
  weights: NetworkWeights,
  x: Float32Array,
  rows: number,
): ForwardStages {
  checkWeights(spec, weights);
  const [height, width, channels] = spec.input;
  if (!Number.isInteger(rows) || rows < 0) throw new Error(`Expected a whole number of rows >= 0, but got ${rows}`);
  if (x.length !== rows * height * width * channels) {
    throw new Error(
      `Expected x to hold ${rows} inputs of ${height}×${width}×${channels} (${rows * height * width * channels} values), but got ${x.length}`,
    );
  }
  let maps: Maps = { data: Float64Array.from(x), rows, height, width, channels };
  const convMaps: Float32Array[] = [];
  spec.convs.forEach((layer, l) => {
    maps = conv2d(maps, weights.kernels[l], layer.size, weights.biases[l], layer.padding);
    reluInPlace(maps.data);
    convMaps.push(Float32Array.from(maps.data));
    if (layer.pool) maps = maxPool2(maps);
  });
  let values = maps.data;
  const last = weights.kernels.length - 1;
  for (let l = spec.convs.length; l <= last; l++) {
    values = dense(values, rows, weights.kernels[l], weights.biases[l]);
    if (l !== last) reluInPlace(values);
  }
  return { maps: convMaps, logits: Float32Array.from(values) };
}

/** The logits of `spec` on `rows` inputs (see `forwardStages`): a new row-major [rows, outputs] array. */
export function convLogits(spec: ConvNetSpec, weights: NetworkWeights, x: Float32Array, rows: number): Float32Array {
  return forwardStages(spec, weights, x, rows).logits;
}

/** Throws unless `weights` has one kernel and one bias per layer of `spec`, of the lengths it gives. */
export function checkWeights(spec: ConvNetSpec, weights: NetworkWeights): void {
  const shapes = kernelShapes(spec);
  convGeometry(spec);
  if (weights.kernels.length !== shapes.length || weights.biases.length !== shapes.length) {
    throw new Error(
      `Expected ${shapes.length} kernels and biases, but got ${weights.kernels.length} and ${weights.biases.length}`,
    );
  }
  shapes.forEach(([fanIn, fanOut], l) => {
    if (weights.kernels[l].length !== fanIn * fanOut || weights.biases[l].length !== fanOut) {
      throw new Error(
        `Expected layer ${l + 1} to hold ${fanIn * fanOut} weights and ${fanOut} biases, but got ${weights.kernels[l].length} and ${weights.biases[l].length}`,
      );
    }
  });
}
