/**
 * The convolutional part of a Layers model, read and checked: what the page's conv nets are (stride-1
 * square Conv2D with relu, each optionally followed by a 2×2 stride-2 MaxPooling2D, then a Flatten),
 * the image it reads from a Reshape or the input shape, and the whole network's weights.
 */
import { kernelShapes, type NetworkSpec, type NetworkWeights } from '../core/network/spec';
import { convGeometry, type ConvLayerSpec } from '../core/conv/spec';

/** The layers besides Dense that a conv net's model.json may hold. */
export const CONV_LAYERS = ['Reshape', 'Conv2D', 'MaxPooling2D', 'Flatten'];

/** A layer with a kernel and a bias, as model.json names it. */
export interface WeightLayer {
  name: string;
  units: number;
  activation: string;
  useBias: boolean;
  inputs: number | null;
}

/** What the conv layers read so far: the image, the convolutions, and their weight layers. */
export interface ConvFrontRead {
  image: [number, number, number] | null;
  convs: ConvLayerSpec[];
  layers: WeightLayer[];
}

export const isImageShape = (v: unknown): boolean =>
  Array.isArray(v) && v.length === 3 && v.every((n) => Number.isInteger(n) && (n as number) > 0);
export const imageOf = (v: unknown): [number, number, number] =>
  (v as number[]).slice(0, 3) as [number, number, number];

const pair = (v: unknown, n: number) => Array.isArray(v) && v.length === 2 && v[0] === n && v[1] === n;

/** Adds a Reshape, Conv2D, MaxPooling2D or Flatten to `front`, or says why the page cannot run it. */
export function readConvLayer(kind: string, config: Record<string, unknown>, front: ConvFrontRead): string | null {
  if (kind === 'Reshape') {
    if (!isImageShape(config.target_shape))
      return `Expected a Reshape to an image (height, width, channels), but it reshapes to ${JSON.stringify(config.target_shape)}.`;
    front.image = imageOf(config.target_shape);
    return null;
  }
  if (kind === 'Flatten')
    return front.convs.length > 0 ? null : 'Expected a Flatten after convolutions, but it comes first.';
  if (kind === 'MaxPooling2D') {
    const last = front.convs[front.convs.length - 1];
    const strides = config.strides ?? config.pool_size;
    if (
      !last ||
      last.pool ||
      !pair(config.pool_size, 2) ||
      !pair(strides, 2) ||
      (config.padding ?? 'valid') !== 'valid'
    )
      return 'Expected each MaxPooling2D to follow a Conv2D, 2×2 with stride 2 and valid padding, but this one does not.';
    last.pool = true;
    return null;
  }
  const size: unknown = Array.isArray(config.kernel_size) ? config.kernel_size[0] : config.kernel_size;
  const padding = config.padding ?? 'valid';
  const name = typeof config.name === 'string' ? config.name : `conv2d_${front.convs.length}`;
  if (!front.image) return `Expected the input's image shape before ${name}, but the model gives none.`;
  if (
    !Number.isInteger(size) ||
    !pair(config.kernel_size, size as number) ||
    !(config.strides === undefined || pair(config.strides, 1))
  )
    return `Expected ${name} to have square kernels and stride 1, but it has ${JSON.stringify(config.kernel_size)} and ${JSON.stringify(config.strides)}.`;
  if (padding !== 'same' && padding !== 'valid')
    return `Expected ${name}'s padding to be same or valid, but it is ${JSON.stringify(padding)}.`;
  if (config.activation !== 'relu')
    return `Expected ${name} to use relu, as the page's conv nets do, but it uses ${String(config.activation)}.`;
  if ((config.data_format ?? 'channels_last') !== 'channels_last')
    return `Expected ${name} to be channels_last, but it is not.`;
  const filters = Number(config.filters);
  front.convs.push({ size: size as number, filters, padding, pool: false });
  front.layers.push({ name, units: filters, activation: 'relu', useBias: config.use_bias !== false, inputs: null });
  return null;
}

/** The network of a conv front and its dense layers, the shapes checked against core/conv's geometry. */
export function convSpec(
  front: ConvFrontRead,
  dense: readonly WeightLayer[],
  activation: string,
  outputs: number,
): NetworkSpec | { problem: string } {
  const image = front.image!;
  if (activation !== 'relu')
    return { problem: `Expected the dense layers after the convolutions to use relu, but they use ${activation}.` };
  const spec: NetworkSpec = {
    inputs: image[0] * image[1] * image[2],
    hidden: dense.slice(0, -1).map((l) => l.units),
    activation,
    outputs,
    conv: { image, layers: front.convs },
  };
  try {
    convGeometry({ input: image, convs: front.convs, hidden: spec.hidden, outputs });
  } catch (error) {
    return { problem: (error as Error).message };
  }
  return spec;
}

export type ReadWeights = (
  layers: WeightLayer[],
  shapes: readonly (readonly [number, number])[],
) => { kernels: Float32Array[]; biases: Float32Array[] } | { problem: string };

/** A conv net's spec and weights, or why not: the weights read by `read` in the shapes the spec gives. */
export function convNetwork(
  front: ConvFrontRead,
  dense: WeightLayer[],
  activation: string,
  outputs: number,
  read: ReadWeights,
): { spec: NetworkSpec; weights: NetworkWeights } | { problem: string } {
  const spec = convSpec(front, dense, activation, outputs);
  if ('problem' in spec) return spec;
  const weights = read([...front.layers, ...dense], kernelShapes(spec));
  if ('problem' in weights) return weights;
  return { spec, weights };
}
