/**
 * Export results: the Results table, the Training timeline, every run of the Accuracy vs sparsity
 * figure and the layer scan as CSV files (comma-separated, one header line, fractions as fractions,
 * full float precision), with the settings that produced them.
 */
import type { Curve, LayerSensitivity } from '../core/curves';
import type { TimelinePoint } from '../core/timeline';
import type { Stage, StageFigures } from '../engine/snapshot';

export { RESULTS_FILE } from './names';

/** A cell as CSV writes it: quoted when it holds a comma, a quote or a line break. */
export function csvCell(value: string | number | boolean | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Lines of cells as CSV text, each line ended by a newline. */
export function csvLines(lines: ReadonlyArray<ReadonlyArray<string | number | boolean | null>>): string {
  return lines.map((cells) => cells.map(csvCell).join(',')).join('\n') + '\n';
}

/** The Results table: a line per stage, empty cells for a stage that has not happened. */
export function resultsCsv(results: Readonly<Record<Stage, StageFigures | null>>): string {
  const header = ['Stage', 'Train loss', 'Train accuracy', 'Test loss', 'Test accuracy', 'Sparsity', 'Exact'];
  return csvLines([
    header,
    ...(Object.keys(results) as Stage[]).map((stage) => {
      const f = results[stage];
      return [stage, ...(f ? [f.trainLoss, f.trainAccuracy, f.testLoss, f.testAccuracy, f.sparsity, f.exact] : [])];
    }),
  ]);
}

/** The Training timeline: a line per recorded moment. */
export function timelineCsv(points: readonly TimelinePoint[]): string {
  return csvLines([
    ['Step', 'Phase', 'Moment', 'Test accuracy', 'Train accuracy', 'Test loss', 'Sparsity'],
    ...points.map((p) => [p.step, p.phase, p.label, p.accuracy, p.trainAccuracy, p.loss, p.sparsity]),
  ]);
}

/** Every run of the Accuracy vs sparsity figure: a line per point, with the run it belongs to. */
export function curvesCsv(curves: readonly Curve[]): string {
  return csvLines([
    ['Run', 'Kind', 'Run label', 'Point', 'Sparsity', 'Test accuracy'],
    ...curves.flatMap((c) => c.points.map((p) => [c.id, c.kind, c.label, p.label, p.sparsity, p.accuracy])),
  ]);
}

/** The layer scan: a line per layer and sparsity. */
export function sensitivityCsv(layers: readonly LayerSensitivity[]): string {
  return csvLines([
    ['Layer', 'Layer sparsity', 'Test accuracy'],
    ...layers.flatMap((l) => l.points.map((p) => [l.layer, p.sparsity, p.accuracy])),
  ]);
}

/** What the results archive holds. */
export interface ResultsInput {
  results: Readonly<Record<Stage, StageFigures | null>>;
  timeline: readonly TimelinePoint[];
  curves: readonly Curve[];
  sensitivity: readonly LayerSensitivity[];
  /** The settings as the address carries them (`?v=1&data=…`) and as JSON. */
  link: string;
  settings: unknown;
  /** What the data set and the backend were: "Spiral; webgl". */
  about: string;
}

/** The files of the results archive, in order: the four CSV files and the settings. */
export function resultsFiles(input: ResultsInput): Array<{ name: string; content: string }> {
  const readme =
    `Pruning Lab results\n${input.about}\n\nSettings (the page's address, open it to set the page up the same way):\n` +
    `${input.link}\n\nFractions are fractions (0.5 = 50%). Losses are cross-entropy. "Exact" is false where loss ` +
    `and accuracy were counted on the estimate's rows only.\n`;
  return [
    { name: 'results.csv', content: resultsCsv(input.results) },
    { name: 'timeline.csv', content: timelineCsv(input.timeline) },
    { name: 'accuracy-vs-sparsity.csv', content: curvesCsv(input.curves) },
    { name: 'layer-sensitivity.csv', content: sensitivityCsv(input.sensitivity) },
    { name: 'settings.json', content: JSON.stringify(input.settings, null, 2) + '\n' },
    { name: 'README.txt', content: readme },
  ];
}
