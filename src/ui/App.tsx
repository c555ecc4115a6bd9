import { useEffect, useRef, useState } from 'react';
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

interface Settings {
  epochs: number;
  learningRate: number;
  fineTuneEpochs: number;
  fineTuneLearningRate: number;
  threshold: number;
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
  };
}

export function App() {
  const [dataset, setDataset] = useState<DatasetId>('seed-replica');
  const [backendName, setBackendName] = useState<BackendName>('webgl');
  const [settings, setSettings] = useState<Settings>(() => defaultsOf('seed-replica'));
  const [invalid, setInvalid] = useState<ReadonlySet<string>>(new Set());
  const { session, backend, backendProblem } = useSession(dataset, backendName, SEED, settings.threshold);
  const snapshot = useSnapshot(session);
  const spec = DATASETS[dataset];

  // The bars repaint when the slider rests; the threshold band on them follows at once.
  const calmHistogram = useCalmValue(snapshot?.histogram ?? null, CALM_MS);
  const calmResults = useCalmValue(snapshot?.results ?? EMPTY_RESULTS, CALM_MS);
  const calmLayers = useCalmValue(snapshot?.layers ?? NO_LAYERS, CALM_MS);
  const timeline = useThrottledValue(snapshot?.timeline ?? NO_POINTS, CHART_INTERVAL_MS);

  const running = snapshot?.running ?? null;
  const trained = snapshot?.trained ?? false;
  const idle = session !== null && running === null;
  const fieldsValid = invalid.size === 0;

  const change = (patch: Partial<Settings>) => setSettings((s) => ({ ...s, ...patch }));
  const validity = (name: string) => (valid: boolean) =>
    setInvalid((set) => {
      const next = new Set(set);
      if (valid) next.delete(name);
      else next.add(name);
      return next;
    });

  const applyThreshold = (value: number, commit: boolean) => {
    change({ threshold: value });
    session?.setThreshold(value);
    if (commit) session?.commitThreshold();
  };

  const chooseDataset = (token: string) => {
    if (!isDatasetId(token)) return;
    setDataset(token);
    setSettings(defaultsOf(token));
  };

  return (
    <div className="page">
      <header className="masthead">
        <h1>Pruning Lab</h1>
        <p>
          Train a small neural network in your browser, cut away its smallest weights with the slider, and watch
          what that does, then fine-tune to win the accuracy back.
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
              <button type="button" className="primary" disabled={!idle || !fieldsValid}
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
            <ThresholdSlider
              value={settings.threshold}
              max={spec.defaults.thresholdMax}
              disabled={!idle || !trained}
              onInput={(v) => applyThreshold(v, false)}
              onCommit={() => session?.commitThreshold()}
            />
            <NumberField label="Threshold value" value={settings.threshold} step={0.001} live
              rule={{ subject: 'threshold', min: 0, max: spec.defaults.thresholdMax }}
              disabled={!idle || !trained} onCommit={(v) => applyThreshold(v, true)} />
            {trained && (
              <p className="applied live">
                Figures shown for threshold{' '}
                <output aria-label="Applied threshold">{snapshot?.threshold ?? settings.threshold}</output>
              </p>
            )}
            {trained && snapshot?.round === 1 && !snapshot.results['After pruning'] && (
              <p className="hint strong">
                Move the slider, or press Enter in Threshold value, to prune at {settings.threshold}.
              </p>
            )}
            <p className="hint">
              {trained
                ? 'Weights with |w| below the threshold are set to zero. Biases are not pruned. The trained weights are kept, so moving back restores them.'
                : 'Train first: the threshold prunes the trained weights.'}
            </p>
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
              <button type="button" className="primary" disabled={!idle || !trained || !fieldsValid}
                onClick={() => session?.fineTune({ epochs: settings.fineTuneEpochs, learningRate: settings.fineTuneLearningRate })}>
                Fine-tune
              </button>
              <button type="button" disabled={!idle || !trained || (snapshot?.round ?? 1) === 1}
                onClick={() => session?.restoreBaseline()}>
                Back to baseline
              </button>
            </div>
            <p className="hint">
              Pruned weights are held at exactly zero after every step. Afterwards the slider prunes the fine-tuned
              weights further: prune, fine-tune, prune more is iterative pruning.
            </p>
          </fieldset>
        </aside>

        <div className="figures">
          <p className="about card">
            <strong>{spec.label}.</strong> {spec.about}
          </p>
          <TimelineChart points={timeline} />
          <WeightHistogram histogram={calmHistogram} threshold={snapshot?.threshold ?? settings.threshold} />
          <div className="pair">
            <ResultsTable results={calmResults} round={snapshot?.round ?? 1} />
            <LayerSparsity layers={calmLayers} />
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

function ProgressBar({ value, active }: { value: number; active: boolean }) {
  const percent = Math.round(value * 100);
  return (
    <div className={`progress ${active ? 'active' : ''}`} role="progressbar" aria-label="Progress"
      aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent}>
      <div className="progress-fill" style={{ width: `${percent}%` }} />
    </div>
  );
}

/**
 * The range input. `input` events prune live; the native `change` event (end of a drag, or a key
 * press) records the step on the timeline. React's onChange is the input event, hence the listener.
 */
function ThresholdSlider(props: { value: number; max: number; disabled: boolean; onInput(v: number): void; onCommit(): void }) {
  const ref = useRef<HTMLInputElement>(null);
  const commit = useRef(props.onCommit);
  commit.current = props.onCommit;
  useEffect(() => {
    const input = ref.current;
    if (!input) return;
    const onChange = () => commit.current();
    input.addEventListener('change', onChange);
    return () => input.removeEventListener('change', onChange);
  }, []);
  return (
    <div className="field slider live">
      <label htmlFor="threshold">Pruning threshold</label>
      <input ref={ref} id="threshold" type="range" min={0} max={props.max} step={0.001} value={Math.min(props.value, props.max)}
        disabled={props.disabled} onChange={(e) => props.onInput(Number(e.target.value))} />
      <div className="slider-scale" aria-hidden="true">
        <span>0</span>
        <span>{props.max}</span>
      </div>
    </div>
  );
}
