import { memo } from 'react';
import { formatBytes, formatCount, MISSING } from '../../core/format';
import type { CompactionReport, NetworkSize } from '../../engine/session';
import './results.css';

/** Before and after Compact: size on disk and in memory, and the time of a forward pass. */
export const CompactionTable = memo(function CompactionTable({ report }: { report: CompactionReport | null }) {
  const cells = (f: (size: NetworkSize) => string) => [
    report ? f(report.before) : MISSING,
    report ? f(report.after) : MISSING,
  ];
  const rows: Array<[string, string[]]> = [
    ['Layer widths', cells((s) => s.widths.join('-'))],
    [
      'Parameters (non-zero / total)',
      cells((s) => `${formatCount(s.parameters.nonZero)} / ${formatCount(s.parameters.total)}`),
    ],
    ['Dense float32 size', cells((s) => formatBytes(s.bytes))],
    ['Forward pass, median', cells((s) => `${s.milliseconds.toFixed(2)} ms`)],
  ];
  const speedup = report ? report.before.milliseconds / report.after.milliseconds : null;
  return (
    <section className="card" aria-labelledby="compaction-title">
      <h2 id="compaction-title">Compaction</h2>
      <p className="chart-help">
        Zeros in a dense matrix cost as much memory and time as any other number. Removing whole neurons (and the dead
        ones, with no inputs or no outputs left) builds a smaller dense network that computes the same function.
      </p>
      <div className="table-scroll">
        <table className="results" aria-label="Compaction">
          <thead>
            <tr>
              <th scope="col">Measure</th>
              <th scope="col">Masked network</th>
              <th scope="col">Compacted network</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(([name, [before, after]]) => (
              <tr key={name}>
                <th scope="row">{name}</th>
                <td>{before}</td>
                <td>{after}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {report && speedup !== null && (
        <p className="note neutral">
          Largest difference between the two networks’ outputs over {formatCount(report.rows)} rows:{' '}
          <output aria-label="Largest output difference">{report.maxDifference.toExponential(1)}</output>. Forward
          passes over the same rows, median of {report.repeats} each on {report.backend}, taking turns:{' '}
          {speedup.toFixed(2)}× the speed.
        </p>
      )}
    </section>
  );
});
