import type { Dataset, DrawOptions } from './types';
import { drawPlanar } from './splits';

/** Turns of each arm: one full turn is learnable in seconds by a 2-32-32-1 network. */
const TURNS = 1;

/**
 * Two interleaved spiral arms in the plane, one per class, with Gaussian noise of standard
 * deviation `options.noise`: a pattern a small network can learn but not with a few weights, so
 * pruning has something real to destroy. Without noise the points lie within radius 1; 900 rows
 * split by `options.testFraction`, alternating classes. With { noise: 0.08, testFraction: 1/3 }
 * it is the same 600 + 300 rows, bit for bit, as the spiral had before its options existed.
 */
export function spiral(options: DrawOptions): Dataset {
  return drawPlanar(options, (rng, label) => {
    const t = rng(); // position along the arm, 0 at the centre
    const angle = t * TURNS * 2 * Math.PI + label * Math.PI;
    const radius = 0.1 + 0.9 * t;
    return [radius * Math.cos(angle), radius * Math.sin(angle)];
  });
}
