import { normal } from '../core/rng';
import type { Dataset } from './types';
import { drawDataset } from './splits';

const NOISE = 0.08;
/** Turns of each arm: one full turn is learnable in seconds by a 2-32-32-1 network. */
const TURNS = 1;

/**
 * Two interleaved spiral arms in the plane, one per class, with Gaussian noise: a pattern a small
 * network can learn but not with a few weights, so pruning has something real to destroy.
 * Coordinates lie roughly in [-1, 1]; 600 training and 300 test rows, alternating classes.
 */
export function spiral(seed: number): Dataset {
  return drawDataset(seed, 2, 600, 300, (rng, row, x) => {
    const label = row % 2;
    const t = rng(); // position along the arm, 0 at the centre
    const angle = t * TURNS * 2 * Math.PI + label * Math.PI;
    const radius = 0.1 + 0.9 * t;
    x[0] = radius * Math.cos(angle) + NOISE * normal(rng);
    x[1] = radius * Math.sin(angle) + NOISE * normal(rng);
    return label;
  });
}
