import { COLORS } from './colors';

/** Axis tick text on every figure: large enough to read on a projector. */
export const AXIS_FONT = { fontSize: 15, fill: COLORS.axis };

const percentTick = (v: number) => `${v}%`;

/** Props of a 0–100% number axis with the given ticks, shared by the percentage figures. */
export function percentAxis(ticks: readonly number[]) {
  return { type: 'number' as const, domain: [0, 100], ticks: [...ticks], tick: AXIS_FONT, tickFormatter: percentTick };
}
