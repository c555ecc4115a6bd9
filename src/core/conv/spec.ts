/**
 * The shape of a small convolutional classifier (LeNet-5 and its kin): convolutions with relu, each
 * optionally followed by a 2×2 max-pool, then a flatten in NHWC order (as tf.layers' Flatten does),
 * dense hidden layers with relu, and a linear output layer (softmax logits).
 *
 * Layouts, as TensorFlow.js uses them: activations NHWC ([rows, height, width, channels]); a
 * convolution kernel HWIO ([kh, kw, inChannels, outChannels]), stored row-major in a flat
 * Float32Array, which is also a row-major [kh·kw·inChannels, outChannels] matrix whose column j is
 * output filter j. That matrix view (`kernelShapes`) is what the pruning rules of core/pruning rank.
 * Weights are `NetworkWeights`: conv kernels first, then the dense ones, one bias vector each.
 */

/** How a convolution treats the border: 'same' pads zeros (TF's split, extra row/column at the end), 'valid' does not. */
export type Padding = 'same' | 'valid';

/** One convolution layer: `size`×`size` kernels, stride 1, relu, then a 2×2 stride-2 max-pool when `pool`. */
export interface ConvLayerSpec {
  size: number;
  filters: number;
  padding: Padding;
  pool: boolean;
}

/** A convolutional classifier: input [height, width, channels] → convs → flatten → dense hidden → outputs. */
export interface ConvNetSpec {
  input: readonly [number, number, number];
  convs: readonly ConvLayerSpec[];
  hidden: readonly number[];
  outputs: number;
}

/**
 * The page's LeNet-5: LeCun et al. 1998's widths (6 and 16 filters of 5×5, then 120, 84, 10) with
 * relu and max-pool as Keras examples write it. The first convolution is 'same' on 28×28 (LeCun fed
 * 32×32 digits to a 'valid' one: the same 28×28×6 maps), the second 'valid', which also lets a dead
 * first-layer filter fold exactly into the second layer's biases. 61,470 weights and 61,706
 * parameters; 416,520 multiply-adds per digit (see spec.test.ts). Chosen over Caffe's 20-50-500 for
 * the time it takes to train on wasm with 2 shared cores: 5.5× fewer multiply-adds per digit.
 */
export const LENET5: ConvNetSpec = {
  input: [28, 28, 1],
  convs: [
    { size: 5, filters: 6, padding: 'same', pool: true },
    { size: 5, filters: 16, padding: 'valid', pool: true },
  ],
  hidden: [120, 84],
  outputs: 10,
};

/**
 * Caffe's LeNet-5 (examples/mnist/lenet_train_test.prototxt) that Han et al. 2015 pruned, Table 1's
 * "431K" row: 20 and 50 filters of 5×5 'valid', each max-pooled, then 800 → 500 → 10. 430,500 weights
 * (431,080 parameters), 2,293,000 multiply-adds per digit. Caffe has no relu after its convolutions;
 * this spec (like the page's) has one after every hidden layer.
 */
export const CAFFE_LENET5: ConvNetSpec = {
  input: [28, 28, 1],
  convs: [
    { size: 5, filters: 20, padding: 'valid', pool: true },
    { size: 5, filters: 50, padding: 'valid', pool: true },
  ],
  hidden: [500],
  outputs: 10,
};

/** Where one convolution layer's maps are: its input, its conv output and (after the pool) its output, NHWC without rows. */
export interface ConvGeometry {
  in: [number, number, number];
  conv: [number, number, number];
  out: [number, number, number];
}

/**
 * The map sizes of each convolution layer of `spec`, first first. 'same' keeps the size, 'valid'
 * takes size − 1 from each side's total; a pool halves, rounding down (tf's 'valid' pool drops an odd
 * last row and column). Throws when a size or count is not a whole number >= 1 (filters may be 0, as
 * after compaction) or a map would shrink below 1×1. The result is new and owned by the caller.
 */
export function convGeometry(spec: ConvNetSpec): ConvGeometry[] {
  const [h0, w0, c0] = spec.input;
  for (const [name, v] of [
    ['input height', h0],
    ['input width', w0],
    ['input channels', c0],
  ] as const) {
    if (!Number.isInteger(v) || v < 1) throw new Error(`Expected the ${name} to be a whole number >= 1, but got ${v}`);
  }
  let shape: [number, number, number] = [h0, w0, c0];
  return spec.convs.map((layer, l) => {
    if (!Number.isInteger(layer.size) || layer.size < 1) {
      throw new Error(`Expected convolution ${l + 1}'s kernel size to be a whole number >= 1, but got ${layer.size}`);
    }
    if (!Number.isInteger(layer.filters) || layer.filters < 0) {
      throw new Error(`Expected convolution ${l + 1}'s filters to be a whole number >= 0, but got ${layer.filters}`);
    }
    const [h, w] = shape;
    const shrink = layer.padding === 'valid' ? layer.size - 1 : 0;
    const conv: [number, number, number] = [h - shrink, w - shrink, layer.filters];
    const out: [number, number, number] = layer.pool
      ? [Math.floor(conv[0] / 2), Math.floor(conv[1] / 2), layer.filters]
      : conv;
    if (out[0] < 1 || out[1] < 1) {
      throw new Error(
        `Expected convolution ${l + 1} to leave maps of at least 1×1, but ${h}×${w} gives ${out[0]}×${out[1]}`,
      );
    }
    const geometry = { in: shape, conv, out };
    shape = out;
    return geometry;
  });
}

/** Width of the flatten: height × width × channels of the last convolution's output (the input's with no convs). */
export function flattenWidth(spec: ConvNetSpec): number {
  const geometry = convGeometry(spec);
  const [h, w, c] = geometry.length > 0 ? geometry[geometry.length - 1].out : spec.input;
  return h * w * c;
}

/**
 * Each kernel's [fanIn, fanOut] as a row-major matrix, convs first: [kh·kw·inChannels, filters] for a
 * convolution (HWIO flattened), [inputs, units] for a dense layer. This is the shape the pruning rules
 * take. The result is new and owned by the caller.
 */
export function kernelShapes(spec: ConvNetSpec): Array<[number, number]> {
  const convs = convGeometry(spec).map((g, l): [number, number] => {
    const size = spec.convs[l].size;
    return [size * size * g.in[2], g.conv[2]];
  });
  const widths = [flattenWidth(spec), ...spec.hidden, spec.outputs];
  return [...convs, ...widths.slice(1).map((fanOut, i): [number, number] => [widths[i], fanOut])];
}

/** Each kernel's tensor shape, convs first: [kh, kw, in, out] (HWIO) for a convolution, [in, out] for a dense layer. */
export function kernelDims(spec: ConvNetSpec): number[][] {
  const shapes = kernelShapes(spec);
  return shapes.map(([fanIn, fanOut], l) => {
    if (l >= spec.convs.length) return [fanIn, fanOut];
    const size = spec.convs[l].size;
    return [size, size, fanIn / (size * size), fanOut];
  });
}

/** Per layer, convs first: its weights (kernel entries), parameters (weights + biases) and multiply-adds for one input. */
export interface LayerCost {
  weights: number;
  parameters: number;
  multiplyAdds: number;
}

/**
 * Weights, parameters and multiply-adds of one input's forward pass, per layer: a convolution does
 * kh·kw·inChannels multiply-adds for each of its conv-output positions and filters; a dense layer
 * fanIn × fanOut. Pools and relus are not counted. The result is new and owned by the caller.
 */
export function layerCosts(spec: ConvNetSpec): LayerCost[] {
  const geometry = convGeometry(spec);
  return kernelShapes(spec).map(([fanIn, fanOut], l) => {
    const positions = l < geometry.length ? geometry[l].conv[0] * geometry[l].conv[1] : 1;
    return { weights: fanIn * fanOut, parameters: fanIn * fanOut + fanOut, multiplyAdds: positions * fanIn * fanOut };
  });
}

/** The plain name of each layer: "Conv 1 (5×5, 1→6)", ..., "Dense 1 (400→120)", ..., "Output (84→10)". */
export function layerNames(spec: ConvNetSpec): string[] {
  const dims = kernelDims(spec);
  const last = dims.length - 1;
  return dims.map((d, l) => {
    if (l < spec.convs.length) return `Conv ${l + 1} (${d[0]}×${d[1]}, ${d[2]}→${d[3]})`;
    return l === last ? `Output (${d[0]}→${d[1]})` : `Dense ${l - spec.convs.length + 1} (${d[0]}→${d[1]})`;
  });
}
