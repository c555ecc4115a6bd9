import { useCallback, useEffect, useMemo, useState } from 'react';
import { plannedCurve, validateSchedule, type PolynomialSchedule } from '../core/schedule';
import type { PruneRule } from '../core/prune';
import { AccuracySparsityChart } from './figures/AccuracySparsityChart';
import { LayerSensitivityChart } from './figures/LayerSensitivityChart';
import { PruneControls, type CriterionValues } from './controls/PruneFieldset';
import { CompactionTable, LotteryTable } from './panels/LotteryTable';
import { ScheduleChart } from './figures/ScheduleChart';
import { DATASETS, type DatasetId } from '../data/datasets';
import type { DrawOptions } from '../data/types';
import type { BackendName } from '../engine/backend';
import type { ModelChoice } from '../engine/session';
import { defaultDraw } from '../engine/setup';
import { outputUnits } from '../core/spec';
import { DataFieldset } from './controls/DataFieldset';
import { ModelFieldset } from './controls/ModelFieldset';
import { FigureGuard } from './figures/FigureGuard';
import { Pictures } from './figures/Pictures';
import { LayerSparsity } from './panels/LayerSparsity';
import { Readouts } from './panels/Readouts';
import { ResultsTable } from './panels/ResultsTable';
import { defaultSchedule, IterativeFieldset, LotteryFieldset, ScheduleFieldset, scheduleOf, type IterativeFields, type ScheduleFields } from './controls/ScheduleFieldset';
import { TimelineChart } from './figures/TimelineChart';
import { FineTuneFieldset, TrainFieldset, type TrainFields } from './controls/TrainFieldset';
import { useCalmValue, useThrottledValue } from './session/pacing';
import { useSession, useSnapshot } from './session/useSession';
import { WeightHistogram } from './figures/WeightHistogram';

const SEED = 1;
const START: DatasetId = 'seed-replica';
/** How long the slider must rest before the charts and the Results table catch up. */
const CALM_MS = 200;
/** Least time between two redraws of the timeline while training. */
const CHART_INTERVAL_MS = 250;

interface Settings extends CriterionValues, TrainFields, IterativeFields {
  /** Null until the person edits it: then the default follows the run's length. */
  schedule: ScheduleFields | null;
}

type Knobs = Pick<PruneRule, 'by' | 'scope' | 'method' | 'outputRate'>;
const DEFAULT_KNOBS: Knobs = { by: 'magnitude', scope: 'layer', method: 'unstructured', outputRate: 1 };

function defaultModel(dataset: DatasetId): ModelChoice {
  const { hidden, activation } = DATASETS[dataset].defaults;
  return { hidden, activation };
}

function defaultsOf(dataset: DatasetId): Settings {
  const d = DATASETS[dataset].defaults;
  return {
    epochs: d.epochs,
    learningRate: d.learningRate,
    fineTuneEpochs: d.fineTuneEpochs,
    // Han et al. retrained at a tenth of the original learning rate.
    fineTuneLearningRate: d.learningRate / 10,
    threshold: d.threshold,
    targetPercent: 90,
    quality: 1,
    // Frankle & Carbin prune 20% of the survivors per round.
    rounds: 5,
    roundPercent: 20,
    schedule: null,
  };
}

export function App() {
  const [dataset, setDataset] = useState<DatasetId>(START);
  const [draw, setDraw] = useState<DrawOptions>(() => defaultDraw(START, SEED));
  const [model, setModel] = useState<ModelChoice>(() => defaultModel(START));
  const [backendName, setBackendName] = useState<BackendName>('webgl');
  const [settings, setSettings] = useState<Settings>(() => defaultsOf(START));
  const [knobs, setKnobs] = useState<Knobs>(DEFAULT_KNOBS);
  const [invalid, setInvalid] = useState<ReadonlySet<string>>(new Set());
  /** The schedule of the last run: its trace is shown until the fields describe another one. */
  const [ranSchedule, setRanSchedule] = useState<PolynomialSchedule | null>(null);
  // The threshold is read once per session (later changes go through setRule): not a dependency.
  const recipe = useMemo(() => ({ dataset, draw, model, threshold: settings.threshold }), [dataset, draw, model]);
  /** Bumped by "Try again" after a failed download. */
  const [retry, setRetry] = useState(0);
  const { session, backend, backendProblem, data, download, dataProblem } = useSession(recipe, backendName, retry);
  const snapshot = useSnapshot(session);
  const spec = DATASETS[dataset];
  const outputs = data ? outputUnits(data.classes) : 1;

  // The bars repaint when the slider rests; the threshold band on them follows at once.
  const calmHistogram = useCalmValue(snapshot?.histogram ?? null, CALM_MS);
  const calmResults = useCalmValue(snapshot?.results ?? EMPTY_RESULTS, CALM_MS);
  const calmLayers = useCalmValue(snapshot?.layers ?? NO_LAYERS, CALM_MS);
  const timeline = useThrottledValue(snapshot?.timeline ?? NO_POINTS, CHART_INTERVAL_MS);
  const curves = useThrottledValue(snapshot?.curves ?? NO_CURVES, CHART_INTERVAL_MS);
  const sensitivity = useThrottledValue(snapshot?.sensitivity ?? NO_SENSITIVITY, CHART_INTERVAL_MS);

  const running = snapshot?.running ?? null;
  const trained = snapshot?.trained ?? false;
  const busy = running !== null;
  const idle = session !== null && !busy;
  const ready = idle && trained && invalid.size === 0;

  const totalSteps = (session?.stepsPerEpoch ?? 0) * settings.fineTuneEpochs;
  const scheduleFields = settings.schedule ?? defaultSchedule(totalSteps);
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
  const trace = showRun ? snapshot!.schedule : plannedTrace;
  const clearCurves = useCallback(() => session?.clearCurves(), [session]);

  const change = (patch: Partial<Settings>) => setSettings((s) => ({ ...s, ...patch }));
  // The fine-tune rate follows at a tenth unless the person set it themselves.
  const changeLearningRate = (learningRate: number) =>
    setSettings((s) => ({
      ...s,
      learningRate,
      fineTuneLearningRate: s.fineTuneLearningRate === s.learningRate / 10 ? learningRate / 10 : s.fineTuneLearningRate,
    }));
  const changeSchedule = (patch: Partial<ScheduleFields>) => setSettings((s) => ({ ...s, schedule: { ...scheduleFields, ...patch } }));
  const validity = (name: string) => (valid: boolean) =>
    setInvalid((set) => {
      const next = new Set(set);
      if (valid) next.delete(name);
      else next.add(name);
      return next;
    });

  /** The rule the controls describe, as the session takes it. */
  const ruleOf = (k: Knobs, v: CriterionValues): Partial<PruneRule> => ({
    ...k,
    threshold: v.threshold,
    targetFraction: v.targetPercent / 100,
    quality: v.quality,
  });
  const applyValues = (patch: Partial<CriterionValues>, commit: boolean) => {
    const next = { ...settings, ...patch };
    setSettings(next);
    session?.setRule(ruleOf(knobs, next));
    if (commit) session?.commitThreshold();
  };
  // A new session (another data set or backend) starts with the rule the controls show.
  useEffect(() => {
    session?.setRule(ruleOf(knobs, settings));
    // Only a new session needs it: later changes go through applyKnobs and applyValues.
  }, [session]);

  const applyKnobs = (patch: Partial<Knobs>) => {
    const next = { ...knobs, ...patch };
    setKnobs(next);
    session?.setRule(ruleOf(next, settings));
    if (trained) session?.commitThreshold();
  };

  const chooseDataset = (id: DatasetId) => {
    setDataset(id);
    setDraw(defaultDraw(id, draw.seed));
    setModel(defaultModel(id));
    setSettings(defaultsOf(id));
  };
  const fineTuneRun = { epochs: settings.fineTuneEpochs, learningRate: settings.fineTuneLearningRate };

  return (
    <div className="page">
      <header className="masthead">
        <h1>Pruning Lab</h1>
        <p>
          Train a small neural network in your browser, cut away its smallest weights, and watch what that does, then
          fine-tune to win the accuracy back.
        </p>
      </header>

      <Readouts snapshot={snapshot} problem={dataProblem} backendLabel={backend?.label ?? (backendProblem ? 'none' : 'starting…')} />
      <ProgressBar value={snapshot?.progress ?? 0} active={busy} />
      {snapshot?.note && <p className="run-note">{snapshot.note}</p>}

      <main className="layout">
        <aside className="controls card" aria-label="Controls">
          <DataFieldset dataset={dataset} draw={draw} backendName={backendName} backend={backend} backendProblem={backendProblem}
            download={download} dataProblem={dataProblem} disabled={busy} validity={validity} onRetry={() => setRetry((n) => n + 1)}
            onDataset={chooseDataset} onDraw={(patch) => setDraw((d) => ({ ...d, ...patch }))} onBackend={setBackendName} />

          <ModelFieldset key={dataset} model={model} defaultModel={defaultModel(dataset)} inputs={data?.features ?? null} outputs={outputs}
            disabled={busy} onModel={setModel} onValidity={validity('hiddenLayers')} />

          <TrainFieldset values={settings} busy={busy} canTrain={idle && invalid.size === 0} canReset={session !== null}
            validity={validity} onEpochs={(epochs) => change({ epochs })} onLearningRate={changeLearningRate}
            onTrain={() => session?.train({ epochs: settings.epochs, learningRate: settings.learningRate })}
            onStop={() => session?.stop()} onReset={() => session?.reset()} />

          <fieldset>
            <legend>2. Prune</legend>
            <PruneControls knobs={knobs} values={settings} thresholdMax={spec.defaults.thresholdMax}
              applied={snapshot?.rule ?? null} collapse={snapshot?.collapse ?? []} trained={trained}
              earlierRounds={(snapshot?.round ?? 1) > 1 || Boolean(snapshot?.compaction)}
              firstCutHint={trained && snapshot?.round === 1 && !snapshot.results['After pruning'] ? pruneHint(knobs.by, settings) : null}
              disabled={!idle || !trained} onKnobs={applyKnobs} onValue={applyValues} />
          </fieldset>

          <FineTuneFieldset values={settings} busy={busy} ready={ready}
            canRestore={idle && trained && ((snapshot?.round ?? 1) !== 1 || Boolean(snapshot?.compaction))}
            validity={validity} onChange={change} onFineTune={() => session?.fineTune(fineTuneRun)}
            onRestore={() => session?.restoreBaseline()} />

          <IterativeFieldset values={settings} busy={busy} ready={ready} validity={validity} onChange={change}
            onRun={(plan) => session?.iterate({ ...fineTuneRun, ...plan })} />

          <ScheduleFieldset fields={scheduleFields} problem={scheduleProblem} totalSteps={totalSteps}
            fineTuneEpochs={settings.fineTuneEpochs} busy={busy} ready={ready} validity={validity}
            onChange={changeSchedule} onRun={() => {
              setRanSchedule(schedule);
              session?.runSchedule({ ...fineTuneRun, schedule });
            }} />

          <LotteryFieldset ready={ready} canRewind={Boolean(snapshot?.canRewind) && (snapshot?.current?.sparsity ?? 0) !== 0}
            onRewind={() => session?.rewind({ epochs: settings.epochs, learningRate: settings.learningRate })}
            onCompact={() => session?.compact()} />
        </aside>

        <div className="figures">
          <p className="about card">
            <strong>{spec.label}.</strong> {spec.about}
          </p>
          <TimelineChart points={timeline} estimateRows={snapshot?.estimate?.rows ?? null} />
          <div className="pair">
            <WeightHistogram histogram={calmHistogram}
              threshold={snapshot?.rule.by === 'magnitude' && snapshot.rule.method === 'unstructured' ? snapshot.rule.threshold : null} />
            <LayerSparsity layers={calmLayers} />
          </div>
          <ResultsTable results={calmResults} round={snapshot?.round ?? 1} estimate={snapshot?.estimate ?? null} />
          <FigureGuard>
            <Pictures picture={snapshot?.picture ?? null} data={data} exact={snapshot?.current?.exact ?? true} />
          </FigureGuard>
          <section className="card explore" aria-label="Explore the trade-off">
            <div className="buttons">
              <button type="button" disabled={!ready} onClick={() => session?.sweep()}>
                Sweep sparsity
              </button>
              <button type="button" disabled={!ready} onClick={() => session?.scanLayers()}>
                Scan layers
              </button>
              <span className="hint">
                Both prune the trained baseline without retraining, by the current Scope and Method; Stop cancels them.
              </span>
            </div>
          </section>
          <AccuracySparsityChart curves={curves} onClear={clearCurves} />
          <LayerSensitivityChart layers={sensitivity} />
          <ScheduleChart trace={trace} />
          <div className="pair even">
            <LotteryTable lottery={snapshot?.lottery ?? null} />
            <CompactionTable report={snapshot?.compaction ?? null} />
          </div>
        </div>
      </main>
      <footer className="footer">
        Everything runs in this page with TensorFlow.js; no data leaves your computer.
      </footer>
    </div>
  );
}

const EMPTY_RESULTS = { 'Before pruning': null, 'After pruning': null, 'After fine-tuning': null } as const;
const NO_LAYERS: never[] = [];
const NO_POINTS: never[] = [];
const NO_CURVES: never[] = [];
const NO_SENSITIVITY: never[] = [];

/** What to do to make the first cut, in the words of the chosen criterion's controls. */
function pruneHint(by: PruneRule['by'], values: CriterionValues): string {
  if (by === 'target') return `Move the slider, or press Enter in Target sparsity (%), to prune to ${values.targetPercent}%.`;
  if (by === 'std') return `Move the slider, or press Enter in Quality parameter (q), to prune at ${values.quality} σ.`;
  return `Move the slider, or press Enter in Threshold value, to prune at ${values.threshold}.`;
}

function ProgressBar({ value, active }: { value: number; active: boolean }) {
  const percent = Math.round(value * 100);
  return (
    <div className={`progress ${active ? 'active' : ''}`} role="progressbar" aria-label="Progress"
      aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent}>
      <div className="progress-fill" style={{ width: `${percent}%` }} />
    </div>
  );
}
