import { createRng, permutation } from '../../core/rng';
import type { NetworkSpec } from '../../core/network/spec';
import type { DataTensors } from '../../model/data';
import { settle, type MlpParams } from '../../model/mlp';
import {
  copyParams,
  createTrainer,
  disposeCopy,
  restoreParams,
  type MaskTensors,
  type TrainerCompression,
} from '../../model/train';
import type { StageFigures } from '../snapshot';

/** Longest stretch of work between two yields to the page. */
const FRAME_MS = 16;
/**
 * About the most work (ms) the loop lets the backend queue before it waits for it: a Stop waits for
 * what is queued. Without a bound, MNIST's steps queued up on software WebGL for over a second.
 */
const QUEUE_MS = 30;

/** What a training loop works on and tells. */
export interface LoopHost {
  readonly spec: NetworkSpec;
  readonly params: MlpParams;
  readonly data: DataTensors;
  readonly batchSize: number;
  /** Evaluations per epoch. */
  readonly pointsPerEpoch: number;
  /** The run's one cancellation signal: the loop stops before the next batch once it is aborted. */
  readonly signal: AbortSignal;
  /** Figures of the variables as they are (one readback). */
  figures: () => Promise<StageFigures>;
  /** Called at every evaluation point with the figures, the epochs done and the share of the run done. */
  evaluated: (figures: StageFigures, epochs: number, progress: number) => void;
  /** Called between evaluation points (the publisher throttles it). */
  progressed: (progress: number) => void;
  /**
   * Called once when the signal stops the loop, before the run's closing figures are counted: on
   * MNIST they take longer than the last step did, and the page says Stopped as soon as it is.
   */
  stopped: () => void;
}

export interface LoopOptions {
  epochs: number;
  learningRate: number;
  /** Kept-weight masks held through every step, or null. Owned by the caller. */
  masks: MaskTensors | null;
  /** Seeds the shuffles. */
  seed: number;
  /**
   * Called before each optimizer step with the number of batches done; may return new masks (owned
   * by the caller), which the loop applies at once and from then on.
   */
  beforeStep?: (batchesDone: number, totalSteps: number) => Promise<MaskTensors | null>;
  /** Trained weight sharing and distillation (model/train's TrainerCompression); owned by the caller. */
  compression?: TrainerCompression;
}

export type RunOutcome =
  | { kind: 'done'; epochsDone: number }
  | { kind: 'stopped'; epochsDone: number }
  | { kind: 'diverged'; epochsDone: number; learningRate: number };

/**
 * Runs `epochs` epochs of minibatch Adam on the host's variables (model/train's Trainer), the masked
 * weights held at exactly zero through every step. When the figures at an evaluation point are not
 * finite, it puts back the last weights that gave finite figures and reports it. Yields to the
 * event loop at least once a frame, so that Stop gets through. Frees everything it makes (the
 * trainer, weight copies).
 */
export async function trainLoop(host: LoopHost, options: LoopOptions): Promise<RunOutcome> {
  const rows = host.data.trainRows;
  const batchesPerEpoch = stepsPerEpoch(rows, host.batchSize);
  const totalSteps = options.epochs * batchesPerEpoch;
  const evalEvery = Math.max(1, Math.round(batchesPerEpoch / host.pointsPerEpoch));
  const rng = createRng(options.seed);
  const trainer = createTrainer(
    host.spec,
    host.params,
    host.data,
    options.learningRate,
    options.masks,
    undefined,
    options.compression,
  );
  let lastGood = copyParams(host.params);
  let lastYield = performance.now();
  const queue = new QueueBound(host.params);
  let step = 0;
  try {
    for (let epoch = 0; epoch < options.epochs; epoch++) {
      trainer.startEpoch(permutation(rows, rng));
      for (let start = 0; start < rows; start += host.batchSize) {
        if (host.signal.aborted) {
          host.stopped();
          return { kind: 'stopped', epochsDone: step / batchesPerEpoch };
        }
        if (options.beforeStep) {
          const next = await options.beforeStep(step, totalSteps);
          if (next) trainer.setMasks(next);
        }
        trainer.step(start, Math.min(start + host.batchSize, rows));
        step++;
        // Figures are read back only at evaluation points (a few per epoch): a readback per
        // batch would halve throughput on WebGL. They also bound how much work the GPU queues.
        if (step % evalEvery === 0 || step === totalSteps) {
          const figures = await host.figures();
          if (!figuresAreFinite(figures)) {
            restoreParams(host.params, lastGood);
            return { kind: 'diverged', epochsDone: step / batchesPerEpoch, learningRate: options.learningRate };
          }
          disposeCopy(lastGood);
          lastGood = copyParams(host.params);
          host.evaluated(figures, step / batchesPerEpoch, step / totalSteps);
        } else {
          host.progressed(step / totalSteps);
          await queue.stepped();
          if (performance.now() - lastYield >= FRAME_MS) {
            await yieldToEventLoop();
            lastYield = performance.now();
          }
        }
      }
    }
    return { kind: 'done', epochsDone: options.epochs };
  } finally {
    disposeCopy(lastGood);
    trainer.dispose();
  }
}

/**
 * Waits for the backend every `every` steps, `every` chosen from the time the last steps took so
 * that about QUEUE_MS of work is queued at most: every step for MNIST on software WebGL, every few
 * dozen for the small sets (a wait costs about a millisecond, so their throughput is unchanged).
 */
class QueueBound {
  private every = 1;
  private since = 0;
  private last = performance.now();
  private readonly params: MlpParams;

  constructor(params: MlpParams) {
    this.params = params;
  }

  async stepped(): Promise<void> {
    if (++this.since < this.every) return;
    await settle(this.params);
    const now = performance.now();
    const perStep = (now - this.last) / this.since;
    this.every = Math.max(1, Math.min(256, Math.floor(QUEUE_MS / Math.max(perStep, 0.01))));
    this.since = 0;
    this.last = now;
  }
}

/** Optimizer steps in one epoch of `rows` rows. */
export function stepsPerEpoch(rows: number, batchSize: number): number {
  return Math.ceil(rows / batchSize);
}

function figuresAreFinite(figures: StageFigures): boolean {
  return [figures.trainLoss, figures.testLoss, figures.trainAccuracy, figures.testAccuracy].every(Number.isFinite);
}

/**
 * Resolves after pending input and timers have had their turn. A message, unlike setTimeout(0),
 * is neither clamped to 4 ms nor throttled in a background tab, so training goes on there too.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}
