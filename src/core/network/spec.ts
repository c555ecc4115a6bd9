import {
  kernelShapes as convKernelShapes,
  layerCosts,
  layerNames as convLayerNames,
  type ConvLayerSpec,
  type ConvNetSpec,
} from '../conv/spec';

/** Hidden-layer activations the model builder knows. */
export const ACTIVATIONS = ['relu', 'tanh'] as const;
export type Activation = (typeof ACTIVATIONS)[number];

/**
 * The shape of a classifier: `inputs` features, then (for a convolutional network) convolutions
 * over those features read as an image, then dense hidden layers of the given widths, then
 * `outputs` linear units: one (a sigmoid's logit) for two classes, one per class (softmax logits)
 * for more. Without `conv` it is a multilayer perceptron.
 */
export interface NetworkSpec {
  inputs: number;
  hidden: readonly number[];
  activation: Activation;
  outputs: number;
  /** Convolutions in front of the dense layers (LeNet-5), relu after each; their kernels come first. */
  conv?: ConvFront;
}

/** A network's convolutions: the image its `inputs` are (height × width × channels, row-major NHWC) and the layers. */
export interface ConvFront {
  image: readonly [number, number, number];
  layers: readonly ConvLayerSpec[];
}

/** `spec` as core/conv describes a convolutional network, or null for a multilayer perceptron. */
export function convNetOf(spec: NetworkSpec): ConvNetSpec | null {
  if (!spec.conv) return null;
  return { input: spec.conv.image, convs: spec.conv.layers, hidden: spec.hidden, outputs: spec.outputs };
}

/** Convolution layers of `spec` (0 for a multilayer perceptron): the first kernels of every list. */
export function convCount(spec: NetworkSpec): number {
  return spec.conv?.layers.length ?? 0;
}

/** Inputs, then each layer's units (a convolution's filters, a dense layer's neurons), then outputs: [784, 6, 16, 120, 84, 10]. */
export function unitWidths(spec: NetworkSpec): number[] {
  return [spec.inputs, ...(spec.conv?.layers.map((l) => l.filters) ?? []), ...spec.hidden, spec.outputs];
}

/** The network's layers in a line: "784 → 300 → 100 → 10", or "28×28×1 → conv 5×5×6 → pool → … → 10". */
export function shapeText(spec: NetworkSpec): string {
  const front = spec.conv;
  if (!front) return [spec.inputs, ...spec.hidden, spec.outputs].join(' → ');
  const convs = front.layers.map((l) => `conv ${l.size}×${l.size}×${l.filters}${l.pool ? ' → pool' : ''}`);
  return [front.image.join('×'), ...convs, ...spec.hidden, spec.outputs].join(' → ');
}

/** A network's layers as a person chooses them; its inputs and outputs follow from the data. */
export type LayerChoice = Pick<NetworkSpec, 'hidden' | 'activation' | 'conv'>;

/** The network of `choice` on data of `features` inputs and `classes` classes. */
export function specFor(choice: LayerChoice, data: { features: number; classes: number }): NetworkSpec {
  const spec: NetworkSpec = {
    inputs: data.features,
    hidden: choice.hidden,
    activation: choice.activation,
    outputs: outputUnits(data.classes),
  };
  return choice.conv ? { ...spec, conv: choice.conv } : spec;
}

/** Whether `a` and `b` are the same network shape, convolutions included. */
export function sameSpec(a: NetworkSpec, b: NetworkSpec): boolean {
  return (
    a.inputs === b.inputs &&
    a.outputs === b.outputs &&
    a.activation === b.activation &&
    a.hidden.length === b.hidden.length &&
    a.hidden.every((width, i) => width === b.hidden[i]) &&
    sameConv(a.conv, b.conv)
  );
}

function sameConv(a: ConvFront | undefined, b: ConvFront | undefined): boolean {
  if (!a || !b) return a === b;
  return (
    a.image.every((n, i) => n === b.image[i]) &&
    a.layers.length === b.layers.length &&
    a.layers.every((l, i) => {
      const m = b.layers[i];
      return l.size === m.size && l.filters === m.filters && l.padding === m.padding && l.pool === m.pool;
    })
  );
}

/** The shape in a word: "20-64-32-1" for a perceptron, `shapeText`'s line for a conv net. */
export function shapeName(spec: NetworkSpec): string {
  return spec.conv ? shapeText(spec) : [spec.inputs, ...spec.hidden, spec.outputs].join('-');
}

/** Output units for `classes` classes: 1 for two (sigmoid), `classes` for more (softmax). */
export function outputUnits(classes: number): number {
  if (!Number.isInteger(classes) || classes < 2) throw new Error(`Expected at least 2 classes, but got ${classes}`);
  return classes === 2 ? 1 : classes;
}

/** The [fanIn, fanOut] shape of each kernel of `spec`, first layer first (a convolution's as [kh·kw·in, filters]). */
export function kernelShapes(spec: NetworkSpec): Array<[number, number]> {
  const conv = convNetOf(spec);
  if (conv) return convKernelShapes(conv);
  const widths = [spec.inputs, ...spec.hidden, spec.outputs];
  return widths.slice(1).map((fanOut, i) => [widths[i], fanOut]);
}

/** Multiply-adds of one row's forward pass through `spec`: fanIn × fanOut per dense kernel, and per position for a convolution. */
export function multiplyAddsPerRow(spec: NetworkSpec): number {
  const conv = convNetOf(spec);
  if (conv) return layerCosts(conv).reduce((sum, cost) => sum + cost.multiplyAdds, 0);
  return kernelShapes(spec).reduce((sum, [fanIn, fanOut]) => sum + fanIn * fanOut, 0);
}

/** The plain name of each layer: "Dense 1 (20→64)", ..., "Output (32→1)"; "Conv 1 (5×5, 1→6)" first for a conv net. */
export function layerNames(spec: NetworkSpec): string[] {
  const conv = convNetOf(spec);
  if (conv) return convLayerNames(conv);
  const shapes = kernelShapes(spec);
  return shapes.map(([fanIn, fanOut], i) =>
    i === shapes.length - 1 ? `Output (${fanIn}→${fanOut})` : `Dense ${i + 1} (${fanIn}→${fanOut})`,
  );
}

/** A network's weights as plain arrays: kernels row-major [fanIn, fanOut], first layer first. */
export interface NetworkWeights {
  kernels: Float32Array[];
  biases: Float32Array[];
}

/** Non-zero parameters (kernel weights and biases) out of all of them. */
export function countParameters(weights: NetworkWeights): { nonZero: number; total: number } {
  let nonZero = 0;
  let total = 0;
  for (const values of [...weights.kernels, ...weights.biases]) {
    total += values.length;
    for (let i = 0; i < values.length; i++) if (values[i] !== 0) nonZero++;
  }
  return { nonZero, total };
}
