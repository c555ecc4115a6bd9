/**
 * The trade-off figures `npm run bench` prints: on one data set, what one-shot pruning, the random
 * control, fine-tuning, iterative pruning, a polynomial schedule and rewinding give, each run the
 * way the page runs it (a PruningSession with the data set's defaults), on the active backend.
 */
import type { Curve, CurvePoint } from '../core/curves';
import { DATASETS, type DatasetId } from '../data/datasets';
import { PruningSession, type CommandResult } from '../engine/session';
import { generatedSessionOptions } from '../engine/setup';
import { magnitudeRule } from '../core/pruning/rule';

const SEED = 1;
/** Sparsities the figures report from the sweeps. */
const REPORTED = [0.5, 0.8, 0.9, 0.96];

export interface TradeOffFigures {
  dataset: string;
  baseline: number;
  /** One-shot pruning (no retraining) at each REPORTED target: measured sparsity and test accuracy. */
  oneShot: Array<{ target: number; magnitude: CurvePoint; random: CurvePoint }>;
  fineTuned: { sparsity: number; accuracy: number; epochs: number };
  iterative: { rounds: number; perRound: number; sparsity: number; accuracy: number };
  schedule: { sparsity: number; accuracy: number; steps: number };
  lottery: { sparsity: number; rewound: number; reinit: number; epochs: number };
}

export async function tradeOffFigures(dataset: DatasetId): Promise<TradeOffFigures> {
  const d = DATASETS[dataset].defaults;
  const session = new PruningSession(
    generatedSessionOptions(dataset, { seed: SEED, rule: magnitudeRule(d.threshold) }),
  );
  const fineTune = { epochs: d.fineTuneEpochs, learningRate: d.learningRate / 10 };
  try {
    await run(session, () => session.train({ epochs: d.epochs, learningRate: d.learningRate }));
    const baseline = session.getSnapshot().results['Before pruning']!.testAccuracy;

    await run(session, () => session.sweep());
    await session.setRule({ ...magnitudeRule(0), method: 'random' });
    await run(session, () => session.sweep());
    const [magnitude, random] = session.getSnapshot().curves;
    const oneShot = REPORTED.map((s) => ({ target: s, magnitude: pointAt(magnitude, s), random: pointAt(random, s) }));

    await session.setRule({ ...magnitudeRule(0), method: 'unstructured', by: 'target', targetFraction: 0.9 });
    await run(session, () => session.fineTune(fineTune));
    const tuned = session.getSnapshot().current!;

    // Frankle & Carbin's rate: 20% of the survivors a round; 11 rounds reach 1 − 0.8¹¹ = 91.4%.
    await run(session, () => session.iterate({ ...fineTune, rounds: 11, fractionPerRound: 0.2 }));
    const iterated = session.getSnapshot().current!;

    const steps = d.fineTuneEpochs * session.stepsPerEpoch;
    const frequency = Math.max(1, Math.round((0.7 * steps) / 10));
    const schedule = {
      initialSparsity: 0,
      finalSparsity: 0.9,
      beginStep: 0,
      endStep: 10 * frequency,
      frequency,
      power: 3,
    };
    await run(session, () => session.runSchedule({ ...fineTune, schedule }));
    const scheduled = session.getSnapshot().current!;

    await session.restoreBaseline();
    await session.setRule({ ...magnitudeRule(0), by: 'target', targetFraction: 0.8 });
    await run(session, () => session.rewind({ epochs: d.epochs, learningRate: d.learningRate }));
    const lottery = session.getSnapshot().lottery!;

    return {
      dataset: DATASETS[dataset].label,
      baseline,
      oneShot,
      fineTuned: { sparsity: tuned.sparsity, accuracy: tuned.testAccuracy, epochs: fineTune.epochs },
      iterative: { rounds: 11, perRound: 0.2, sparsity: iterated.sparsity, accuracy: iterated.testAccuracy },
      schedule: { sparsity: scheduled.sparsity, accuracy: scheduled.testAccuracy, steps },
      lottery: {
        sparsity: lottery.sparsity,
        rewound: lottery.rewound.testAccuracy,
        reinit: lottery.reinit.testAccuracy,
        epochs: d.epochs,
      },
    };
  } finally {
    session.dispose();
    await session.idle();
  }
}

/** Runs `command` and waits until the session is idle; throws the Status of a run that failed. */
export async function run(session: PruningSession, command: () => Promise<CommandResult>): Promise<void> {
  const result = await command();
  if (result.kind === 'refused' || result.kind === 'failed') throw new Error(result.reason);
  const { isError, status } = session.getSnapshot();
  if (isError) throw new Error(status);
}

/** The sweep point nearest to `sparsity`. */
function pointAt(curve: Curve, sparsity: number): CurvePoint {
  let best = curve.points[0];
  for (const p of curve.points) if (Math.abs(p.sparsity - sparsity) < Math.abs(best.sparsity - sparsity)) best = p;
  return best;
}
