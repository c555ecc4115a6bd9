import { useMemo, useState } from 'react';
import { iterativeSparsity, alignedEnd, plannedCurve, validateSchedule, type PolynomialSchedule } from '../core/schedule';
import type { PruneRule } from '../core/prune';
import { AccuracySparsityChart } from './AccuracySparsityChart';
import { LayerSensitivityChart } from './LayerSensitivityChart';
import { PruneControls, type CriterionValues } from './PruneControls';
import { CompactionTable, LotteryTable } from './RunPanels';
import { ScheduleChart } from './ScheduleChart';
import { DATASET_IDS, DATASETS, isDatasetId, type DatasetId } from '../data/datasets';
import { BACKENDS, isBackendName, type BackendName } from '../engine/backend';
import { LayerSparsity } from './LayerSparsity';
import { NumberField } from './NumberField';
import { Readouts } from './Readouts';
import { ResultsTable } from './ResultsTable';
import { TimelineChart } from './TimelineChart';
import { useCalmValue, useThrottledValue } from './pacing';
import { useSession, useSnapshot } from './useSession';
import { WeightHistogram } from './WeightHistogram';

const SEED = 1;
/** How long the slider must rest before the charts and the Results table catch up. */
const CALM_MS = 200;
/** Least time between two redraws of the timeline while training. */
const CHART_INTERVAL_MS = 250;
const EPOCH_RULE = { subject: 'epoch', min: 1, max: 500, integer: true };
const RATE_RULE = { subject: 'learning rate', min: 0, max: 10, minInclusive: false };
const ROUNDS_RULE = { subject: 'round', min: 1, max: 30, integer: true };
const ROUND_PERCENT_RULE = { subject: 'share per round', min: 1, max: 90 };
const SPARSITY_PERCENT_RULE = { subject: 'sparsity', min: 0, max: 99 };
const STEP_RULE = { subject: 'step', min: 0, max: 100000, integer: true };
const FREQUENCY_RULE = { subject: 'step', min: 1, max: 100000, integer: true };

interface Settings extends CriterionValues {
  epochs: number;
  learningRate: number;
  fineTuneEpochs: number;
  fineTuneLearningRate: number;
  rounds: number;
  /** Percent of the surviving weights each iterative round removes. */
  roundPercent: number;
  /** Null until the person edits it: then the default follows the run's length. */
  schedule: ScheduleFields | null;
}

/** The schedule as typed: sparsities in percent. */
interface ScheduleFields {
  initialPercent: number;
  finalPercent: number;
  beginStep: number;
  endStep: number;
  frequency: number;
}

type Knobs = Pick<PruneRule, 'by' | 'scope' | 'method' | 'outputRate'>;
const DEFAULT_KNOBS: Knobs = { by: 'magnitude', scope: 'layer', method: 'unstructured', outputRate: 1 };

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

/** A schedule that fits a run of `totalSteps`: 0 → 90% over the first 70%, the mask updated 10 times. */
function defaultSchedule(totalSteps: number): ScheduleFields {
  const frequency = Math.max(1, Math.round((0.7 * totalSteps) / 10));
  return { initialPercent: 0, finalPercent: 90, beginStep: 0, endStep: frequency * 10, frequency };
}

function scheduleOf(fields: ScheduleFields): PolynomialSchedule {
  return {
    initialSparsity: fields.initialPercent / 100,
    finalSparsity: fields.finalPercent / 100,
    beginStep: fields.beginStep,
    endStep: fields.endStep,
    frequency: fields.frequency,
    power: 3,
  };
}

export function App() {
  const [dataset, setDataset] = useState<DatasetId>('seed-replica');
  const [backendName, setBackendName] = useState<BackendName>('webgl');
  const [settings, setSettings] = useState<Settings>(() => defaultsOf('seed-replica'));
  const [knobs, setKnobs] = useState<Knobs>(DEFAULT_KNOBS);
  const [invalid, setInvalid] = useState<ReadonlySet<string>>(new Set());
  const { session, backend, backendProblem } = useSession(dataset, backendName, SEED, settings.threshold);
  const snapshot = useSnapshot(session);
  const spec = DATASETS[dataset];

  // The bars repaint when the slider rests; the threshold band on them follows at once.
  const calmHistogram = useCalmValue(snapshot?.histogram ?? null, CALM_MS);
  const calmResults = useCalmValue(snapshot?.results ?? EMPTY_RESULTS, CALM_MS);
  const calmLayers = useCalmValue(snapshot?.layers ?? NO_LAYERS, CALM_MS);
  const timeline = useThrottledValue(snapshot?.timeline ?? NO_POINTS, CHART_INTERVAL_MS);
  const curves = useThrottledValue(snapshot?.curves ?? NO_CURVES, CHART_INTERVAL_MS);
  const sensitivity = useThrottledValue(snapshot?.sensitivity ?? NO_SENSITIVITY, CHART_INTERVAL_MS);

  const running = snapshot?.running ?? null;
  const trained = snapshot?.trained ?? false;
  const idle = session !== null && running === null;
  const ready = idle && trained && invalid.size === 0;

  const totalSteps = (session?.stepsPerEpoch ?? 0) * settings.fineTuneEpochs;
  const scheduleFields = settings.schedule ?? defaultSchedule(totalSteps);
  const schedule = scheduleOf(scheduleFields);
  const scheduleProblem = validateSchedule(schedule);
  const planned = useMemo(() => (scheduleProblem ? [] : plannedCurve(schedule, totalSteps, 200)), [scheduleProblem, schedule, totalSteps]);
  const trace = snapshot?.schedule ?? (planned.length ? { planned, actual: [], totalSteps } : null);

  const change = (patch: Partial<Settings>) => setSettings((s) => ({ ...s, ...patch }));
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
  const applyKnobs = (patch: Partial<Knobs>) => {
    const next = { ...knobs, ...patch };
    setKnobs(next);
    session?.setRule(ruleOf(next, settings));
    if (trained) session?.commitThreshold();
  };

  const chooseDataset = (token: string) => {
    if (!isDatasetId(token)) return;
    setDataset(token);
    setSettings(defaultsOf(token));
  };
  const fineTuneRun = { epochs: settings.fineTuneEpochs, learningRate: settings.fineTuneLearningRate };
  const rounds = Math.round(settings.rounds);
  const reach = iterativeSparsity(settings.roundPercent / 100, rounds);

  return (
    <div className="page">
      <header className="masthead">
        <h1>Pruning Lab</h1>
        <p>
          Train a small neural network in your browser, cut away its smallest weights, and watch what that does, then
          fine-tune to win the accuracy back.
        </p>
      </header>

      <Readouts snapshot={snapshot} backendLabel={backend?.label ?? (backendProblem ? 'none' : 'starting…')} />
      <ProgressBar value={snapshot?.progress ?? 0} active={running !== null} />
      {snapshot?.note && <p className="run-note">{snapshot.note}</p>}

      <main className="layout">
        <aside className="controls card" aria-label="Controls">
          <fieldset>
            <legend>Data and hardware</legend>
            <div className="field">
              <label htmlFor="dataset">Dataset</label>
              <select id="dataset" value={dataset} onChange={(e) => chooseDataset(e.target.value)}>
                {DATASET_IDS.map((id) => (
                  <option key={id} value={id}>
                    {DATASETS[id].label}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="backend">Backend</label>
              <select id="backend" value={backendName} onChange={(e) => isBackendName(e.target.value) && setBackendName(e.target.value)}>
                {BACKENDS.map((name) => (
                  <option key={name} value={name}>
                    {name}
                  </option>
                ))}
              </select>
            </div>
            {backendProblem && <p className="warning">{backendProblem}</p>}
            {backend?.software && (
              <p className="warning">
                WebGL is running in software here ({backend.label.replace(/^webgl \((.*), software\)$/, '$1')}), with no
                graphics card: the webgl backend is slow on this machine. The wasm backend is usually 10–20× faster
                without a GPU.{' '}
                <button type="button" className="link" onClick={() => setBackendName('wasm')}>
                  Switch to wasm
                </button>
              </p>
            )}
            <p className="hint">Changing either starts a fresh, untrained session.</p>
          </fieldset>

          <fieldset>
            <legend>1. Train</legend>
            <NumberField label="Epochs" value={settings.epochs} rule={EPOCH_RULE} step={1} disabled={running !== null}
              onCommit={(epochs) => change({ epochs })} onValidity={validity('epochs')} />
            <NumberField label="Learning rate" value={settings.learningRate} rule={RATE_RULE} disabled={running !== null}
              onCommit={(learningRate) =>
                setSettings((s) => ({
                  ...s,
                  learningRate,
                  // The fine-tune rate follows at a tenth unless the person set it themselves.
                  fineTuneLearningRate:
                    s.fineTuneLearningRate === s.learningRate / 10 ? learningRate / 10 : s.fineTuneLearningRate,
                }))
              }
              onValidity={validity('learningRate')} />
            <div className="buttons">
              <button type="button" className="primary" disabled={!idle || invalid.size > 0}
                onClick={() => session?.train({ epochs: settings.epochs, learningRate: settings.learningRate })}>
                Train
              </button>
              <button type="button" disabled={running === null} onClick={() => session?.stop()}>
                Stop
              </button>
              <button type="button" disabled={session === null}
                onClick={() => session?.reset()}>
                Reset
              </button>
            </div>
          </fieldset>

          <fieldset>
            <legend>2. Prune</legend>
            <PruneControls knobs={knobs} values={settings} thresholdMax={spec.defaults.thresholdMax}
              applied={snapshot?.rule ?? null} collapse={snapshot?.collapse ?? []} trained={trained}
              earlierRounds={(snapshot?.round ?? 1) > 1 || Boolean(snapshot?.compaction)}
              firstCutHint={trained && snapshot?.round === 1 && !snapshot.results['After pruning'] ? pruneHint(knobs.by, settings) : null}
              disabled={!idle || !trained} onKnobs={applyKnobs} onValue={applyValues} />
          </fieldset>

          <fieldset>
            <legend>3. Fine-tune</legend>
            <NumberField label="Fine-tune epochs" value={settings.fineTuneEpochs} rule={EPOCH_RULE} step={1}
              disabled={running !== null} onCommit={(fineTuneEpochs) => change({ fineTuneEpochs })}
              onValidity={validity('fineTuneEpochs')} />
            <NumberField label="Fine-tune learning rate" value={settings.fineTuneLearningRate} rule={RATE_RULE}
              disabled={running !== null} onCommit={(fineTuneLearningRate) => change({ fineTuneLearningRate })}
              onValidity={validity('fineTuneLearningRate')} />
            <div className="buttons">
              <button type="button" className="primary" disabled={!ready} onClick={() => session?.fineTune(fineTuneRun)}>
                Fine-tune
              </button>
              <button type="button" disabled={!idle || !trained || ((snapshot?.round ?? 1) === 1 && !snapshot?.compaction)}
                onClick={() => session?.restoreBaseline()}>
                Back to baseline
              </button>
            </div>
            <p className="hint">
              Pruned weights are held at exactly zero after every step. Afterwards the rule prunes the fine-tuned weights
              further: prune, fine-tune, prune more is iterative pruning.
            </p>
          </fieldset>

          <fieldset>
            <legend>4. Iterative pruning</legend>
            <div className="two">
              <NumberField label="Rounds" value={settings.rounds} rule={ROUNDS_RULE} step={1} disabled={running !== null}
                onCommit={(r) => change({ rounds: r })} onValidity={validity('rounds')} />
              <NumberField label="Prune per round (%)" value={settings.roundPercent} rule={ROUND_PERCENT_RULE} step={1}
                disabled={running !== null} onCommit={(roundPercent) => change({ roundPercent })} onValidity={validity('roundPercent')} />
            </div>
            <button type="button" disabled={!ready}
              onClick={() => session?.iterate({ ...fineTuneRun, rounds, fractionPerRound: settings.roundPercent / 100 })}>
              Prune iteratively
            </button>
            <p className="hint">
              From the trained baseline: each round removes {settings.roundPercent}% of the surviving weights (by Scope and
              Method above) and fine-tunes for Fine-tune epochs. {rounds} rounds reach {(reach * 100).toFixed(1)}% sparsity.
            </p>
          </fieldset>

          <fieldset>
            <legend>5. Polynomial schedule</legend>
            <div className="two">
              <NumberField label="Initial sparsity (%)" value={scheduleFields.initialPercent} rule={SPARSITY_PERCENT_RULE}
                disabled={running !== null} onCommit={(initialPercent) => changeSchedule({ initialPercent })} onValidity={validity('initialPercent')} />
              <NumberField label="Final sparsity (%)" value={scheduleFields.finalPercent} rule={SPARSITY_PERCENT_RULE}
                disabled={running !== null} onCommit={(finalPercent) => changeSchedule({ finalPercent })} onValidity={validity('finalPercent')} />
              <NumberField label="Begin step" value={scheduleFields.beginStep} rule={STEP_RULE} step={1}
                disabled={running !== null} onCommit={(beginStep) => changeSchedule({ beginStep })} onValidity={validity('beginStep')} />
              <NumberField label="End step" value={scheduleFields.endStep} rule={STEP_RULE} step={1}
                disabled={running !== null} onCommit={(endStep) => changeSchedule({ endStep })} onValidity={validity('endStep')} />
            </div>
            <NumberField label="Update every (steps)" value={scheduleFields.frequency} rule={FREQUENCY_RULE} step={1}
              disabled={running !== null} onCommit={(frequency) => changeSchedule({ frequency })} onValidity={validity('frequency')} />
            {scheduleProblem && <p className="field-error" role="alert">{scheduleProblem}</p>}
            {!scheduleProblem && alignedEnd(schedule) !== schedule.endStep && (
              <p className="warning">
                The end step is not on the update grid: the last update is at step {alignedEnd(schedule)}, so the final
                sparsity is not quite reached.
              </p>
            )}
            {!scheduleProblem && schedule.endStep > totalSteps && totalSteps > 0 && (
              <p className="warning">The schedule ends after the run does ({totalSteps} steps): raise Fine-tune epochs or lower End step.</p>
            )}
            <button type="button" disabled={!ready || scheduleProblem !== null}
              onClick={() => session?.runSchedule({ ...fineTuneRun, schedule })}>
              Prune on schedule
            </button>
            <p className="hint">
              From the trained baseline, fine-tuning for {settings.fineTuneEpochs} epochs ({totalSteps} steps) while the mask
              follows Zhu &amp; Gupta’s curve (power 3).
            </p>
          </fieldset>

          <fieldset>
            <legend>6. Lottery ticket and compaction</legend>
            <div className="buttons">
              <button type="button" disabled={!ready || !snapshot?.canRewind || (snapshot?.current?.sparsity ?? 0) === 0}
                onClick={() => session?.rewind({ epochs: settings.epochs, learningRate: settings.learningRate })}>
                Rewind
              </button>
              <button type="button" disabled={!ready} onClick={() => session?.compact()}>
                Compact
              </button>
            </div>
            <p className="hint">
              Rewind retrains the current mask for Epochs from the initial weights θ₀, and from a random draw. Compact rebuilds
              the network without pruned and dead neurons: prune with Method Structured (neurons) first.
            </p>
          </fieldset>
        </aside>

        <div className="figures">
          <p className="about card">
            <strong>{spec.label}.</strong> {spec.about}
          </p>
          <TimelineChart points={timeline} />
          <div className="pair">
            <WeightHistogram histogram={calmHistogram}
              threshold={snapshot?.rule.by === 'magnitude' && snapshot.rule.method === 'unstructured' ? snapshot.rule.threshold : null} />
            <LayerSparsity layers={calmLayers} />
          </div>
          <ResultsTable results={calmResults} round={snapshot?.round ?? 1} />
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
          <AccuracySparsityChart curves={curves} onClear={() => session?.clearCurves()} />
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
