/** Open data: a table (./csvParse) with a chosen label column made into the page's data set, with a seeded split. */
import { createRng } from '../core/rng';
import type { Dataset, Split } from '../data/types';
import type { CsvTable } from './csvParse';
export { MAX_CSV_BYTES } from './names';

/** Whether a cell holds a finite number. */
export const isNumber = (cell: string): boolean => cell.trim() !== '' && Number.isFinite(Number(cell));

/** The most classes a label column may have. */
export const MAX_CLASSES = 20;
/** The fewest usable rows: enough for a test split and a training split of a few batches. */
export const MIN_ROWS = 20;

/** What became of the table: the data set, and what was left out and why. */
export interface OwnData {
  dataset: Dataset;
  /** The feature columns used, in order. */
  features: string[];
  /** The label values, in class order (class 0 first). */
  classes: string[];
  /** Columns left out because most of their cells are not numbers. */
  textColumns: string[];
  /** Rows left out because a feature cell was empty or not a number, or the label was empty. */
  skippedRows: number;
  /** The first line (1-based, in the file) of a skipped row, to look at; null when none was. */
  firstSkipped: number | null;
}

export type DataResult = { data: OwnData } | { problem: string };

/**
 * The data set of `table` with the label in column `label`: every other column whose cells are
 * mostly numbers is a feature; the label's distinct values are the classes (sorted, as numbers when
 * they all are). A row with a missing or non-numeric feature is left out and counted. The rows are
 * shuffled by `seed` and the last `testFraction` of them held out for the test split.
 */
export function toDataset(table: CsvTable, label: number, seed: number, testFraction: number): DataResult {
  const { rows, columns } = table;
  const featureColumns: number[] = [];
  const textColumns: string[] = [];
  columns.forEach((name, c) => {
    if (c === label) return;
    const numeric = rows.filter((row) => isNumber(row[c])).length;
    if (numeric * 2 > rows.length) featureColumns.push(c);
    else textColumns.push(name);
  });
  if (featureColumns.length === 0)
    return { problem: `Expected at least one numeric column besides the label "${columns[label]}", but found none.` };
  const usable: string[][] = [];
  let firstSkipped: number | null = null;
  rows.forEach((row, r) => {
    if (row[label].trim() !== '' && featureColumns.every((c) => isNumber(row[c]))) usable.push(row);
    else firstSkipped ??= r + (table.header ? 2 : 1);
  });
  const values = [...new Set(usable.map((row) => row[label].trim()))];
  const numericLabels = values.every(isNumber);
  values.sort(numericLabels ? (a, b) => Number(a) - Number(b) : undefined);
  if (values.length < 2)
    return {
      problem: `Expected at least two classes in the label column "${columns[label]}", but found ${values.length}.`,
    };
  if (values.length > MAX_CLASSES)
    return {
      problem: `Expected at most ${MAX_CLASSES} classes in the label column "${columns[label]}", but found ${values.length}: is it a number to predict rather than a class?`,
    };
  if (usable.length < MIN_ROWS)
    return { problem: `Expected at least ${MIN_ROWS} rows with every value filled in, but found ${usable.length}.` };
  const classOf = new Map(values.map((v, i) => [v, i]));
  const order = shuffled(usable.length, seed);
  const testRows = Math.min(usable.length - 1, Math.max(1, Math.round(usable.length * testFraction)));
  const split = (indices: number[]): Split => {
    const x = new Float32Array(indices.length * featureColumns.length);
    const y = new Float32Array(indices.length);
    indices.forEach((index, r) => {
      const row = usable[index];
      featureColumns.forEach((c, f) => (x[r * featureColumns.length + f] = Number(row[c])));
      y[r] = classOf.get(row[label].trim())!;
    });
    return { x, y, rows: indices.length };
  };
  const trainIndices = order.slice(0, usable.length - testRows);
  const testIndices = order.slice(usable.length - testRows);
  return {
    data: {
      dataset: {
        features: featureColumns.length,
        classes: values.length,
        train: split(trainIndices),
        test: split(testIndices),
      },
      features: featureColumns.map((c) => columns[c]),
      classes: values,
      textColumns,
      skippedRows: rows.length - usable.length,
      firstSkipped,
    },
  };
}

/** 0..n-1 in a seeded random order (Fisher–Yates). */
function shuffled(n: number, seed: number): number[] {
  const rng = createRng(seed);
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}
