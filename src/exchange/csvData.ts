/**
 * Open data: a CSV file read into a table (papaparse: quoted fields, a BOM, a trailing newline), and a
 * table with a chosen label column made into the page's data set, with a seeded split.
 */
import Papa from 'papaparse';
import { createRng } from '../core/rng';
import type { Dataset, Split } from '../data/types';

/** The largest file Open data reads: 5 MB (about 100,000 rows of ten numbers). */
export const MAX_CSV_BYTES = 5 * 1024 * 1024;
/** The most classes a label column may have. */
export const MAX_CLASSES = 20;
/** The fewest usable rows: enough for a test split and a training split of a few batches. */
export const MIN_ROWS = 20;

/** A CSV file as text cells: its column names and its rows. */
export interface CsvTable {
  name: string;
  columns: string[];
  rows: string[][];
  /** Whether the first line was taken as column names (false: they are "column 1", "column 2", …). */
  header: boolean;
}

/** The table, or why the file cannot be one, in a sentence that says what was expected. */
export type TableResult = { table: CsvTable } | { problem: string };

const isNumber = (cell: string) => cell.trim() !== '' && Number.isFinite(Number(cell));

/**
 * Reads `text` (the file `name` of `bytes` bytes) as a table. The first line is a header unless
 * every one of its cells is a number. Refuses a file over MAX_CSV_BYTES, an empty one, one of a
 * single column, and one whose rows do not all have the header's number of cells.
 */
export function parseCsv(name: string, bytes: number, text: string): TableResult {
  if (bytes > MAX_CSV_BYTES)
    return {
      problem: `Expected a CSV file of at most ${MAX_CSV_BYTES / 1024 / 1024} MB, but ${name} is ${(bytes / 1024 / 1024).toFixed(1)} MB.`,
    };
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: 'greedy' });
  const lines = parsed.data;
  if (lines.length === 0) return { problem: `Expected rows of comma-separated values, but ${name} is empty.` };
  const first = lines[0];
  if (first.length < 2)
    return {
      problem: `Expected at least two columns (features and a label), separated by commas, but ${name} has one.`,
    };
  const header = !first.every(isNumber);
  const columns = header ? first.map((c, i) => c.trim() || `column ${i + 1}`) : first.map((_, i) => `column ${i + 1}`);
  const rows = header ? lines.slice(1) : lines;
  const ragged = rows.findIndex((row) => row.length !== columns.length);
  if (ragged >= 0)
    return {
      problem: `Expected ${columns.length} cells on every line, as on the first, but line ${ragged + (header ? 2 : 1)} has ${rows[ragged].length}.`,
    };
  if (rows.length === 0) return { problem: `Expected rows of values under the header, but ${name} has none.` };
  return { table: { name, columns, rows, header } };
}

/** The column a label most likely is: one named like a label, or else the last. */
export function guessLabel(table: CsvTable): number {
  const named = table.columns.findIndex((c) => /^(label|class|target|y|species|outcome)$/i.test(c.trim()));
  return named >= 0 ? named : table.columns.length - 1;
}

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
