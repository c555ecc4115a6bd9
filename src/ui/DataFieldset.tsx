import { DATASET_IDS, DATASETS, isDatasetId, type DatasetId } from '../data/datasets';
import { BACKENDS, isBackendName, type BackendInfo, type BackendName } from '../engine/backend';

export interface DataFieldsetProps {
  dataset: DatasetId;
  backendName: BackendName;
  /** The backend actually running, once one has started. */
  backend: BackendInfo | null;
  /** Why the chosen backend is not the one running, or why none could start. */
  backendProblem: string | null;
  onDataset(dataset: DatasetId): void;
  onBackend(name: BackendName): void;
}

/** "Data and hardware": the Dataset and Backend selects, and why a backend may be slow or missing. */
export function DataFieldset({ dataset, backendName, backend, backendProblem, onDataset, onBackend }: DataFieldsetProps) {
  return (
    <fieldset>
      <legend>Data and hardware</legend>
      <div className="field">
        <label htmlFor="dataset">Dataset</label>
        <select id="dataset" value={dataset} onChange={(e) => isDatasetId(e.target.value) && onDataset(e.target.value)}>
          {DATASET_IDS.map((id) => (
            <option key={id} value={id}>
              {DATASETS[id].label}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="backend">Backend</label>
        <select id="backend" value={backendName} onChange={(e) => isBackendName(e.target.value) && onBackend(e.target.value)}>
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
          <button type="button" className="link" onClick={() => onBackend('wasm')}>
            Switch to wasm
          </button>
        </p>
      )}
      <p className="hint">Changing either starts a fresh, untrained session.</p>
    </fieldset>
  );
}
