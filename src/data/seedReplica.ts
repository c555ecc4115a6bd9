import type { Dataset } from './types';
import { drawDataset } from './splits';

/**
 * The seed script's dummy data: 20 features uniform in [0, 1) and labels 0 or 1 at random,
 * independent of the features. 1000 training rows and a 200-row test split from the same generator.
 */
export function seedReplica(seed: number): Dataset {
  return drawDataset(seed, 20, 1000, 200, (rng, _row, x) => {
    for (let f = 0; f < x.length; f++) x[f] = rng();
    return rng() < 0.5 ? 0 : 1;
  });
}
