import { memo, useMemo } from 'react';
import {
  CartesianGrid,
  ReferenceLine,
  ResponsiveContainer,
  Scatter,
  ScatterChart,
  Symbols,
  Tooltip,
  XAxis,
  YAxis,
  type TooltipContentProps,
} from 'recharts';
import { CURVE_KINDS, type Curve, type CurveKind } from '../../core/curves';
import { formatPercent } from '../../core/format';
import { percentAxis } from './chartStyle';
import { COLORS } from './colors';
import './chart.css';

const PERCENT_TICKS = [0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100];
const HEIGHT = 340;

type Shape = 'circle' | 'square' | 'triangle' | 'diamond' | 'star' | 'cross';
/** A later run of a kind already drawn gets the next marker and dash, and alternates shade. */
const SHAPES: readonly Shape[] = ['circle', 'square', 'triangle', 'diamond', 'star', 'cross'];
const DASHES: readonly string[] = ['', '10 5', '3 4', '14 4 3 4'];
/** Random re-initialisation is dashed even alone; its later runs take other dashes. */
const REINIT_DASHES: readonly string[] = ['7 5', '2 4', '14 4 3 4', '10 3 2 3 2 3'];

/** How one curve is drawn. `line` false: markers only (fine-tuned points). */
interface Look {
  color: string;
  dash: string;
  shape: Shape;
  line: boolean;
}

interface Row {
  x: number;
  y: number;
  point: string;
  run: string;
  sparsity: number;
  accuracy: number;
}

interface Series {
  curve: Curve;
  look: Look;
  rows: Row[];
}

function lookOf(kind: CurveKind, nth: number): Look {
  const dashes = kind === 'reinit' ? REINIT_DASHES : DASHES;
  return {
    color: nth % 2 === 0 ? COLORS.curve[kind] : COLORS.curveLight[kind],
    dash: dashes[nth % dashes.length],
    shape: SHAPES[nth % SHAPES.length],
    line: kind !== 'fine-tuned' && kind !== 'distilled',
  };
}

/**
 * Han et al.'s Figure 5, live: test accuracy against sparsity, one line per run, coloured by the
 * kind of run. Runs of the same kind differ by marker, dash and shade.
 */
export const AccuracySparsityChart = memo(function AccuracySparsityChart({
  curves,
  onClear,
}: {
  curves: readonly Curve[];
  onClear?: () => void;
}) {
  const series = useMemo<Series[]>(() => {
    const seen = new Map<CurveKind, number>();
    return curves.map((curve) => {
      const nth = seen.get(curve.kind) ?? 0;
      seen.set(curve.kind, nth + 1);
      return {
        curve,
        look: lookOf(curve.kind, nth),
        rows: curve.points.map((p) => ({
          x: p.sparsity * 100,
          y: p.accuracy * 100,
          point: p.label,
          run: curve.label,
          sparsity: p.sparsity,
          accuracy: p.accuracy,
        })),
      };
    });
  }, [curves]);
  const empty = series.every((s) => s.rows.length === 0);

  return (
    <figure className="card chart" aria-labelledby="accuracy-sparsity-title">
      <figcaption id="accuracy-sparsity-title">Accuracy vs sparsity</figcaption>
      <p className="chart-help">
        Each line is one run. One-shot sweeps prune the trained weights to each sparsity without retraining; points from
        fine-tuning, iterative pruning and schedules show what retraining wins back.
      </p>
      {empty ? (
        <>
          <p className="empty">Run a sweep, or prune and fine-tune, to draw the trade-off.</p>
          {onClear && curves.length > 0 && (
            <div className="chart-legend-row">
              <span />
              <button type="button" onClick={onClear}>
                Clear runs
              </button>
            </div>
          )}
        </>
      ) : (
        <>
          <div className="chart-legend-row">
            <ul className="legend curve-legend" aria-label="Runs">
              {series.map(({ curve, look }) => (
                <li key={curve.id} title={CURVE_KINDS[curve.kind]}>
                  <Swatch look={look} />
                  {curve.label}
                </li>
              ))}
            </ul>
            {onClear && (
              <button type="button" onClick={onClear}>
                Clear runs
              </button>
            )}
          </div>
          <ResponsiveContainer width="100%" height={HEIGHT}>
            <ScatterChart margin={{ top: 12, right: 62, bottom: 8, left: 4 }}>
              <CartesianGrid stroke={COLORS.grid} strokeDasharray="3 3" />
              <XAxis
                dataKey="x"
                {...percentAxis(PERCENT_TICKS)}
                label={{
                  value: 'Sparsity: share of weights pruned',
                  position: 'insideBottom',
                  offset: -4,
                  fontSize: 14,
                }}
                height={48}
              />
              <YAxis
                dataKey="y"
                {...percentAxis(PERCENT_TICKS)}
                label={{
                  value: 'Test accuracy',
                  angle: -90,
                  position: 'insideLeft',
                  offset: 12,
                  fontSize: 14,
                  style: { textAnchor: 'middle' },
                }}
                width={76}
              />
              <ReferenceLine
                y={50}
                stroke={COLORS.chance}
                strokeWidth={1.5}
                label={{ value: 'Chance', position: 'right', fontSize: 14, fill: COLORS.axis }}
              />
              <Tooltip content={renderTooltip} cursor={{ strokeDasharray: '3 3' }} isAnimationActive={false} />
              {series.map(({ curve, look, rows }) => (
                <Scatter
                  key={curve.id}
                  name={curve.label}
                  data={rows}
                  fill={look.color}
                  shape={(props: { cx?: number; cy?: number }) => <Marker look={look} cx={props.cx} cy={props.cy} />}
                  line={
                    look.line ? { stroke: look.color, strokeWidth: 3, strokeDasharray: look.dash || undefined } : false
                  }
                  lineType="joint"
                  isAnimationActive={false}
                />
              ))}
            </ScatterChart>
          </ResponsiveContainer>
        </>
      )}
    </figure>
  );
});

/** The legend's key: a short stretch of the run's line (if any) with its marker. */
function Swatch({ look }: { look: Look }) {
  return (
    <svg className="key-svg" width={34} height={16} viewBox="0 0 34 16" aria-hidden="true">
      {look.line && (
        <line
          x1={1}
          y1={8}
          x2={33}
          y2={8}
          stroke={look.color}
          strokeWidth={3}
          strokeDasharray={look.dash || undefined}
        />
      )}
      <Marker look={look} cx={17} cy={8} />
    </svg>
  );
}

/** A run's marker: bigger where there is no line (fine-tuned points), white-edged to stay apart. */
function Marker({ look, cx, cy }: { look: Look; cx?: number; cy?: number }) {
  if (cx === undefined || cy === undefined || !Number.isFinite(cx) || !Number.isFinite(cy)) return null;
  return (
    <Symbols
      cx={cx}
      cy={cy}
      type={look.shape}
      size={look.line ? 60 : 130}
      fill={look.color}
      stroke="#fff"
      strokeWidth={1}
    />
  );
}

function renderTooltip({ active, payload }: TooltipContentProps) {
  const row = payload?.[0]?.payload as Row | undefined;
  if (!active || !row) return null;
  return (
    <div className="chart-tooltip">
      <strong>{row.point}</strong>
      <small>{row.run}</small>
      Sparsity: {formatPercent(row.sparsity)}
      <br />
      Accuracy: {formatPercent(row.accuracy)}
    </div>
  );
}
