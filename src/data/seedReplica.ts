import { createRng } from '../core/rng';
import type { Dataset, Split } from './types';

const FEATURES = 20;
const TRAIN_ROWS = 1000;
const TEST_ROWS = 200;

/**
 * The seed script's dummy data: 20 features uniform in [0, 1) and labels 0 or 1 at random,
 * independent of the features. 1000 training rows and a 200-row test split from the same generator.
 */
export function seedReplica(seed: number): Dataset {
  const rng = createRng(seed);
  const split = (rows: number): Split => {
    const x = new Float32Array(rows * FEATURES);
    const y = new Float32Array(rows);
    for (let r = 0; r < rows; r++) {
      for (let f = 0; f < FEATURES; f++) x[r * FEATURES + f] = rng();
      y[r] = rng() < 0.5 ? 0 : 1;
    }
    return { x, y, rows };
  };
  const train = split(TRAIN_ROWS);
  const test = split(TEST_ROWS);
  return { features: FEATURES, train, test };
}
