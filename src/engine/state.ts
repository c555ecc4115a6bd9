import {
  CURVE_KINDS,
  type Curve,
  type CurveKind,
  type CurvePoint,
  type LayerSensitivity,
  type ScheduleTrace,
} from '../core/curves';
import type { PruneRule } from '../core/pruning/prune';
import type { QuantizeOptions } from '../core/compression/quantize';
import type { Phase, TimelinePoint } from '../core/timeline';
import type { NetworkView } from './network';
import type { RunReport } from './runs/training';
import {
  RUN_STATUS,
  type CollapseWarning,
  type CompactionReport,
  type CompressionReport,
  type EstimateRows,
  type LayerSparsity,
  type LotteryResult,
  type ParameterCount,
  type RunKind,
  type SessionSnapshot,
  type Stage,
  type StageFigures,
} from './snapshot';

/** How the last run or command ended, for the Status readout. */
export type Ending = { kind: 'ready' } | { kind: 'stopped' } | { kind: 'error'; message: string };

/**
 * Everything a session knows that is not a tensor, in one place. Only the session changes it, one
 * whole new value at a time (the functions below); the page sees `toSnapshot(state)`.
 */
export interface SessionState {
  running: RunKind | null;
  /** Share of the current (or last) run done, in [0, 1]. */
  progress: number;
  ending: Ending;
  /** More about the last run, e.g. "Stopped after 3 of 10 epochs." */
  note: string | null;
  trained: boolean;
  /** 1 while pruning the baseline; +1 after each fine-tuning. */
  round: number;
  /** The rule the current mask was made with (or will be, once trained). */
  rule: PruneRule;
  /** The model as it stands: what the readouts show. */
  current: StageFigures | null;
  /** The trained baseline's figures: the Before pruning row. */
  baseline: StageFigures | null;
  /** The figures of the rule's latest cut in this round; null until one is made. */
  cut: StageFigures | null;
  /** The last finished round: its cut (null when a schedule cut as it trained) and what fine-tuning gave. */
  lastRound: { pruned: StageFigures | null; fineTuned: StageFigures } | null;
  timeline: readonly TimelinePoint[];
  view: NetworkView;
  parameters: ParameterCount;
  collapse: readonly CollapseWarning[];
  curves: readonly Curve[];
  nextCurveId: number;
  sensitivity: readonly LayerSensitivity[];
  schedule: ScheduleTrace | null;
  lottery: LotteryResult | null;
  compaction: CompactionReport | null;
  /** The quantization applied on top of the mask whenever the network is evaluated (null: None). */
  quantization: QuantizeOptions | null;
  compression: CompressionReport | null;
  estimate: EstimateRows | null;
  /** Whether small networks' figures are counted in JavaScript rather than on the backend (FigureCounter). */
  figuresOnCpu?: boolean;
}

/** The state of a new, untrained session: nothing run, the rule stored for when it is trained. */
export function initialState(rule: PruneRule, layers: LayerSparsity[], estimate: EstimateRows | null): SessionState {
  return {
    running: null,
    progress: 0,
    ending: { kind: 'ready' },
    note: null,
    trained: false,
    round: 1,
    rule,
    current: null,
    baseline: null,
    cut: null,
    lastRound: null,
    timeline: [],
    view: { histogram: null, layers, picture: null },
    parameters: { nonZero: 0, total: 0 },
    collapse: [],
    curves: [],
    nextCurveId: 1,
    sensitivity: [],
    schedule: null,
    lottery: null,
    compaction: null,
    quantization: null,
    compression: null,
    estimate,
  };
}

/** What the page renders, derived from `state` alone (and the tensor count of that moment). */
export function toSnapshot(state: SessionState, tensors: number): SessionSnapshot {
  const { running, ending } = state;
  return {
    // A stopped run says so once its loop has stopped, while its closing figures are counted.
    status:
      running && ending.kind !== 'stopped'
        ? RUN_STATUS[running]
        : ending.kind === 'stopped'
          ? 'Stopped'
          : ending.kind === 'error'
            ? ending.message
            : // A new or reset network is counted before its figures show: "Ready" waits for them.
              state.current === null
              ? 'Measuring…'
              : 'Ready',
    isError: !running && ending.kind === 'error',
    note: state.note,
    running,
    progress: state.progress,
    trained: state.trained,
    round: state.round,
    rule: state.rule,
    current: state.current,
    results: resultsOf(state),
    timeline: state.timeline,
    histogram: state.view.histogram,
    layers: state.view.layers,
    parameters: state.parameters,
    collapse: state.collapse,
    curves: state.curves,
    sensitivity: state.sensitivity,
    schedule: state.schedule,
    lottery: state.lottery,
    compaction: state.compaction,
    quantization: state.quantization,
    compression: state.compression,
    picture: state.view.picture,
    estimate: state.estimate,
    figuresOnCpu: state.figuresOnCpu ?? false,
    // θ₀ has the baseline's shape: a compacted network cannot be rewound to it.
    canRewind: state.trained && state.compaction === null,
    tensors,
  };
}

/**
 * The Results rows. In round 1 After pruning is the latest cut. Later, a cut that prunes more than
 * fine-tuning kept starts a new round (After pruning is the new cut, After fine-tuning is pending);
 * one that prunes no more (or none yet) shows the last round's rows.
 */
export function resultsOf(state: SessionState): Record<Stage, StageFigures | null> {
  const { baseline, cut, lastRound } = state;
  if (lastRound && !(cut && cut.sparsity > lastRound.fineTuned.sparsity)) {
    return { 'Before pruning': baseline, 'After pruning': lastRound.pruned, 'After fine-tuning': lastRound.fineTuned };
  }
  return { 'Before pruning': baseline, 'After pruning': cut, 'After fine-tuning': null };
}

/** Untrained again: Results, timeline and per-run figures cleared; curves, rule and layer scan kept. */
export function untrained(state: SessionState, layers: LayerSparsity[]): SessionState {
  return {
    ...state,
    trained: false,
    round: 1,
    current: null,
    baseline: null,
    cut: null,
    lastRound: null,
    timeline: [],
    view: { histogram: null, layers, picture: null },
    collapse: [],
    schedule: null,
    lottery: null,
    compaction: null,
    compression: null,
  };
}

/** A newly trained baseline with its figures: the Before pruning row alone, unpruned, curves cleared. */
export function trained(state: SessionState, figures: StageFigures): SessionState {
  return {
    ...state,
    trained: true,
    round: 1,
    rule: unpruned(state.rule),
    baseline: figures,
    current: figures,
    cut: null,
    lastRound: null,
    curves: [],
    sensitivity: [],
    lottery: null,
    compaction: null,
    compression: null,
  };
}

/**
 * `state` with the exact figures `exact` wherever it still holds the quick figures `quick` (the same
 * object): a stopped run's closing figures, counted quickly so that Stop acts at once, made exact.
 */
export function withRefined(state: SessionState, quick: StageFigures, exact: StageFigures): SessionState {
  const swap = (figures: StageFigures | null) => (figures === quick ? exact : figures);
  const { lastRound, compression } = state;
  return {
    ...state,
    compression: compression && { ...compression, pruned: swap(compression.pruned)! },
    baseline: swap(state.baseline),
    current: swap(state.current),
    cut: swap(state.cut),
    lastRound: lastRound && { pruned: swap(lastRound.pruned), fineTuned: swap(lastRound.fineTuned)! },
  };
}

/** Back on the trained baseline: round 1, no compaction, no earlier round. */
export function backOnBaseline(state: SessionState): SessionState {
  return { ...state, round: 1, lastRound: null, compaction: null };
}

/** A round ended with `fineTuned`, from the cut `pruned`: the next round begins, the rule cuts nothing beyond it. */
export function roundFinished(state: SessionState, pruned: StageFigures | null, fineTuned: StageFigures): SessionState {
  return { ...state, round: state.round + 1, current: fineTuned, cut: null, lastRound: { pruned, fineTuned } };
}

/**
 * Fine-tuning of the cut `pruned` gave `figures`: the next round begins, and the fine-tuned point
 * goes on the trade-off figure, but only for a pruned network of the baseline's shape (after Compact
 * the sparsity counts a smaller network and would not compare).
 */
export function fineTuned(
  state: SessionState,
  pruned: StageFigures | null,
  figures: StageFigures,
  label: string,
  kind: 'fine-tuned' | 'distilled' = 'fine-tuned',
): SessionState {
  const next = roundFinished(state, pruned, figures);
  if (!pruned || pruned.sparsity === 0 || state.compaction) return next;
  return withCurvePoint(next, kind, CURVE_KINDS[kind], pointOf(figures, label));
}

/** The lottery ticket's two retrainings of the mask of `pruned`, `epochs` each: the table and two curve points. */
export function withLottery(
  state: SessionState,
  epochs: number,
  pruned: StageFigures,
  rewound: StageFigures,
  reinit: StageFigures,
): SessionState {
  let next = withCurvePoint(state, 'rewound', 'Rewound to θ₀, retrained', pointOf(rewound, `${epochs} epochs from θ₀`));
  next = withCurvePoint(
    next,
    'reinit',
    'Random re-initialisation, retrained',
    pointOf(reinit, `${epochs} epochs from a new draw`),
  );
  return { ...next, lottery: { sparsity: pruned.sparsity, epochs, dense: state.baseline, pruned, rewound, reinit } };
}

/** A run started: what Status says meanwhile; the last run's note goes. */
export function runStarted(state: SessionState, kind: RunKind): SessionState {
  return { ...state, running: kind, progress: 0, ending: { kind: 'ready' }, note: null };
}

/** A run (or a queued command) ended as `ending`, with `note`; progress full unless it stopped early. */
export function runEnded(state: SessionState, ending: Ending, note: string | null): SessionState {
  return { ...state, running: null, ending, note, progress: ending.kind === 'ready' ? 1 : state.progress };
}

/** `state` with a timeline point for `figures` added. */
export function withPoint(state: SessionState, phase: Phase, label: string, figures: StageFigures): SessionState {
  const point: TimelinePoint = {
    step: state.timeline.length,
    phase,
    label,
    accuracy: figures.testAccuracy,
    trainAccuracy: figures.trainAccuracy,
    loss: figures.testLoss,
    sparsity: figures.sparsity,
  };
  return { ...state, timeline: [...state.timeline, point] };
}

/** `state` with a new empty curve of `kind`, returned with its id for `withCurve`. */
export function withNewCurve(state: SessionState, kind: CurveKind, label: string): [SessionState, Curve] {
  const curve: Curve = { id: state.nextCurveId, kind, label, points: [] };
  return [{ ...state, nextCurveId: state.nextCurveId + 1 }, curve];
}

/** `state` with a copy of `curve` added, or put in place of the curve of the same id. */
export function withCurve(state: SessionState, curve: Curve): SessionState {
  const copy = { ...curve, points: [...curve.points] };
  return { ...state, curves: [...state.curves.filter((c) => c.id !== curve.id), copy] };
}

/** `state` with `point` added to its one curve of `kind` (made when missing), in order of sparsity. */
export function withCurvePoint(state: SessionState, kind: CurveKind, label: string, point: CurvePoint): SessionState {
  const existing = state.curves.find((c) => c.kind === kind);
  const [next, curve] = existing ? [state, existing] : withNewCurve(state, kind, label);
  const points = [...curve.points, point].sort((a, b) => a.sparsity - b.sparsity);
  return withCurve(next, { ...curve, points });
}

/**
 * `state` with a run's report folded in. The run's curve is made on its first report (`curveId`
 * null) and replaced on later ones; returns the new state and the curve's id.
 */
export function withReport(
  state: SessionState,
  report: RunReport,
  curveId: number | null,
): [SessionState, number | null] {
  let next = state;
  let id = curveId;
  if (report.point) next = withPoint(next, report.point.phase, report.point.label, report.point.figures);
  if (report.curve) {
    const { kind, label, points } = report.curve;
    if (id === null) {
      const [withIt, curve] = withNewCurve(next, kind, label);
      next = withIt;
      id = curve.id;
    }
    next = withCurve(next, { id, kind, label, points: [...points] });
  }
  const { progress, current, layers, schedule, sensitivity, stopped } = report;
  next = {
    ...next,
    ...(stopped && { ending: { kind: 'stopped' } as const }),
    ...(progress !== undefined && { progress }),
    ...(current && { current }),
    ...(layers && { view: { ...next.view, layers } }),
    ...(schedule && { schedule }),
    ...(sensitivity && { sensitivity }),
  };
  return [next, id];
}

/** A rule that prunes nothing whatever its criterion: where a trained baseline starts. */
export function unpruned(rule: PruneRule): PruneRule {
  return { ...rule, threshold: 0, targetFraction: 0, quality: 0 };
}

/** A curve point for `figures`: its sparsity and test accuracy. */
export function pointOf(figures: StageFigures, label: string): CurvePoint {
  return { sparsity: figures.sparsity, accuracy: figures.testAccuracy, label };
}
