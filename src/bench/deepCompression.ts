/**
 * Deep Compression (Han, Mao & Dally 2016) on LeNet-300-100, reached by the page's own pipeline: a
 * PruningSession on the 10,000 MNIST digits with the data set's defaults, trained, pruned by a
 * target rule, fine-tuned, weight-shared by k-means (`setQuantization`), and fine-tuned again,
 * which trains the shared values. The sizes are the Compression table's. Every figure is exact.
 */
import { DATASETS } from '../data/datasets';
import type { PruneRule } from '../core/pruning/prune';
import { magnitudeRule } from '../core/pruning/rule';
import type { StageSizes } from '../core/compression/stages';
import { describeRule, PruningSession, type StageFigures } from '../engine/session';
import { sessionOptions } from '../engine/setup';
import { followedRate } from '../settings/settings';
import { run } from './tradeoff';

const SEED = 1;

export interface DeepCompressionFigures {
  trainRows: number;
  testRows: number;
  rule: string;
  bits: number;
  indexBits: number;
  fineTune: { epochs: number; learningRate: number };
  dense: StageFigures;
  /** Pruned and fine-tuned (float32). */
  pruned: StageFigures;
  /** Weight-shared, before its shared values were fine-tuned. */
  shared: StageFigures;
  /** Weight-shared and fine-tuned: the Quantized and Huffman-coded rows. */
  quantized: StageFigures;
  sizes: StageSizes;
  seconds: number;
}

/** Runs the pipeline with `bits`-bit weight sharing after pruning by `rule`. */
export async function deepCompressionFigures(
  rule: Partial<PruneRule> & Pick<PruneRule, 'by'>,
  bits = 5,
): Promise<DeepCompressionFigures> {
  const entry = DATASETS.mnist;
  if (entry.source !== 'download') throw new Error('Expected MNIST to be a downloaded data set');
  const d = entry.defaults;
  const fineTune = { epochs: d.fineTuneEpochs, learningRate: followedRate('mnist', d.learningRate) };
  const data = await entry.load(() => {});
  const t0 = performance.now();
  const session = new PruningSession(sessionOptions('mnist', data, { seed: SEED, rule: magnitudeRule(d.threshold) }));
  try {
    await run(session, () => session.train({ epochs: d.epochs, learningRate: d.learningRate }));
    const dense = session.getSnapshot().results['Before pruning']!;
    await run(session, () => session.setRule({ ...magnitudeRule(0), ...rule }));
    await run(session, () => session.fineTune(fineTune));
    const pruned = await exactCompression(session, 'pruned');
    const ruleText = describeRule(session.getSnapshot().rule);
    await run(session, () => session.setQuantization({ kind: 'kmeans', bits }));
    const shared = await exactCompression(session, 'quantized');
    await run(session, () => session.fineTune(fineTune));
    const quantized = await exactCompression(session, 'quantized');
    const report = session.getSnapshot().compression!;
    return {
      trainRows: data.train.rows,
      testRows: data.test.rows,
      rule: `${ruleText}${rule.outputRate !== undefined && rule.outputRate < 1 ? ', output layer at half the rate' : ''}`,
      bits,
      indexBits: report.indexBits,
      fineTune,
      dense,
      pruned,
      shared,
      quantized,
      sizes: report.sizes,
      seconds: (performance.now() - t0) / 1000,
    };
  } finally {
    session.dispose();
    await session.idle();
  }
}

/** The Compression report's `row` figures once the session has counted them on every row. */
async function exactCompression(session: PruningSession, row: 'pruned' | 'quantized'): Promise<StageFigures> {
  for (;;) {
    await session.idle();
    const figures = session.getSnapshot().compression?.[row];
    if (figures?.exact) return figures;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
