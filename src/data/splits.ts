import { createRng, normal, type Rng } from '../core/rng';
import type { Dataset, DrawOptions, Split } from './types';

/** Rows of every planar (two-feature) data set, train and test together. */
export const PLANAR_ROWS = 900;

/** The range the Test share accepts: enough test rows to measure, enough training rows to learn. */
export const TEST_FRACTION_RANGE = { min: 0.05, max: 0.8 } as const;

/** The range the Noise accepts, in data units (a standard deviation). */
export const NOISE_RANGE = { min: 0, max: 1 } as const;

/**
 * Checks `options` at the edge of the data layer; throws an Error whose message says what was
 * expected and what came: `Expected a noise >= 0 and <= 1, but got -1`.
 */
export function validateDrawOptions(options: DrawOptions): void {
  const { seed, noise, testFraction } = options;
  validateSeed(seed);
  checkRange('noise', noise, NOISE_RANGE);
  checkRange('test fraction', testFraction, TEST_FRACTION_RANGE);
}

/** Throws unless `seed` is a whole number >= 0 (and exactly representable). */
export function validateSeed(seed: number): void {
  if (!Number.isSafeInteger(seed) || seed < 0) {
    throw new Error(`Expected a seed that is a whole number >= 0, but got ${seed}`);
  }
}

function checkRange(subject: string, value: number, range: { min: number; max: number }): void {
  // Written so that NaN fails too.
  if (!(value >= range.min && value <= range.max)) {
    throw new Error(`Expected a ${subject} >= ${range.min} and <= ${range.max}, but got ${value}`);
  }
}

/**
 * Splits `total` rows by `testFraction`: test rows = round(total × testFraction), the rest train.
 * Does not validate; callers check `testFraction` first.
 */
export function splitRows(total: number, testFraction: number): { trainRows: number; testRows: number } {
  const testRows = Math.round(total * testFraction);
  return { trainRows: total - testRows, testRows };
}

/**
 * Draws `trainRows` then `testRows` rows from one seeded generator: `drawRow(rng, row, x)` writes
 * one row's features into `x` (a view of length `features`) and returns its 0/1 label. `row`
 * counts from 0 within each split. The result is a two-class data set that owns fresh arrays.
 */
export function drawDataset(
  seed: number,
  features: number,
  trainRows: number,
  testRows: number,
  drawRow: (rng: Rng, row: number, x: Float32Array) => number,
): Dataset {
  const rng = createRng(seed);
  const split = (rows: number): Split => {
    const x = new Float32Array(rows * features);
    const y = new Float32Array(rows);
    for (let r = 0; r < rows; r++) y[r] = drawRow(rng, r, x.subarray(r * features, (r + 1) * features));
    return { x, y, rows };
  };
  const train = split(trainRows);
  const test = split(testRows);
  return { features, classes: 2, train, test };
}

/**
 * Where a planar set puts one noise-free point of class `label` (0 or 1): returns [x, y], drawing
 * whatever it needs from `rng`.
 */
export type PointDrawer = (rng: Rng, label: number) => readonly [number, number];

/**
 * A planar data set of {@link PLANAR_ROWS} points split by `options.testFraction`: labels alternate
 * 0, 1, 0, … by row within each split (balanced to within one row), `drawPoint` places each point
 * and Gaussian noise of standard deviation `options.noise` is added to x, then y. Noise is drawn
 * even when it is 0, so the same seed gives the same underlying points at every noise level.
 * Throws on invalid options (see {@link validateDrawOptions}).
 */
export function drawPlanar(options: DrawOptions, drawPoint: PointDrawer): Dataset {
  validateDrawOptions(options);
  const { seed, noise, testFraction } = options;
  const { trainRows, testRows } = splitRows(PLANAR_ROWS, testFraction);
  return drawDataset(seed, 2, trainRows, testRows, (rng, row, x) => {
    const label = row % 2;
    const [px, py] = drawPoint(rng, label);
    x[0] = px + noise * normal(rng);
    x[1] = py + noise * normal(rng);
    return label;
  });
}
