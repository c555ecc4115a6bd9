import type { Dataset, DrawOptions } from './types';
import { drawDataset, validateSeed } from './splits';

/** The seed script's split: 1000 training rows, 200 test rows. */
const TRAIN_ROWS = 1000;
const TEST_ROWS = 200;
const FEATURES = 20;

/**
 * The seed script's dummy data: 20 features uniform in [0, 1) and labels 0 or 1 at random,
 * independent of the features. 1000 training rows and a 200-row test split from the same
 * generator. Only `options.seed` matters (and is validated): the split is fixed and there is no
 * noise to set, so `noise` and `testFraction` are ignored.
 */
export function seedReplica(options: DrawOptions): Dataset {
  validateSeed(options.seed);
  return drawDataset(options.seed, FEATURES, TRAIN_ROWS, TEST_ROWS, (rng, _row, x) => {
    for (let f = 0; f < x.length; f++) x[f] = rng();
    return rng() < 0.5 ? 0 : 1;
  });
}
