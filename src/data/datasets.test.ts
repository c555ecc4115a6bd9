import { describe, expect, it } from 'vitest';
import { DATASET_IDS, DATASETS, isDatasetId, type DatasetId } from './datasets';
import type { DatasetSpec, DrawOptions, GeneratedDatasetSpec } from './types';

const OPTIONS: DrawOptions = { seed: 1, noise: 0.1, testFraction: 0.25 };

function fingerprint(values: Float32Array): string {
  const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  let hash = 0x811c9dc5;
  for (const b of bytes) hash = Math.imul(hash ^ b, 0x01000193) >>> 0;
  return hash.toString(16).padStart(8, '0');
}

const generated = DATASET_IDS.filter((id) => DATASETS[id].source === 'generated');
const entry = (id: DatasetId): DatasetSpec => DATASETS[id];
const generatedEntry = (id: DatasetId): GeneratedDatasetSpec => {
  const spec = entry(id);
  if (spec.source !== 'generated') throw new Error(`${id} is not generated`);
  return spec;
};

describe('the data set table', () => {
  it('offers each set under its token and label, in this order', () => {
    expect(DATASET_IDS.map((id) => [id, DATASETS[id].label])).toEqual([
      ['seed-replica', 'Seed replica (random labels)'],
      ['spiral', 'Spiral'],
      ['moons', 'Two moons'],
      ['circles', 'Circles'],
      ['xor', 'XOR'],
      ['gaussian', 'Gaussian'],
      ['mnist', 'MNIST digits'],
    ]);
  });

  it('recognises data set tokens', () => {
    expect(isDatasetId('spiral')).toBe(true);
    expect(isDatasetId('mnist')).toBe(true);
    expect(isDatasetId('toString')).toBe(false);
    expect(isDatasetId('Spiral')).toBe(false);
  });

  it.each(DATASET_IDS)('%s has sensible defaults and a few sentences about it', (id) => {
    const { about, defaults } = entry(id);
    expect(about.length).toBeGreaterThan(60);
    expect(defaults.hidden.length).toBeGreaterThan(0);
    expect(defaults.hidden.every((w) => Number.isInteger(w) && w > 0)).toBe(true);
    expect(defaults.threshold).toBeGreaterThan(0);
    expect(defaults.thresholdMax).toBeGreaterThan(defaults.threshold);
    expect(defaults.fineTuneEpochs).toBeLessThanOrEqual(defaults.epochs);
  });

  it('keeps the seed replica’s and the spiral’s defaults', () => {
    expect(DATASETS['seed-replica'].defaults).toEqual({
      hidden: [64, 32],
      activation: 'relu',
      epochs: 10,
      fineTuneEpochs: 3,
      learningRate: 0.001,
      batchSize: 32,
      threshold: 0.1,
      thresholdMax: 0.5,
    });
    expect(DATASETS.spiral.defaults).toEqual({
      hidden: [32, 32],
      activation: 'tanh',
      epochs: 30,
      fineTuneEpochs: 10,
      learningRate: 0.05,
      batchSize: 32,
      threshold: 0.5,
      thresholdMax: 2,
    });
  });

  it('MNIST is downloaded and starts as the classic 784-300-100-10 network', () => {
    const mnist = entry('mnist');
    expect(mnist.source).toBe('download');
    expect(mnist.defaults).toEqual({
      hidden: [300, 100],
      activation: 'relu',
      epochs: 10,
      fineTuneEpochs: 10,
      learningRate: 0.001,
      fineTuneRateFactor: 1,
      batchSize: 64,
      threshold: 0.05,
      thresholdMax: 0.3,
    });
    expect(typeof (mnist.source === 'download' && mnist.load)).toBe('function');
  });
});

describe('generated sets', () => {
  it('the seed replica has the seed script’s shape: 1000 × 20 uniform features, 200 test rows, 0/1 labels', () => {
    const ds = DATASETS['seed-replica'].generate(OPTIONS);
    expect(ds.features).toBe(20);
    expect(ds.classes).toBe(2);
    expect(ds.train.rows).toBe(1000);
    expect(ds.train.x.length).toBe(20_000);
    expect(ds.test.rows).toBe(200);
    expect(ds.train.x.every((v) => v >= 0 && v < 1)).toBe(true);
    const ones = ds.train.y.reduce((s, v) => s + v, 0);
    expect(ds.train.y.every((v) => v === 0 || v === 1)).toBe(true);
    expect(ones).toBeGreaterThan(430);
    expect(ones).toBeLessThan(570);
  });

  it('the seed replica uses only the seed, and is bit for bit what it was when it took only a seed', () => {
    const a = DATASETS['seed-replica'].generate({ seed: 42, noise: 0, testFraction: 0.05 });
    const b = DATASETS['seed-replica'].generate({ seed: 42, noise: 1, testFraction: 0.8 });
    expect(a).toEqual(b);
    expect([a.train.x, a.train.y, a.test.x, a.test.y].map(fingerprint).join(' ')).toBe(
      '2bdd1708 103d6975 ec6fec67 1e7dbe75',
    );
    expect(() => DATASETS['seed-replica'].generate({ ...OPTIONS, seed: -2 })).toThrow(
      'Expected a seed that is a whole number >= 0, but got -2',
    );
  });

  it.each(generated)('%s is the same for the same options and different for another seed', (id) => {
    const { generate } = generatedEntry(id);
    const a = generate({ ...OPTIONS, seed: 5 });
    const b = generate({ ...OPTIONS, seed: 5 });
    const c = generate({ ...OPTIONS, seed: 6 });
    expect(a.train.x).toEqual(b.train.x);
    expect(a.test.y).toEqual(b.test.y);
    expect(a.train.x).not.toEqual(c.train.x);
    expect(a.train.x.length).toBe(a.train.rows * a.features);
    expect(a.test.x.length).toBe(a.test.rows * a.features);
  });

  it.each(generated)('%s declares its controls truthfully', (id) => {
    const spec = generatedEntry(id);
    const ds = spec.generate(OPTIONS);
    expect(spec.planar).toBe(ds.features === 2);
    if (spec.noise) {
      expect(spec.noise.initial).toBeGreaterThan(0);
      expect(spec.noise.initial).toBeLessThanOrEqual(spec.noise.max);
      expect(spec.noise.max).toBeLessThanOrEqual(1);
    }
    const other = spec.generate({ ...OPTIONS, testFraction: 0.5 });
    expect(other.test.rows !== ds.test.rows).toBe(spec.adjustableSplit);
  });

  it.each(generated.filter((id) => generatedEntry(id).planar))('%s starts with a small network', (id) => {
    const { defaults } = generatedEntry(id);
    expect(defaults.hidden.every((w) => w <= 32)).toBe(true);
    expect(defaults.batchSize).toBe(32);
  });

  it('the spiral has balanced classes within [-1.5, 1.5]', () => {
    const ds = DATASETS.spiral.generate({ seed: 2, noise: 0.08, testFraction: 1 / 3 });
    expect(ds.features).toBe(2);
    expect(ds.train.y.reduce((s, v) => s + v, 0)).toBe(ds.train.rows / 2);
    expect(ds.train.x.every((v) => Math.abs(v) < 1.5)).toBe(true);
  });
});
