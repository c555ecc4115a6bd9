import type { Curve, LayerSensitivity, ScheduleTrace } from '../core/curves';
import type { WeightHistogram } from '../core/histogram';
import type { Mask } from '../core/pruning/mask';
import type { Metrics } from '../core/metrics';
import type { PruneRule } from '../core/pruning/prune';
import type { NetworkSpec, NetworkWeights } from '../core/network/spec';
import type { TimelinePoint } from '../core/timeline';
import type { RecoveryReport } from './recovery/recovering';
import type { QuantizeOptions } from '../core/compression/quantize';
import type { StageSizes } from '../core/compression/stages';

/** The rows of the Results table, in order. */
export const STAGES = ['Before pruning', 'After pruning', 'After fine-tuning'] as const;
export type Stage = (typeof STAGES)[number];

/** One row of figures: loss and accuracy on both splits, and sparsity, as plain numbers. */
export interface StageFigures extends Metrics {
  /** Fraction in [0, 1] of prunable weights that are exactly zero. */
  sparsity: number;
  /** False when loss and accuracy were counted on the estimate's rows only (see SessionSnapshot.estimate). */
  exact: boolean;
}

/** The rows quick figures are counted on, when a data set is too large to count every row live. */
export interface EstimateRows {
  /** The first `rows` training rows and the first `rows` test rows. */
  rows: number;
  trainRows: number;
  testRows: number;
}

/**
 * The network as the pictures show it: the weights the rule prunes, its keep-masks, the masks of
 * earlier rounds, and the masked weights the model computes with. Arrays are shared: read only.
 */
export interface NetworkPicture {
  /** The network's shape these arrays have (smaller after Compact). */
  spec: NetworkSpec;
  source: NetworkWeights;
  masks: readonly Mask[];
  prior: readonly Mask[];
  masked: NetworkWeights;
}

export interface LayerSparsity {
  name: string;
  zeros: number;
  total: number;
}

/** Every run the session can be busy with, and what the Status readout says meanwhile. */
export const RUN_STATUS = {
  train: 'Training…',
  'fine-tune': 'Fine-tuning…',
  iterative: 'Pruning iteratively…',
  schedule: 'Pruning on a schedule…',
  rewind: 'Retraining the lottery ticket…',
  sweep: 'Sweeping sparsity…',
  scan: 'Scanning layers…',
  compact: 'Compacting…',
} as const;
export type RunKind = keyof typeof RUN_STATUS;

/** Weights and biases of the network as it stands: non-zero out of all. */
export interface ParameterCount {
  nonZero: number;
  total: number;
}

/** A layer the current rule could empty, and where. */
export interface CollapseWarning {
  layer: string;
  /** The rule's control value (threshold, fraction or q) above which the layer has no weight left. */
  above: number;
  /** Whether the current rule has already emptied it. */
  reached: boolean;
}

/** The lottery-ticket experiment: the same mask retrained from θ₀ and from a fresh random draw. */
export interface LotteryResult {
  sparsity: number;
  epochs: number;
  dense: StageFigures | null;
  pruned: StageFigures;
  rewound: StageFigures;
  reinit: StageFigures;
}

/** One side of a compaction: the network's size and how long a forward pass took. */
export interface NetworkSize {
  /** Inputs, hidden widths and outputs: [20, 64, 32, 1]. */
  widths: number[];
  parameters: ParameterCount;
  /** Dense float32 bytes: 4 per parameter, zeros included. */
  bytes: number;
  /** Median milliseconds of one forward pass over every row, with one readback, on the backend. */
  milliseconds: number;
}

export interface CompactionReport {
  before: NetworkSize;
  after: NetworkSize;
  /** Largest |difference| between the two networks' logits over every row. */
  maxDifference: number;
  /** Rows each timing ran over, and how many timings the medians are of. */
  rows: number;
  repeats: number;
  backend: string;
}

/**
 * The Compression table: the bytes of each stage of Deep Compression's pipeline for the network on
 * screen, and the figures of the pruned (float32) and the quantized network.
 */
export interface CompressionReport {
  /** The quantization in force, or null (None): then only the dense and pruned rows have figures. */
  options: QuantizeOptions | null;
  /** Bits of each relative index. */
  indexBits: number;
  sizes: StageSizes;
  pruned: StageFigures;
  /** The quantized network's figures (Huffman coding is lossless: the same); null without a quantization. */
  quantized: StageFigures | null;
}

/** Everything the page shows, as plain data. A new object each time anything changes. */
export interface SessionSnapshot {
  /** The Status readout: "Ready", a RUN_STATUS text, "Stopped", or an error sentence. */
  status: string;
  isError: boolean;
  /** More about the last run, e.g. "Stopped after 3 of 10 epochs." */
  note: string | null;
  running: RunKind | null;
  /** Share of the current (or last) run done, in [0, 1]. */
  progress: number;
  /** Whether a baseline exists to prune. */
  trained: boolean;
  /** 1 while pruning the baseline; +1 after each fine-tuning. */
  round: number;
  /** The rule the current mask was made with. */
  rule: PruneRule;
  /** The model as it stands (what the Accuracy, Loss and Sparsity readouts show). */
  current: StageFigures | null;
  results: Readonly<Record<Stage, StageFigures | null>>;
  timeline: readonly TimelinePoint[];
  histogram: WeightHistogram | null;
  layers: readonly LayerSparsity[];
  parameters: ParameterCount;
  collapse: readonly CollapseWarning[];
  curves: readonly Curve[];
  sensitivity: readonly LayerSensitivity[];
  schedule: ScheduleTrace | null;
  lottery: LotteryResult | null;
  compaction: CompactionReport | null;
  /** The quantization in force on top of the mask (null: None). */
  quantization: QuantizeOptions | null;
  /** The stages of the compression pipeline for the network on screen; null before the first cut. */
  compression: CompressionReport | null;
  /** The current network for the pictures; null before training. */
  picture: NetworkPicture | null;
  /** The rows quick figures use; null when every figure counts every row. */
  estimate: EstimateRows | null;
  /**
   * Whether loss and accuracy are counted in JavaScript on the CPU, not on the backend: software
   * WebGL is slower than that for a small network (training still runs on the backend).
   */
  figuresOnCpu: boolean;
  /** Whether θ₀ is known for the current network's shape (it is not after compaction). */
  canRewind: boolean;
  /** `tf.memory().numTensors` when the snapshot was made. */
  tensors: number;
  /** Set once the session was rebuilt after a lost graphics context: where it runs now, and what happened. */
  recovery?: RecoveryReport;
}
