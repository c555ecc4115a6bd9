import { describe, expect, it } from 'vitest';
import { LESSON_DATASET, LESSON_STEPS, LESSON_TARGETS, type LessonStep } from './steps';

const steps: readonly LessonStep[] = LESSON_STEPS;

/** Sentences end at ".", "!" or "?" followed by a space or the end (no abbreviations in the prose). */
function sentences(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

describe('LESSON_STEPS', () => {
  it('tells the story in at least seven steps, in order, ending with the summary', () => {
    expect(steps.map((s) => s.id)).toEqual([
      'train',
      'predict-half',
      'break',
      'fine-tune',
      'random',
      'file-size',
      'summary',
    ]);
  });

  it('gives every step a unique id that is safe in an address', () => {
    const ids = steps.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z]+(-[a-z]+)*$/);
  });

  it('gives every step a title and one or two sentences of text', () => {
    for (const step of steps) {
      expect(step.title.trim(), step.id).not.toBe('');
      const count = sentences(step.text).length;
      expect(count, `${step.id}: ${step.text}`).toBeGreaterThanOrEqual(1);
      expect(count, `${step.id}: ${step.text}`).toBeLessThanOrEqual(2);
      expect(step.text, step.id).toMatch(/[.!?]$/);
    }
  });

  it('points every step at names from LESSON_TARGETS, each at most once', () => {
    const targets: readonly string[] = LESSON_TARGETS;
    for (const step of steps) {
      expect(step.pointsAt.length, step.id).toBeGreaterThan(0);
      expect(new Set(step.pointsAt).size, step.id).toBe(step.pointsAt.length);
      for (const name of step.pointsAt) expect(targets, `${step.id} points at ${name}`).toContain(name);
    }
    expect(new Set(targets).size).toBe(targets.length);
    // Every target is used, so a page that checks each one exists checks nothing extra.
    const used = new Set(steps.flatMap((s) => s.pointsAt));
    expect([...targets].sort()).toEqual([...used].sort());
  });

  it('gives every step but the summary an action', () => {
    for (const step of steps) {
      if (step.id === 'summary') expect(step.action).toBeNull();
      else expect(step.action, step.id).not.toBeNull();
    }
    expect(steps[0].action).toEqual({ kind: 'train', dataset: LESSON_DATASET });
  });

  it('asks for predictions at half the weights and after fine-tuning at 90%', () => {
    const asking = steps.filter((s) => s.prediction !== null);
    expect(asking.map((s) => s.id)).toEqual(['predict-half', 'fine-tune']);
    expect(asking.map((s) => s.action)).toEqual([
      { kind: 'prune-to', percent: 50 },
      { kind: 'fine-tune-at', percent: 90 },
    ]);
    for (const step of asking) {
      expect(step.prediction?.question).toMatch(/\?$/);
      expect(step.prediction?.figure).toBe('test-accuracy');
      // Reveal reads the Accuracy readout, so the step points the learner at it.
      expect(step.pointsAt, step.id).toContain('Accuracy');
    }
  });

  it('keeps percentages of its actions within 0 to 100', () => {
    for (const step of steps) {
      const action = step.action;
      if (action && 'percent' in action) {
        expect(action.percent, step.id).toBeGreaterThan(0);
        expect(action.percent, step.id).toBeLessThan(100);
      }
    }
  });

  it('says why the lesson leaves the seed data for the Spiral', () => {
    expect(steps[0].text).toMatch(/chance \(about 50%\)/);
    expect(steps[0].text).toMatch(/Spiral/);
    expect(steps[0].pointsAt).toEqual(expect.arrayContaining(['Dataset', 'Train']));
  });
});
