import type { Activation } from '../core/network/spec';

/**
 * Rows of a data set, row-major: `x` is [rows, features], `y` is [rows] of class indices
 * 0..classes-1 (0 or 1 for two classes), stored as floats.
 */
export interface Split {
  x: Float32Array;
  y: Float32Array;
  rows: number;
}

/** Width and height of an image data set's rows: feature i is pixel (i % width, ⌊i / width⌋). */
export interface ImageShape {
  width: number;
  height: number;
}

/** A data set: a training split and a test split drawn from the same source. */
export interface Dataset {
  features: number;
  /** Number of classes (2 for a binary task). */
  classes: number;
  train: Split;
  test: Split;
  /** Present when each row is an image (MNIST: 28 × 28). */
  image?: ImageShape;
}

/** What a generated data set is drawn with. */
export interface DrawOptions {
  /** Seeds every random number of the draw: the same options give the same rows. */
  seed: number;
  /** Standard deviation of the Gaussian noise added to each coordinate (data units; sets without noise ignore it). */
  noise: number;
  /** Share of the rows held out as the test split, from 0.05 to 0.8 (sets with a fixed split ignore it). */
  testFraction: number;
}

/** The model and training settings a data set starts with. */
export interface Defaults {
  hidden: readonly number[];
  activation: Activation;
  epochs: number;
  fineTuneEpochs: number;
  learningRate: number;
  /**
   * The fine-tuning rate as a share of `learningRate` while the person has not set one: a tenth
   * (Han et al.) unless the set says otherwise.
   */
  fineTuneRateFactor?: number;
  batchSize: number;
  threshold: number;
  /** The slider's right end. */
  thresholdMax: number;
}

interface DatasetEntry {
  /** The option's text in the Dataset list. */
  label: string;
  /** One or two sentences the page shows about this data set. */
  about: string;
  defaults: Defaults;
}

/** A data set drawn in the page from a seeded generator. */
export interface GeneratedDatasetSpec extends DatasetEntry {
  source: 'generated';
  /** The Noise control's start value and upper limit; null when the set has no noise to set. */
  noise: { initial: number; max: number } | null;
  /** Whether the Test share control applies (false: the set's split is fixed). */
  adjustableSplit: boolean;
  /** Whether rows are points in the plane (two features): the Decision boundary can be drawn. */
  planar: boolean;
  /** Makes the data set; the same options give the same rows. */
  generate: (options: DrawOptions) => Dataset;
}

/** A data set fetched from the site when chosen. */
export interface DownloadedDatasetSpec extends DatasetEntry {
  source: 'download';
  /**
   * Fetches (or reads from the browser's cache) and splits the data, always the same way.
   * `onProgress` gets bytes loaded and the total (0 when the server does not say). Rejects with a
   * sentence a person can act on.
   */
  load: (onProgress: (loaded: number, total: number) => void, signal?: AbortSignal) => Promise<Dataset>;
  /** Present when each row is an image: a convolutional network (LeNet-5) can read it. */
  image?: ImageShape;
}

/** One entry of the data set table. */
export type DatasetSpec = GeneratedDatasetSpec | DownloadedDatasetSpec;
