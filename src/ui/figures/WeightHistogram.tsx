import { memo } from 'react';
import type { WeightHistogram as Histogram } from '../../core/histogram';
import { formatCount } from '../../core/format';
import { COLORS } from './colors';
import { StackedBars } from './StackedBars';
import './chart.css';
import './WeightHistogram.css';

/** The plot area's place inside the chart, in px: margins plus the axes' sizes set below. */
const PLOT = { left: 56, right: 16, top: 28, bottom: 52 } as const;
const HEIGHT = 300;

/**
 * The distribution of kernel weights, pruned ones in grey, the threshold marked at ±t. The bars
 * come from `histogram`; the threshold band is a light overlay that follows `threshold` at once.
 */
export const WeightHistogram = memo(function WeightHistogram({
  histogram,
  threshold,
}: {
  histogram: Histogram | null;
  /** The magnitude threshold to mark, or null when the rule has no single one (per-layer cuts, neurons). */
  threshold: number | null;
}) {
  const extent = histogram?.bins.length ? histogram.bins[histogram.bins.length - 1].to : 1;
  const pruned = histogram?.bins.reduce((n, b) => n + b.pruned, 0) ?? 0;
  const total = histogram?.bins.reduce((n, b) => n + b.kept + b.pruned, 0) ?? 0;
  // Where ±threshold falls across the plot, as fractions of its width.
  const half = Math.min((threshold ?? 0) / extent, 1) / 2;

  return (
    <figure className="card chart" aria-labelledby="histogram-title">
      <figcaption id="histogram-title">Weight histogram</figcaption>
      <p className="chart-help">
        Every kernel weight, by value.{' '}
        {threshold === null
          ? 'Grey: pruned by the current rule.'
          : 'Those between the lines at ±threshold are pruned (grey).'}
        {histogram && (
          <>
            {' '}
            This round prunes {formatCount(pruned)} of {formatCount(total)}
            {histogram.prunedEarlier > 0 &&
              `; ${formatCount(histogram.prunedEarlier)} more were pruned in earlier rounds (not drawn)`}
            .
          </>
        )}
      </p>
      {!histogram ? (
        <p className="empty">Train the network to see its weights.</p>
      ) : (
        <>
          <ul className="legend" aria-hidden="true">
            <li>
              <span className="key" style={{ background: COLORS.kept }} /> Kept
            </li>
            <li>
              <span className="key" style={{ background: COLORS.pruned }} /> Pruned
            </li>
            <li>
              <span className="key line" style={{ background: COLORS.threshold }} /> ±threshold
            </li>
          </ul>
          <div className="histogram-plot">
            <StackedBars
              bins={histogram.bins}
              extent={extent}
              height={HEIGHT}
              margins={PLOT}
              xLabel="Weight value"
              formatX={(v) => v.toFixed(2)}
              formatY={String}
            />
            {threshold !== null && threshold > 0 && (
              <div
                className="threshold-band live"
                style={{
                  left: `calc(${PLOT.left}px + (100% - ${PLOT.left + PLOT.right}px) * ${0.5 - half})`,
                  width: `calc((100% - ${PLOT.left + PLOT.right}px) * ${2 * half})`,
                  top: PLOT.top,
                  bottom: PLOT.bottom,
                  borderColor: COLORS.threshold,
                }}
              >
                <span className="threshold-label left">−{threshold}</span>
                <span className="threshold-label right">+{threshold}</span>
              </div>
            )}
          </div>
        </>
      )}
    </figure>
  );
});
