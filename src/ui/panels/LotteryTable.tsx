import { memo } from 'react';
import { formatLoss, formatPercent } from '../../core/format';
import type { LotteryResult, StageFigures } from '../../engine/session';
import './results.css';

/** The lottery-ticket experiment side by side: the same mask, retrained from θ₀ and from a new draw. */
export const LotteryTable = memo(function LotteryTable({ lottery }: { lottery: LotteryResult | null }) {
  const rows: Array<[string, StageFigures | null | undefined]> = [
    ['Dense baseline', lottery?.dense],
    ['Pruned, not retrained', lottery?.pruned],
    ['Rewound to θ₀, retrained', lottery?.rewound],
    ['Random re-initialisation, retrained', lottery?.reinit],
  ];
  return (
    <section className="card" aria-labelledby="lottery-title">
      <h2 id="lottery-title">Lottery ticket</h2>
      <p className="chart-help">
        Frankle &amp; Carbin: keep the mask, reset the surviving weights to their initial values θ₀ and retrain. A
        random re-initialisation of the same mask is the control.
        {lottery && ` Both retrained for ${lottery.epochs} epochs at ${formatPercent(lottery.sparsity)} sparsity.`}
      </p>
      <div className="table-scroll">
        <table className="results" aria-label="Lottery ticket">
          <thead>
            <tr>
              <th scope="col">Network</th>
              <th scope="col">Test loss</th>
              <th scope="col">Test accuracy</th>
              <th scope="col">Sparsity</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(([name, f]) => (
              <tr key={name}>
                <th scope="row">{name}</th>
                <td>{formatLoss(f?.testLoss)}</td>
                <td>{formatPercent(f?.testAccuracy)}</td>
                <td>{formatPercent(f?.sparsity)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
});
