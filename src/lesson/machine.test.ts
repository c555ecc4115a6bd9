import { describe, expect, it } from 'vitest';
import {
  currentStep,
  lessonReducer,
  lessonStateAt,
  readPrediction,
  stepFromToken,
  summaryRows,
  tokenOfStep,
  type LessonAction,
  type LessonState,
} from './machine';
import { LESSON_LENGTH, LESSON_STEPS } from './steps';

const LAST = LESSON_LENGTH - 1;

function run(actions: LessonAction[], from: LessonState = lessonStateAt()): LessonState {
  return actions.reduce(lessonReducer, from);
}

describe('next and back', () => {
  it('moves one step at a time and stops at both ends', () => {
    const start = lessonStateAt();
    expect(start.step).toBe(0);
    expect(lessonReducer(start, { type: 'back' })).toBe(start);
    expect(run([{ type: 'next' }, { type: 'next' }]).step).toBe(2);
    expect(run([{ type: 'next' }, { type: 'next' }, { type: 'back' }]).step).toBe(1);
    const last = run(Array.from({ length: LESSON_LENGTH + 3 }, () => ({ type: 'next' }) as const));
    expect(last.step).toBe(LAST);
    expect(lessonReducer(last, { type: 'next' })).toBe(last);
    expect(currentStep(last).id).toBe('summary');
  });

  it('keeps predictions and measurements while moving', () => {
    const s = run([
      { type: 'goTo', step: 1 },
      { type: 'predict', stepId: 'predict-half', percent: 60 },
      { type: 'next' },
      { type: 'back' },
    ]);
    expect(s.step).toBe(1);
    expect(s.predictions).toEqual({ 'predict-half': 60 });
  });
});

describe('goTo', () => {
  it('goes to any step of the lesson', () => {
    for (let step = 0; step <= LAST; step++) expect(run([{ type: 'goTo', step }]).step).toBe(step);
  });

  it('refuses steps outside the lesson and changes nothing else', () => {
    const start = run([{ type: 'goTo', step: 3 }]);
    for (const step of [-1, LESSON_LENGTH, 2.5, Number.NaN]) {
      const s = lessonReducer(start, { type: 'goTo', step });
      expect(s.step).toBe(3);
      expect(s.refusal?.message).toBe(`Expected a lesson step from 0 to ${LAST}, but got ${step}`);
    }
    expect(lessonReducer(start, { type: 'goTo', step: 9 }).refusal?.message).toBe(
      'Expected a lesson step from 0 to 6, but got 9',
    );
  });

  it('clears a refusal once a move succeeds', () => {
    const refused = lessonReducer(lessonStateAt(), { type: 'goTo', step: 99 });
    expect(refused.refusal).not.toBeNull();
    expect(lessonReducer(refused, { type: 'goTo', step: 0 }).refusal).toBeNull();
    expect(lessonReducer(refused, { type: 'back' }).refusal).toBeNull();
  });
});

describe('predict', () => {
  it('keeps one guess per prediction step, the latest winning', () => {
    const s = run([
      { type: 'predict', stepId: 'predict-half', percent: 60 },
      { type: 'predict', stepId: 'fine-tune', percent: '75.5' },
      { type: 'predict', stepId: 'predict-half', percent: ' 40 ' },
    ]);
    expect(s.predictions).toEqual({ 'predict-half': 40, 'fine-tune': 75.5 });
    expect(s.refusal).toBeNull();
  });

  it('accepts the ends of the range', () => {
    expect(run([{ type: 'predict', stepId: 'predict-half', percent: 0 }]).predictions).toEqual({ 'predict-half': 0 });
    expect(run([{ type: 'predict', stepId: 'fine-tune', percent: '100' }]).predictions).toEqual({ 'fine-tune': 100 });
  });

  it('refuses values outside 0 to 100, saying what came, and keeps the last good guess', () => {
    const guessed = run([{ type: 'predict', stepId: 'predict-half', percent: 60 }]);
    const cases: [number | string, string][] = [
      [140, 'Expected a prediction from 0 to 100 (%), but got 140'],
      ['-5', 'Expected a prediction from 0 to 100 (%), but got -5'],
      ['abc', 'Expected a prediction from 0 to 100 (%), but got "abc"'],
      ['  ', 'Expected a prediction from 0 to 100 (%), but the field is empty'],
      [Number.NaN, 'Expected a prediction from 0 to 100 (%), but what was typed is not a number'],
      [Number.POSITIVE_INFINITY, 'Expected a prediction from 0 to 100 (%), but what was typed is not a number'],
    ];
    for (const [percent, message] of cases) {
      const s = lessonReducer(guessed, { type: 'predict', stepId: 'predict-half', percent });
      expect(s.refusal).toEqual({ stepId: 'predict-half', message });
      expect(s.predictions).toBe(guessed.predictions);
      expect(s.step).toBe(guessed.step);
    }
  });

  it('refuses a guess for a step that asks none', () => {
    const s = run([{ type: 'predict', stepId: 'train', percent: 50 }]);
    expect(s.predictions).toEqual({});
    expect(s.refusal).toEqual({
      stepId: null,
      message: 'Expected a step that asks for a prediction (predict-half, fine-tune), but got "train"',
    });
    expect(run([{ type: 'predict', stepId: 'nonsense', percent: 50 }]).refusal?.message).toMatch(/got "nonsense"$/);
  });

  it('refuses a new guess once the answer is revealed', () => {
    const revealed = run([
      { type: 'predict', stepId: 'predict-half', percent: 60 },
      { type: 'measured', stepId: 'predict-half', percent: 87 },
    ]);
    const s = lessonReducer(revealed, { type: 'predict', stepId: 'predict-half', percent: 85 });
    expect(s.predictions).toEqual({ 'predict-half': 60 });
    expect(s.refusal?.message).toBe('This answer is already revealed; restart the lesson to guess again');
  });

  it('forgets a refusal on dismiss, and a good guess clears it too', () => {
    const refused = run([{ type: 'predict', stepId: 'fine-tune', percent: 140 }]);
    expect(lessonReducer(refused, { type: 'dismiss' }).refusal).toBeNull();
    expect(lessonReducer(refused, { type: 'predict', stepId: 'fine-tune', percent: 70 }).refusal).toBeNull();
    const calm = lessonStateAt();
    expect(lessonReducer(calm, { type: 'dismiss' })).toBe(calm);
  });
});

describe('readPrediction', () => {
  it('reads numbers and text the same way', () => {
    expect(readPrediction(60)).toEqual({ ok: true, percent: 60 });
    expect(readPrediction('62.5')).toEqual({ ok: true, percent: 62.5 });
    expect(readPrediction('1e2')).toEqual({ ok: true, percent: 100 });
    expect(readPrediction('100.1')).toEqual({
      ok: false,
      message: 'Expected a prediction from 0 to 100 (%), but got 100.1',
    });
  });
});

describe('measured', () => {
  it('keeps the first measurement: a second Reveal changes nothing', () => {
    const once = lessonReducer(lessonStateAt('predict-half'), {
      type: 'measured',
      stepId: 'predict-half',
      percent: 87,
    });
    const twice = lessonReducer(once, { type: 'measured', stepId: 'predict-half', percent: 40 });
    expect(twice).toBe(once);
    expect(twice.measured['predict-half']).toBe(87);
  });

  it('keeps the measured percent per step, without touching the guesses', () => {
    const s = run([
      { type: 'predict', stepId: 'predict-half', percent: 60 },
      { type: 'measured', stepId: 'predict-half', percent: 87 },
      { type: 'measured', stepId: 'fine-tune', percent: 65.67 },
      { type: 'measured', stepId: 'fine-tune', percent: 66 },
    ]);
    // The first measurement of a step is its answer: the second one is ignored.
    expect(s.measured).toEqual({ 'predict-half': 87, 'fine-tune': 65.67 });
    expect(s.predictions).toEqual({ 'predict-half': 60 });
  });

  it('refuses figures that are no percentage, and steps that measure nothing', () => {
    expect(run([{ type: 'measured', stepId: 'fine-tune', percent: 101 }]).refusal?.message).toBe(
      'Expected a measured accuracy from 0 to 100 (%), but got 101',
    );
    expect(run([{ type: 'measured', stepId: 'fine-tune', percent: Number.NaN }]).refusal?.message).toBe(
      'Expected a measured accuracy from 0 to 100 (%), but got NaN',
    );
    const s = run([{ type: 'measured', stepId: 'summary', percent: 50 }]);
    expect(s.measured).toEqual({});
    expect(s.refusal?.stepId).toBeNull();
  });
});

describe('restart', () => {
  it('goes back to the first step and forgets everything', () => {
    const s = run([
      { type: 'goTo', step: LAST },
      { type: 'predict', stepId: 'predict-half', percent: 60 },
      { type: 'measured', stepId: 'predict-half', percent: 87 },
      { type: 'restart' },
    ]);
    expect(s).toEqual(lessonStateAt());
  });
});

describe('summaryRows', () => {
  it('has one row per prediction step, with the difference in points (guess − measured)', () => {
    const s = run([
      { type: 'predict', stepId: 'predict-half', percent: 60 },
      { type: 'measured', stepId: 'predict-half', percent: 87 },
      { type: 'predict', stepId: 'fine-tune', percent: 80 },
      { type: 'measured', stepId: 'fine-tune', percent: 65.5 },
    ]);
    expect(summaryRows(s)).toEqual([
      {
        stepId: 'predict-half',
        measure: 'Test accuracy at 50% sparsity, no retraining',
        guess: 60,
        measured: 87,
        difference: -27,
      },
      {
        stepId: 'fine-tune',
        measure: 'Test accuracy at 90% sparsity after fine-tuning',
        guess: 80,
        measured: 65.5,
        difference: 14.5,
      },
    ]);
  });

  it('leaves the difference out when the guess or the measurement is missing', () => {
    const s = run([
      { type: 'predict', stepId: 'predict-half', percent: 60 },
      { type: 'measured', stepId: 'fine-tune', percent: 66 },
    ]);
    expect(summaryRows(s).map(({ guess, measured, difference }) => [guess, measured, difference])).toEqual([
      [60, null, null],
      [null, 66, null],
    ]);
    expect(summaryRows(lessonStateAt()).every((row) => row.difference === null)).toBe(true);
  });
});

describe('tokens', () => {
  it('round-trips every step through its id', () => {
    LESSON_STEPS.forEach((step, index) => {
      expect(tokenOfStep(index)).toBe(step.id);
      expect(stepFromToken(step.id)).toBe(index);
      expect(stepFromToken(tokenOfStep(index))).toBe(index);
    });
  });

  it('gives null for anything that is not a step id, and never throws', () => {
    const garbage = ['', 'TRAIN', ' train', 'train ', '3', 'summary/', '%00', 'constructor', '__proto__', 'toString'];
    for (const token of garbage) expect(stepFromToken(token), token).toBeNull();
    expect(stepFromToken(null)).toBeNull();
    expect(stepFromToken(undefined)).toBeNull();
    expect(stepFromToken(7 as unknown as string)).toBeNull();
  });

  it('clamps an index outside the lesson into it', () => {
    expect(tokenOfStep(-3)).toBe('train');
    expect(tokenOfStep(99)).toBe('summary');
    expect(tokenOfStep(Number.NaN)).toBe('train');
    expect(tokenOfStep(2.7)).toBe('break');
  });

  it('opens the lesson at the step an address names, or at the start', () => {
    expect(lessonStateAt('fine-tune').step).toBe(3);
    expect(lessonStateAt('no-such-step')).toEqual(lessonStateAt());
    expect(lessonStateAt(null).step).toBe(0);
  });
});
