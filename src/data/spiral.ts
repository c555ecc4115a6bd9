import { createRng, normal } from '../core/rng';
import type { Dataset, Split } from './types';

const TRAIN_ROWS = 600;
const TEST_ROWS = 300;
const NOISE = 0.08;
/** Turns of each arm: one full turn is learnable in seconds by a 2-32-32-1 network. */
const TURNS = 1;

/**
 * Two interleaved spiral arms in the plane, one per class, with Gaussian noise: a pattern a small
 * network can learn but not with a few weights, so pruning has something real to destroy.
 * Coordinates lie roughly in [-1, 1]; each split is half class 0 and half class 1.
 */
export function spiral(seed: number): Dataset {
  const rng = createRng(seed);
  const split = (rows: number): Split => {
    const x = new Float32Array(rows * 2);
    const y = new Float32Array(rows);
    for (let r = 0; r < rows; r++) {
      const label = r % 2;
      const t = rng(); // position along the arm, 0 at the centre
      const angle = t * TURNS * 2 * Math.PI + label * Math.PI;
      const radius = 0.1 + 0.9 * t;
      x[2 * r] = radius * Math.cos(angle) + NOISE * normal(rng);
      x[2 * r + 1] = radius * Math.sin(angle) + NOISE * normal(rng);
      y[r] = label;
    }
    return { x, y, rows };
  };
  const train = split(TRAIN_ROWS);
  const test = split(TEST_ROWS);
  return { features: 2, train, test };
}
