import { formatBytes } from '../../core/format';
import { DATASET_IDS, DATASETS, isDatasetId, type DatasetId } from '../../data/datasets';
import type { DrawOptions } from '../../data/types';
import { BACKENDS, isBackendName, type BackendInfo, type BackendName } from '../../engine/backendNames';
import { draftValidity, type SettingsDispatch } from '../../settings/reducer';
import { BOUNDS, noiseBounds, TEST_SHARE_PERCENT } from '../../settings/settings';
import { ProgressBar } from '../panels/ProgressBar';
import { NumberField } from './NumberField';
import './field.css';
import './fieldset.css';

export interface DataFieldsetProps {
  dataset: DatasetId;
  draw: DrawOptions;
  backendName: BackendName;
  /** The backend actually running, once one has started. */
  backend: BackendInfo | null;
  /** Why the chosen backend is not the one running, or why none could start. */
  backendProblem: string | null;
  /** Whether the readouts' loss and accuracy are counted in JavaScript (software WebGL, small network). */
  figuresOnCpu: boolean;
  /** Bytes downloaded so far and in all (0 when unknown); null when nothing downloads. */
  download: { loaded: number; total: number } | null;
  /** Why the data could not be made or fetched. */
  dataProblem: string | null;
  disabled: boolean;
  /** Takes the data set, draw and draft actions. */
  dispatch: SettingsDispatch;
  onBackend: (name: BackendName) => void;
  /** Tries the failed download again. */
  onRetry: () => void;
}

/** "Data and hardware": the Dataset and its draw (noise, split, seed), the Backend, and what is slow or missing. */
export function DataFieldset(props: DataFieldsetProps) {
  const {
    dataset,
    draw,
    backendName,
    backend,
    backendProblem,
    figuresOnCpu,
    download,
    dataProblem,
    disabled,
    dispatch,
    onBackend,
    onRetry,
  } = props;
  const entry = DATASETS[dataset];
  const noise = entry.source === 'generated' ? entry.noise : null;
  const onDraw = (patch: Partial<DrawOptions>) => dispatch({ type: 'setDraw', patch });
  const adjustableSplit = entry.source === 'generated' && entry.adjustableSplit;
  return (
    <fieldset>
      <legend>Data and hardware</legend>
      <div className="field">
        <label htmlFor="dataset">Dataset</label>
        <select
          id="dataset"
          value={dataset}
          disabled={disabled}
          onChange={(e) => isDatasetId(e.target.value) && dispatch({ type: 'chooseDataset', dataset: e.target.value })}
        >
          {DATASET_IDS.map((id) => (
            <option key={id} value={id}>
              {DATASETS[id].label}
            </option>
          ))}
        </select>
      </div>
      {download && <DownloadProgress loaded={download.loaded} total={download.total} />}
      {dataProblem && (
        <div className="warning" role="alert">
          <p>{dataProblem}</p>
          <button type="button" onClick={() => onRetry()}>
            Try again
          </button>
        </div>
      )}
      <div className="field-row">
        {noise && (
          <NumberField
            key={`noise-${dataset}`}
            label="Noise"
            value={draw.noise}
            step={0.01}
            disabled={disabled}
            rule={noiseBounds(dataset)}
            onCommit={(value) => onDraw({ noise: value })}
            onValidity={(valid) => dispatch(draftValidity('noise', valid))}
          />
        )}
        {adjustableSplit && (
          <NumberField
            key={`split-${dataset}`}
            label="Test share (%)"
            value={+(draw.testFraction * 100).toFixed(2)}
            step={1}
            disabled={disabled}
            rule={TEST_SHARE_PERCENT}
            onCommit={(value) => onDraw({ testFraction: value / 100 })}
            onValidity={(valid) => dispatch(draftValidity('testFraction', valid))}
          />
        )}
        <NumberField
          label="Seed"
          value={draw.seed}
          step={1}
          disabled={disabled}
          rule={BOUNDS.seed}
          onCommit={(seed) => onDraw({ seed })}
          onValidity={(valid) => dispatch(draftValidity('seed', valid))}
        />
      </div>
      <div className="field">
        <label htmlFor="backend">Backend</label>
        <select
          id="backend"
          value={backendName}
          disabled={disabled}
          onChange={(e) => isBackendName(e.target.value) && onBackend(e.target.value)}
        >
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
          graphics card: the webgl backend is slow on this machine. The wasm backend is usually 10–20× faster without a
          GPU.{' '}
          {figuresOnCpu &&
            'Meanwhile this network is small enough for the page to count its loss and accuracy in plain JavaScript, so the slider answers at once; training runs on webgl. '}
          <button type="button" className="link" onClick={() => onBackend('wasm')}>
            Switch to wasm
          </button>
        </p>
      )}
      {backend?.name === 'cpu' && entry.source === 'download' && (
        <p className="warning">
          The cpu backend runs TensorFlow.js in plain JavaScript, without the SIMD instructions wasm uses: on the
          digits’ network it trains several times slower than wasm. The page stays responsive (the engine runs in a
          worker), but every epoch takes that much longer.{' '}
          <button type="button" className="link" onClick={() => onBackend('wasm')}>
            Switch to wasm
          </button>
        </p>
      )}
      <p className="hint">
        {entry.source === 'download'
          ? 'The seed sets the initial weights and the shuffles; the digits’ train/test split is fixed (8,000 / 2,000). '
          : 'The seed draws the points, the initial weights and the shuffles. '}
        Changing any of these starts a fresh, untrained session.
      </p>
    </fieldset>
  );
}

/** The download's progress bar, named Download, and its bytes. */
function DownloadProgress({ loaded, total }: { loaded: number; total: number }) {
  const percent = total > 0 ? Math.min(100, Math.round((loaded / total) * 100)) : undefined;
  return (
    <div className="download">
      <ProgressBar label="Download" percent={percent} active />
      <p className="hint">
        Downloading the digits: {formatBytes(loaded)}
        {total > 0 ? ` of ${formatBytes(total)}` : ''}. Once fetched they are kept by the browser and work offline.
      </p>
    </div>
  );
}
