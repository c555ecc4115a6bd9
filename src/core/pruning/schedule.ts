import type { SchedulePoint } from '../curves';
/**
 * Pruning schedules as plain arithmetic: Zhu & Gupta's gradual (polynomial) schedule, computed as
 * TensorFlow Model Optimization's `PolynomialDecay` computes it (in float32), and the per-round
 * arithmetic of iterative pruning (Frankle & Carbin). Sparsities are fractions in [0, 1].
 *
 * Two step counts appear, and each function says which it takes:
 * - a pruning `step` is tfmot's: the wrapper adds 1 to its step before each training batch and
 *   then asks the schedule, so the first batch is step 1 and step t comes just before batch t
 *   (counting batches from 1). Step 0 is never reached in training.
 * - `batchesDone` is the number of optimizer steps already taken (0 before the first batch), the
 *   x axis of the planned curve. Before the batch that follows `batchesDone` batches, tfmot's
 *   pruning step is `batchesDone + 1`.
 */

/**
 * Zhu & Gupta's gradual schedule, with the parameters of tfmot's
 * `PolynomialDecay(initial_sparsity, final_sparsity, begin_step, end_step, power, frequency)`.
 * Steps are tfmot's pruning steps (see the module comment).
 */
export interface PolynomialSchedule {
  /** Sparsity of the curve at `beginStep`; a fraction in [0, 1). */
  initialSparsity: number;
  /** Sparsity the schedule decays towards, reached at `endStep`; a fraction in [0, 1). */
  finalSparsity: number;
  /** Pruning step of the first grid point; a whole number >= 0 (0 first updates at `frequency`). */
  beginStep: number;
  /** Pruning step after which the mask is frozen; a whole number > `beginStep`. */
  endStep: number;
  /** Pruning steps between mask updates; a whole number >= 1. */
  frequency: number;
  /** Exponent of the decay; tfmot's default is 3. Must be > 0. */
  power: number;
}

/**
 * Checks a schedule. Returns null when it is valid, else one sentence that says what was expected
 * and what came: `Expected the end step (40) to be after the begin step (50).` Rules:
 * 0 <= initial <= final < 1; whole-number steps with 0 <= begin < end; a whole-number frequency
 * >= 1; power > 0; and at least one mask update that training reaches (`firstUpdateStep(s) <= end`).
 * tfmot is looser: it accepts end = begin, a final sparsity below the initial one, and schedules
 * that never update the mask.
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
  if (firstUpdate(s) > s.endStep) {
    const why = `steps count from 1, so a begin step of 0 first updates the mask at step ${s.frequency}`;
    return `Expected an end step of at least ${s.frequency} (${why}), but got ${s.endStep}.`;
  }
  return null;
}

/**
 * The schedule's target sparsity at pruning step `step`, as tfmot's `PolynomialDecay.__call__`
 * computes it in float32: p = min(1, max(0, f(step − begin) / f(end − begin))) and
 * sparsity = f(f(initial − final) · (1 − p)^power) + f(final), each operation rounded to float32
 * (f is Math.fround; initial − final is taken in float64 first, as Python does). The power is
 * taken as TensorFlow's graph optimizer rewrites `pow` on the CPU: x² as x·x, x³ as x·(x·x),
 * other powers rounded from float64. The result is a float32 value, a fraction in [0, 1).
 * Before `beginStep` it is f(initial − final) + f(final) (≈ initial), from `endStep` on ≈ final.
 * It is the smooth curve; the mask only takes these values at update steps (`shouldUpdateMask`).
 * Throws on an invalid schedule.
 */
export function polynomialSparsity(s: PolynomialSchedule, step: number): number {
  assertSchedule(s);
  const f = Math.fround;
  const p = Math.min(1, Math.max(0, f(f(step - s.beginStep) / f(s.endStep - s.beginStep))));
  const decay = powerFloat32(f(1 - p), s.power);
  return f(f(f(s.initialSparsity - s.finalSparsity) * decay) + f(s.finalSparsity));
}

/**
 * Whether tfmot's schedule updates the mask at pruning step `step` (`_should_prune_in_step`):
 * begin <= step <= end and (step − begin) is a multiple of `frequency`. After `endStep` the mask
 * is frozen; the end step itself updates only when it lies on the grid (see `alignedEnd`). Step 0
 * passes this test when begin is 0, but training never reaches it (see `firstUpdateStep`). To ask
 * before a batch, use `maskUpdateBeforeBatch`. Throws on an invalid schedule.
 */
export function shouldUpdateMask(s: PolynomialSchedule, step: number): boolean {
  assertSchedule(s);
  return step >= s.beginStep && step <= s.endStep && (step - s.beginStep) % s.frequency === 0;
}

/**
 * What tfmot does to the mask before the optimizer step that follows `batchesDone` batches (a whole
 * number >= 0): its pruning step is then `batchesDone + 1`, and this returns
 * `polynomialSparsity(s, batchesDone + 1)`, the target sparsity to cut to there, when
 * `shouldUpdateMask(s, batchesDone + 1)`, else null (keep the mask). So PolynomialDecay(0.2, 0.6,
 * begin 1, end 4, frequency 1) cuts to 0.2 before the first batch and to 0.6 before the fourth.
 * Throws on an invalid schedule or a `batchesDone` that is not a whole number >= 0.
 */
export function maskUpdateBeforeBatch(s: PolynomialSchedule, batchesDone: number): number | null {
  assertBatches(batchesDone);
  const step = batchesDone + 1;
  return shouldUpdateMask(s, step) ? polynomialSparsity(s, step) : null;
}

/**
 * The first pruning step at which training updates the mask: `beginStep`, or `frequency` when the
 * begin step is 0 (tfmot's grid then starts at step 0, which training never reaches). The update
 * happens with `firstUpdateStep(s) − 1` batches done. Throws on an invalid schedule.
 */
export function firstUpdateStep(s: PolynomialSchedule): number {
  assertSchedule(s);
  return firstUpdate(s);
}

/**
 * The last pruning step at which the mask is updated: the largest grid step
 * begin + k · frequency that is <= `endStep` (it happens with one batch fewer done). When it is
 * below `endStep` the mask never reaches `finalSparsity` (it stops at
 * `polynomialSparsity(s, alignedEnd(s))`), which the UI warns about. Throws on an invalid schedule.
 */
export function alignedEnd(s: PolynomialSchedule): number {
  assertSchedule(s);
  return lastUpdate(s);
}

/**
 * The target sparsity of the mask during the batch that follows `batchesDone` batches (a whole
 * number >= 0), after the update tfmot makes just before it, if any: 0 (the dense mask) until the
 * first update, else `polynomialSparsity` at the latest update step u <= min(batchesDone + 1,
 * alignedEnd(s)). So the mask follows a staircase under the smooth curve, and when `endStep` is off
 * the grid it stays at `polynomialSparsity(s, alignedEnd(s))`, short of `finalSparsity`. It counts
 * an update before batch `batchesDone + 1` even when the run has no such batch.
 * Throws on an invalid schedule or a bad `batchesDone`.
 */
export function scheduledSparsity(s: PolynomialSchedule, batchesDone: number): number {
  assertSchedule(s);
  assertBatches(batchesDone);
  const update = updateAtOrBefore(s, batchesDone + 1);
  return update === null ? 0 : polynomialSparsity(s, update);
}

/**
 * The planned mask sparsity of a run of `totalSteps` optimizer steps, for drawing before the run,
 * as points {step, sparsity} with `step` in batches done (0..`totalSteps`), sorted by step. Starts
 * with {0, 0} and ends with the sparsity the run ends with. The update at pruning step t is made
 * before batch t, with t − 1 batches done, so it is drawn at step t − 1 (`maskUpdateBeforeBatch`);
 * the run reaches the updates at pruning steps up to `totalSteps`.
 *
 * When there are at most `points` such updates, the curve is the exact staircase: each update
 * appears twice at its step, first with the sparsity before it and then with the sparsity after it
 * (a vertical riser on a numeric step axis), plus the points at 0 and `totalSteps`.
 *
 * With more updates than `points`, it samples the smooth curve at `points` evenly spaced whole
 * steps x from 0 to `totalSteps` instead: 0 before the first update, else `polynomialSparsity` at
 * pruning step min(x + 1, alignedEnd(s), totalSteps); the last point is the value the mask really
 * ends at (the last update the run reaches). When an update comes before the first batch, {0, 0}
 * comes first and the sample at 0 after it (points + 1 in all). `points` is a whole number >= 2.
 * Throws on an invalid schedule or arguments.
 */
export function plannedCurve(s: PolynomialSchedule, totalSteps: number, points: number): SchedulePoint[] {
  assertSchedule(s);
  if (!Number.isInteger(totalSteps) || totalSteps < 0) {
    throw new Error(`Expected a whole number of total steps >= 0, but got ${totalSteps}`);
  }
  if (!Number.isInteger(points) || points < 2) {
    throw new Error(`Expected a whole number of points >= 2, but got ${points}`);
  }
  const first = firstUpdate(s);
  const reached = Math.min(lastUpdate(s), totalSteps);
  const updates = reached < first ? 0 : Math.floor((reached - first) / s.frequency) + 1;

  if (updates > points) {
    const curve: SchedulePoint[] = [{ step: 0, sparsity: 0 }];
    for (let i = 0; i < points - 1; i++) {
      const step = Math.round((i * totalSteps) / (points - 1));
      const sparsity = step + 1 < first ? 0 : polynomialSparsity(s, Math.min(step + 1, reached));
      if (step > 0 || sparsity > 0) curve.push({ step, sparsity });
    }
    const end = updateAtOrBefore(s, totalSteps);
    curve.push({ step: totalSteps, sparsity: end === null ? 0 : polynomialSparsity(s, end) });
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
    const update = first + k * s.frequency;
    push(update - 1, current);
    current = polynomialSparsity(s, update);
    push(update - 1, current);
  }
  push(totalSteps, current);
  return curve;
}

/** The first grid step training reaches (steps count from 1); the schedule must be valid. */
function firstUpdate(s: PolynomialSchedule): number {
  return s.beginStep > 0 ? s.beginStep : s.frequency;
}

/** The last grid step at or before the end; the schedule must be valid. */
function lastUpdate(s: PolynomialSchedule): number {
  return s.beginStep + Math.floor((s.endStep - s.beginStep) / s.frequency) * s.frequency;
}

/** The latest update step training reaches that is <= `step`, or null before the first. */
function updateAtOrBefore(s: PolynomialSchedule, step: number): number | null {
  const last = Math.min(step, lastUpdate(s));
  if (last < firstUpdate(s)) return null;
  return s.beginStep + Math.floor((last - s.beginStep) / s.frequency) * s.frequency;
}

/** x^power in float32 as TensorFlow's CPU graph computes it (Square for 2, x·Square(x) for 3). */
function powerFloat32(x: number, power: number): number {
  const f = Math.fround;
  if (power === 1) return x;
  if (power === 2) return f(x * x);
  if (power === 3) return f(x * f(x * x));
  return f(Math.pow(x, f(power)));
}

function assertBatches(batchesDone: number): void {
  if (!Number.isInteger(batchesDone) || batchesDone < 0) {
    throw new Error(`Expected a whole number of batches done >= 0, but got ${batchesDone}`);
  }
}

function assertSchedule(s: PolynomialSchedule): void {
  const problem = validateSchedule(s);
  if (problem !== null) throw new Error(problem);
}
