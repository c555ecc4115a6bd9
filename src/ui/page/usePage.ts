import { useCallback, useDeferredValue, useEffect, useMemo, useState } from 'react';
import type { Curve, LayerSensitivity } from '../../core/curves';
import { outputUnits } from '../../core/network/spec';
import { plannedCurve, validateSchedule, type PolynomialSchedule } from '../../core/pruning/schedule';
import type { ScheduleTrace } from '../../core/curves';
import type { TimelinePoint } from '../../core/timeline';
import type { WeightHistogram } from '../../core/histogram';
import type { BackendName } from '../../engine/backend';
import type { CommandResult, LayerSparsity, SessionSnapshot, Stage, StageFigures } from '../../engine/session';
import {
  distilledFineTuneRun,
  iterativeRun,
  layersOf,
  quantizationOf,
  ruleOf,
  scheduleFieldsOf,
  scheduleOf,
  scheduleRun,
  steppedRule,
  trainRun,
} from '../../settings/derive';
import type { SettingsAction } from '../../settings/reducer';
import { DEFAULT_COMPRESSION, type RuleSettings, type ScheduleSettings, type Settings } from '../../settings/settings';
import { useCalmValue, usePacedValue } from '../session/pacing';
import { useCommands, type Commands } from '../session/useCommands';
import { useSession, type SessionState } from '../session/useSession';
import { useSettings } from '../session/useSettings';
import { useSaving } from '../session/useSaving';
import { recipeKey } from '../../storage/format';
import { useSnapshot } from '../session/useSnapshot';
import { DATASETS } from '../../data/datasets';
import type { Dataset } from '../../data/types';
import { useOwnFiles, type OwnFiles } from '../exchange/useOwnFiles';

/** How long the slider must rest before the Results table and the layer table catch up. */
const CALM_MS = 200;
/**
 * How long the slider must rest before the charts catch up: longer than the gap between two steps
 * of a person pressing an arrow key (a Recharts redraw costs the main thread tens of ms).
 */
const CHART_REST_MS = 500;
/** Least time between two redraws of the charts while a run is under way. */
const CHART_INTERVAL_MS = 250;

/**
 * Everything the page's views (the full page, presenter view, the lesson, the shortcuts) read and
 * do, in one place: the settings and their drafts, the session and its snapshot, what is possible
 * now, the paced figures, and the actions, each a command whose refusal `commands.problem` says.
 */
export interface Page extends Omit<SessionState, 'session'> {
  /** The person's own data and model files (Open data, Open model). */
  own: OwnFiles;
  session: SessionState['session'];
  settings: Settings;
  /** Fields whose typed text is not valid: runs wait for them. */
  valid: boolean;
  dispatch: (action: SettingsAction) => void;
  backendName: BackendName;
  setBackendName: (name: BackendName) => void;
  retryDownload: () => void;
  snapshot: SessionSnapshot | null;
  /**
   * The snapshot the figures draw: React renders it after the readouts and controls (a deferred
   * value, in slices it can interrupt), so a slider step's readouts never wait for a picture.
   */
  figures: SessionSnapshot | null;
  commands: Commands;
  outputs: number;
  busy: boolean;
  idle: boolean;
  trained: boolean;
  /** Trained, idle, and every field valid: a run may start. */
  ready: boolean;
  round: number;
  /** Fine-tuning already changed the network (or Compact did): Back to baseline has work to do. */
  canRestore: boolean;
  totalSteps: number;
  scheduleFields: ScheduleSettings;
  scheduleProblem: string | null;
  /** The schedule to draw: the last run's trace while its fields stand, else the plan. */
  scheduleTrace: ScheduleTrace | null;
  paced: {
    histogram: WeightHistogram | null;
    results: Readonly<Record<Stage, StageFigures | null>>;
    layers: readonly LayerSparsity[];
    timeline: readonly TimelinePoint[];
    curves: readonly Curve[];
    sensitivity: readonly LayerSensitivity[];
  };
  /** The rule changed by `patch` goes to the session whole, in the same event; `commit` records the cut. */
  changeRule: (patch: Partial<RuleSettings>, commit: boolean) => void;
  /** The criterion one keyboard step up (1: prune more) or down, from the newest settings; the cut recorded. */
  stepRule: (direction: 1 | -1) => void;
  /** As changeRule with a commit, resolving once the cut is applied (for steps that follow one another). */
  changeRuleAwaited: (patch: Partial<RuleSettings>) => Promise<CommandResult | null>;
  train: () => void;
  stop: () => void;
  reset: () => void;
  fineTune: () => void;
  restoreBaseline: () => void;
  iterate: () => void;
  runSchedule: () => void;
  rewind: () => void;
  compact: () => void;
  sweep: () => void;
  scanLayers: () => void;
  clearCurves: () => void;
  /** Forgets the session stored in this browser, and starts untrained with no curves (Start fresh). */
  startFresh: () => void;
  /** Why the session could not be saved in this browser, or null. */
  saveProblem: string | null;
}

export function usePage(initial: Settings): Page {
  const { state, apply, currentRule, currentSettings } = useSettings(initial);
  const { settings, drafts } = state;
  // Not settings: the same settings give the same figures on the same backend, and a retry is a click.
  const [backendName, setBackendName] = useState<BackendName>('webgl');
  /** Bumped by "Try again" after a failed download. */
  const [retry, setRetry] = useState(0);
  /**
   * The schedule of the last scheduled run: its trace is shown until the fields describe another one.
   * It is a fact about what ran, not a setting, and the snapshot's trace does not say which schedule
   * drew it, so it cannot be derived.
   */
  const [ranSchedule, setRanSchedule] = useState<PolynomialSchedule | null>(null);

  const { dataset, draw, model } = settings;
  const [sessionData, setSessionData] = useState<Dataset | null>(null);
  const own = useOwnFiles(dataset, draw, sessionData, DATASETS[dataset].label);
  const ownData = own.data?.dataset ?? null;
  const ownModel = own.model;
  // Your own data are rows, not images: the perceptron reads them, whatever the architecture says.
  const layers = useMemo(() => layersOf(ownData ? { ...model, architecture: 'mlp' } : model), [model, ownData]);
  const recipe = useMemo(
    () => ({ dataset, draw, model: layers, ownData, ownModel }),
    [dataset, draw, layers, ownData, ownModel],
  );
  const sessionState = useSession(recipe, backendName, retry, currentRule);
  const { session, data } = sessionState;
  // The rows Open model checks a model against (state adjusted while rendering, as React advises).
  if (data !== sessionData) setSessionData(data);
  const snapshot = useSnapshot(session);
  const figures = useDeferredValue(snapshot);
  const commands = useCommands(session);
  // A session on the person's own data or model file is not stored: a reload could not rebuild its recipe.
  const storedAs = useMemo(() => (recipe.ownData || recipe.ownModel ? null : recipeKey(recipe)), [recipe]);
  const saving = useSaving(session, snapshot, storedAs);
  const { run } = commands;
  const busy = (snapshot?.running ?? null) !== null;

  // The tables catch up when the slider rests, the charts when it has rested a little longer (or a
  // few times a second during a run); the threshold band on the histogram follows at once.
  const chartWait = busy ? CHART_INTERVAL_MS : null;
  const refined = Boolean(figures?.estimate && figures.current?.exact);
  const paced = {
    histogram: usePacedValue(figures?.histogram ?? null, CHART_REST_MS, chartWait),
    // An estimated data set's exact figures come once the slider has rested: shown at once.
    results: useCalmValue(figures?.results ?? EMPTY_RESULTS, refined ? 0 : CALM_MS),
    layers: useCalmValue(figures?.layers ?? NO_LAYERS, CALM_MS),
    timeline: usePacedValue(figures?.timeline ?? NO_POINTS, CHART_REST_MS, chartWait),
    curves: usePacedValue(figures?.curves ?? NO_CURVES, CHART_REST_MS, chartWait),
    sensitivity: usePacedValue(figures?.sensitivity ?? NO_SENSITIVITY, CHART_REST_MS, chartWait),
  };

  const trained = snapshot?.trained ?? false;
  const idle = session !== null && !busy;
  const valid = drafts.length === 0;
  const round = snapshot?.round ?? 1;

  const totalSteps = (session?.stepsPerEpoch ?? 0) * settings.fineTuning.epochs;
  const scheduleFields = scheduleFieldsOf(settings, totalSteps);
  const { initialPercent, finalPercent, beginStep, endStep, frequency } = scheduleFields;
  const schedule = useMemo(
    () => scheduleOf({ initialPercent, finalPercent, beginStep, endStep, frequency }),
    [initialPercent, finalPercent, beginStep, endStep, frequency],
  );
  const scheduleProblem = validateSchedule(schedule);
  // Charts are memoised on their props: a slider step must not hand them new objects.
  const plannedTrace = useMemo(
    () => (scheduleProblem ? null : { planned: plannedCurve(schedule, totalSteps, 200), actual: [], totalSteps }),
    [scheduleProblem, schedule, totalSteps],
  );
  const showRun = snapshot?.schedule && (snapshot.running === 'schedule' || ranSchedule === schedule);
  const clearCurves = useCallback(() => run((s) => s.clearCurves()), [run]);

  // The quantization is the session's to apply on top of the mask: a new session, a new choice, or
  // the end of a run (which refuses it meanwhile) sends it when the session holds another.
  const { quantization, bits } = settings.compression;
  const held = snapshot?.quantization ?? null;
  const heldKey = held ? `${held.kind}:${held.bits}` : 'none';
  useEffect(() => {
    if (!session || busy) return;
    const wanted = quantizationOf({ compression: { ...DEFAULT_COMPRESSION, quantization, bits } });
    if ((wanted ? `${wanted.kind}:${wanted.bits}` : 'none') === heldKey) return;
    run((s) => s.setQuantization(wanted));
  }, [session, busy, quantization, bits, heldKey, run]);

  return {
    ...sessionState,
    // After a lost graphics context the session may run on another backend (wasm): the readout follows it.
    backend: snapshot?.recovery?.backend ?? sessionState.backend,
    own,
    settings,
    valid,
    dispatch: (action) => void apply(action),
    backendName,
    setBackendName,
    retryDownload: () => setRetry((n) => n + 1),
    snapshot,
    figures,
    commands,
    outputs: data ? outputUnits(data.classes) : 1,
    busy,
    idle,
    trained,
    ready: idle && trained && valid,
    round,
    canRestore: idle && trained && (round !== 1 || Boolean(snapshot?.compaction)),
    totalSteps,
    scheduleFields,
    scheduleProblem,
    scheduleTrace: showRun ? snapshot.schedule : plannedTrace,
    paced,
    changeRule: (patch, commit) => {
      const rule = ruleOf(apply({ type: 'setRule', patch }).settings);
      run((s) => s.setRule(rule));
      if (commit && trained) run((s) => s.commitThreshold());
    },
    stepRule: (direction) => {
      const latest = currentSettings();
      const rule = ruleOf(
        apply({ type: 'setRule', patch: steppedRule(latest.rule, latest.dataset, direction) }).settings,
      );
      run((s) => s.setRule(rule));
      if (trained) run((s) => s.commitThreshold());
    },
    changeRuleAwaited: async (patch) => {
      const rule = ruleOf(apply({ type: 'setRule', patch }).settings);
      const result = await commands.runAwaited((s) => s.setRule(rule));
      if (trained) run((s) => s.commitThreshold());
      return result;
    },
    train: () => run((s) => s.train(trainRun(settings))),
    stop: () => run((s) => s.stop()),
    reset: () => run((s) => s.reset()),
    fineTune: () => run((s) => s.fineTune(distilledFineTuneRun(settings))),
    restoreBaseline: () => run((s) => s.restoreBaseline()),
    iterate: () => run((s) => s.iterate(iterativeRun(settings))),
    runSchedule: () => {
      setRanSchedule(schedule);
      run((s) => s.runSchedule(scheduleRun(settings, totalSteps)));
    },
    rewind: () => run((s) => s.rewind(trainRun(settings))),
    compact: () => run((s) => s.compact()),
    sweep: () => run((s) => s.sweep()),
    scanLayers: () => run((s) => s.scanLayers()),
    clearCurves,
    startFresh: () => {
      void saving.forget().catch(() => {});
      run((s) => s.reset());
      run((s) => s.clearCurves());
    },
    saveProblem: saving.problem,
  };
}

const EMPTY_RESULTS = { 'Before pruning': null, 'After pruning': null, 'After fine-tuning': null } as const;
const NO_LAYERS: never[] = [];
const NO_POINTS: never[] = [];
const NO_CURVES: never[] = [];
const NO_SENSITIVITY: never[] = [];
