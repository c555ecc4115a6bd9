import { useState, type ChangeEvent } from 'react';
import { DATASETS } from '../../data/datasets';
import { shapeName } from '../../core/network/spec';
import { MASKS_FILE, MAX_CSV_BYTES, MODEL_FILE, RESULTS_FILE, WEIGHTS_FILE } from '../../exchange/names';
import { serialiseLink, type Room } from '../../settings/room';
import type { Page } from '../page/usePage';
import { download, pause, saveFigure, savableFigures, type SavableFigure } from './files';
import type { OwnFiles } from './useOwnFiles';
import '../controls/field.css';
import '../controls/fieldset.css';
import './exchange.css';

/** The page's address with `query`: what the settings' link is. */
function linkOf(query: string): string {
  return `${location.origin}${location.pathname}?${query}`;
}

/**
 * "Your files": Open data (a CSV) and Open model (a TensorFlow.js Layers model) in, Export model,
 * Export results and any figure out. Everything is read and written in the browser.
 */
export function ExchangeFieldset({ page, room, own }: { page: Page; room: Room; own: OwnFiles }) {
  const [note, setNote] = useState<string | null>(null);
  const [figures, setFigures] = useState<SavableFigure[]>([]);
  const [figure, setFigure] = useState('');
  const { session, snapshot, settings } = page;
  const builtIn = DATASETS[settings.dataset].label;
  const link = () => linkOf(serialiseLink(settings, room));

  const exportModel = async () => {
    if (!session) return;
    const result = await session.exportNetwork();
    if (result.kind === 'refused') return setNote(result.reason);
    // The writers load when first used: they are not needed to open the page.
    const [{ toLayersModel }, { masksJson }] = await Promise.all([
      import('../../exchange/layersModel'),
      import('../../exchange/masks'),
    ]);
    const { json, bin } = toLayersModel(result.spec, result.weights);
    const masks = masksJson(result.spec, result.masks, result.rule, link());
    download(MODEL_FILE, JSON.stringify(json), 'application/json');
    await pause(250);
    download(WEIGHTS_FILE, bin, 'application/octet-stream');
    await pause(250);
    download(MASKS_FILE, JSON.stringify(masks, null, 1), 'application/json');
    setNote(`Saved ${MODEL_FILE}, ${WEIGHTS_FILE} and ${MASKS_FILE}.`);
  };

  const exportResults = async () => {
    if (!snapshot) return;
    const [{ resultsFiles }, { zipFiles }] = await Promise.all([
      import('../../exchange/resultsCsv'),
      import('../../exchange/zip'),
    ]);
    const about = `${own.data ? `${own.data.name} (your file)` : builtIn}; ${page.backend?.label ?? 'no backend'}${own.model ? `; model ${own.model.name}` : ''}`;
    const files = resultsFiles({
      results: snapshot.results,
      timeline: snapshot.timeline,
      curves: snapshot.curves,
      sensitivity: snapshot.sensitivity,
      link: link(),
      settings,
      about,
    });
    download(RESULTS_FILE, zipFiles(files, new Date()), 'application/zip');
    setNote(`Saved ${RESULTS_FILE}: ${files.map((f) => f.name).join(', ')}.`);
  };

  const onData = async (event: ChangeEvent<HTMLInputElement>) => {
    const input = event.currentTarget;
    const file = input.files?.[0];
    if (file) await own.openData(file);
    input.value = '';
  };
  const onModel = async (event: ChangeEvent<HTMLInputElement>) => {
    const input = event.currentTarget;
    const files = [...(input.files ?? [])];
    if (files.length > 0) await own.openModel(files);
    input.value = '';
  };
  const listFigures = () => setFigures(savableFigures());
  const save = async () => {
    const target = savableFigures().find((f) => f.name === figure);
    if (!target) return setNote(`${figure || 'That figure'} is not on the page now.`);
    await saveFigure(target);
    setNote(`Saved ${figure} as ${target.kind.toUpperCase()}.`);
  };
  const data = own.data;
  const busy = page.busy;
  return (
    <fieldset className="exchange">
      <legend>Your files</legend>
      <p className="hint">Files are read and written in this browser: nothing is uploaded anywhere.</p>
      <div className="field">
        <label htmlFor="open-data">Open data</label>
        <input id="open-data" type="file" accept=".csv,text/csv" disabled={busy} onChange={(e) => void onData(e)} />
      </div>
      <p className="hint">
        A CSV of up to {MAX_CSV_BYTES / 1024 / 1024} MB: numeric feature columns and a label column (at most 20
        classes). Features are used as they are, not rescaled.
      </p>
      {data && (
        <div className="own-data" role="status" aria-label="Your data">
          <p>
            <strong>{data.name}</strong>: {data.dataset.train.rows + data.dataset.test.rows} rows (
            {data.dataset.train.rows} training, {data.dataset.test.rows} test), {data.features.length} features,{' '}
            {data.classes.length} classes ({data.classes.join(', ')}).
            {data.skippedRows > 0 &&
              ` ${data.skippedRows} row${data.skippedRows === 1 ? '' : 's'} left out: a missing or non-numeric value (first on line ${data.firstSkipped}).`}
            {data.textColumns.length > 0 && ` Text columns left out: ${data.textColumns.join(', ')}.`}
          </p>
          <div className="field">
            <label htmlFor="label-column">Label column</label>
            <select
              id="label-column"
              value={data.label}
              disabled={busy}
              onChange={(e) => own.chooseLabel(Number(e.target.value))}
            >
              {data.columns.map((name, i) => (
                <option key={i} value={i}>
                  {name}
                </option>
              ))}
            </select>
          </div>
          <p className="hint">
            A link cannot carry your file: Copy link gives the settings, and opened elsewhere it shows {builtIn} until
            the file is opened there too.
          </p>
          <button type="button" disabled={busy} onClick={own.closeData}>
            Back to {builtIn}
          </button>
        </div>
      )}
      <div className="field">
        <label htmlFor="open-model">Open model</label>
        <input
          id="open-model"
          type="file"
          multiple
          accept=".json,.bin,application/json"
          disabled={busy}
          onChange={(e) => void onModel(e)}
        />
      </div>
      <p className="hint">A TensorFlow.js Layers model of Dense layers: choose its model.json and weights together.</p>
      {own.model && (
        <div className="own-data" role="status" aria-label="Your model">
          <p>
            <strong>{own.model.name}</strong>: {shapeName(own.model.spec)} {own.model.spec.activation}, its weights the
            baseline to prune. Train starts again from a fresh initialisation.
          </p>
          <button type="button" disabled={busy} onClick={own.closeModel}>
            Close model
          </button>
        </div>
      )}
      {own.problem && (
        <p className="warning" role="alert">
          {own.problem}
        </p>
      )}
      <div className="buttons">
        <button type="button" disabled={!page.idle || !page.trained} onClick={() => void exportModel()}>
          Export model
        </button>
        <button type="button" disabled={!snapshot} onClick={() => void exportResults()}>
          Export results
        </button>
      </div>
      <p className="hint">
        Export model: {MODEL_FILE} and its weights for tf.loadLayersModel, and {MASKS_FILE} (what was cut, by which
        rule). Export results: one zip of CSV files (Results, timeline, every Accuracy vs sparsity run, the layer scan)
        with the settings.
      </p>
      <div className="field save-figure">
        <label htmlFor="figure-choice">Figure</label>
        <select
          id="figure-choice"
          value={figure}
          onFocus={listFigures}
          onPointerDown={listFigures}
          onChange={(e) => setFigure(e.target.value)}
        >
          <option value="">Choose a figure</option>
          {figures.map((f) => (
            <option key={f.name} value={f.name}>
              {f.name} ({f.kind.toUpperCase()})
            </option>
          ))}
        </select>
        <button type="button" disabled={!figure} onClick={() => void save()}>
          Save figure
        </button>
      </div>
      {note && (
        <p className="hint" role="status" aria-label="Files">
          {note}
        </p>
      )}
    </fieldset>
  );
}
