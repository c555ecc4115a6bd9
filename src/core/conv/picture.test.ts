import { describe, expect, it } from 'vitest';
import { divergingColour, filterPictures } from './picture';

const f32 = (values: number[]) => Float32Array.from(values);
const pixelsOf = (p: Uint8ClampedArray) =>
  Array.from({ length: p.length / 4 }, (_, i) => Array.from(p.slice(4 * i, 4 * i + 4)));

/** HWIO [2, 2, 1, 2], filter f of pixel p at p·2 + f: filter 0 [1, −1, 0.5, 0], filter 1 all 3. */
const kernel = f32([1, 3, -1, 3, 0.5, 3, 0, 3]);

describe('filterPictures on a hand-made 2×2 kernel', () => {
  it('draws kept filters on one diverging scale and a pruned filter dark', () => {
    const mask = Uint8Array.from([1, 0, 1, 0, 1, 0, 1, 0]); // filter 1 pruned whole
    const pictures = filterPictures(kernel, [2, 2, 1, 2], mask);
    // The pruned filter's 3s do not set the scale: the kept weights' max |w| is 1.
    expect(pictures.scale).toBe(1);
    expect([pictures.width, pictures.height]).toEqual([2, 2]);
    expect(pictures.filters.map((f) => f.pruned)).toEqual([false, true]);
    // 1 → red; −1 → blue; 0.5 → halfway to red: 247 + ½(178 − 247) = 212.5 → 213, 135.5 → 136, 145; 0 → white.
    expect(pixelsOf(pictures.filters[0].pixels)).toEqual([
      [178, 24, 43, 255],
      [33, 102, 172, 255],
      [213, 136, 145, 255],
      [247, 247, 247, 255],
    ]);
    expect(pixelsOf(pictures.filters[1].pixels)).toEqual(Array(4).fill([31, 41, 55, 255]));
  });

  it('shows a single pruned weight as 0, and scales by the largest kept one', () => {
    const mask = Uint8Array.from([0, 1, 1, 1, 1, 1, 1, 1]); // filter 0 loses its 1
    const pictures = filterPictures(kernel, [2, 2, 1, 2], mask);
    expect(pictures.scale).toBe(3);
    expect(pictures.filters.map((f) => f.pruned)).toEqual([false, false]);
    const [first, second] = pixelsOf(pictures.filters[0].pixels);
    expect(first).toEqual([247, 247, 247, 255]);
    // −1 / 3: 247 − (247 − 33) / 3 = 175.67 → 176, 247 − 145 / 3 = 198.67 → 199, 247 − 75 / 3 = 222.
    expect(second).toEqual([176, 199, 222, 255]);
    expect(pixelsOf(pictures.filters[1].pixels)).toEqual(Array(4).fill([178, 24, 43, 255]));
  });

  it('draws an all-zero layer white, not as NaN', () => {
    const pictures = filterPictures(new Float32Array(4), [2, 2, 1, 1], Uint8Array.from([1, 1, 1, 1]));
    expect(pictures.scale).toBe(0);
    expect(pixelsOf(pictures.filters[0].pixels)).toEqual(Array(4).fill([247, 247, 247, 255]));
  });

  it('refuses a kernel with more than one input channel or the wrong length', () => {
    expect(() => filterPictures(kernel, [1, 2, 2, 2], new Uint8Array(8))).toThrow(
      'Expected a [kh, kw, 1, filters] kernel, but got [1, 2, 2, 2]',
    );
    expect(() => filterPictures(kernel, [2, 2, 1, 2], new Uint8Array(7))).toThrow(
      'Expected 8 weights and mask entries, but got 8 and 7',
    );
  });
});

describe('divergingColour', () => {
  it('clamps beyond ±1', () => {
    expect(divergingColour(-5)).toEqual([33, 102, 172]);
    expect(divergingColour(2)).toEqual([178, 24, 43]);
  });
});
