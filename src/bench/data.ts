/**
 * The rows and network the benchmark's in-page measurements use: any data set of the page, drawn
 * or downloaded as a session would get it (seed 1, the data set's default draw and model).
 */
import { DATASETS, defaultDraw, type DatasetId } from '../data/datasets';
import type { Dataset } from '../data/types';
import { outputUnits, type NetworkSpec } from '../core/network/spec';
import * as tf from '../model/tf';
import { activateBackend, isBackendName } from '../engine/backend';

export const SEED = 1;

/** Downloads by id, fetched once per page (the Cache API keeps the file between pages). */
const loaded = new Map<DatasetId, Promise<Dataset>>();

/** The rows of data set `id` with its default draw (a download is fetched once per page). */
export function benchData(id: DatasetId): Promise<Dataset> {
  const entry = DATASETS[id];
  if (entry.source === 'generated') return Promise.resolve(entry.generate(defaultDraw(id, SEED)));
  let data = loaded.get(id);
  if (!data) {
    data = entry.load(() => {});
    loaded.set(id, data);
    data.catch(() => loaded.delete(id));
  }
  return data;
}

/** The default network of data set `id` on `data`. */
export function defaultSpec(id: DatasetId, data: Dataset): NetworkSpec {
  const d = DATASETS[id].defaults;
  return { inputs: data.features, hidden: d.hidden, activation: d.activation, outputs: outputUnits(data.classes) };
}

/** The first `rows` rows of each split of `data` (all of a split that has fewer). */
export function firstRows(data: Dataset, rows: number): Dataset {
  const take = (split: Dataset['train']) => {
    const n = Math.min(rows, split.rows);
    return { x: split.x.subarray(0, n * data.features), y: split.y.subarray(0, n), rows: n };
  };
  return { ...data, train: take(data.train), test: take(data.test) };
}

/**
 * Makes `backend` this page's active backend for the harness's own work (a no-op when it already
 * is). The page's engine may run in a Web Worker with its own TensorFlow.js; the harness times the
 * bare work here, on the backend the page was asked for. Returns the active backend's name.
 */
export async function setBenchBackend(backend: string): Promise<string> {
  if (!isBackendName(backend)) throw new Error(`Expected webgl, wasm or cpu, but got ${backend}`);
  // engine().backendName, unlike getBackend(), does not start the default backend when none runs yet.
  if (tf.engine().backendName !== backend) await activateBackend(backend);
  return tf.engine().backendName;
}
