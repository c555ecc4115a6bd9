/** Hidden-layer activations the model builder knows. */
export const ACTIVATIONS = ['relu', 'tanh'] as const;
export type Activation = (typeof ACTIVATIONS)[number];

/**
 * The shape of a multilayer perceptron classifier: `inputs` features, then dense hidden layers of
 * the given widths, then `outputs` linear units: one (a sigmoid's logit) for two classes, one per
 * class (softmax logits) for more.
 */
export interface MlpSpec {
  inputs: number;
  hidden: readonly number[];
  activation: Activation;
  outputs: number;
}

/** Output units for `classes` classes: 1 for two (sigmoid), `classes` for more (softmax). */
export function outputUnits(classes: number): number {
  if (!Number.isInteger(classes) || classes < 2) throw new Error(`Expected at least 2 classes, but got ${classes}`);
  return classes === 2 ? 1 : classes;
}

/** The [fanIn, fanOut] shape of each kernel of `spec`, first layer first. */
export function kernelShapes(spec: MlpSpec): Array<[number, number]> {
  const widths = [spec.inputs, ...spec.hidden, spec.outputs];
  return widths.slice(1).map((fanOut, i) => [widths[i], fanOut]);
}

/** Multiply-adds of one row's forward pass through `spec`: the sum of fanIn × fanOut over its kernels. */
export function multiplyAddsPerRow(spec: MlpSpec): number {
  return kernelShapes(spec).reduce((sum, [fanIn, fanOut]) => sum + fanIn * fanOut, 0);
}

/** The plain name of each layer: "Dense 1 (20→64)", ..., "Output (32→1)". */
export function layerNames(spec: MlpSpec): string[] {
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
