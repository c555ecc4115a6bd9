import { describe, expect, it } from 'vitest';
import { conv2d, convLogits, dense, forwardStages, maxPool2, type Maps } from './forward';
import type { ConvNetSpec } from './spec';

const f32 = (values: number[]) => Float32Array.from(values);
const maps = (values: number[], height: number, width: number, channels: number): Maps => ({
  data: Float64Array.from(values),
  rows: values.length / (height * width * channels),
  height,
  width,
  channels,
});
/** The 3×3 digit 1..9, one channel. */
const x3 = maps([1, 2, 3, 4, 5, 6, 7, 8, 9], 3, 3, 1);
/** HWIO [2, 2, 1, 2]: filter 0 is [[1, 2], [3, 4]], filter 1 picks the lower-right tap. */
const k2 = f32([1, 0, 2, 0, 3, 0, 4, 1]);

describe('conv2d on a 3×3 input with a 2×2 kernel, by hand', () => {
  it("'valid': 1·1 + 2·2 + 4·3 + 5·4 = 37 at the top left, and so on; filters interleave (NHWC)", () => {
    const out = conv2d(x3, k2, 2, f32([0, -5]), 'valid');
    expect([out.rows, out.height, out.width, out.channels]).toEqual([1, 2, 2, 2]);
    // Filter 1: x[y + 1][x + 1] − 5 = 0, 1, 3, 4.
    expect(Array.from(out.data)).toEqual([37, 0, 47, 1, 67, 3, 77, 4]);
  });

  it("'same' pads the extra row and column after, as TF does for an even kernel", () => {
    const out = conv2d(x3, f32([1, 2, 3, 4]), 2, f32([0]), 'same');
    expect([out.height, out.width]).toEqual([3, 3]);
    // Right column: 3·1 + 6·3 = 21, 6·1 + 9·3 = 33; bottom row: 7 + 8·2 = 23, 8 + 9·2 = 26; corner 9.
    expect(Array.from(out.data)).toEqual([37, 47, 21, 67, 77, 33, 23, 26, 9]);
  });

  it("'same' with an odd kernel pads one on each side", () => {
    // 3×3 kernel of ones: each output is the sum of its 3×3 neighbourhood inside the image.
    const out = conv2d(x3, new Float32Array(9).fill(1), 3, f32([0]), 'same');
    expect(Array.from(out.data)).toEqual([12, 21, 16, 27, 45, 33, 24, 39, 28]);
  });

  it('sums over input channels', () => {
    // 2×2×2: pixel channels [1, 10], [2, 20], [3, 30], [4, 40]; channel 0 taps all 1, channel 1 taps ½·[1, −1, 0, 2].
    const x = maps([1, 10, 2, 20, 3, 30, 4, 40], 2, 2, 2);
    const out = conv2d(x, f32([1, 0.5, 1, -0.5, 1, 0, 1, 1]), 2, f32([0]), 'valid');
    expect(Array.from(out.data)).toEqual([1 + 2 + 3 + 4 + 5 - 10 + 0 + 40]);
  });

  it('refuses a kernel of the wrong length, saying what it expected', () => {
    expect(() => conv2d(x3, f32([1, 2, 3]), 2, f32([0]), 'valid')).toThrow(
      'Expected a 2×2×1×1 kernel (4 entries), but got 3',
    );
  });
});

describe('maxPool2 and dense', () => {
  it('takes the largest of each 2×2 block per channel, and drops an odd last row and column', () => {
    expect(Array.from(maxPool2(x3).data)).toEqual([5]);
    const x = maps([1, -1, 2, -2, 3, -3, 4, -4, 5, -5, 6, -6, 7, -7, 8, -8], 2, 4, 2);
    // Blocks (columns 0–1 and 2–3): channel 0 max(1, 2, 5, 6) = 6, max(3, 4, 7, 8) = 8; channel 1 −1, −3.
    expect(Array.from(maxPool2(x).data)).toEqual([6, -1, 8, -3]);
  });

  it('multiplies rows by a row-major kernel and adds the bias', () => {
    const out = dense(Float64Array.from([1, 2, 3, 4]), 2, f32([1, -1, 10, 0]), f32([0.5, 0]));
    expect(Array.from(out)).toEqual([21.5, -1, 43.5, -3]);
  });
});

describe('forwardStages', () => {
  const tiny: ConvNetSpec = {
    input: [3, 3, 1],
    convs: [{ size: 2, filters: 1, padding: 'valid', pool: true }],
    hidden: [2],
    outputs: 1,
  };
  const weights = {
    kernels: [f32([1, 2, 3, 4]), f32([1, -1]), f32([0.5, 3])],
    biases: [f32([-40]), f32([0, 1]), f32([1])],
  };

  it('runs conv, relu, pool, flatten, dense relu and a linear output, by hand', () => {
    // Conv: 37 − 40 = −3, 7, 27, 37 → relu 0, 7, 27, 37 → pool 37 → dense [37, −36] → relu [37, 0] → 1 + 18.5.
    const stages = forwardStages(tiny, weights, f32([1, 2, 3, 4, 5, 6, 7, 8, 9]), 1);
    expect(Array.from(stages.maps[0])).toEqual([0, 7, 27, 37]);
    expect(Array.from(stages.logits)).toEqual([19.5]);
  });

  it('gives each input row its own logits', () => {
    const x = f32([1, 2, 3, 4, 5, 6, 7, 8, 9, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    // Second digit: conv 9 + 16 + 18 + 20 − 40 = 23, 19, 11, 7 → pool 23 → [23, −22] → 1 + 11.5.
    expect(Array.from(convLogits(tiny, weights, x, 2))).toEqual([19.5, 12.5]);
  });

  it('flattens in NHWC order: index (y·width + x)·channels + c', () => {
    // 1×1 conv, filters ×1 and ×10, on 2×2 → maps [1, 10, 2, 20, 3, 30, 4, 40]; a one-hot dense row picks one.
    const spec: ConvNetSpec = {
      input: [2, 2, 1],
      convs: [{ size: 1, filters: 2, padding: 'valid', pool: false }],
      hidden: [],
      outputs: 1,
    };
    const oneHot = (k: number) => f32(Array.from({ length: 8 }, (_, i) => (i === k ? 1 : 0)));
    const at = (k: number) =>
      convLogits(
        spec,
        { kernels: [f32([1, 10]), oneHot(k)], biases: [f32([0, 0]), f32([0])] },
        f32([1, 2, 3, 4]),
        1,
      )[0];
    expect(at(3)).toBe(20); // (y 0, x 1), channel 1
    expect(at(4)).toBe(3); // (y 1, x 0), channel 0
  });

  it('refuses weights or inputs that do not fit the spec', () => {
    expect(() => convLogits(tiny, weights, f32([1, 2, 3]), 1)).toThrow(
      'Expected x to hold 1 inputs of 3×3×1 (9 values), but got 3',
    );
    const short = { kernels: [f32([1, 2, 3]), ...weights.kernels.slice(1)], biases: weights.biases };
    expect(() => convLogits(tiny, short, f32([1, 2, 3, 4, 5, 6, 7, 8, 9]), 1)).toThrow(
      'Expected layer 1 to hold 4 weights and 1 biases, but got 3 and 1',
    );
  });
});
