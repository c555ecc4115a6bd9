import { memo } from 'react';
import { formatCount } from '../../core/format';
import type { HistogramBin } from '../../core/histogram';
import { AXIS_FONT } from './chartStyle';
import { COLORS } from './colors';
import { useBoxWidth } from './useBoxWidth';

/** Space around the plot, in px: the y axis's tick labels on the left, the x axis's below. */
export interface PlotMargins {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/**
 * A histogram of weights as stacked bars, kept below and pruned above, drawn as plain SVG: a
 * Recharts BarChart of the same bins took 30–140 ms of the page's thread per redraw on a laptop
 * without a graphics card (every redraw when the slider rests), this a few ms. Each bar's `<title>`
 * gives its range and counts on hover. The x axis spans ±`extent` with five ticks, or three where five do not fit.
 */
export const StackedBars = memo(function StackedBars({
  bins,
  extent,
  height,
  margins,
  xLabel,
  formatX,
  formatY,
}: {
  bins: readonly HistogramBin[];
  extent: number;
  /** The whole SVG's height in px. */
  height: number;
  margins: PlotMargins;
  /** A caption under the x axis's ticks (needs margins.bottom ≥ 44). */
  xLabel?: string;
  formatX: (value: number) => string;
  formatY: (count: number) => string;
}) {
  const [boxRef, width] = useBoxWidth<HTMLDivElement>();

  const plotW = Math.max(0, width - margins.left - margins.right);
  const plotH = Math.max(0, height - margins.top - margins.bottom);
  const yTicks = countTicks(Math.max(1, ...bins.map((b) => b.kept + b.pruned)));
  const yMax = yTicks[yTicks.length - 1];
  const x = (v: number) => margins.left + ((v + extent) / (2 * extent)) * plotW;
  const y = (count: number) => margins.top + plotH - (count / yMax) * plotH;
  // Five ticks where their labels fit side by side, else three (a small multiple's narrow panel).
  const labelPx = Math.max(...[-extent, extent / 2].map((v) => formatX(v).length)) * 9 + 12;
  const xTicks = plotW / 4 >= labelPx ? [-extent, -extent / 2, 0, extent / 2, extent] : [-extent, 0, extent];
  const font = { fontSize: AXIS_FONT.fontSize, fill: AXIS_FONT.fill };

  return (
    <div ref={boxRef} className="stacked-bars" style={{ height }}>
      {width > 0 && (
        <svg width={width} height={height} role="presentation">
          {yTicks.map((t) => (
            <g key={t}>
              <line
                x1={margins.left}
                x2={margins.left + plotW}
                y1={y(t)}
                y2={y(t)}
                stroke={COLORS.grid}
                strokeDasharray="3 3"
              />
              <text x={margins.left - 6} y={y(t)} dy="0.32em" textAnchor="end" {...font}>
                {formatY(t)}
              </text>
            </g>
          ))}
          {bins.map((b, i) => {
            const x0 = x(b.from);
            const w = Math.max(0, x(b.to) - x0);
            const title = `${b.from.toFixed(3)} to ${b.to.toFixed(3)}: ${formatCount(b.kept)} kept, ${formatCount(b.pruned)} pruned`;
            return (
              <g key={i} className="bar">
                <title>{title}</title>
                {b.kept > 0 && (
                  <rect
                    className="bar-kept"
                    x={x0}
                    width={w}
                    y={y(b.kept)}
                    height={y(0) - y(b.kept)}
                    fill={COLORS.kept}
                  />
                )}
                {b.pruned > 0 && (
                  <rect
                    className="bar-pruned"
                    x={x0}
                    width={w}
                    y={y(b.kept + b.pruned)}
                    height={y(b.kept) - y(b.kept + b.pruned)}
                    fill={COLORS.pruned}
                  />
                )}
              </g>
            );
          })}
          <line x1={margins.left} x2={margins.left + plotW} y1={y(0)} y2={y(0)} stroke={COLORS.axis} />
          {xTicks.map((t, i) => (
            <g key={i}>
              <line x1={x(t)} x2={x(t)} y1={y(0)} y2={y(0) + 6} stroke={COLORS.axis} />
              <text
                x={x(t)}
                y={y(0) + 8}
                dy="0.9em"
                textAnchor={i === 0 ? 'start' : i === xTicks.length - 1 ? 'end' : 'middle'}
                {...font}
              >
                {formatX(t)}
              </text>
            </g>
          ))}
          {xLabel && (
            <text x={margins.left + plotW / 2} y={height - 4} textAnchor="middle" fontSize={14} fill={COLORS.axis}>
              {xLabel}
            </text>
          )}
        </svg>
      )}
    </div>
  );
});

/** Round tick values from 0 up to at least `max`: 0, 5, 10, 15 or 0, 200, 400… (four or five steps). */
export function countTicks(max: number): number[] {
  const rough = max / 4;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? 10 * power;
  const whole = Math.max(1, Math.round(step));
  const top = Math.ceil(max / whole) * whole;
  const ticks: number[] = [];
  for (let t = 0; t <= top; t += whole) ticks.push(t);
  return ticks;
}
