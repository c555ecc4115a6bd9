import { seedReplica } from './seedReplica';
import { spiral } from './spiral';
import type { DatasetSpec } from './types';

/** Every data set the page offers, by the token that names it in code and URLs. */
export const DATASETS = {
  'seed-replica': {
    label: 'Seed replica (random labels)',
    about:
      'The seed script’s own data: 1000 training rows of 20 random numbers, each with a label ' +
      'drawn by coin flip. The labels have nothing to do with the features, so the only way to do ' +
      'better than 50% is to memorise the training rows. The seed script reached 58.5% on them; ' +
      'on the 200 test rows, which it never saw, accuracy stays at chance (about 50%). That gap is the lesson.',
    defaults: {
      hidden: [64, 32],
      activation: 'relu',
      epochs: 10,
      fineTuneEpochs: 3,
      learningRate: 0.001,
      batchSize: 32,
      threshold: 0.1,
      thresholdMax: 0.5,
    },
    generate: seedReplica,
  },
  spiral: {
    label: 'Spiral (learnable)',
    about:
      'Two interleaved spiral arms, one per class, with a little noise. A small network can learn ' +
      'the boundary, and the test split shows whether it really did: here pruning has something ' +
      'real to destroy and fine-tuning something to win back.',
    defaults: {
      hidden: [32, 32],
      activation: 'tanh',
      epochs: 30,
      fineTuneEpochs: 10,
      learningRate: 0.05,
      batchSize: 32,
      threshold: 0.5,
      thresholdMax: 2,
    },
    generate: spiral,
  },
} as const satisfies Record<string, DatasetSpec>;

export type DatasetId = keyof typeof DATASETS;

export const DATASET_IDS = Object.keys(DATASETS) as DatasetId[];

/** Whether `token` names a data set (for values read from a URL or a form). */
export function isDatasetId(token: string): token is DatasetId {
  return Object.hasOwn(DATASETS, token);
}
