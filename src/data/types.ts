import type { Activation } from '../core/spec';

/** Rows of a data set, row-major: `x` is [rows, features], `y` is [rows] of 0 or 1. */
export interface Split {
  x: Float32Array;
  y: Float32Array;
  rows: number;
}

/** A generated data set: a training split and a test split drawn from the same generator. */
export interface Dataset {
  features: number;
  train: Split;
  test: Split;
}

/** The model and training settings a data set starts with. */
export interface Defaults {
  hidden: readonly number[];
  activation: Activation;
  epochs: number;
  fineTuneEpochs: number;
  learningRate: number;
  batchSize: number;
  threshold: number;
  /** The slider's right end. */
  thresholdMax: number;
}

/** One entry of the data set table: what it is called, how to make it, what it starts with. */
export interface DatasetSpec {
  /** The option's text in the Dataset list. */
  label: string;
  /** One or two sentences the page shows about this data set. */
  about: string;
  defaults: Defaults;
  /** Makes the data set; the same seed gives the same rows. */
  generate(seed: number): Dataset;
}
