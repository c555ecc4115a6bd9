import './app.css';
import { useCallback, useMemo, useState } from 'react';
import { plannedCurve, validateSchedule, type PolynomialSchedule } from '../core/pruning/schedule';
import { outputUnits } from '../core/network/spec';
import { DATASETS } from '../data/datasets';
import type { BackendName } from '../engine/backend';
import {
  fineTuneRate,
  fineTuneRun,
  iterativeRun,
  ruleOf,
  scheduleFieldsOf,
  scheduleOf,
  trainRun,
} from '../settings/derive';
import type { SettingsAction } from '../settings/reducer';
import { defaultModel, type RuleSettings } from '../settings/settings';
import { DataFieldset } from './controls/DataFieldset';
import { ExploreButtons } from './controls/ExploreButtons';
import { FineTuneFieldset } from './controls/FineTuneFieldset';
import { IterativeFieldset } from './controls/IterativeFieldset';
import { LotteryFieldset } from './controls/LotteryFieldset';
import { ModelFieldset } from './controls/ModelFieldset';
import { PruneFieldset } from './controls/PruneFieldset';
import { ScheduleFieldset } from './controls/ScheduleFieldset';
import { TrainFieldset } from './controls/TrainFieldset';
import { AccuracySparsityChart } from './figures/AccuracySparsityChart';
import { FigureGuard } from './figures/FigureGuard';
import { LayerSensitivityChart } from './figures/LayerSensitivityChart';
import { Pictures } from './figures/Pictures';
import { ScheduleChart } from './figures/ScheduleChart';
import { TimelineChart } from './figures/TimelineChart';
import { WeightHistogram } from './figures/WeightHistogram';
import { CompactionTable } from './panels/CompactionTable';
import { LayerSparsity } from './panels/LayerSparsity';
import { LotteryTable } from './panels/LotteryTable';
import { ProgressBar } from './panels/ProgressBar';
import { Readouts } from './panels/Readouts';
import { ResultsTable } from './panels/ResultsTable';
import { RunNote } from './panels/RunNote';
import { useCalmValue, useThrottledValue } from './session/pacing';
import { useCommands } from './session/useCommands';
import { useSession } from './session/useSession';
import { useSettings } from './session/useSettings';
import { useSnapshot } from './session/useSnapshot';

/** How long the slider must rest before the charts and the Results table catch up. */
const CALM_MS = 200;
/** Least time between two redraws of the timeline while training. */
const CHART_INTERVAL_MS = 250;

export function App() {
  const { state, apply, currentRule } = useSettings();
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
  const recipe = useMemo(() => ({ dataset, draw, model }), [dataset, draw, model]);
  const { session, backend, backendProblem, data, download, dataProblem } = useSession(
    recipe,
    backendName,
    retry,
    currentRule,
  );
  const snapshot = useSnapshot(session);
  const commands = useCommands(session);
  const { run } = commands;
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
  // Train and every run wait while a typed field holds text that is not valid.
  const valid = drafts.length === 0;
  const ready = idle && trained && valid;
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
  const trace = showRun ? snapshot.schedule : plannedTrace;
  const clearCurves = useCallback(() => run((s) => s.clearCurves()), [run]);

  const dispatch = (action: SettingsAction) => void apply(action);
  /** The rule changed by `patch` goes to the session whole, in the same event (a slider step must not wait for a render). */
  const changeRule = (patch: Partial<RuleSettings>, commit: boolean) => {
    const rule = ruleOf(apply({ type: 'setRule', patch }).settings);
    run((s) => s.setRule(rule));
    if (commit && trained) run((s) => s.commitThreshold());
  };

  return (
    <div className="page">
      <header className="masthead">
        <h1>Pruning Lab</h1>
        <p>
          Train a small neural network in your browser, cut away its smallest weights, and watch what that does, then
          fine-tune to win the accuracy back.
        </p>
      </header>

      <Readouts
        snapshot={snapshot}
        problem={dataProblem}
        backendLabel={backend?.label ?? (backendProblem ? 'none' : 'starting…')}
      />
      <ProgressBar label="Progress" percent={Math.round((snapshot?.progress ?? 0) * 100)} active={busy} />
      <RunNote note={snapshot?.note ?? null} problem={commands.problem} />

      <main className="layout">
        <aside className="controls card" aria-label="Controls">
          <DataFieldset
            dataset={dataset}
            draw={draw}
            backendName={backendName}
            backend={backend}
            backendProblem={backendProblem}
            download={download}
            dataProblem={dataProblem}
            disabled={busy}
            dispatch={dispatch}
            onRetry={() => setRetry((n) => n + 1)}
            onBackend={setBackendName}
          />

          <ModelFieldset
            key={dataset}
            model={model}
            defaultModel={defaultModel(dataset)}
            inputs={data?.features ?? null}
            outputs={outputs}
            disabled={busy}
            dispatch={dispatch}
          />

          <TrainFieldset
            training={settings.training}
            busy={busy}
            canTrain={idle && valid}
            canReset={session !== null}
            dispatch={dispatch}
            onTrain={() => run((s) => s.train(trainRun(settings)))}
            onStop={() => run((s) => s.stop())}
            onReset={() => run((s) => s.reset())}
          />

          <PruneFieldset
            rule={settings.rule}
            dataset={dataset}
            applied={snapshot?.rule ?? null}
            collapse={snapshot?.collapse ?? []}
            trained={trained}
            earlierRounds={round > 1 || Boolean(snapshot?.compaction)}
            firstCut={trained && snapshot?.round === 1 && !snapshot.results['After pruning']}
            disabled={!idle || !trained}
            onRule={changeRule}
          />

          <FineTuneFieldset
            epochs={settings.fineTuning.epochs}
            learningRate={fineTuneRate(settings)}
            busy={busy}
            ready={ready}
            canRestore={idle && trained && (round !== 1 || Boolean(snapshot?.compaction))}
            dispatch={dispatch}
            onFineTune={() => run((s) => s.fineTune(fineTuneRun(settings)))}
            onRestore={() => run((s) => s.restoreBaseline())}
          />

          <IterativeFieldset
            iterative={settings.iterative}
            busy={busy}
            ready={ready}
            dispatch={dispatch}
            onRun={() => run((s) => s.iterate(iterativeRun(settings)))}
          />

          <ScheduleFieldset
            fields={scheduleFields}
            problem={scheduleProblem}
            totalSteps={totalSteps}
            fineTuneEpochs={settings.fineTuning.epochs}
            busy={busy}
            ready={ready}
            dispatch={dispatch}
            onRun={() => {
              setRanSchedule(schedule);
              run((s) => s.runSchedule({ ...fineTuneRun(settings), schedule }));
            }}
          />

          <LotteryFieldset
            ready={ready}
            canRewind={Boolean(snapshot?.canRewind) && (snapshot?.current?.sparsity ?? 0) !== 0}
            onRewind={() => run((s) => s.rewind(trainRun(settings)))}
            onCompact={() => run((s) => s.compact())}
          />
        </aside>

        <div className="figures">
          <p className="about card">
            <strong>{spec.label}.</strong> {spec.about}
          </p>
          <TimelineChart points={timeline} estimateRows={snapshot?.estimate?.rows ?? null} />
          <div className="pair">
            <WeightHistogram
              histogram={calmHistogram}
              threshold={
                snapshot?.rule.by === 'magnitude' && snapshot.rule.method === 'unstructured'
                  ? snapshot.rule.threshold
                  : null
              }
            />
            <LayerSparsity layers={calmLayers} />
          </div>
          <ResultsTable results={calmResults} round={round} estimate={snapshot?.estimate ?? null} />
          <FigureGuard>
            <Pictures picture={snapshot?.picture ?? null} data={data} exact={snapshot?.current?.exact ?? true} />
          </FigureGuard>
          <ExploreButtons
            ready={ready}
            onSweep={() => run((s) => s.sweep())}
            onScan={() => run((s) => s.scanLayers())}
          />
          <AccuracySparsityChart curves={curves} onClear={clearCurves} />
          <LayerSensitivityChart layers={sensitivity} />
          <ScheduleChart trace={trace} />
          <div className="pair even">
            <LotteryTable lottery={snapshot?.lottery ?? null} />
            <CompactionTable report={snapshot?.compaction ?? null} />
          </div>
        </div>
      </main>
      <footer className="footer">Everything runs in this page with TensorFlow.js; no data leaves your computer.</footer>
    </div>
  );
}

const EMPTY_RESULTS = { 'Before pruning': null, 'After pruning': null, 'After fine-tuning': null } as const;
const NO_LAYERS: never[] = [];
const NO_POINTS: never[] = [];
const NO_CURVES: never[] = [];
const NO_SENSITIVITY: never[] = [];
