/**
 * Han et al.'s LeNet-300-100 result, reproduced the way the page runs it: a PruningSession on the
 * 10,000 MNIST digits with the data set's defaults, pruned by a rule and fine-tuned at the data
 * set's fine-tuning rate, on the active backend. Every figure is exact (counted on every row).
 */
import { DATASETS } from '../data/datasets';
import type { PruneRule } from '../core/pruning/prune';
import { describeRule, PruningSession, type LayerSparsity, type StageFigures } from '../engine/session';
import { sessionOptions } from '../engine/setup';
import { run } from './tradeoff';
import { magnitudeRule } from '../core/pruning/rule';
import { defaultModel, followedRate, type Architecture } from '../settings/settings';
import { layersOf } from '../settings/derive';

const SEED = 1;

export interface LenetFigures {
  trainRows: number;
  testRows: number;
  epochs: number;
  fineTuneEpochs: number;
  learningRate: number;
  fineTuneRate: number;
  rule: string;
  dense: StageFigures;
  pruned: StageFigures;
  fineTuned: StageFigures;
  /** Kept share per layer after fine-tuning, first layer first. */
  layers: Array<{ name: string; kept: number; total: number }>;
  seconds: { load: number; train: number; fineTune: number };
}

/** Trains LeNet-300-100, prunes by `rule`, fine-tunes, and reports every stage's exact figures. */
export async function lenetFigures(
  rule: Partial<PruneRule> & Pick<PruneRule, 'by'>,
  rawOptions: { epochs?: number; fineTuneEpochs?: number; architecture?: Architecture } = {},
): Promise<LenetFigures> {
  const entry = DATASETS.mnist;
  if (entry.source !== 'download') throw new Error('Expected MNIST to be a downloaded data set');
  const d = entry.defaults;
  const epochs = rawOptions.epochs ?? d.epochs;
  const fineTuneEpochs = rawOptions.fineTuneEpochs ?? d.fineTuneEpochs;
  const fineTuneRate = followedRate('mnist', d.learningRate);
  let t0 = performance.now();
  const data = await entry.load(() => {});
  const load = (performance.now() - t0) / 1000;
  const model = layersOf({ ...defaultModel('mnist'), architecture: rawOptions.architecture ?? 'mlp' });
  const session = new PruningSession(
    sessionOptions('mnist', data, { seed: SEED, rule: magnitudeRule(d.threshold), model }),
  );
  try {
    t0 = performance.now();
    await run(session, () => session.train({ epochs, learningRate: d.learningRate }));
    const train = (performance.now() - t0) / 1000;
    const dense = session.getSnapshot().results['Before pruning']!;
    await session.setRule({ ...magnitudeRule(0), ...rule });
    const pruned = await exactCurrent(session);
    t0 = performance.now();
    await run(session, () => session.fineTune({ epochs: fineTuneEpochs, learningRate: fineTuneRate }));
    const fineTune = (performance.now() - t0) / 1000;
    const snapshot = session.getSnapshot();
    return {
      trainRows: data.train.rows,
      testRows: data.test.rows,
      epochs,
      fineTuneEpochs,
      learningRate: d.learningRate,
      fineTuneRate,
      rule: `${describeRule(snapshot.rule)}${snapshot.rule.outputRate < 1 ? ', output layer at half the rate' : ''}`,
      dense,
      pruned,
      fineTuned: snapshot.results['After fine-tuning']!,
      layers: snapshot.layers.map((l: LayerSparsity) => ({
        name: l.name,
        kept: 1 - l.zeros / l.total,
        total: l.total,
      })),
      seconds: { load, train, fineTune },
    };
  } finally {
    session.dispose();
    await session.idle();
  }
}

/** The current figures once the session has replaced its quick estimate with the exact count. */
async function exactCurrent(session: PruningSession): Promise<StageFigures> {
  for (;;) {
    await session.idle();
    const current = session.getSnapshot().current!;
    if (current.exact) return current;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
