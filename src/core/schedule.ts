import type { SchedulePoint } from './curves';
/**
 * Pruning schedules as plain arithmetic: Zhu & Gupta's gradual (polynomial) schedule, computed as
 * TensorFlow Model Optimization's `PolynomialDecay` does, and the per-round arithmetic of iterative
 * pruning (Frankle & Carbin). Sparsities are fractions in [0, 1]; steps are optimizer steps
 * (whole numbers, counted from 0).
 */

/**
 * Zhu & Gupta's gradual schedule, with the parameters of tfmot's
 * `PolynomialDecay(initial_sparsity, final_sparsity, begin_step, end_step, power, frequency)`.
 */
export interface PolynomialSchedule {
  /** Sparsity of the first mask update, at `beginStep`; a fraction in [0, 1). */
  initialSparsity: number;
  /** Sparsity the schedule decays towards, reached at `endStep`; a fraction in [0, 1). */
  finalSparsity: number;
  /** Optimizer step of the first mask update; a whole number >= 0. */
  beginStep: number;
  /** Optimizer step after which the mask is frozen; a whole number > `beginStep`. */
  endStep: number;
  /** Optimizer steps between mask updates; a whole number >= 1. */
  frequency: number;
  /** Exponent of the decay; tfmot's default is 3. Must be > 0. */
  power: number;
}

/**
 * Checks a schedule. Returns null when it is valid, else one sentence that says what was expected
 * and what came: `Expected the end step (40) to be after the begin step (50).` Rules:
 * 0 <= initial <= final < 1; whole-number steps with 0 <= begin < end; a whole-number frequency
 * >= 1; power > 0.
 */
export function validateSchedule(s: PolynomialSchedule): string | null {
  const fields = [
    ['initial sparsity', s.initialSparsity],
    ['final sparsity', s.finalSparsity],
    ['begin step', s.beginStep],
    ['end step', s.endStep],
    ['frequency', s.frequency],
    ['power', s.power],
  ] as const;
  for (const [name, value] of fields) {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      return `Expected the ${name} to be a number, but got ${String(value)}.`;
    }
  }
  if (s.initialSparsity < 0 || s.initialSparsity >= 1) {
    return `Expected an initial sparsity >= 0 and < 1, but got ${s.initialSparsity}.`;
  }
  if (s.finalSparsity < 0 || s.finalSparsity >= 1) {
    return `Expected a final sparsity >= 0 and < 1, but got ${s.finalSparsity}.`;
  }
  if (s.initialSparsity > s.finalSparsity) {
    return `Expected the initial sparsity (${s.initialSparsity}) to be at most the final sparsity (${s.finalSparsity}).`;
  }
  if (!Number.isInteger(s.beginStep) || s.beginStep < 0) {
    return `Expected the begin step to be a whole number >= 0, but got ${s.beginStep}.`;
  }
  if (!Number.isInteger(s.endStep)) {
    return `Expected the end step to be a whole number, but got ${s.endStep}.`;
  }
  if (s.endStep <= s.beginStep) {
    return `Expected the end step (${s.endStep}) to be after the begin step (${s.beginStep}).`;
  }
  if (!Number.isInteger(s.frequency) || s.frequency < 1) {
    return `Expected the frequency to be a whole number of steps >= 1, but got ${s.frequency}.`;
  }
  if (s.power <= 0) {
    return `Expected a power > 0, but got ${s.power}.`;
  }
  return null;
}

/**
 * The schedule's target sparsity at optimizer step `step`, as tfmot's `PolynomialDecay` computes
 * it: p = clamp((step - begin) / (end - begin), 0, 1) and
 * sparsity = final + (initial - final) * (1 - p)^power, a fraction in [0, 1).
 * Before `beginStep` this is `initialSparsity` and from `endStep` on it is `finalSparsity`. It is
 * the smooth curve; the mask only takes these values at update steps (see `scheduledSparsity`).
 * Throws on an invalid schedule.
 */
export function polynomialSparsity(s: PolynomialSchedule, step: number): number {
  assertSchedule(s);
  const p = Math.min(1, Math.max(0, (step - s.beginStep) / (s.endStep - s.beginStep)));
  return s.finalSparsity + (s.initialSparsity - s.finalSparsity) * Math.pow(1 - p, s.power);
}

/**
 * Whether the mask is recomputed at optimizer step `step` (tfmot's `_should_prune_in_step`):
 * begin <= step <= end and (step - begin) is a multiple of `frequency`. After `endStep` the mask
 * is frozen. The end step itself updates only when it lies on the frequency grid
 * (begin, begin + frequency, ...); see `alignedEnd`. Throws on an invalid schedule.
 */
export function shouldUpdateMask(s: PolynomialSchedule, step: number): boolean {
  assertSchedule(s);
  return step >= s.beginStep && step <= s.endStep && (step - s.beginStep) % s.frequency === 0;
}

/**
 * The last optimizer step at which the mask is updated: the largest grid step
 * begin + k * frequency that is <= `endStep`. When it is below `endStep` the mask never reaches
 * `finalSparsity` exactly (it stops at `polynomialSparsity(s, alignedEnd(s))`), which the UI warns
 * about. Throws on an invalid schedule.
 */
export function alignedEnd(s: PolynomialSchedule): number {
  assertSchedule(s);
  return s.beginStep + Math.floor((s.endStep - s.beginStep) / s.frequency) * s.frequency;
}

/**
 * The sparsity the mask actually has after the update (if any) at optimizer step `step`, a
 * fraction in [0, 1): 0 before the first update (step < begin), otherwise `polynomialSparsity` at
 * the most recent update step u <= min(step, end) on the frequency grid. So the mask follows a
 * staircase under the smooth curve, and when `endStep` is off the grid it stays at
 * `polynomialSparsity(s, alignedEnd(s))`, short of `finalSparsity`. Throws on an invalid schedule.
 */
export function scheduledSparsity(s: PolynomialSchedule, step: number): number {
  assertSchedule(s);
  if (step < s.beginStep) return 0;
  const last = Math.min(step, s.endStep);
  const u = s.beginStep + Math.floor((last - s.beginStep) / s.frequency) * s.frequency;
  return polynomialSparsity(s, u);
}


/**
 * The planned mask sparsity over optimizer steps 0..`totalSteps`, for drawing before the run,
 * sorted by step. Starts with {0, 0} and ends with the scheduled value at `totalSteps`.
 *
 * When there are at most `points` mask updates in [0, totalSteps], the curve is the exact
 * staircase of `scheduledSparsity`: each update step appears twice, first with the sparsity before
 * the update and then with the sparsity after it (two points at the same step, so a line chart
 * with a numeric step axis draws a vertical riser), plus the points at 0 and `totalSteps`.
 *
 * With more updates than `points`, it samples the smooth curve at `points` evenly spaced whole
 * steps from 0 to `totalSteps` instead: 0 before `beginStep` (the mask is still dense there), else
 * `polynomialSparsity` taken at min(step, alignedEnd(s)), so the last point is the value the mask
 * really ends at. `points` is a whole number >= 2. Throws on an invalid schedule or arguments.
 */
export function plannedCurve(s: PolynomialSchedule, totalSteps: number, points: number): SchedulePoint[] {
  assertSchedule(s);
  if (!Number.isInteger(totalSteps) || totalSteps < 0) {
    throw new Error(`Expected a whole number of total steps >= 0, but got ${totalSteps}`);
  }
  if (!Number.isInteger(points) || points < 2) {
    throw new Error(`Expected a whole number of points >= 2, but got ${points}`);
  }
  const lastUpdate = Math.min(alignedEnd(s), totalSteps);
  const updates =
    lastUpdate < s.beginStep ? 0 : Math.floor((lastUpdate - s.beginStep) / s.frequency) + 1;

  if (updates > points) {
    const end = alignedEnd(s);
    const curve: SchedulePoint[] = [];
    for (let i = 0; i < points; i++) {
      const step = Math.round((i * totalSteps) / (points - 1));
      const sparsity = step < s.beginStep ? 0 : polynomialSparsity(s, Math.min(step, end));
      curve.push({ step, sparsity });
    }
    return curve;
  }

  const curve: SchedulePoint[] = [];
  const push = (step: number, sparsity: number): void => {
    const last = curve[curve.length - 1];
    if (last && last.step === step && last.sparsity === sparsity) return;
    curve.push({ step, sparsity });
  };
  push(0, 0);
  let current = 0;
  for (let k = 0; k < updates; k++) {
    const step = s.beginStep + k * s.frequency;
    push(step, current);
    current = polynomialSparsity(s, step);
    push(step, current);
  }
  push(totalSteps, current);
  return curve;
}

/**
 * Sparsity after `round` rounds of iterative pruning (Frankle & Carbin) when each round prunes the
 * fraction `fractionPerRound` of the surviving weights: 1 - (1 - p)^round, a fraction in [0, 1].
 * `fractionPerRound` is in [0, 1]; `round` is a whole number >= 0.
 */
export function iterativeSparsity(fractionPerRound: number, round: number): number {
  assertFraction(fractionPerRound);
  if (!Number.isInteger(round) || round < 0) {
    throw new Error(`Expected a whole number of rounds >= 0, but got ${round}`);
  }
  return 1 - Math.pow(1 - fractionPerRound, round);
}

/**
 * The smallest whole number of rounds whose `iterativeSparsity` reaches `targetSparsity` (both
 * fractions in [0, 1]); 20% per round reaches 90% in 11 rounds (1 - 0.8^11 = 0.914). Compared with
 * a tolerance of 1e-12, so 20% twice counts as reaching 36% despite floating-point error. A target
 * of 0 takes 0 rounds. Throws when the target can never be reached: a fraction per round of 0, or
 * a target of 1 with a fraction per round below 1.
 */
export function roundsToReach(targetSparsity: number, fractionPerRound: number): number {
  assertFraction(fractionPerRound);
  if (!Number.isFinite(targetSparsity) || targetSparsity < 0 || targetSparsity > 1) {
    throw new Error(`Expected a target sparsity >= 0 and <= 1, but got ${targetSparsity}`);
  }
  if (targetSparsity === 0) return 0;
  if (fractionPerRound === 1) return 1;
  if (fractionPerRound === 0) {
    throw new Error(`Expected a fraction per round > 0 to reach a sparsity of ${targetSparsity}, but got 0`);
  }
  if (targetSparsity === 1) {
    throw new Error(`Expected a fraction per round of 1 to reach a sparsity of 1, but got ${fractionPerRound}`);
  }
  const reaches = (r: number): boolean => iterativeSparsity(fractionPerRound, r) >= targetSparsity - TOLERANCE;
  let rounds = Math.max(0, Math.ceil(Math.log(1 - targetSparsity) / Math.log(1 - fractionPerRound)));
  while (rounds > 0 && reaches(rounds - 1)) rounds--;
  while (!reaches(rounds)) rounds++;
  return rounds;
}

const TOLERANCE = 1e-12;

function assertSchedule(s: PolynomialSchedule): void {
  const problem = validateSchedule(s);
  if (problem !== null) throw new Error(problem);
}

function assertFraction(fraction: number): void {
  if (!Number.isFinite(fraction) || fraction < 0 || fraction > 1) {
    throw new Error(`Expected a fraction per round >= 0 and <= 1, but got ${fraction}`);
  }
}
