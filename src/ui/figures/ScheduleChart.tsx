import { memo, useMemo } from 'react';
import {
  CartesianGrid,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
  type TooltipContentProps,
} from 'recharts';
import type { SchedulePoint, ScheduleTrace } from '../../core/curves';
import { formatCount, formatPercent } from '../../core/format';
import { AXIS_FONT, percentAxis } from './chartStyle';
import { COLORS } from './colors';
import './chart.css';

const PERCENT_TICKS = [0, 20, 40, 60, 80, 100];
const HEIGHT = 300;
const PLAN = 'Plan';
const MEASURED = 'Measured';

interface Row {
  step: number;
  y: number;
  sparsity: number;
}

function rowsOf(points: readonly SchedulePoint[]): Row[] {
  return points.map((p) => ({ step: p.step, y: p.sparsity * 100, sparsity: p.sparsity }));
}

/**
 * Zhu & Gupta's gradual pruning: the planned sparsity over optimizer steps (dashed), drawn before
 * the run, and the sparsity measured during the run (solid, with dots) as it arrives.
 */
export const ScheduleChart = memo(function ScheduleChart({ trace }: { trace: ScheduleTrace | null }) {
  const planned = useMemo(() => rowsOf(trace?.planned ?? []), [trace?.planned]);
  const actual = useMemo(() => rowsOf(trace?.actual ?? []), [trace?.actual]);
  const lastStep = Math.max(1, trace?.totalSteps ?? 1, ...planned.map((r) => r.step), ...actual.map((r) => r.step));

  return (
    <figure className="card chart" aria-labelledby="schedule-title">
      <figcaption id="schedule-title">Sparsity schedule</figcaption>
      <p className="chart-help">
        Zhu &amp; Gupta’s gradual pruning: sparsity rises as s<sub>t</sub> = s<sub>f</sub> + (s<sub>i</sub> − s
        <sub>f</sub>)(1 − (t − t₀)/(nΔt))³, the mask updated every Δt steps. Dashed: the plan; solid: the sparsity
        measured during the run.
      </p>
      {!trace ? (
        <p className="empty">Set a schedule to see its plan.</p>
      ) : (
        <>
          <ul className="legend" aria-hidden="true">
            <li>
              <LineKey color={COLORS.schedulePlan} dash="7 5" /> {PLAN}
            </li>
            <li>
              <LineKey color={COLORS.sparsity} dot /> {MEASURED}
              {actual.length > 0 && `: ${formatPercent(actual[actual.length - 1].sparsity)}`}
            </li>
          </ul>
          <ResponsiveContainer width="100%" height={HEIGHT}>
            <LineChart margin={{ top: 12, right: 20, bottom: 8, left: 4 }}>
              <CartesianGrid stroke={COLORS.grid} strokeDasharray="3 3" />
              <XAxis
                dataKey="step"
                type="number"
                domain={[0, lastStep]}
                allowDecimals={false}
                tick={AXIS_FONT}
                tickFormatter={(v: number) => formatCount(v)}
                label={{ value: 'Optimizer step', position: 'insideBottom', offset: -4, fontSize: 14 }}
                height={48}
              />
              <YAxis
                {...percentAxis(PERCENT_TICKS)}
                label={{
                  value: 'Sparsity',
                  angle: -90,
                  position: 'insideLeft',
                  offset: 12,
                  fontSize: 14,
                  style: { textAnchor: 'middle' },
                }}
                width={76}
              />
              <Tooltip
                content={(props: TooltipContentProps) => (
                  <ScheduleTooltip active={props.active} label={props.label} planned={planned} actual={actual} />
                )}
                isAnimationActive={false}
              />
              <Line
                data={planned}
                dataKey="y"
                name={PLAN}
                type="linear"
                stroke={COLORS.schedulePlan}
                strokeWidth={2.5}
                strokeDasharray="7 5"
                dot={false}
                activeDot={false}
                isAnimationActive={false}
              />
              <Line
                data={actual}
                dataKey="y"
                name={MEASURED}
                type="linear"
                stroke={COLORS.sparsity}
                strokeWidth={3}
                dot={{ r: 4, fill: COLORS.sparsity, strokeWidth: 0 }}
                activeDot={{ r: 6 }}
                isAnimationActive={false}
              />
            </LineChart>
          </ResponsiveContainer>
        </>
      )}
    </figure>
  );
});

function LineKey({ color, dash, dot }: { color: string; dash?: string; dot?: boolean }) {
  return (
    <svg className="key-svg" width={34} height={16} viewBox="0 0 34 16" aria-hidden="true">
      <line x1={1} y1={8} x2={33} y2={8} stroke={color} strokeWidth={3} strokeDasharray={dash} />
      {dot && <circle cx={17} cy={8} r={4.5} fill={color} />}
    </svg>
  );
}

/**
 * The plan's sparsity at `step`, read along the drawn line: at a step listed twice (a riser of the
 * staircase) the value after the update, between listed steps the line's value.
 */
function planAt(rows: readonly Row[], step: number): number | null {
  let i = -1;
  for (let k = 0; k < rows.length && rows[k].step <= step; k++) i = k;
  if (i < 0) return null;
  const a = rows[i];
  const b = rows[i + 1];
  if (a.step === step || !b) return a.sparsity;
  return a.sparsity + ((b.sparsity - a.sparsity) * (step - a.step)) / (b.step - a.step);
}

/** The last sparsity measured exactly at `step`, if any. */
function measuredAt(rows: readonly Row[], step: number): number | null {
  for (let k = rows.length - 1; k >= 0; k--) if (rows[k].step === step) return rows[k].sparsity;
  return null;
}

function ScheduleTooltip({
  active,
  label,
  planned,
  actual,
}: Pick<TooltipContentProps, 'active' | 'label'> & { planned: readonly Row[]; actual: readonly Row[] }) {
  const step = Number(label);
  if (!active || label === undefined || !Number.isFinite(step)) return null;
  const plan = planAt(planned, step);
  const measured = measuredAt(actual, step);
  if (plan === null && measured === null) return null;
  return (
    <div className="chart-tooltip">
      <strong>Step {formatCount(step)}</strong>
      {plan !== null && (
        <span style={{ display: 'block' }}>
          {PLAN}: {formatPercent(plan)}
        </span>
      )}
      {measured !== null && (
        <span style={{ display: 'block' }}>
          {MEASURED}: {formatPercent(measured)}
        </span>
      )}
    </div>
  );
}
