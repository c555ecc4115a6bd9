import { memo, useId, useMemo } from 'react';
import {
  CartesianGrid,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
  type TooltipContentProps,
} from 'recharts';
import type { LayerSensitivity } from '../../core/curves';
import { formatPercent } from '../../core/format';
import { percentAxis } from './chartStyle';
import { COLORS } from './colors';
import './chart.css';
import './LayerSensitivityChart.css';

const TICKS = [0, 25, 50, 75, 100];
const PANEL_HEIGHT = 230;

interface Row {
  x: number;
  y: number;
  point: string;
  sparsity: number;
  accuracy: number;
}

/**
 * Small multiples: one panel per layer, accuracy against that layer's own sparsity with every
 * other layer untouched. Every panel shares the 0–100% axes, so the panels compare at a glance.
 */
export const LayerSensitivityChart = memo(function LayerSensitivityChart({
  layers,
}: {
  layers: readonly LayerSensitivity[];
}) {
  const empty = layers.every((l) => l.points.length === 0);
  return (
    <figure className="card chart" aria-labelledby="layer-sensitivity-title">
      <figcaption id="layer-sensitivity-title">Layer sensitivity</figcaption>
      <p className="chart-help">
        Each panel prunes one layer alone, to each sparsity, with the others untouched, and measures test accuracy
        without retraining. The layer whose curve falls first is the fragile one: prune it less.
      </p>
      {empty ? (
        <p className="empty">Run the layer scan to see which layer is fragile.</p>
      ) : (
        <div className="sensitivity-grid">
          {layers.map((l, i) => (
            <Panel key={`${i}:${l.layer}`} layer={l} />
          ))}
        </div>
      )}
    </figure>
  );
});

const Panel = memo(function Panel({ layer }: { layer: LayerSensitivity }) {
  const titleId = useId();
  const rows = useMemo<Row[]>(
    () =>
      [...layer.points]
        .sort((a, b) => a.sparsity - b.sparsity)
        .map((p) => ({
          x: p.sparsity * 100,
          y: p.accuracy * 100,
          point: p.label,
          sparsity: p.sparsity,
          accuracy: p.accuracy,
        })),
    [layer],
  );
  return (
    <div className="sensitivity-panel" role="group" aria-labelledby={titleId}>
      <span className="panel-title" id={titleId}>
        {layer.layer}
      </span>
      <ResponsiveContainer width="100%" height={PANEL_HEIGHT}>
        <LineChart data={rows} margin={{ top: 10, right: 18, bottom: 8, left: 0 }}>
          <CartesianGrid stroke={COLORS.grid} strokeDasharray="3 3" />
          <XAxis
            dataKey="x"
            {...percentAxis(TICKS)}
            label={{ value: 'This layer’s sparsity', position: 'insideBottom', offset: -2, fontSize: 14 }}
            height={46}
          />
          <YAxis
            {...percentAxis(TICKS)}
            label={{
              value: 'Test accuracy',
              angle: -90,
              position: 'insideLeft',
              offset: 12,
              fontSize: 14,
              style: { textAnchor: 'middle' },
            }}
            width={70}
          />
          <ReferenceLine y={50} stroke={COLORS.chance} strokeWidth={1.5} />
          <Tooltip content={renderTooltip} isAnimationActive={false} />
          <Line
            dataKey="y"
            name="Test accuracy"
            stroke={COLORS.accuracy}
            strokeWidth={3}
            dot={{ r: 4, fill: COLORS.accuracy, strokeWidth: 0 }}
            activeDot={{ r: 6 }}
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
});

function renderTooltip({ active, payload }: TooltipContentProps) {
  const row = payload?.[0]?.payload as Row | undefined;
  if (!active || !row) return null;
  return (
    <div className="chart-tooltip">
      <strong>{row.point}</strong>
      Sparsity: {formatPercent(row.sparsity)}
      <br />
      Accuracy: {formatPercent(row.accuracy)}
    </div>
  );
}
