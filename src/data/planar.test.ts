import { describe, expect, it } from 'vitest';
import { CIRCLE_BANDS, GAUSSIAN_CENTRE, XOR_GAP, circles, gaussian, moons, xor } from './planar';
import { spiral } from './spiral';
import { PLANAR_ROWS, splitRows } from './splits';
import type { Dataset, DrawOptions } from './types';

const GENERATORS = { spiral, moons, circles, xor, gaussian } as const;
const NAMES = Object.keys(GENERATORS) as Array<keyof typeof GENERATORS>;
const BASE: DrawOptions = { seed: 3, noise: 0.1, testFraction: 0.25 };

/** Each row of both splits as [x, y, label]. */
function points(ds: Dataset): Array<[number, number, number]> {
  return [ds.train, ds.test].flatMap((split) =>
    Array.from({ length: split.rows }, (_, r): [number, number, number] => [
      split.x[2 * r],
      split.x[2 * r + 1],
      split.y[r],
    ]),
  );
}

/** FNV-1a over the bytes of `values`: a fingerprint of the exact bits. */
function fingerprint(values: Float32Array): string {
  const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  let hash = 0x811c9dc5;
  for (const b of bytes) hash = Math.imul(hash ^ b, 0x01000193) >>> 0;
  return hash.toString(16).padStart(8, '0');
}

describe.each(NAMES)('%s', (name) => {
  const generate = GENERATORS[name];

  it('has two features, two classes and 900 rows split by the test fraction', () => {
    for (const [testFraction, testRows] of [
      [0.25, 225],
      [0.05, 45],
      [0.8, 720],
      [1 / 3, 300],
    ] as const) {
      const ds = generate({ ...BASE, testFraction });
      expect(ds.features).toBe(2);
      expect(ds.classes).toBe(2);
      expect(ds.image).toBeUndefined();
      expect(ds.test.rows).toBe(testRows);
      expect(ds.train.rows + ds.test.rows).toBe(PLANAR_ROWS);
      for (const split of [ds.train, ds.test]) {
        expect(split.x.length).toBe(split.rows * 2);
        expect(split.y.length).toBe(split.rows);
      }
    }
  });

  it('labels are 0 or 1 and balanced in each split', () => {
    const ds = generate({ ...BASE, testFraction: 0.05 }); // 855 + 45 rows: odd counts
    for (const split of [ds.train, ds.test]) {
      expect(split.y.every((v) => v === 0 || v === 1)).toBe(true);
      const ones = split.y.reduce((s, v) => s + v, 0);
      expect(Math.abs(ones - split.rows / 2)).toBeLessThanOrEqual(0.5);
    }
  });

  it('is the same for the same options and different for another seed', () => {
    const a = generate(BASE);
    const b = generate({ ...BASE });
    const c = generate({ ...BASE, seed: 4 });
    expect(a.train.x).toEqual(b.train.x);
    expect(a.test.x).toEqual(b.test.x);
    expect(a.train.y).toEqual(b.train.y);
    expect(a.train.x).not.toEqual(c.train.x);
  });

  it('without noise stays within [-1.2, 1.2]; with the default noise nearly all rows stay within [-1.5, 1.5]', () => {
    const clean = generate({ ...BASE, noise: 0 });
    expect([...clean.train.x, ...clean.test.x].every((v) => Math.abs(v) <= 1.2 + 1e-6)).toBe(true);
    const noisy = generate(BASE);
    const all = [...noisy.train.x, ...noisy.test.x];
    expect(all.filter((v) => Math.abs(v) <= 1.5).length / all.length).toBeGreaterThan(0.99);
  });

  it('noise moves the same underlying points, in proportion to its size', () => {
    const clean = points(generate({ ...BASE, noise: 0 }));
    const small = points(generate({ ...BASE, noise: 0.1 }));
    const large = points(generate({ ...BASE, noise: 0.2 }));
    let moved = 0;
    clean.forEach(([x, y, label], i) => {
      expect(small[i][2]).toBe(label);
      expect(large[i][0] - x).toBeCloseTo(2 * (small[i][0] - x), 5);
      expect(large[i][1] - y).toBeCloseTo(2 * (small[i][1] - y), 5);
      moved += Math.hypot(small[i][0] - x, small[i][1] - y);
    });
    // The mean length of a 2-D normal step of 0.1 is 0.1 × √(π/2) ≈ 0.125.
    expect(moved / clean.length).toBeCloseTo(0.125, 1);
  });

  it('rejects options out of range with a message that says what came', () => {
    expect(() => generate({ ...BASE, noise: -1 })).toThrow('Expected a noise >= 0 and <= 1, but got -1');
    expect(() => generate({ ...BASE, noise: 1.5 })).toThrow('but got 1.5');
    expect(() => generate({ ...BASE, noise: Number.NaN })).toThrow('but got NaN');
    expect(() => generate({ ...BASE, testFraction: 0.9 })).toThrow(
      'Expected a test fraction >= 0.05 and <= 0.8, but got 0.9',
    );
    expect(() => generate({ ...BASE, testFraction: 0 })).toThrow('but got 0');
    expect(() => generate({ ...BASE, seed: -1 })).toThrow('Expected a seed that is a whole number >= 0, but got -1');
    expect(() => generate({ ...BASE, seed: 1.5 })).toThrow('but got 1.5');
  });
});

describe('the shapes without noise', () => {
  const clean = (generate: (o: DrawOptions) => Dataset) => points(generate({ ...BASE, noise: 0 }));

  it('spiral: every point lies between radius 0.1 and 1', () => {
    for (const [x, y] of clean(spiral)) {
      expect(Math.hypot(x, y)).toBeGreaterThanOrEqual(0.1 - 1e-6);
      expect(Math.hypot(x, y)).toBeLessThanOrEqual(1 + 1e-6);
    }
  });

  it('moons: each class lies on its own arc of radius 0.8', () => {
    // sklearn's arc centres (0, 0) and (1, 0.5), shifted by (-0.5, -0.25) and scaled by 0.8.
    const centres = [
      [-0.4, -0.2],
      [0.4, 0.2],
    ];
    for (const [x, y, label] of clean(moons)) {
      const [cx, cy] = centres[label];
      expect(Math.hypot(x - cx, y - cy)).toBeCloseTo(0.8, 5);
      // Class 0 is the upper arc, class 1 the lower.
      expect(label === 0 ? y >= cy - 1e-6 : y <= cy + 1e-6).toBe(true);
    }
  });

  it('circles: the disc and the ring keep to their bands, and noise carries points across', () => {
    const { disc, ringInner, ringOuter } = CIRCLE_BANDS;
    for (const [x, y, label] of clean(circles)) {
      const r = Math.hypot(x, y);
      if (label === 1) expect(r).toBeLessThanOrEqual(disc + 1e-6);
      else {
        expect(r).toBeGreaterThanOrEqual(ringInner - 1e-6);
        expect(r).toBeLessThanOrEqual(ringOuter + 1e-6);
      }
    }
    const outside = points(circles({ ...BASE, noise: 0.2 })).filter(([x, y, label]) => {
      const r = Math.hypot(x, y);
      return label === 1 ? r > disc : r < ringInner || r > ringOuter;
    });
    expect(outside.length).toBeGreaterThan(20);
  });

  it('xor: points keep off the axes and the label is whether x and y share a sign', () => {
    for (const [x, y, label] of clean(xor)) {
      expect(Math.min(Math.abs(x), Math.abs(y))).toBeGreaterThanOrEqual(XOR_GAP - 1e-6);
      expect(Math.max(Math.abs(x), Math.abs(y))).toBeLessThanOrEqual(1 + 1e-6);
      expect(label).toBe(x * y > 0 ? 1 : 0);
    }
    const crossed = points(xor({ ...BASE, noise: 0.3 })).filter(([x, y, label]) => label !== (x * y > 0 ? 1 : 0));
    expect(crossed.length).toBeGreaterThan(20);
  });

  it('gaussian: without noise every point sits on its centre; with noise the blobs have that spread', () => {
    for (const [x, y, label] of clean(gaussian)) {
      const c = label === 1 ? GAUSSIAN_CENTRE : -GAUSSIAN_CENTRE;
      expect([x, y]).toEqual([c, c]);
    }
    const rows = points(gaussian({ ...BASE, noise: 0.3 }));
    for (const label of [0, 1]) {
      const xs = rows.filter((p) => p[2] === label).map((p) => p[0]);
      const mean = xs.reduce((s, v) => s + v, 0) / xs.length;
      const sd = Math.sqrt(xs.reduce((s, v) => s + (v - mean) ** 2, 0) / xs.length);
      expect(mean).toBeCloseTo(label === 1 ? GAUSSIAN_CENTRE : -GAUSSIAN_CENTRE, 1);
      expect(sd).toBeGreaterThan(0.27);
      expect(sd).toBeLessThan(0.33);
    }
  });
});

describe('the spiral before options existed', () => {
  // Fingerprints of train x, train y, test x, test y from the spiral as it was when it took only a seed.
  it.each([
    [1, '26da98d0 29ebf385 b506cbc8 84cce1a5'],
    [42, 'e6697fdc 29ebf385 a27623e1 84cce1a5'],
  ])('is bit for bit the same for seed %i with noise 0.08 and a third held out', (seed, expected) => {
    const ds = spiral({ seed, noise: 0.08, testFraction: 1 / 3 });
    expect(ds.train.rows).toBe(600);
    expect(ds.test.rows).toBe(300);
    expect([ds.train.x, ds.train.y, ds.test.x, ds.test.y].map(fingerprint).join(' ')).toBe(expected);
  });
});

describe('splitRows', () => {
  it('rounds the test rows and gives the rest to training', () => {
    expect(splitRows(900, 0.25)).toEqual({ trainRows: 675, testRows: 225 });
    expect(splitRows(900, 1 / 3)).toEqual({ trainRows: 600, testRows: 300 });
    expect(splitRows(900, 0.0505)).toEqual({ trainRows: 855, testRows: 45 });
  });
});
