import { memo, useMemo } from 'react';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { WeightHistogram as Histogram } from '../../core/histogram';
import { formatCount } from '../../core/format';
import { AXIS_FONT } from './chartStyle';
import { COLORS } from './colors';
import './chart.css';
import './WeightHistogram.css';

/** The plot area's place inside the chart, in px: margins plus the axes' sizes set below. */
const PLOT = { left: 4 + 52, right: 16, top: 28, bottom: 8 + 44 } as const;
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
            <Bars histogram={histogram} extent={extent} />
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

const Bars = memo(function Bars({ histogram, extent }: { histogram: Histogram; extent: number }) {
  const rows = useMemo(
    () =>
      histogram.bins.map((b) => ({
        weight: (b.from + b.to) / 2,
        range: `${b.from.toFixed(3)} to ${b.to.toFixed(3)}`,
        Kept: b.kept,
        Pruned: b.pruned,
      })),
    [histogram],
  );
  return (
    <ResponsiveContainer width="100%" height={HEIGHT}>
      <BarChart data={rows} barCategoryGap={0} margin={{ top: PLOT.top, right: PLOT.right, bottom: 8, left: 4 }}>
        <CartesianGrid stroke={COLORS.grid} strokeDasharray="3 3" vertical={false} />
        <XAxis
          dataKey="weight"
          type="number"
          domain={[-extent, extent]}
          ticks={[-extent, -extent / 2, 0, extent / 2, extent]}
          tick={AXIS_FONT}
          tickFormatter={(v: number) => v.toFixed(2)}
          label={{ value: 'Weight value', position: 'insideBottom', offset: -4, fontSize: 14 }}
          height={44}
        />
        <YAxis tick={AXIS_FONT} width={52} allowDecimals={false} />
        <Tooltip
          labelFormatter={(_, payload) =>
            String((payload?.[0]?.payload as { range?: string } | undefined)?.range ?? '')
          }
        />
        <Bar dataKey="Kept" stackId="w" fill={COLORS.kept} isAnimationActive={false} />
        <Bar dataKey="Pruned" stackId="w" fill={COLORS.pruned} isAnimationActive={false} />
      </BarChart>
    </ResponsiveContainer>
  );
});
