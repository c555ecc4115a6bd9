import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../model/tf';
import * as tfl from '@tensorflow/tfjs-layers';
import { createRng } from '../core/rng';
import { forwardLogits } from '../core/network/forward';
import { convNetOf, kernelShapes, type NetworkSpec, type NetworkWeights } from '../core/network/spec';
import { convLogits } from '../core/conv/forward';
import { fromLayersModel, MODEL_FILE, toLayersModel, weightsPaths, WEIGHTS_FILE } from './layersModel';

/** The problem of a refused result, or '' when it was not refused. */
function problemOf(result: object): string {
  return 'problem' in result ? String(result.problem) : '';
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Seeded weights of `spec`'s shape with about `zeros` of the kernel entries exactly 0. */
function weightsOf(spec: NetworkSpec, zeros: number, seed = 3): NetworkWeights {
  const rng = createRng(seed);
  const shapes = kernelShapes(spec);
  return {
    kernels: shapes.map(([fanIn, out]) =>
      Float32Array.from({ length: fanIn * out }, () => (rng() < zeros ? 0 : rng() * 2 - 1)),
    ),
    biases: shapes.map(([, out]) => Float32Array.from({ length: out }, () => rng() * 0.2 - 0.1)),
  };
}

/** Loads the files as TensorFlow.js loads them from a server: model.json, then the paths its manifest names. */
async function loadWithTfjs(json: unknown, bin: ArrayBuffer): Promise<tfl.LayersModel> {
  const files: Record<string, () => Response> = {
    [MODEL_FILE]: () => new Response(JSON.stringify(json)),
    [WEIGHTS_FILE]: () => new Response(bin),
  };
  const fetchFunc = (url: RequestInfo | URL) => {
    const name = (typeof url === 'string' ? url : url instanceof URL ? url.href : url.url).split('/').pop()!;
    return Promise.resolve(files[name]?.() ?? new Response('missing', { status: 404 }));
  };
  return tfl.loadLayersModel(tf.io.http(`http://lab.invalid/${MODEL_FILE}`, { fetchFunc }));
}

function sigmoidOrSoftmax(logits: Float32Array, outputs: number): number[] {
  if (outputs === 1) return Array.from(logits, (z) => 1 / (1 + Math.exp(-z)));
  const result: number[] = [];
  for (let r = 0; r < logits.length / outputs; r++) {
    const row = Array.from(logits.subarray(r * outputs, (r + 1) * outputs));
    const max = Math.max(...row);
    const exp = row.map((z) => Math.exp(z - max));
    const sum = exp.reduce((a, b) => a + b, 0);
    result.push(...exp.map((e) => e / sum));
  }
  return result;
}

describe('Export model: the TensorFlow.js Layers format', () => {
  const cases: Array<[string, NetworkSpec]> = [
    ['the seed network (sigmoid output)', { inputs: 20, hidden: [64, 32], activation: 'relu', outputs: 1 }],
    ['a tanh network of three classes (softmax)', { inputs: 4, hidden: [8], activation: 'tanh', outputs: 3 }],
  ];
  for (const [name, spec] of cases) {
    it(`tf.loadLayersModel loads ${name}: the page's weights, zeros where they were, the page's predictions`, async () => {
      const weights = weightsOf(spec, 0.6);
      const { json, bin } = toLayersModel(spec, weights);
      const model = await loadWithTfjs(json, bin);
      const loaded = model.getWeights();
      expect(loaded).toHaveLength(weights.kernels.length * 2);
      weights.kernels.forEach((kernel, i) => {
        expect(loaded[2 * i].shape).toEqual([kernel.length / weights.biases[i].length, weights.biases[i].length]);
        const values = loaded[2 * i].dataSync();
        expect(Array.from(values)).toEqual(Array.from(kernel));
        const zerosThere = Array.from(values, (v) => v === 0);
        expect(zerosThere).toEqual(Array.from(kernel, (v) => v === 0));
        expect(Array.from(loaded[2 * i + 1].dataSync())).toEqual(Array.from(weights.biases[i]));
      });
      const rows = 40;
      const rng = createRng(9);
      const x = Float32Array.from({ length: rows * spec.inputs }, () => rng() * 4 - 2);
      const input = tf.tensor2d(x, [rows, spec.inputs]);
      const predicted = model.predict(input) as tf.Tensor;
      const page = sigmoidOrSoftmax(forwardLogits(spec.activation, weights, x, rows), spec.outputs);
      Array.from(predicted.dataSync()).forEach((p, i) => expect(Math.abs(p - page[i])).toBeLessThan(1e-6));
      tf.dispose([input, predicted]);
      model.dispose();
    });
  }

  it("tf.loadLayersModel loads a conv net (Reshape, Conv2D, MaxPooling2D, Flatten, Dense): core/conv's predictions", async () => {
    const spec: NetworkSpec = {
      inputs: 64,
      hidden: [5],
      activation: 'relu',
      outputs: 3,
      conv: {
        image: [8, 8, 1],
        layers: [
          { size: 3, filters: 4, padding: 'same', pool: true },
          { size: 3, filters: 2, padding: 'valid', pool: false },
        ],
      },
    };
    const weights = weightsOf(spec, 0.5);
    const { json, bin } = toLayersModel(spec, weights);
    const model = await loadWithTfjs(json, bin);
    expect(model.layers.map((l) => l.getClassName())).toEqual([
      'Reshape',
      'Conv2D',
      'MaxPooling2D',
      'Conv2D',
      'Flatten',
      'Dense',
      'Dense',
    ]);
    const rows = 10;
    const rng = createRng(4);
    const x = Float32Array.from({ length: rows * 64 }, () => rng());
    const input = tf.tensor2d(x, [rows, 64]);
    const predicted = model.predict(input) as tf.Tensor;
    const page = sigmoidOrSoftmax(convLogits(convNetOf(spec)!, weights, x, rows), 3);
    Array.from(predicted.dataSync()).forEach((p, i) => expect(Math.abs(p - page[i])).toBeLessThan(1e-5));
    tf.dispose([input, predicted]);
    model.dispose();
    // Open model reads it back: the same shape, the same weights.
    expect(fromLayersModel(json, [bin])).toEqual({ spec, weights });
    // A convolution the page cannot run is refused, saying why.
    const strided = structuredClone(json);
    const layers = (strided.modelTopology as { config: { layers: Array<{ config: Record<string, unknown> }> } }).config
      .layers;
    layers[1].config.strides = [2, 2];
    expect(fromLayersModel(strided, [bin])).toEqual({
      problem: 'Expected conv2d to have square kernels and stride 1, but it has [3,3] and [2,2].',
    });
  });

  it('writes little-endian float32, kernel then bias per layer, as the manifest lists them', () => {
    const spec: NetworkSpec = { inputs: 2, hidden: [1], activation: 'relu', outputs: 1 };
    const weights = {
      kernels: [Float32Array.of(1.5, -2), Float32Array.of(0)],
      biases: [Float32Array.of(0.25), Float32Array.of(-1)],
    };
    const { json, bin } = toLayersModel(spec, weights);
    expect(Array.from(new Float32Array(bin))).toEqual([1.5, -2, 0.25, 0, -1]);
    expect(new Uint8Array(bin).slice(0, 4)).toEqual(Uint8Array.of(0, 0, 0xc0, 0x3f));
    expect(json.weightsManifest[0].weights.map((w) => w.name)).toEqual([
      'dense/kernel',
      'dense/bias',
      'dense_1/kernel',
      'dense_1/bias',
    ]);
    expect(weightsPaths(json)).toEqual([WEIGHTS_FILE]);
  });
});

describe('Open model: reading the Layers format', () => {
  it('reads back what it wrote: the same shape and the same weights', () => {
    const spec: NetworkSpec = { inputs: 20, hidden: [64, 32], activation: 'relu', outputs: 1 };
    const weights = weightsOf(spec, 0.5);
    const { json, bin } = toLayersModel(spec, weights);
    const opened = fromLayersModel(JSON.parse(JSON.stringify(json)), [bin]);
    if ('problem' in opened) throw new Error(opened.problem);
    expect(opened.spec).toEqual(spec);
    expect(opened.weights).toEqual(weights);
  });

  it("reads a model saved by TensorFlow.js itself (model.save), converter's layer names and all", async () => {
    const model = tfl.sequential({
      layers: [
        tfl.layers.dense({ units: 5, activation: 'tanh', inputShape: [3], name: 'hidden_a' }),
        tfl.layers.dropout({ rate: 0.2 }),
        tfl.layers.dense({ units: 4, activation: 'softmax', name: 'out' }),
      ],
    });
    let saved: tf.io.ModelArtifacts | null = null;
    await model.save(
      tf.io.withSaveHandler(async (artifacts) => {
        saved = artifacts;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
    const artifacts: tf.io.ModelArtifacts = saved!;
    const json = {
      modelTopology: artifacts.modelTopology,
      weightsManifest: [{ paths: ['w.bin'], weights: artifacts.weightSpecs }],
    };
    const data = artifacts.weightData as ArrayBuffer;
    const opened = fromLayersModel(json, [data]);
    if ('problem' in opened) throw new Error(opened.problem);
    expect(opened.spec).toEqual({ inputs: 3, hidden: [5], activation: 'tanh', outputs: 4 });
    const original = model.getWeights().map((w) => Array.from(w.dataSync()));
    expect(opened.weights.kernels.map((k) => Array.from(k))).toEqual([original[0], original[2]]);
    expect(opened.weights.biases.map((b) => Array.from(b))).toEqual([original[1], original[3]]);
    model.dispose();
  });

  it('reads the Keras layout tensorflowjs_converter writes (model_config, an InputLayer, no use_bias on the last layer)', () => {
    const json = {
      modelTopology: {
        model_config: {
          class_name: 'Sequential',
          config: {
            name: 'sequential',
            layers: [
              { class_name: 'InputLayer', config: { batch_input_shape: [null, 2], name: 'input_1' } },
              { class_name: 'Dense', config: { name: 'dense', units: 2, activation: 'relu' } },
              { class_name: 'Dense', config: { name: 'dense_1', units: 1, activation: 'sigmoid', use_bias: false } },
            ],
          },
        },
      },
      weightsManifest: [
        {
          paths: ['group1-shard1of1.bin'],
          weights: [
            { name: 'sequential/dense/kernel', shape: [2, 2], dtype: 'float32' },
            { name: 'sequential/dense/bias', shape: [2], dtype: 'float32' },
            { name: 'sequential/dense_1/kernel', shape: [2, 1], dtype: 'float32' },
          ],
        },
      ],
    };
    const opened = fromLayersModel(json, [Float32Array.of(1, 2, 3, 4, 0.5, -0.5, 7, 8).buffer]);
    if ('problem' in opened) throw new Error(opened.problem);
    expect(opened.spec).toEqual({ inputs: 2, hidden: [2], activation: 'relu', outputs: 1 });
    expect(Array.from(opened.weights.kernels[1])).toEqual([7, 8]);
    expect(Array.from(opened.weights.biases[1])).toEqual([0]);
  });

  it('refuses what it cannot prune, saying what it expected', () => {
    const spec: NetworkSpec = { inputs: 2, hidden: [3], activation: 'relu', outputs: 1 };
    const { json, bin } = toLayersModel(spec, weightsOf(spec, 0));
    const layers = (
      json.modelTopology.config as { layers: Array<{ class_name: string; config: Record<string, unknown> }> }
    ).layers;
    const withLayer = (patch: (l: typeof layers) => void) => {
      const copy = structuredClone(json);
      patch((copy.modelTopology.config as { layers: typeof layers }).layers);
      return copy;
    };
    expect(problemOf(fromLayersModel({ hello: 1 }, []))).toContain('Expected a TensorFlow.js Layers model.json');
    expect(
      problemOf(
        fromLayersModel(
          withLayer((l) => (l[0].class_name = 'Conv2D')),
          [bin],
        ),
      ),
    ).toContain("Expected the input's image shape before dense");
    expect(
      problemOf(
        fromLayersModel(
          withLayer((l) => (l[0].class_name = 'LSTM')),
          [bin],
        ),
      ),
    ).toContain('found a LSTM');
    expect(
      problemOf(
        fromLayersModel(
          withLayer((l) => (l[0].config.activation = 'elu')),
          [bin],
        ),
      ),
    ).toContain('relu or tanh');
    expect(
      problemOf(
        fromLayersModel(
          withLayer((l) => (l[1].config.activation = 'softmax')),
          [bin],
        ),
      ),
    ).toContain('1 sigmoid unit');
    expect(problemOf(fromLayersModel(json, [bin.slice(0, 8)]))).toContain('it ends first');
    expect(fromLayersModel(json, [])).toEqual({
      problem: 'Expected 1 weights file(s) for this model.json, but got 0.',
    });
    expect(layers).toHaveLength(2);
  });
});
