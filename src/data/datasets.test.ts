import { describe, expect, it } from 'vitest';
import { DATASET_IDS, DATASETS, isDatasetId } from './datasets';

describe('data sets', () => {
  it('the seed replica has the seed script’s shape: 1000 × 20 uniform features, 200 test rows, 0/1 labels', () => {
    const ds = DATASETS['seed-replica'].generate(1);
    expect(ds.features).toBe(20);
    expect(ds.train.rows).toBe(1000);
    expect(ds.train.x.length).toBe(20_000);
    expect(ds.test.rows).toBe(200);
    expect(ds.train.x.every((v) => v >= 0 && v < 1)).toBe(true);
    const ones = ds.train.y.reduce((s, v) => s + v, 0);
    expect(ds.train.y.every((v) => v === 0 || v === 1)).toBe(true);
    expect(ones).toBeGreaterThan(430);
    expect(ones).toBeLessThan(570);
  });

  it.each(DATASET_IDS)('%s is the same for the same seed and different for another', (id) => {
    const a = DATASETS[id].generate(5);
    const b = DATASETS[id].generate(5);
    const c = DATASETS[id].generate(6);
    expect(a.train.x).toEqual(b.train.x);
    expect(a.test.y).toEqual(b.test.y);
    expect(a.train.x).not.toEqual(c.train.x);
    expect(a.train.x.length).toBe(a.train.rows * a.features);
    expect(a.test.x.length).toBe(a.test.rows * a.features);
  });

  it('the spiral has balanced classes within [-1.5, 1.5]', () => {
    const ds = DATASETS.spiral.generate(2);
    expect(ds.features).toBe(2);
    expect(ds.train.y.reduce((s, v) => s + v, 0)).toBe(ds.train.rows / 2);
    expect(ds.train.x.every((v) => Math.abs(v) < 1.5)).toBe(true);
  });

  it('recognises data set tokens', () => {
    expect(isDatasetId('spiral')).toBe(true);
    expect(isDatasetId('toString')).toBe(false);
  });
});
