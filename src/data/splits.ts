import { createRng, type Rng } from '../core/rng';
import type { Dataset, Split } from './types';

/**
 * Draws `trainRows` then `testRows` rows from one seeded generator: `drawRow(rng, row, x)` writes
 * one row's features into `x` (a view of length `features`) and returns its 0/1 label.
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
  return { features, train, test };
}
