import { formatCount } from '../../core/format';
import { memo, useMemo, useState } from 'react';
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceArea,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { phaseBands, type TimelinePoint } from '../../core/timeline';
import { AXIS_FONT } from './chartStyle';
import { COLORS } from './colors';
import './chart.css';
import './TimelineChart.css';

/** The least share of the timeline's width a phase band needs to carry its name. */
const MIN_LABELLED_SHARE = 0.07;
/** The x axis's label; a chart narrower than the label's one line (at 14 px) wraps it, and grows by the extra lines. */
const STEP_LABEL = 'Evaluations in order: a few per epoch while training, one per threshold tried';
const STEP_LABEL_PX = 560;
const LABEL_LINE_PX = 17;
const CHART_PX = 340;
const X_AXIS_PX = 44;

interface Row {
  step: number;
  label: string;
  phase: string;
  Accuracy: number;
  'Train accuracy': number;
  Sparsity: number;
  Loss: number;
}

/** Accuracy, loss and sparsity through Train, Prune and Fine-tune, each phase shaded and named. */
export const TimelineChart = memo(function TimelineChart({
  points,
  estimateRows = null,
}: {
  points: readonly TimelinePoint[];
  /** Rows of each split the points are estimated on, when the data set is too large to count live; null: exact. */
  estimateRows?: number | null;
}) {
  const rows = useMemo<Row[]>(
    () =>
      points.map((p) => ({
        step: p.step,
        label: p.label,
        phase: p.phase,
        Accuracy: round(p.accuracy * 100, 2),
        'Train accuracy': round(p.trainAccuracy * 100, 2),
        Sparsity: round(p.sparsity * 100, 2),
        Loss: round(p.loss, 4),
      })),
    [points],
  );
  const bands = useMemo(() => phaseBands(points), [points]);
  const maxLoss = Math.max(1, ...rows.map((r) => (Number.isFinite(r.Loss) ? r.Loss : 0)));
  const lastStep = points.length ? points[points.length - 1].step : 1;
  const [chartWidth, setChartWidth] = useState(0);
  const labelWidth = chartWidth - 16;
  const extraLines = labelWidth > 0 ? Math.max(0, Math.ceil(STEP_LABEL_PX / labelWidth) - 1) : 0;

  return (
    <figure className="card chart" aria-labelledby="timeline-title">
      <figcaption id="timeline-title">Training timeline</figcaption>
      <p className="chart-help">
        Test accuracy, training accuracy (dashed) and sparsity on the left axis in %; test loss on the right axis.
        Shaded: <span className="swatch train">Train</span> <span className="swatch prune">Prune</span>{' '}
        <span className="swatch finetune">Fine-tune</span>.
        {estimateRows !== null &&
          ` Estimates: each point counts the first ${formatCount(estimateRows)} training and ${formatCount(estimateRows)} test rows; the Results table holds the exact figures.`}
      </p>
      {points.length === 0 ? (
        <p className="empty">Press Train to start the timeline.</p>
      ) : (
        <ResponsiveContainer
          width="100%"
          height={CHART_PX + extraLines * LABEL_LINE_PX}
          onResize={(width) => setChartWidth(width)}
        >
          <LineChart data={rows} margin={{ top: 28, right: 12, bottom: 8, left: 4 }}>
            {bands.map((band, i) => (
              <ReferenceArea
                key={`${band.phase}-${i}`}
                yAxisId="percent"
                x1={Math.max(band.from, -0.5)}
                x2={Math.min(band.to, lastStep + 0.5)}
                fill={COLORS.phase[band.phase]}
                fillOpacity={0.9}
                ifOverflow="hidden"
                // A band too narrow for its name goes unlabelled; its colour still says which phase it is.
                label={
                  (band.to - band.from) / (lastStep + 1) >= MIN_LABELLED_SHARE
                    ? {
                        value: band.phase,
                        position: 'top',
                        fontSize: 15,
                        fontWeight: 700,
                        fill: COLORS.phaseText[band.phase],
                      }
                    : undefined
                }
              />
            ))}
            <CartesianGrid stroke={COLORS.grid} strokeDasharray="3 3" />
            <XAxis
              dataKey="step"
              type="number"
              domain={[-0.5, lastStep + 0.5]}
              allowDecimals={false}
              tick={AXIS_FONT}
              label={{
                value: STEP_LABEL,
                position: 'insideBottom',
                offset: -4,
                fontSize: 14,
                ...(extraLines > 0 ? { width: labelWidth } : {}),
              }}
              height={X_AXIS_PX + extraLines * LABEL_LINE_PX}
            />
            <YAxis yAxisId="percent" domain={[0, 100]} unit="%" tick={AXIS_FONT} width={58} />
            <YAxis
              yAxisId="loss"
              orientation="right"
              domain={[0, Math.ceil(maxLoss * 10) / 10]}
              tick={AXIS_FONT}
              width={52}
            />
            <Tooltip labelFormatter={(_, payload) => describe(payload?.[0]?.payload as Row | undefined)} />
            <Legend wrapperStyle={{ fontSize: 15, paddingTop: 10 }} />
            <Line
              yAxisId="percent"
              dataKey="Accuracy"
              stroke={COLORS.accuracy}
              strokeWidth={3}
              dot={false}
              isAnimationActive={false}
            />
            <Line
              yAxisId="percent"
              dataKey="Train accuracy"
              stroke={COLORS.trainAccuracy}
              strokeWidth={2}
              strokeDasharray="6 4"
              dot={false}
              isAnimationActive={false}
            />
            <Line
              yAxisId="percent"
              dataKey="Sparsity"
              stroke={COLORS.sparsity}
              strokeWidth={3}
              dot={false}
              isAnimationActive={false}
            />
            <Line
              yAxisId="loss"
              dataKey="Loss"
              stroke={COLORS.loss}
              strokeWidth={3}
              dot={false}
              isAnimationActive={false}
            />
          </LineChart>
        </ResponsiveContainer>
      )}
    </figure>
  );
});

function describe(row: Row | undefined): string {
  return row ? `${row.phase}: ${row.label}` : '';
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
