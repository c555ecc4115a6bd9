import { useEffect, useReducer, useRef, useState } from 'react';
import { lessonReducer, lessonStateAt, tokenOfStep, type LessonAction, type LessonState } from '../../lesson/machine';
import { LESSON_DATASET, type LessonStep, type StepAction } from '../../lesson/steps';
import { fineTuneRun } from '../../settings/derive';
import type { Page } from '../page/usePage';

export interface Lesson {
  open: boolean;
  state: LessonState;
  dispatch: (action: LessonAction) => void;
  /** The open step's token for the address, or null when the lesson is closed. */
  token: string | null;
  /** Why the last Do it or Reveal could not act (nothing trained yet), or null. */
  note: string | null;
  setOpen: (open: boolean) => void;
  /** Do it: performs the step's action on the page. */
  perform: (action: StepAction) => Promise<void>;
  /** Reveal: performs the step's action, then records the measured test accuracy for its prediction. */
  reveal: (step: LessonStep) => Promise<void>;
}

const TRAIN_FIRST = 'Train the network first: step 1’s Do it trains it on the spiral.';

/**
 * The guided lesson on the page: its step machine (src/lesson), open or closed, and the actions its
 * Do it and Reveal perform with the page's own commands, in order, waiting for each.
 */
export function useLesson(page: Page, initialToken: string | null, showFigures: () => void): Lesson {
  const [open, setOpen] = useState(initialToken !== null);
  const [state, dispatch] = useReducer(lessonReducer, initialToken, lessonStateAt);
  const [note, setNote] = useState<string | null>(null);
  /** The session a data set change will replace, while step 1 waits to train on the new one. */
  const waiting = useRef<{ replaced: Page['session'] } | null>(null);
  const latest = useRef(page);
  useEffect(() => {
    latest.current = page;
  });

  // Step 1 on another data set: the spiral's session is built first, then trained.
  const { session, idle, trained, train } = page;
  useEffect(() => {
    const wait = waiting.current;
    if (!wait || !session || session === wait.replaced || !idle) return;
    waiting.current = null;
    if (!trained) train();
  }, [session, idle, trained, train]);

  const cut = (percent: number) =>
    page.changeRuleAwaited({ by: 'target', method: 'unstructured', targetPercent: percent });
  const perform = async (action: StepAction): Promise<void> => {
    setNote(null);
    if (action.kind === 'train') {
      if (page.settings.dataset === LESSON_DATASET) return page.train();
      waiting.current = { replaced: page.session };
      page.dispatch({ type: 'chooseDataset', dataset: LESSON_DATASET });
      return;
    }
    if (!page.trained) return setNote(TRAIN_FIRST);
    if (action.kind === 'prune-to') {
      await cut(action.percent);
    } else if (action.kind === 'fine-tune-at') {
      await cut(action.percent);
      await page.commands.runAwaited((s) => s.fineTune(fineTuneRun(latest.current.settings)));
    } else if (action.kind === 'compare-random') {
      showFigures();
      await page.changeRuleAwaited({ method: 'unstructured' });
      await page.commands.runAwaited((s) => s.sweep());
      await page.changeRuleAwaited({ method: 'random' });
      await page.commands.runAwaited((s) => s.sweep());
      await page.changeRuleAwaited({ method: 'unstructured' });
    } else if (action.kind === 'show-size') {
      showFigures();
      await cut(action.percent);
      document.getElementById('model-size-title')?.scrollIntoView({ behavior: 'smooth', block: 'center' });
    }
  };
  /** A Reveal under way: a second click (a double click) waits for it instead of measuring halfway. */
  const revealing = useRef(false);
  const reveal = async (step: LessonStep): Promise<void> => {
    if (!page.trained || !page.session) return setNote(TRAIN_FIRST);
    if (revealing.current) return;
    revealing.current = true;
    try {
      if (step.action) await perform(step.action);
      const accuracy = page.session.getSnapshot().current?.testAccuracy;
      if (accuracy !== undefined) dispatch({ type: 'measured', stepId: step.id, percent: accuracy * 100 });
    } finally {
      revealing.current = false;
    }
  };
  return { open, state, dispatch, token: open ? tokenOfStep(state.step) : null, note, setOpen, perform, reveal };
}
