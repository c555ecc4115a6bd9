import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { lessonReducer, lessonStateAt, type LessonAction, type LessonState } from '../../lesson/machine';
import { LESSON_LENGTH } from '../../lesson/steps';
import { LessonPanel } from './LessonPanel';

function render(state: LessonState, busy = false): string {
  const ignore = () => undefined;
  return renderToStaticMarkup(
    createElement(LessonPanel, { state, dispatch: ignore, busy, onDoIt: ignore, onReveal: ignore, onClose: ignore }),
  );
}

function at(actions: LessonAction[]): LessonState {
  return actions.reduce(lessonReducer, lessonStateAt());
}

/** The opening tag of the button whose text is `name`. */
function button(html: string, name: string): string | null {
  const match = new RegExp(`<button([^>]*)>${name.replace(/[()]/g, '\\$&')}</button>`).exec(html);
  return match ? match[1] : null;
}

describe('LessonPanel (static markup)', () => {
  it('is a region named Lesson with the step count, its heading, text and what to look at', () => {
    const html = render(lessonStateAt());
    expect(html).toMatch(/^<section role="region" aria-label="Lesson"/);
    expect(html).toContain(`Step 1 of ${LESSON_LENGTH}`);
    expect(html).toContain('<h2>Train a network worth pruning</h2>');
    expect(html).toMatch(/Look at: .*<strong>Dataset<\/strong>.*<strong>Train<\/strong>/);
    expect(html).toContain('aria-label="Close lesson"');
  });

  it('disables Back on the first step and Next on the last, and shows Do it where there is an action', () => {
    const firstHtml = render(lessonStateAt());
    expect(button(firstHtml, 'Back')).toContain('disabled');
    expect(button(firstHtml, 'Next')).not.toContain('disabled');
    expect(button(firstHtml, 'Do it')).not.toBeNull();
    expect(button(firstHtml, 'Do it')).not.toContain('disabled');
    expect(button(render(lessonStateAt(), true), 'Do it')).toContain('disabled');

    const lastHtml = render(lessonStateAt('summary'));
    expect(button(lastHtml, 'Back')).not.toContain('disabled');
    expect(button(lastHtml, 'Next')).toContain('disabled');
    expect(button(lastHtml, 'Do it')).toBeNull();
  });

  it('asks for a prediction in a number field named Your prediction (%), with Reveal', () => {
    const html = render(lessonStateAt('predict-half'));
    const label = /<label for="([^"]+)">Your prediction \(%\)<\/label>/.exec(html);
    expect(label).not.toBeNull();
    expect(html).toMatch(new RegExp(`<input id="${label?.[1]}" type="number"`));
    expect(button(html, 'Reveal')).not.toBeNull();
    expect(render(lessonStateAt('break'))).not.toContain('Your prediction');
  });

  it('shows the guess beside the measurement once revealed, and a refusal as an alert', () => {
    const revealed = at([
      { type: 'goTo', step: 1 },
      { type: 'predict', stepId: 'predict-half', percent: 60 },
      { type: 'measured', stepId: 'predict-half', percent: 87 },
    ]);
    expect(render(revealed)).toContain('You guessed 60%, measured 87.0%');
    const refused = at([
      { type: 'goTo', step: 1 },
      { type: 'predict', stepId: 'predict-half', percent: 140 },
    ]);
    const html = render(refused);
    expect(html).toMatch(/role="alert">Expected a prediction from 0 to 100 \(%\), but got 140\.<\/p>/);
    expect(html).toContain('aria-invalid="true"');
  });

  it('ends with a table of the predictions against what was measured', () => {
    const done = at([
      { type: 'predict', stepId: 'predict-half', percent: 60 },
      { type: 'measured', stepId: 'predict-half', percent: 87 },
      { type: 'goTo', step: LESSON_LENGTH - 1 },
    ]);
    const html = render(done);
    expect(html).toContain('<caption>Your predictions</caption>');
    expect(html).toContain(
      '<th scope="row">Test accuracy at 50% sparsity, no retraining</th><td>60%</td><td>87.0%</td><td>−27.0 points</td>',
    );
    expect(html).toContain('<th scope="row">Test accuracy at 90% sparsity after fine-tuning</th><td>—</td>');
  });
});
