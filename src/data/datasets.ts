import { loadMnist } from './mnist';

/** Seeds the MNIST train/test split, the same for every session. */
export const MNIST_SPLIT_SEED = 1;
import { circles, gaussian, moons, xor } from './planar';
import { seedReplica } from './seedReplica';
import { spiral } from './spiral';
import type { DatasetSpec, DrawOptions } from './types';

/** Noise range of the planar shapes: at 0.5 their classes overlap heavily. */
const SHAPE_NOISE_MAX = 0.5;

/** Every data set the page offers, by the token that names it in code and URLs. */
export const DATASETS = {
  'seed-replica': {
    label: 'Seed replica (random labels)',
    about:
      'The seed script’s own data: 1000 training rows of 20 random numbers, each with a label ' +
      'drawn by coin flip. The labels have nothing to do with the features, so the only way to do ' +
      'better than 50% is to memorise the training rows. The seed script reached 58.5% on them; ' +
      'on the 200 test rows, which it never saw, accuracy stays at chance (about 50%). That gap is the lesson.',
    source: 'generated',
    noise: null,
    adjustableSplit: false,
    planar: false,
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
    label: 'Spiral',
    about:
      'Two interleaved spiral arms, one per class, with a little noise. A small network can learn ' +
      'the boundary, and the test split shows whether it really did: here pruning has something ' +
      'real to destroy and fine-tuning something to win back.',
    source: 'generated',
    noise: { initial: 0.08, max: SHAPE_NOISE_MAX },
    adjustableSplit: true,
    planar: true,
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
  moons: {
    label: 'Two moons',
    about:
      'Two interlocking half circles, one per class. No straight line separates them, but a gentle ' +
      'curve does, so a small network learns it quickly, and more than half its weights can go ' +
      'before the curve breaks.',
    source: 'generated',
    noise: { initial: 0.1, max: SHAPE_NOISE_MAX },
    adjustableSplit: true,
    planar: true,
    defaults: {
      hidden: [16, 16],
      activation: 'relu',
      epochs: 20,
      fineTuneEpochs: 5,
      learningRate: 0.01,
      batchSize: 32,
      threshold: 0.5,
      thresholdMax: 2.5,
    },
    generate: moons,
  },
  circles: {
    label: 'Circles',
    about:
      'One class fills a disc, the other a ring around it. The network has to draw a closed boundary ' +
      'around the middle, which takes several hidden units working together; prune the wrong ones ' +
      'and the circle opens up.',
    source: 'generated',
    noise: { initial: 0.1, max: SHAPE_NOISE_MAX },
    adjustableSplit: true,
    planar: true,
    defaults: {
      hidden: [8, 8],
      activation: 'tanh',
      epochs: 20,
      fineTuneEpochs: 5,
      learningRate: 0.03,
      batchSize: 32,
      threshold: 0.5,
      thresholdMax: 4,
    },
    generate: circles,
  },
  xor: {
    label: 'XOR',
    about:
      'Points in the four quarters of a square: one class where x and y have the same sign, the other ' +
      'where they differ. It is the classic problem a single neuron cannot solve: hidden units have to ' +
      'combine the two signs, and pruning the wrong weights undoes that.',
    source: 'generated',
    noise: { initial: 0.1, max: SHAPE_NOISE_MAX },
    adjustableSplit: true,
    planar: true,
    defaults: {
      hidden: [8, 8],
      activation: 'tanh',
      epochs: 20,
      fineTuneEpochs: 5,
      learningRate: 0.03,
      batchSize: 32,
      threshold: 0.5,
      thresholdMax: 4,
    },
    generate: xor,
  },
  gaussian: {
    label: 'Gaussian',
    about:
      'Two round clouds of points, one per class; the noise sets how wide they are and so how much ' +
      'they overlap. A straight line separates them, so much of the network is spare and can be ' +
      'pruned away at no cost.',
    source: 'generated',
    noise: { initial: 0.3, max: 1 },
    adjustableSplit: true,
    planar: true,
    defaults: {
      hidden: [8],
      activation: 'tanh',
      epochs: 10,
      fineTuneEpochs: 3,
      learningRate: 0.03,
      batchSize: 32,
      threshold: 0.75,
      thresholdMax: 2.5,
    },
    generate: gaussian,
  },
  mnist: {
    label: 'MNIST digits',
    about:
      'Ten thousand handwritten digits, 28 × 28 pixels each, to be sorted into 0 to 9: a real task ' +
      'with 784 inputs and hundreds of thousands of weights, most of which turn out not to matter. ' +
      'It is downloaded once (about 8 MB) and kept for offline use.',
    source: 'download',
    image: { width: 28, height: 28 },
    defaults: {
      hidden: [300, 100],
      activation: 'relu',
      // Han et al.'s result, reproduced by `npm run bench`: 10 epochs, then 10 of fine-tuning after
      // pruning to 90–92% keep the test accuracy within a point. Fine-tuning runs at the training rate,
      // as tfmot's guide fine-tunes with Adam's default: at a tenth (Han's SGD practice) 10 epochs of
      // Adam at 0.0001 ended 3.45 points below the dense network at 90% (95.05% → 91.60%, wasm), at
      // 0.001 level with it (95.05%).
      epochs: 10,
      fineTuneEpochs: 10,
      learningRate: 0.001,
      fineTuneRateFactor: 1,
      batchSize: 64,
      threshold: 0.05,
      thresholdMax: 0.3,
    },
    // A fixed, seeded split: the same 2,000 test digits in every session, whatever its Seed.
    load: (onProgress: (loaded: number, total: number) => void, signal?: AbortSignal) =>
      loadMnist(MNIST_SPLIT_SEED, onProgress, signal),
  },
} as const satisfies Record<string, DatasetSpec>;

export type DatasetId = keyof typeof DATASETS;

export const DATASET_IDS = Object.keys(DATASETS) as DatasetId[];

/** Whether `token` names a data set (for values read from a URL or a form). */
export function isDatasetId(token: string): token is DatasetId {
  return Object.hasOwn(DATASETS, token);
}

/** The draw a data set starts with: its own noise (0 without), a third of the rows for testing. */
export function defaultDraw(dataset: DatasetId, seed: number): DrawOptions {
  const entry = DATASETS[dataset];
  return { seed, noise: entry.source === 'generated' && entry.noise ? entry.noise.initial : 0, testFraction: 1 / 3 };
}
