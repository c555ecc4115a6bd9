import { useCallback, useMemo, useState } from 'react';
import { outputUnits, type NetworkSpec, type NetworkWeights } from '../../core/network/spec';
import type { Dataset, DrawOptions } from '../../data/types';
import type { DatasetId } from '../../data/datasets';
import { toDataset, type OwnData } from '../../exchange/csvData';
import type { CsvTable } from '../../exchange/csvParse';
import { MAX_CSV_BYTES } from '../../exchange/names';

/** A CSV file the person opened, and the column they chose as the label. */
interface OpenedTable {
  table: CsvTable;
  label: number;
}

/** A model the person opened: its file name, shape and weights. */
export interface OpenedModelFile {
  name: string;
  spec: NetworkSpec;
  weights: NetworkWeights;
}

/** The person's own files on the page, and what they can do with them. */
export interface OwnFiles {
  /** The opened CSV as a data set (its split drawn with the page's seed and test share); null: a built-in set. */
  data: (OwnData & { name: string; columns: string[]; label: number }) | null;
  model: OpenedModelFile | null;
  /** Why the last file could not be used: what was expected, what came. Nothing else changed. */
  problem: string | null;
  openData: (file: File) => Promise<void>;
  chooseLabel: (column: number) => void;
  openModel: (files: readonly File[]) => Promise<void>;
  closeData: () => void;
  closeModel: () => void;
}

/** Why a network of `spec` cannot run on `data`, or null when it fits. */
export function shapeProblem(spec: NetworkSpec, data: Dataset, dataName: string): string | null {
  const outputs = outputUnits(data.classes);
  if (spec.inputs === data.features && spec.outputs === outputs) return null;
  const wanted = `${data.features} inputs and ${outputs} output${outputs === 1 ? ' (two classes, a sigmoid)' : 's (a softmax)'}`;
  return `Expected a model with ${wanted} for ${dataName}, but this one has ${spec.inputs} inputs and ${spec.outputs} outputs.`;
}

/**
 * Open data and Open model: the files are read in the page (nothing is uploaded), checked, and only
 * then become the data set or the network; a file that cannot be used leaves everything as it was and
 * says why. Choosing another built-in data set closes both.
 */
export function useOwnFiles(
  dataset: DatasetId,
  draw: DrawOptions,
  sessionData: Dataset | null,
  datasetLabel: string,
): OwnFiles {
  const [opened, setOpened] = useState<OpenedTable | null>(null);
  const [model, setModel] = useState<OpenedModelFile | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  // Another built-in data set closes the files (state adjusted while rendering, as React advises).
  const [seenDataset, setSeenDataset] = useState(dataset);
  if (seenDataset !== dataset) {
    setSeenDataset(dataset);
    setOpened(null);
    setModel(null);
    setProblem(null);
  }
  const { seed, testFraction } = draw;
  const built = useMemo(() => {
    if (!opened) return null;
    const result = toDataset(opened.table, opened.label, seed, testFraction);
    return 'data' in result
      ? { ...result.data, name: opened.table.name, columns: opened.table.columns, label: opened.label }
      : null;
  }, [opened, seed, testFraction]);

  const current = built?.dataset ?? sessionData;
  const currentName = built ? built.name : datasetLabel;

  /** Makes `table` with label `label` the data set, or says why it cannot be; an opened model that no longer fits is closed. */
  const adoptTable = useCallback(
    (table: CsvTable, label: number) => {
      const result = toDataset(table, label, seed, testFraction);
      if ('problem' in result) {
        setProblem(`${table.name}: ${result.problem}`);
        return;
      }
      setProblem(
        model && shapeProblem(model.spec, result.data.dataset, table.name)
          ? `${model.name} does not fit ${table.name}, so it was closed.`
          : null,
      );
      if (model && shapeProblem(model.spec, result.data.dataset, table.name)) setModel(null);
      setOpened({ table, label });
    },
    [seed, testFraction, model],
  );

  const openData = useCallback(
    async (file: File) => {
      // The reader (papaparse) loads when a first file is opened.
      const { guessLabel, parseCsv } = await import('../../exchange/csvParse');
      const text = file.size > MAX_CSV_BYTES ? '' : await file.text();
      const result = parseCsv(file.name, file.size, text);
      if ('problem' in result) setProblem(result.problem);
      else adoptTable(result.table, guessLabel(result.table));
    },
    [adoptTable],
  );

  const openModel = useCallback(
    async (files: readonly File[]) => {
      const refuse = (reason: string) => setProblem(reason);
      const { fromLayersModel, weightsPaths } = await import('../../exchange/layersModel');
      const jsons = files.filter((f) => f.name.toLowerCase().endsWith('.json'));
      let json: unknown = null;
      let name = '';
      for (const file of jsons) {
        try {
          const parsed: unknown = JSON.parse(await file.text());
          if (parsed && typeof parsed === 'object' && 'modelTopology' in parsed) {
            json = parsed;
            name = file.name;
          }
        } catch {
          return refuse(
            `Expected ${file.name} to be JSON (a TensorFlow.js model.json), but it could not be read as JSON.`,
          );
        }
      }
      if (!json)
        return refuse(
          'Expected a TensorFlow.js Layers model: its model.json and its weights file(s), chosen together, but no model.json came.',
        );
      const buffers: ArrayBuffer[] = [];
      for (const path of weightsPaths(json)) {
        const base = path.split('/').pop()!;
        const file = files.find((f) => f.name === base);
        if (!file) return refuse(`${name} needs the weights file ${base}: choose it together with ${name}.`);
        buffers.push(await file.arrayBuffer());
      }
      const result = fromLayersModel(json, buffers);
      if ('problem' in result) return refuse(`${name}: ${result.problem}`);
      if (!current) return refuse('Expected the data set to be ready before a model is opened; try again in a moment.');
      const mismatch = shapeProblem(result.spec, current, currentName);
      if (mismatch) return refuse(mismatch);
      setProblem(null);
      setModel({ name, spec: result.spec, weights: result.weights });
    },
    [current, currentName],
  );

  return {
    data: built,
    model,
    problem,
    openData,
    chooseLabel: (column) => opened && adoptTable(opened.table, column),
    openModel,
    closeData: () => {
      setOpened(null);
      setModel(null);
      setProblem(null);
    },
    closeModel: () => {
      setModel(null);
      setProblem(null);
    },
  };
}
