import { memo } from 'react';
import { formatCount, formatLoss, formatPercent } from '../../core/format';
import { STAGES, type EstimateRows, type Stage, type StageFigures } from '../../engine/snapshot';
import './results.css';

const MEANING: Record<Stage, string> = {
  'Before pruning': 'The trained network, every weight in place: the baseline to compare with.',
  'After pruning': 'The same network with the small weights set to zero and no retraining: what the cut costs.',
  'After fine-tuning':
    'The pruned network trained a little more, pruned weights held at zero: what retraining wins back.',
};

/** The seed script's printed lines, live: one row per stage, a dash until the stage happens. */
export const ResultsTable = memo(function ResultsTable({
  results,
  round,
  estimate,
}: {
  results: Readonly<Record<Stage, StageFigures | null>>;
  round: number;
  /** The rows quick figures count; null when every figure is exact. */
  estimate: EstimateRows | null;
}) {
  const estimated = STAGES.filter((stage) => results[stage] && !results[stage].exact);
  return (
    <section className="card" aria-labelledby="results-title">
      <h2 id="results-title">Results</h2>
      <div className="table-scroll">
        <table className="results stage-names" aria-label="Results">
          <thead>
            <tr>
              <th scope="col">Stage</th>
              <th scope="col">Train loss</th>
              <th scope="col">Train accuracy</th>
              <th scope="col">Test loss</th>
              <th scope="col">Test accuracy</th>
              <th scope="col">Sparsity</th>
            </tr>
          </thead>
          <tbody>
            {STAGES.map((stage) => {
              const r = results[stage];
              return (
                <tr key={stage}>
                  <th scope="row">{stage}</th>
                  <td>{formatLoss(r?.trainLoss)}</td>
                  <td>{formatPercent(r?.trainAccuracy)}</td>
                  <td>{formatLoss(r?.testLoss)}</td>
                  <td>{formatPercent(r?.testAccuracy)}</td>
                  <td>{formatPercent(r?.sparsity)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <dl className="stage-meanings">
        {STAGES.map((stage) => (
          <div key={stage}>
            <dt>{stage}</dt>
            <dd>{MEANING[stage]}</dd>
          </div>
        ))}
      </dl>
      {estimate && (
        <p className="note" role="note" aria-label="Results precision">
          {estimated.length
            ? `${estimated.join(' and ')}: estimated on ${formatCount(estimate.rows)} training and ${formatCount(estimate.rows)} test rows; the exact figures replace ${estimated.length > 1 ? 'them' : 'it'} when the slider rests.`
            : `Exact: every figure counts all ${formatCount(estimate.trainRows)} training and ${formatCount(estimate.testRows)} test rows.`}
        </p>
      )}
      {round > 1 && (
        <p className="note">
          Round {round}: the slider now prunes the fine-tuned weights further; weights pruned before stay pruned.
        </p>
      )}
    </section>
  );
});
