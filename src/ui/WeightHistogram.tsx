import { memo, useMemo } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, ReferenceArea, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { WeightHistogram as Histogram } from '../core/histogram';
import { formatCount } from '../core/format';
import { COLORS } from './colors';

const AXIS_FONT = { fontSize: 15, fill: COLORS.axis };

/** The distribution of kernel weights, pruned ones in grey, the threshold marked at ±t. */
export const WeightHistogram = memo(function WeightHistogram({
  histogram,
  threshold,
}: {
  histogram: Histogram | null;
  threshold: number;
}) {
  const rows = useMemo(
    () =>
      (histogram?.bins ?? []).map((b) => ({
        weight: (b.from + b.to) / 2,
        range: `${b.from.toFixed(3)} to ${b.to.toFixed(3)}`,
        Kept: b.kept,
        Pruned: b.pruned,
      })),
    [histogram],
  );
  const extent = histogram?.bins.length ? histogram.bins[histogram.bins.length - 1].to : 1;
  const pruned = rows.reduce((n, r) => n + r.Pruned, 0);
  const total = rows.reduce((n, r) => n + r.Kept + r.Pruned, 0);
  const t = Math.min(threshold, extent);

  return (
    <figure className="card chart" aria-labelledby="histogram-title">
      <figcaption id="histogram-title">Weight histogram</figcaption>
      <p className="chart-help">
        Every kernel weight, by value. Those between the lines at ±threshold are pruned (grey).
        {histogram && (
          <>
            {' '}
            This round prunes {formatCount(pruned)} of {formatCount(total)}
            {histogram.prunedEarlier > 0 && `; ${formatCount(histogram.prunedEarlier)} more were pruned in earlier rounds (not drawn)`}.
          </>
        )}
      </p>
      {!histogram ? (
        <p className="empty">Train the network to see its weights.</p>
      ) : (
        <ResponsiveContainer width="100%" height={300}>
          <BarChart data={rows} barCategoryGap={0} margin={{ top: 36, right: 16, bottom: 8, left: 4 }}>
            <CartesianGrid stroke={COLORS.grid} strokeDasharray="3 3" vertical={false} />
            <ReferenceArea x1={-t} x2={t} fill={COLORS.pruned} fillOpacity={0.25} ifOverflow="extendDomain" />
            <XAxis
              dataKey="weight"
              type="number"
              domain={[-extent, extent]}
              tick={AXIS_FONT}
              ticks={[-extent, -extent / 2, 0, extent / 2, extent]}
              tickFormatter={(v: number) => v.toFixed(2)}
              label={{ value: 'Weight value', position: 'insideBottom', offset: -4, fontSize: 14 }}
              height={44}
            />
            <YAxis tick={AXIS_FONT} width={52} allowDecimals={false} />
            <Tooltip labelFormatter={(_, payload) => String(payload?.[0]?.payload?.range ?? '')} />
            <Legend verticalAlign="top" align="right" wrapperStyle={{ fontSize: 15, top: 0 }} />
            <Bar dataKey="Kept" stackId="w" fill={COLORS.kept} isAnimationActive={false} />
            <Bar dataKey="Pruned" stackId="w" fill={COLORS.pruned} isAnimationActive={false} />
            {t > 0 && (
              <>
                <ReferenceLine x={-t} stroke={COLORS.threshold} strokeWidth={3} label={{ value: `−${threshold}`, position: 'top', fontSize: 15, fill: COLORS.threshold }} />
                <ReferenceLine x={t} stroke={COLORS.threshold} strokeWidth={3} label={{ value: `+${threshold}`, position: 'top', fontSize: 15, fill: COLORS.threshold }} />
              </>
            )}
          </BarChart>
        </ResponsiveContainer>
      )}
    </figure>
  );
});
