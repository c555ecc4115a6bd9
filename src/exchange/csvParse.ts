/**
 * Open data's reader: a CSV file read into a table by papaparse (quoted fields, a BOM, a trailing
 * newline), loaded only when a person opens a file.
 */
import Papa from 'papaparse';
import { isNumber, MAX_CLASSES } from './csvData';
import { MAX_CSV_BYTES } from './names';

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

/** Names a label column often has, the likeliest first. */
const LABEL_NAMES = ['label', 'class', 'target', 'species', 'outcome', 'y'];

/**
 * The column a label most likely is: the first named like a label (label, class, target, …) that has
 * at most MAX_CLASSES distinct values, or else the last column.
 */
export function guessLabel(table: CsvTable): number {
  const distinct = (c: number) => new Set(table.rows.map((row) => row[c].trim())).size;
  for (const name of LABEL_NAMES) {
    const c = table.columns.findIndex((column) => column.trim().toLowerCase() === name);
    if (c >= 0 && distinct(c) <= MAX_CLASSES) return c;
  }
  return table.columns.length - 1;
}
