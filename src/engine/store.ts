import type { Curve, CurveKind, CurvePoint } from '../core/curves';
import type { PruneRule } from '../core/prune';
import type { Phase, TimelinePoint } from '../core/timeline';
import type { NetworkView } from './network';
import type { EstimateRows, LayerSparsity, ParameterCount, SessionSnapshot, Stage, StageFigures } from './snapshot';
import type { RunOutcome } from './trainer';

/** Least time between two progress-only snapshots, so charts update a few times a second. */
const PUBLISH_INTERVAL_MS = 150;
/** A run whose test loss ends this many times above where it began is reported as diverging. */
const DIVERGENCE_FACTOR = 3;

const EMPTY_RESULTS: Record<Stage, StageFigures | null> = {
  'Before pruning': null,
  'After pruning': null,
  'After fine-tuning': null,
};

/**
 * The snapshot the page renders, its listeners, and the rules that build it from what the session
 * did: timeline points, curves and the Results rows of each pruning round. Plain data only: it
 * never sees a tensor (the tensor count comes from `countTensors`). Each change makes a new
 * snapshot object. Only `update` (and `publishProgress`) tell the listeners; every other method
 * changes the snapshot quietly, for the caller's next `update` to publish.
 */
export class SnapshotStore {
  private current: SessionSnapshot;
  private readonly listeners = new Set<() => void>();
  private readonly countTensors: () => number;
  private closed = false;
  private lastPublish = 0;
  private nextCurveId = 1;
  /** The round's pruned figures when fine-tuning began, and what fine-tuning gave. */
  private roundPruned: StageFigures | null = null;
  private fineTuned: StageFigures | null = null;

  constructor(initial: SessionSnapshot, countTensors: () => number) {
    this.current = initial;
    this.countTensors = countTensors;
  }

  get snapshot(): SessionSnapshot {
    return this.current;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Changes the snapshot without telling the listeners. */
  set(change: Partial<SessionSnapshot>): void {
    this.current = { ...this.current, ...change };
  }

  /** Changes the snapshot, counts the tensors and tells the listeners. Ignored once closed. */
  update(change: Partial<SessionSnapshot>): void {
    if (this.closed) return;
    this.current = { ...this.current, ...change, tensors: this.countTensors() };
    this.lastPublish = performance.now();
    for (const listener of this.listeners) listener();
  }

  /** Sets the progress, publishing it at most every PUBLISH_INTERVAL_MS. */
  publishProgress(progress: number): void {
    const now = performance.now();
    if (now - this.lastPublish < PUBLISH_INTERVAL_MS) {
      this.set({ progress });
      return;
    }
    this.update({ progress });
  }

  /** Forgets the listeners; later updates are ignored (the session is being disposed). */
  close(): void {
    this.closed = true;
    this.listeners.clear();
  }

  /** Untrained again: Results, timeline and per-run figures cleared; curves, rule and layer scan kept. */
  resetToUntrained(layers: LayerSparsity[]): void {
    this.forgetRounds();
    this.set({
      trained: false,
      canRewind: false,
      round: 1,
      current: null,
      results: EMPTY_RESULTS,
      timeline: [],
      histogram: null,
      layers,
      collapse: [],
      schedule: null,
      lottery: null,
      compaction: null,
      picture: null,
    });
  }

  /** A newly trained baseline with its figures: the Before pruning row alone, curves cleared. */
  markTrained(rule: PruneRule, figures: StageFigures): void {
    this.set({
      trained: true,
      canRewind: true,
      rule,
      results: { ...EMPTY_RESULTS, 'Before pruning': figures },
      current: figures,
      curves: [],
      sensitivity: [],
      lottery: null,
    });
  }

  /** Back on the trained baseline: round 1, no compaction. */
  backToRoundOne(canRewind: boolean): void {
    this.forgetRounds();
    this.set({ round: 1, compaction: null, canRewind });
  }

  /** Fine-tuning of round `round` gave `figures`: the round's rows are kept and the next round begins. */
  endFineTuning(round: number, figures: StageFigures, view: NetworkView): void {
    this.roundPruned = this.current.results['After pruning'];
    this.fineTuned = figures;
    this.set({
      round: round + 1,
      current: figures,
      results: { ...this.current.results, 'After fine-tuning': figures },
      ...view,
    });
  }

  /** The Results rows and round after a run that pruned and fine-tuned in rounds of its own. */
  finishRounds(pruned: StageFigures | null, fineTuned: StageFigures, round: number, view: NetworkView, parameters: ParameterCount): void {
    this.roundPruned = pruned;
    this.fineTuned = fineTuned;
    this.set({
      round,
      current: fineTuned,
      results: { ...this.current.results, 'After pruning': pruned, 'After fine-tuning': fineTuned },
      ...view,
      parameters,
    });
  }

  /**
   * The Results rows once the model is pruned to `figures`. In round 1 it is the After pruning row.
   * Later, a mask that prunes more than fine-tuning kept starts a new round (After pruning is the
   * new cut, After fine-tuning is pending); one that prunes no more shows the last round's rows.
   */
  resultsWith(figures: StageFigures): Record<Stage, StageFigures | null> {
    const before = this.current.results['Before pruning'];
    const fineTuned = this.fineTuned;
    if (this.current.round === 1 || !fineTuned || figures.sparsity > fineTuned.sparsity) {
      return { 'Before pruning': before, 'After pruning': figures, 'After fine-tuning': null };
    }
    return { 'Before pruning': before, 'After pruning': this.roundPruned, 'After fine-tuning': fineTuned };
  }

  /** Adds a timeline point for `figures` (none when null). */
  addPoint(phase: Phase, label: string, figures: StageFigures | null): void {
    if (!figures) return;
    const timeline = this.current.timeline;
    const point: TimelinePoint = {
      step: timeline.length,
      phase,
      label,
      accuracy: figures.testAccuracy,
      trainAccuracy: figures.trainAccuracy,
      loss: figures.testLoss,
      sparsity: figures.sparsity,
    };
    this.set({ timeline: [...timeline, point] });
  }

  /** A new empty curve with the next id; the caller fills it and records it with `withCurve`. */
  newCurve(kind: CurveKind, label: string): Curve {
    return { id: this.nextCurveId++, kind, label, points: [] };
  }

  /** The curves with a copy of `curve` added, or replaced when already there. */
  withCurve(curve: Curve): Curve[] {
    const copy = { ...curve, points: [...curve.points] };
    const others = this.current.curves.filter((c) => c.id !== curve.id);
    return [...others, copy];
  }

  /** Adds a point to the session's one curve of `kind`, kept in order of sparsity. */
  addCurvePoint(kind: CurveKind, label: string, point: CurvePoint): void {
    const existing = this.current.curves.find((c) => c.kind === kind);
    const curve = existing ?? this.newCurve(kind, label);
    const points = [...curve.points, point].sort((a, b) => a.sparsity - b.sparsity);
    this.set({ curves: this.withCurve({ ...curve, points }) });
  }

  private forgetRounds(): void {
    this.roundPruned = null;
    this.fineTuned = null;
  }
}

/** The snapshot of a new, untrained session pruning by magnitude at `threshold`. */
export function initialSnapshot(threshold: number, layers: LayerSparsity[], tensors: number, estimate: EstimateRows | null): SessionSnapshot {
  return {
    status: 'Ready',
    isError: false,
    note: null,
    running: null,
    progress: 0,
    trained: false,
    round: 1,
    rule: { by: 'magnitude', scope: 'layer', method: 'unstructured', threshold, targetFraction: 0, quality: 0, outputRate: 1 },
    current: null,
    results: EMPTY_RESULTS,
    timeline: [],
    histogram: null,
    layers,
    parameters: { nonZero: 0, total: 0 },
    collapse: [],
    curves: [],
    sensitivity: [],
    schedule: null,
    lottery: null,
    compaction: null,
    picture: null,
    estimate,
    canRewind: false,
    tensors,
  };
}

/**
 * The status and note a training run ends with: done, stopped or diverged after `outcome`, and
 * whether the test loss rose from `startLoss` to `endLoss` by far (pass Infinity to never say so).
 */
export function endOfRun(outcome: RunOutcome, options: { epochs: number; learningRate: number }, startLoss: number, endLoss: number): Partial<SessionSnapshot> {
  const done = `${formatEpochs(outcome.epochsDone)} of ${options.epochs} epochs`;
  const diverged = endLoss > DIVERGENCE_FACTOR * startLoss;
  const worse = diverged
    ? `The test loss rose from ${startLoss.toFixed(4)} to ${endLoss.toFixed(4)}: the learning rate ${options.learningRate} is too large for this network.`
    : null;
  if (outcome.kind === 'done') return { status: 'Ready', running: null, progress: 1, note: worse };
  if (outcome.kind === 'stopped') return { status: 'Stopped', running: null, note: [`Stopped after ${done}.`, worse].filter(Boolean).join(' ') };
  return {
    status:
      `The loss became NaN (not a number) after ${done}: the learning rate ` +
      `${outcome.learningRate} is too large. The run was stopped and the last good weights were kept.`,
    isError: true,
    running: null,
    note: 'Try a smaller learning rate.',
  };
}

/** A rule that prunes nothing whatever its criterion: where a trained baseline starts. */
export function unpruned(rule: PruneRule): PruneRule {
  return { ...rule, threshold: 0, targetFraction: 0, quality: 0 };
}

/** The rule in a few words, for the timeline and the curves: "threshold 0.1", "target 90% global". */
export function describeRule(rule: PruneRule): string {
  const scope = rule.scope === 'global' ? ', global' : '';
  const method = rule.method === 'unstructured' ? '' : rule.method === 'structured' ? ', neurons' : ', random';
  const what =
    rule.by === 'magnitude'
      ? `threshold ${rule.threshold}`
      : rule.by === 'target'
        ? `target ${+(rule.targetFraction * 100).toFixed(2)}%`
        : `${rule.quality} σ`;
  return `${what}${scope}${method}`;
}

/** A curve point for `figures`: its sparsity and test accuracy. */
export function pointOf(figures: StageFigures, label: string): CurvePoint {
  return { sparsity: figures.sparsity, accuracy: figures.testAccuracy, label };
}

function formatEpochs(epochs: number): string {
  return Number.isInteger(epochs) ? String(epochs) : epochs.toFixed(1);
}
