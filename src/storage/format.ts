/**
 * The session as this browser stores it (IndexedDB, ./idb.ts): a versioned envelope around the
 * engine's SessionCheckpoint, the same plain data a session rebuilds itself from after a lost
 * graphics context. Pure: encode, and decode with a check of every part, so that a record from an
 * older version or a damaged one is refused whole with a reason, never half-loaded.
 */
import { CURVE_KINDS } from '../core/curves';
import { ACTIVATIONS, kernelShapes, type NetworkSpec, type NetworkWeights } from '../core/network/spec';
import { convGeometry } from '../core/conv/spec';
import { validateRule } from '../core/pruning/rule';
import { quantizationProblem, type QuantizeOptions } from '../core/compression/quantize';
import type { PruneRule } from '../core/pruning/prune';
import type { SessionCheckpoint } from '../engine/recovery/checkpoint';

export const STORED_FORMAT = 'pruning-lab/session';
/** The version of the envelope and of the checkpoint inside it. Bump it when either changes shape. */
export const STORED_VERSION = 1;

/** What the browser keeps: the checkpoint, which setup it belongs to, and when it was saved. */
export interface StoredSession {
  format: typeof STORED_FORMAT;
  version: typeof STORED_VERSION;
  /** ISO 8601 time of saving. */
  savedAt: string;
  /** The setup the session was built from (recipeKey): a reload restores it only for the same one. */
  recipe: string;
  checkpoint: SessionCheckpoint;
}

/** What a session is built from, as the settings hold it: the data set, its draw and the model. */
export interface Recipe {
  dataset: string;
  draw: { seed: number; noise: number; testFraction: number };
  model: { hidden: readonly number[]; activation: string; conv?: unknown };
}

/** `recipe` as one string, keys in a fixed order: two setups are the same when their keys are equal. */
export function recipeKey(recipe: Recipe): string {
  const { dataset, draw, model } = recipe;
  const key = [dataset, draw.seed, draw.noise, draw.testFraction, [...model.hidden], model.activation];
  // A perceptron's key is what it was before conv nets came, so that its stored sessions still fit.
  return JSON.stringify(model.conv ? [...key, model.conv] : key);
}

/** The record to store for `checkpoint` of the setup `recipe`, saved at `savedAt`. */
export function encodeStored(checkpoint: SessionCheckpoint, recipe: string, savedAt: Date): StoredSession {
  return { format: STORED_FORMAT, version: STORED_VERSION, savedAt: savedAt.toISOString(), recipe, checkpoint };
}

export type Decoded = { ok: true; stored: StoredSession } | { ok: false; problem: string };

/** Thrown by the checks below with what was expected and what came. */
class Invalid extends Error {}

function expectThat(condition: boolean, problem: string): asserts condition {
  if (!condition) throw new Invalid(problem);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0;

function checkSpec(value: unknown, where: string): NetworkSpec {
  expectThat(isObject(value), `Expected ${where} to describe a network, but got ${typeof value}`);
  const { inputs, hidden, outputs, activation } = value;
  const widthsOk =
    isCount(inputs) && isCount(outputs) && Array.isArray(hidden) && hidden.every((w) => isCount(w) && w > 0);
  expectThat(widthsOk && inputs > 0 && outputs > 0, `Expected ${where} to have whole positive layer widths`);
  expectThat(
    (ACTIVATIONS as readonly unknown[]).includes(activation),
    `Expected ${where}'s activation to be one of ${ACTIVATIONS.join(', ')}, but got ${String(activation)}`,
  );
  if (value.conv !== undefined) checkConv(value.conv, where);
  return value as unknown as NetworkSpec;
}

/** A stored network's convolutions: an image of whole sizes and layers whose maps fit it (core/conv's geometry). */
function checkConv(value: unknown, where: string): void {
  const problem = `Expected ${where}'s convolutions to be an image shape and layers of whole sizes`;
  expectThat(isObject(value) && Array.isArray(value.image) && Array.isArray(value.layers), problem);
  const layersOk = value.layers.every(
    (l: unknown) =>
      isObject(l) &&
      isCount(l.size) &&
      isCount(l.filters) &&
      (l.padding === 'same' || l.padding === 'valid') &&
      typeof l.pool === 'boolean',
  );
  expectThat(value.image.length === 3 && value.image.every(isCount) && layersOk, problem);
  try {
    convGeometry({ input: value.image as [number, number, number], convs: value.layers, hidden: [], outputs: 1 });
  } catch (error) {
    throw new Invalid(`${problem}: ${(error as Error).message}`);
  }
}

function checkFloats(value: unknown, length: number, where: string): void {
  expectThat(value instanceof Float32Array, `Expected ${where} to be float32 values`);
  // A diverged run leaves NaN in the weights: that is the network, not damage.
  expectThat(value.length === length, `Expected ${length} values in ${where}, but got ${value.length}`);
}

function checkWeights(value: unknown, spec: NetworkSpec, where: string): void {
  if (value === null) return;
  expectThat(isObject(value), `Expected ${where} to be weights, but got ${typeof value}`);
  const { kernels, biases } = value as Partial<NetworkWeights>;
  const shapes = kernelShapes(spec);
  expectThat(
    Array.isArray(kernels) &&
      Array.isArray(biases) &&
      kernels.length === shapes.length &&
      biases.length === shapes.length,
    `Expected ${shapes.length} kernels and biases in ${where}`,
  );
  shapes.forEach(([fanIn, fanOut], i) => {
    checkFloats(kernels[i], fanIn * fanOut, `${where}, kernel ${i + 1}`);
    checkFloats(biases[i], fanOut, `${where}, bias ${i + 1}`);
  });
}

function checkMasks(value: unknown, spec: NetworkSpec, where: string): void {
  const shapes = kernelShapes(spec);
  expectThat(Array.isArray(value) && value.length === shapes.length, `Expected ${shapes.length} masks in ${where}`);
  shapes.forEach(([fanIn, fanOut], i) => {
    const mask: unknown = value[i];
    expectThat(
      mask instanceof Uint8Array && mask.length === fanIn * fanOut,
      `Expected ${fanIn * fanOut} mask entries in ${where} ${i + 1}`,
    );
    expectThat(
      mask.every((m) => m === 0 || m === 1),
      `Expected only 0 and 1 in ${where} ${i + 1}`,
    );
  });
}

const FIGURE_FIELDS = ['trainLoss', 'trainAccuracy', 'testLoss', 'testAccuracy', 'sparsity'] as const;

function checkFigures(value: unknown, where: string, optional = true): void {
  if (value === null && optional) return;
  expectThat(isObject(value), `Expected figures for ${where}`);
  for (const field of FIGURE_FIELDS) {
    // A diverged run's loss may be NaN or Infinity: a number all the same.
    expectThat(typeof value[field] === 'number', `Expected a number as ${where}'s ${field}`);
  }
  expectThat(typeof value.exact === 'boolean', `Expected ${where} to say whether it is exact`);
}

function checkState(state: unknown, hasSource: boolean): void {
  expectThat(isObject(state), 'Expected the session’s state');
  expectThat(typeof state.trained === 'boolean', 'Expected the state to say whether the network is trained');
  expectThat(Number.isInteger(state.round) && (state.round as number) >= 1, 'Expected a round >= 1');
  expectThat(isObject(state.rule), 'Expected a pruning rule');
  const ruleProblem = validateRule(state.rule as unknown as PruneRule);
  expectThat(ruleProblem === null, `Expected a valid pruning rule: ${ruleProblem}`);
  expectThat(
    isObject(state.ending) && ['ready', 'stopped', 'error'].includes(state.ending.kind as string),
    'Expected how the last run ended',
  );
  expectThat(state.trained === hasSource, 'Expected trained weights exactly when the state says it is trained');
  checkFigures(state.current, 'the current network');
  checkFigures(state.baseline, 'Before pruning', !state.trained);
  checkFigures(state.cut, 'After pruning');
  if (state.lastRound !== null) {
    expectThat(isObject(state.lastRound), 'Expected the last round’s figures');
    checkFigures(state.lastRound.pruned, 'the last round’s cut');
    checkFigures(state.lastRound.fineTuned, 'After fine-tuning', false);
  }
  expectThat(Array.isArray(state.timeline), 'Expected a timeline');
  state.timeline.forEach((point: unknown, i) => {
    expectThat(isObject(point), `Expected timeline point ${i + 1}`);
    const numbers = [point.step, point.accuracy, point.trainAccuracy, point.loss, point.sparsity];
    expectThat(
      numbers.every((n) => typeof n === 'number'),
      `Expected numbers in timeline point ${i + 1}`,
    );
  });
  expectThat(Array.isArray(state.curves) && isCount(state.nextCurveId), 'Expected the trade-off curves');
  state.curves.forEach((curve: unknown, i) => {
    expectThat(
      isObject(curve) && isCount(curve.id) && typeof curve.kind === 'string' && curve.kind in CURVE_KINDS,
      `Expected curve ${i + 1} to have an id and a kind`,
    );
    expectThat(
      Array.isArray(curve.points) &&
        curve.points.every(
          (p: unknown) => isObject(p) && typeof p.sparsity === 'number' && typeof p.accuracy === 'number',
        ),
      `Expected the points of curve ${i + 1}`,
    );
  });
  for (const list of ['collapse', 'sensitivity'] as const)
    expectThat(Array.isArray(state[list]), `Expected the ${list} list`);
  expectThat(
    isObject(state.parameters) && isCount(state.parameters.nonZero) && isCount(state.parameters.total),
    'Expected the parameter count',
  );
  const quantization = state.quantization;
  expectThat(
    quantization === null ||
      (isObject(quantization) && quantizationProblem(quantization as unknown as QuantizeOptions) === null),
    'Expected no quantization or a valid one',
  );
  expectThat(state.compression === null || isObject(state.compression), 'Expected the Compression table or none');
}

function checkCheckpoint(value: unknown): void {
  expectThat(isObject(value), 'Expected a saved session inside the record');
  const baselineSpec = checkSpec(value.baselineSpec, 'the saved network');
  expectThat(Number.isInteger(value.seed), 'Expected a whole-number seed');
  const network = value.network;
  expectThat(isObject(network), 'Expected the saved network’s arrays');
  const spec = checkSpec(network.spec, 'the saved network’s current shape');
  checkWeights(network.initial, baselineSpec, 'θ₀');
  checkWeights(network.baseline, baselineSpec, 'the trained baseline');
  checkWeights(network.source, spec, 'the weights being pruned');
  checkMasks(network.prior, spec, 'the mask of earlier rounds');
  checkMasks(network.masks, spec, 'the current mask');
  expectThat(
    (network.source === null) === (network.baseline === null),
    'Expected a baseline exactly when there are trained weights',
  );
  checkState(value.state, network.source !== null);
}

/**
 * `value` read back from storage as a StoredSession, or why it cannot be used: not this page's,
 * from an older or newer version, or damaged (a missing part, an array of the wrong type or length,
 * a mask that is not 0/1, a number that is not one). Nothing of a refused record is used.
 */
export function decodeStored(value: unknown): Decoded {
  try {
    expectThat(isObject(value) && value.format === STORED_FORMAT, 'It is not a session saved by Pruning Lab');
    const { version } = value;
    expectThat(typeof version === 'number', 'It has no format version');
    expectThat(
      version >= STORED_VERSION,
      `It was saved by an older version of Pruning Lab (format ${version}; this one reads format ${STORED_VERSION})`,
    );
    expectThat(
      version <= STORED_VERSION,
      `It was saved by a newer version of Pruning Lab (format ${version}; this one reads format ${STORED_VERSION})`,
    );
    expectThat(typeof value.savedAt === 'string' && typeof value.recipe === 'string', 'It has no time or setup');
    checkCheckpoint(value.checkpoint);
    return { ok: true, stored: value as unknown as StoredSession };
  } catch (error) {
    if (error instanceof Invalid) return { ok: false, problem: `${error.message}.` };
    return { ok: false, problem: `It could not be read (${error instanceof Error ? error.message : String(error)}).` };
  }
}
