import { LESSON_LENGTH, LESSON_STEPS, type LessonStep, type LessonStepId, type PredictionStepId } from './steps';

/**
 * The lesson's step machine: which step is shown, the learner's guesses and what was measured.
 * Pure: the page holds the state (useReducer) and performs the steps' actions itself.
 */

/** Percentages 0–100, keyed by the id of the step that asked. */
export type PercentByStep = Readonly<Partial<Record<PredictionStepId, number>>>;

export interface LessonState {
  /** Index into LESSON_STEPS, 0 to LESSON_LENGTH − 1. */
  readonly step: number;
  /** The learner's guesses, in percent. */
  readonly predictions: PercentByStep;
  /** What Reveal measured, in percent (test accuracy × 100). */
  readonly measured: PercentByStep;
  /** Why the last action was refused (it changed nothing else); null once another one succeeds. */
  readonly refusal: { readonly stepId: LessonStepId | null; readonly message: string } | null;
}

export type LessonAction =
  | { type: 'next' }
  | { type: 'back' }
  | { type: 'goTo'; step: number }
  /** A guess: a number, or the text of the field as it was typed (NaN: the browser could not read it). */
  | { type: 'predict'; stepId: string; percent: number | string }
  | { type: 'measured'; stepId: string; percent: number }
  /** Forget the refusal (Escape in the field). */
  | { type: 'dismiss' }
  | { type: 'restart' };

export type ReadPercent = { ok: true; percent: number } | { ok: false; message: string };

/** The state at the first step, or at the step a token names (an unknown token: the first step). */
export function lessonStateAt(token?: string | null): LessonState {
  return { step: stepFromToken(token) ?? 0, predictions: {}, measured: {}, refusal: null };
}

/**
 * Reads a guess: a number from 0 to 100, or text that holds one. Otherwise a message that says what
 * was expected and what came: `Expected a prediction from 0 to 100 (%), but got 140`.
 */
export function readPrediction(input: number | string): ReadPercent {
  return readPercent('a prediction', input, 'what was typed is not a number');
}

/** Steps through the lesson; a refused action returns the state with only `refusal` changed. */
export function lessonReducer(state: LessonState, action: LessonAction): LessonState {
  switch (action.type) {
    case 'next':
      return atStep(state, Math.min(state.step + 1, LESSON_LENGTH - 1));
    case 'back':
      return atStep(state, Math.max(state.step - 1, 0));
    case 'goTo': {
      const { step } = action;
      if (!Number.isInteger(step) || step < 0 || step >= LESSON_LENGTH) {
        return refuse(state, null, `Expected a lesson step from 0 to ${LESSON_LENGTH - 1}, but got ${step}`);
      }
      return atStep(state, step);
    }
    case 'predict': {
      const stepId = predictionStepId(action.stepId);
      if (stepId === null) return refuse(state, null, notPredictionStep(action.stepId));
      if (state.measured[stepId] !== undefined) {
        return refuse(state, stepId, 'This answer is already revealed; restart the lesson to guess again');
      }
      const read = readPrediction(action.percent);
      if (!read.ok) return refuse(state, stepId, read.message);
      return { ...state, predictions: { ...state.predictions, [stepId]: read.percent }, refusal: null };
    }
    case 'measured': {
      const stepId = predictionStepId(action.stepId);
      if (stepId === null) return refuse(state, null, notPredictionStep(action.stepId));
      const read = readPercent('a measured accuracy', action.percent, `got ${action.percent}`);
      if (!read.ok) return refuse(state, stepId, read.message);
      // The first measurement is the answer to the guess; a later one (a second Reveal) changes nothing.
      if (state.measured[stepId] !== undefined) return state;
      return { ...state, measured: { ...state.measured, [stepId]: read.percent }, refusal: null };
    }
    case 'dismiss':
      return state.refusal === null ? state : { ...state, refusal: null };
    case 'restart':
      return lessonStateAt();
  }
}

/** The step the state shows. */
export function currentStep(state: LessonState): LessonStep {
  return LESSON_STEPS[state.step];
}

/** One row of the last step's table: a prediction step's guess against its measurement. */
export interface SummaryRow {
  stepId: PredictionStepId;
  /** What was measured, e.g. "Test accuracy at 50% sparsity, no retraining". */
  measure: string;
  /** Percent, or null when the learner did not guess. */
  guess: number | null;
  /** Percent, or null when Reveal was not pressed. */
  measured: number | null;
  /** guess − measured in percentage points (positive: guessed too high); null without both. */
  difference: number | null;
}

/** The last step's table: one row per prediction step, in lesson order. */
export function summaryRows(state: LessonState): SummaryRow[] {
  const rows: SummaryRow[] = [];
  for (const step of LESSON_STEPS) {
    if (step.prediction === null) continue;
    const stepId = step.id;
    const guess = state.predictions[stepId] ?? null;
    const measured = state.measured[stepId] ?? null;
    const difference = guess !== null && measured !== null ? guess - measured : null;
    rows.push({ stepId, measure: step.prediction.measure, guess, measured, difference });
  }
  return rows;
}

/** The step a token in the address names, as an index; null for anything else. Never throws. */
export function stepFromToken(token: string | null | undefined): number | null {
  if (typeof token !== 'string') return null;
  const index = LESSON_STEPS.findIndex((step) => step.id === token);
  return index < 0 ? null : index;
}

/** The token of a step for the address: its id (an index out of range is clamped into the lesson). */
export function tokenOfStep(step: number): LessonStepId {
  const index = Number.isFinite(step) ? Math.min(Math.max(Math.trunc(step), 0), LESSON_LENGTH - 1) : 0;
  return LESSON_STEPS[index].id;
}

function atStep(state: LessonState, step: number): LessonState {
  return step === state.step && state.refusal === null ? state : { ...state, step, refusal: null };
}

function refuse(state: LessonState, stepId: LessonStepId | null, message: string): LessonState {
  return { ...state, refusal: { stepId, message } };
}

function predictionStepId(id: string): PredictionStepId | null {
  const step = LESSON_STEPS.find((s) => s.id === id);
  return step !== undefined && step.prediction !== null ? step.id : null;
}

function notPredictionStep(id: string): string {
  const ids = LESSON_STEPS.filter((s) => s.prediction !== null).map((s) => s.id);
  return `Expected a step that asks for a prediction (${ids.join(', ')}), but got "${id}"`;
}

/** `notNumber` ends the message for a number input that is NaN or infinite. */
function readPercent(subject: string, input: number | string, notNumber: string): ReadPercent {
  const expected = `Expected ${subject} from 0 to 100 (%)`;
  let value: number;
  let shown: string;
  if (typeof input === 'string') {
    shown = input.trim();
    if (shown === '') return { ok: false, message: `${expected}, but the field is empty` };
    value = Number(shown);
    if (!Number.isFinite(value)) return { ok: false, message: `${expected}, but got "${shown}"` };
  } else {
    value = input;
    shown = String(input);
    if (!Number.isFinite(value)) return { ok: false, message: `${expected}, but ${notNumber}` };
  }
  if (value < 0 || value > 100) return { ok: false, message: `${expected}, but got ${shown}` };
  return { ok: true, percent: value };
}
