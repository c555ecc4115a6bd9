/**
 * The TensorFlow.js Layers format (`model.json` + a weights file), written and read as plain data,
 * without TensorFlow.js: a Sequential model of Dense layers, the Keras-style `modelTopology` and a
 * `weightsManifest` naming one binary file of little-endian float32 values.
 */
import {
  ACTIVATIONS,
  convCount,
  kernelShapes,
  type Activation,
  type NetworkSpec,
  type NetworkWeights,
} from '../core/network/spec';

import { WEIGHTS_FILE } from './names';
import {
  CONV_LAYERS,
  convNetwork,
  imageOf,
  isImageShape,
  readConvLayer,
  type ConvFrontRead,
  type WeightLayer,
} from './convLayers';
export { MODEL_FILE, WEIGHTS_FILE } from './names';

/** One weight in a manifest group: its name, shape and dtype. */
interface WeightEntry {
  name: string;
  shape: number[];
  dtype: string;
  quantization?: unknown;
}

/** `model.json` as this module writes it (and the parts of it it reads). */
export interface LayersModelJson {
  format: 'layers-model';
  generatedBy: string;
  convertedBy: string | null;
  modelTopology: Record<string, unknown>;
  weightsManifest: Array<{ paths: string[]; weights: WeightEntry[] }>;
}

/** What the last layer applies to the page's logits: a sigmoid for one unit, a softmax for more. */
export function outputActivation(outputs: number): 'sigmoid' | 'softmax' {
  return outputs === 1 ? 'sigmoid' : 'softmax';
}

/** The layer names the export uses, Keras' own: dense, dense_1, dense_2, … (conv2d, conv2d_1, …) */
function numbered(kind: string, i: number): string {
  return i === 0 ? kind : `${kind}_${i}`;
}

/**
 * `weights` of a `spec`-shaped network as a Layers model: `model.json` (a Sequential of Dense layers,
 * the hidden ones with `spec.activation`, the last with a sigmoid or softmax; a conv net's rows are
 * first reshaped to its images, then go through Conv2D layers with relu, each followed by a 2×2
 * MaxPooling2D where it has one, and a Flatten) and the weights file's bytes, kernel then bias per
 * layer, in the order the manifest lists them. A conv kernel is HWIO, as Keras stores it.
 */
export function toLayersModel(spec: NetworkSpec, weights: NetworkWeights): { json: LayersModelJson; bin: ArrayBuffer } {
  const shapes = kernelShapes(spec);
  const convs = convCount(spec);
  const last = shapes.length - 1;
  const layers: Array<{ class_name: string; config: Record<string, unknown> }> = [];
  const entries: WeightEntry[] = [];
  const arrays: Float32Array[] = [];
  const inputShape = { batch_input_shape: [null, spec.inputs] };
  if (spec.conv)
    layers.push({
      class_name: 'Reshape',
      config: { name: 'reshape', target_shape: [...spec.conv.image], ...inputShape },
    });
  shapes.forEach(([fanIn, units], i) => {
    const kernel = weights.kernels[i];
    const bias = weights.biases[i];
    if (kernel.length !== fanIn * units || bias.length !== units)
      throw new Error(`Expected layer ${i + 1}'s weights to be [${fanIn}, ${units}] and [${units}]`);
    const conv = spec.conv?.layers[i];
    const name = conv ? numbered('conv2d', i) : numbered('dense', i - convs);
    if (conv) {
      const size = conv.size;
      layers.push({
        class_name: 'Conv2D',
        config: {
          name,
          trainable: true,
          dtype: 'float32',
          filters: units,
          kernel_size: [size, size],
          strides: [1, 1],
          padding: conv.padding,
          activation: 'relu',
          use_bias: true,
          data_format: 'channels_last',
        },
      });
      if (conv.pool)
        layers.push({
          class_name: 'MaxPooling2D',
          config: { name: numbered('max_pooling2d', i), pool_size: [2, 2], strides: [2, 2], padding: 'valid' },
        });
      if (i === convs - 1) layers.push({ class_name: 'Flatten', config: { name: 'flatten' } });
    } else {
      layers.push({
        class_name: 'Dense',
        config: {
          name,
          trainable: true,
          dtype: 'float32',
          units,
          activation: i === last ? outputActivation(spec.outputs) : spec.activation,
          use_bias: true,
          ...(i === 0 && inputShape),
        },
      });
    }
    const kernelShape = conv ? [conv.size, conv.size, fanIn / conv.size ** 2, units] : [fanIn, units];
    entries.push({ name: `${name}/kernel`, shape: kernelShape, dtype: 'float32' });
    entries.push({ name: `${name}/bias`, shape: [units], dtype: 'float32' });
    arrays.push(kernel, bias);
  });
  const total = arrays.reduce((sum, a) => sum + a.length, 0);
  const values = new Float32Array(total);
  let offset = 0;
  for (const a of arrays) {
    values.set(a, offset);
    offset += a.length;
  }
  // Float32Array is in the platform's byte order; every browser TensorFlow.js runs in is little-endian.
  const bin = littleEndian(values);
  return {
    json: {
      format: 'layers-model',
      generatedBy: 'Pruning Lab',
      convertedBy: null,
      modelTopology: {
        class_name: 'Sequential',
        config: { name: 'pruned', layers },
        keras_version: 'tfjs-layers 4.22.0',
        backend: 'tensor_flow.js',
      },
      weightsManifest: [{ paths: [WEIGHTS_FILE], weights: entries }],
    },
    bin,
  };
}

/** The bytes of `values` as little-endian float32, whatever the platform's order. */
function littleEndian(values: Float32Array): ArrayBuffer {
  const bytes = new ArrayBuffer(values.length * 4);
  const view = new DataView(bytes);
  for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i], true);
  return bytes;
}

/** A model read from the Layers format: its shape and weights, or why it cannot be used here. */
export type OpenedModel = { spec: NetworkSpec; weights: NetworkWeights } | { problem: string };

/** The weights files a manifest names, in order: the page asks the person for exactly these. */
export function weightsPaths(json: unknown): string[] {
  const manifest = (json as { weightsManifest?: unknown } | null)?.weightsManifest;
  if (!Array.isArray(manifest)) return [];
  return manifest.flatMap((group) => {
    const paths = (group as { paths?: unknown })?.paths;
    return Array.isArray(paths) ? paths.filter((p): p is string => typeof p === 'string') : [];
  });
}

type DenseLayer = WeightLayer;

/** Layers that compute nothing at inference, so they are passed over. */
const PASSED_OVER = ['InputLayer', 'Dropout', 'GaussianNoise', 'GaussianDropout', 'AlphaDropout'];

/**
 * Reads a Layers `model.json` (TensorFlow.js' own or `tensorflowjs_converter`'s from Keras) and the
 * weights files its manifest names, in that order, into the page's network: a Sequential of Dense
 * layers, the hidden ones sharing relu or tanh, the last a sigmoid of one unit, a softmax of several
 * units, or linear (read as logits). Anything else comes back as a problem that says what was expected.
 */
export function fromLayersModel(json: unknown, buffers: readonly ArrayBuffer[]): OpenedModel {
  const root = json as { modelTopology?: unknown; weightsManifest?: unknown } | null;
  if (!root || typeof root !== 'object' || !root.modelTopology)
    return { problem: 'Expected a TensorFlow.js Layers model.json (with a modelTopology), but this file has none.' };
  const topology = root.modelTopology as { model_config?: unknown };
  const model = (topology.model_config ?? topology) as { class_name?: string; config?: unknown };
  if (model.class_name !== 'Sequential')
    return { problem: `Expected a Sequential model, but this one is a ${String(model.class_name)}.` };
  const raw = Array.isArray(model.config) ? model.config : (model.config as { layers?: unknown })?.layers;
  if (!Array.isArray(raw)) return { problem: 'Expected a list of layers in the model, but found none.' };
  let declaredInputs: number | null = null;
  const dense: DenseLayer[] = [];
  const front: ConvFrontRead = { image: null, convs: [], layers: [] };
  for (const layer of raw as Array<{ class_name?: string; config?: Record<string, unknown> }>) {
    const config = layer.config ?? {};
    const shape = config.batch_input_shape ?? config.batch_shape ?? config.batchInputShape;
    const inputs = Array.isArray(shape) && shape.length === 2 && typeof shape[1] === 'number' ? shape[1] : null;
    if (Array.isArray(shape) && shape.length === 4 && isImageShape(shape.slice(1)))
      front.image ??= imageOf(shape.slice(1));
    if (layer.class_name === 'InputLayer') declaredInputs = inputs;
    if (layer.class_name && PASSED_OVER.includes(layer.class_name)) continue;
    if (layer.class_name && CONV_LAYERS.includes(layer.class_name)) {
      if (dense.length > 0)
        return {
          problem: `Expected the convolutions before every Dense layer, but a ${layer.class_name} follows one.`,
        };
      const problem = readConvLayer(layer.class_name, config, front);
      if (problem) return { problem };
      continue;
    }
    if (layer.class_name !== 'Dense')
      return {
        problem: `Expected Dense layers, with Conv2D, MaxPooling2D, Reshape and Flatten before them, but found a ${layer.class_name}.`,
      };
    dense.push({
      name: typeof config.name === 'string' ? config.name : `dense_${dense.length}`,
      units: Number(config.units),
      activation: typeof config.activation === 'string' ? config.activation : 'linear',
      useBias: config.use_bias !== false,
      inputs: inputs ?? (dense.length === 0 ? declaredInputs : null),
    });
  }
  if (dense.length < 2)
    return {
      problem: `Expected at least one hidden Dense layer and an output layer, but found ${dense.length} Dense layer(s).`,
    };
  const hidden = dense.slice(0, -1);
  const output = dense[dense.length - 1];
  const activation = hidden[0].activation;
  if (!(ACTIVATIONS as readonly string[]).includes(activation) || hidden.some((l) => l.activation !== activation))
    return {
      problem: `Expected every hidden layer to use the same activation, relu or tanh, but found ${hidden.map((l) => l.activation).join(', ')}.`,
    };
  const outputs = output.units;
  const fits = output.activation === 'linear' || output.activation === outputActivation(outputs);
  if (!fits || (outputs === 2 && output.activation === 'softmax'))
    return {
      problem: `Expected the last layer to be 1 sigmoid unit (two classes) or 3 or more softmax units, but it is ${outputs} ${output.activation} unit(s).`,
    };
  if (front.convs.length > 0)
    return convNetwork(front, dense, activation, outputs, (layers, shapes) => {
      const read = readWeights(root.weightsManifest, buffers, layers, shapes);
      return 'problem' in read ? read : { kernels: read.kernels, biases: read.biases };
    });
  const weights = readWeights(root.weightsManifest, buffers, dense);
  if ('problem' in weights) return weights;
  const spec: NetworkSpec = {
    inputs: weights.inputs,
    hidden: hidden.map((l) => l.units),
    activation: activation as Activation,
    outputs,
  };
  return { spec, weights: { kernels: weights.kernels, biases: weights.biases } };
}

/**
 * The kernels and biases of `dense`, found by name in the manifest (or in its order), with the input
 * width; `shapes` gives each kernel's [fanIn, units] where the layers do not chain (a conv net's).
 */
function readWeights(
  manifest: unknown,
  buffers: readonly ArrayBuffer[],
  dense: DenseLayer[],
  shapes?: readonly (readonly [number, number])[],
): { inputs: number; kernels: Float32Array[]; biases: Float32Array[] } | { problem: string } {
  if (!Array.isArray(manifest)) return { problem: 'Expected a weightsManifest in model.json, but there is none.' };
  const groups = manifest as Array<{ paths: string[]; weights: WeightEntry[] }>;
  if (buffers.length !== groups.length)
    return { problem: `Expected ${groups.length} weights file(s) for this model.json, but got ${buffers.length}.` };
  const found = new Map<string, Float32Array>();
  const order: Array<{ name: string; values: Float32Array }> = [];
  for (let g = 0; g < groups.length; g++) {
    const view = new DataView(buffers[g]);
    let offset = 0;
    for (const entry of groups[g].weights ?? []) {
      if (entry.dtype !== 'float32' || entry.quantization)
        return {
          problem: `Expected float32 weights, but ${entry.name} is ${entry.quantization ? 'quantized' : entry.dtype}.`,
        };
      const count = entry.shape.reduce((a, b) => a * b, 1);
      if (offset + count * 4 > view.byteLength)
        return { problem: `Expected the weights file to hold ${entry.name} (${count} values), but it ends first.` };
      const values = new Float32Array(count);
      for (let i = 0; i < count; i++) values[i] = view.getFloat32(offset + i * 4, true);
      offset += count * 4;
      found.set(entry.name, values);
      order.push({ name: entry.name, values });
    }
  }
  const byName = (layer: string, part: string) => {
    for (const [name, values] of found)
      if (name === `${layer}/${part}` || name.endsWith(`/${layer}/${part}`)) return values;
    return null;
  };
  const kernels: Float32Array[] = [];
  const biases: Float32Array[] = [];
  let next = 0;
  let fanIn = dense[0].inputs;
  for (const [l, layer] of dense.entries()) {
    if (shapes) fanIn = shapes[l][0];
    const kernel = byName(layer.name, 'kernel') ?? order[next]?.values;
    next++;
    let bias: Float32Array | null = new Float32Array(layer.units);
    if (layer.useBias) {
      bias = byName(layer.name, 'bias') ?? order[next]?.values ?? null;
      next++;
    }
    if (!kernel || !bias) return { problem: `Expected weights for the layer ${layer.name}, but the files have none.` };
    if (fanIn === null) fanIn = kernel.length / layer.units;
    if (kernel.length !== fanIn * layer.units || bias.length !== layer.units)
      return {
        problem: `Expected ${layer.name}'s kernel to be [${fanIn}, ${layer.units}], but its weights do not fit.`,
      };
    kernels.push(kernel);
    biases.push(bias);
    fanIn = layer.units;
  }
  return { inputs: kernels[0].length / dense[0].units, kernels, biases };
}
