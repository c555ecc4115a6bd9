/*
 * The guided lesson's panel: presentational, no session access. How the page wires it:
 *
 *   const [lesson, dispatchLesson] = useReducer(lessonReducer, stepToken, lessonStateAt);
 *   // the address: tokenOfStep(lesson.step) on the way out, stepFromToken(token) on the way in
 *   <LessonPanel
 *     state={lesson}
 *     dispatch={dispatchLesson}
 *     busy={snapshot.running !== null}
 *     onDoIt={(action) => void perform(action)}       // a StepAction: train, prune-to, fine-tune-at, …
 *     onReveal={(step) => void reveal(step)}           // called once the guess is recorded
 *     onClose={() => setLessonOpen(false)}
 *   />
 *
 *   async function reveal(step: LessonStep) {
 *     await perform(step.action);                      // the step's action, as for Do it
 *     const accuracy = latestSnapshot().current?.testAccuracy;   // a fraction 0–1
 *     if (accuracy !== undefined) dispatchLesson({ type: 'measured', stepId: step.id, percent: accuracy * 100 });
 *   }
 *
 * `onDoIt` receives the step's `action` (never null: Do it is not shown without one) and the step.
 * Reveal commits the field's draft through the reducer first and calls `onReveal` only when the
 * guess was accepted; the answer appears once the page dispatches `measured`.
 */
import { useId, useState, type KeyboardEvent } from 'react';
import { MISSING } from '../../core/format';
import { formatDifference, formatGuess, formatMeasured, revealSentence } from '../../lesson/format';
import {
  currentStep,
  readPrediction,
  summaryRows,
  type LessonAction,
  type LessonState,
  type PercentByStep,
} from '../../lesson/machine';
import { LESSON_LENGTH, type LessonStep, type PredictionStepId, type StepAction } from '../../lesson/steps';
import './LessonPanel.css';

export interface LessonPanelProps {
  state: LessonState;
  /** The reducer's dispatch: the panel sends next, back, predict, dismiss and restart. */
  dispatch: (action: LessonAction) => void;
  /** A run is under way: Do it and Reveal wait for it (Back and Next do not). */
  busy: boolean;
  /** Perform the step's action for a learner who is stuck. */
  onDoIt: (action: StepAction, step: LessonStep) => void;
  /** Measure the step's prediction: perform `step.action`, then dispatch `measured` (percent). */
  onReveal: (step: LessonStep) => void;
  onClose: () => void;
}

/** The Lesson region: the current step, its prediction, Back / Do it / Next, and the summary table. */
export function LessonPanel({ state, dispatch, busy, onDoIt, onReveal, onClose }: LessonPanelProps) {
  const step = currentStep(state);
  const refusalId = useId();
  const { refusal } = state;
  const first = state.step === 0;
  const last = state.step === LESSON_LENGTH - 1;
  const action = step.action;
  return (
    <section role="region" aria-label="Lesson" className="card lesson" data-step={step.id}>
      <div className="lesson-head">
        <div aria-live="polite" aria-atomic="true">
          <p className="lesson-count">
            Step {state.step + 1} of {LESSON_LENGTH}
          </p>
          <h2>{step.title}</h2>
        </div>
        <button type="button" className="lesson-close" aria-label="Close lesson" onClick={onClose}>
          Close
        </button>
      </div>
      <p className="lesson-text">{step.text}</p>
      <p className="lesson-look">
        Look at: <Names names={step.pointsAt} />
      </p>
      {step.prediction !== null && (
        <PredictionField
          key={step.id}
          step={step}
          stepId={step.id as PredictionStepId}
          predictions={state.predictions}
          measured={state.measured}
          invalid={refusal !== null && refusal.stepId === step.id}
          describedBy={refusal !== null && refusal.stepId === step.id ? refusalId : undefined}
          busy={busy}
          dispatch={dispatch}
          onReveal={onReveal}
        />
      )}
      {refusal !== null && (
        <p className="lesson-refusal" id={refusalId} role="alert">
          {refusal.message}.
        </p>
      )}
      {last && <Summary state={state} />}
      <div className="lesson-nav">
        <button type="button" disabled={first} onClick={() => dispatch({ type: 'back' })}>
          Back
        </button>
        {action !== null && (
          <button type="button" disabled={busy} onClick={() => onDoIt(action, step)}>
            Do it
          </button>
        )}
        {last ? (
          <button type="button" onClick={() => dispatch({ type: 'restart' })}>
            Start again
          </button>
        ) : null}
        <button type="button" className="primary" disabled={last} onClick={() => dispatch({ type: 'next' })}>
          Next
        </button>
      </div>
    </section>
  );
}

/** "Prune by, Target sparsity, Accuracy and Sparsity", each name in bold. */
function Names({ names }: { names: readonly string[] }) {
  return names.map((name, i) => (
    <span key={name}>
      {i === 0 ? '' : i === names.length - 1 ? ' and ' : ', '}
      <strong>{name}</strong>
    </span>
  ));
}

interface PredictionFieldProps {
  step: LessonStep;
  stepId: PredictionStepId;
  predictions: PercentByStep;
  measured: PercentByStep;
  invalid: boolean;
  describedBy: string | undefined;
  busy: boolean;
  dispatch: (action: LessonAction) => void;
  onReveal: (step: LessonStep) => void;
}

/**
 * Your prediction (%) and Reveal. What is typed stays here until Enter, leaving the field or Reveal
 * hands it to the reducer, which keeps it or refuses it (the panel then shows why, and keeps the text).
 */
function PredictionField(props: PredictionFieldProps) {
  const { step, stepId, predictions, measured, invalid, describedBy, busy, dispatch, onReveal } = props;
  const inputId = useId();
  const [draft, setDraft] = useState<string | null>(null);
  // A number input reports "" for text it cannot read ("1e", "--2"): say so rather than "empty".
  const [unreadable, setUnreadable] = useState(false);
  const guess = predictions[stepId] ?? null;
  const answer = measured[stepId] ?? null;
  const revealed = answer !== null;
  const shown = draft ?? (guess === null ? '' : String(guess));

  /** Hands the field's text to the reducer; true when it was accepted (or there was nothing new). */
  const commit = (unchangedToo: boolean): boolean => {
    if (revealed) return true;
    if (draft === null && !unchangedToo) return true;
    if (draft === null && guess !== null) return true;
    const input = unreadable ? Number.NaN : shown;
    dispatch({ type: 'predict', stepId, percent: input });
    const accepted = readPrediction(input).ok;
    if (accepted) setDraft(null);
    return accepted;
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') commit(true);
    if (event.key === 'Escape') {
      setDraft(null);
      setUnreadable(false);
      dispatch({ type: 'dismiss' });
    }
  };

  return (
    <div className="lesson-predict">
      <p className="lesson-question">{step.prediction?.question}</p>
      <div className="lesson-guess">
        <div className="lesson-field">
          <label htmlFor={inputId}>Your prediction (%)</label>
          <input
            id={inputId}
            type="number"
            inputMode="decimal"
            min={0}
            max={100}
            step="any"
            value={shown}
            readOnly={revealed}
            aria-invalid={invalid}
            aria-describedby={describedBy}
            onChange={(e) => {
              setDraft(e.target.value);
              setUnreadable(e.target.validity.badInput);
            }}
            onBlur={() => commit(false)}
            onKeyDown={onKeyDown}
          />
        </div>
        <button
          type="button"
          disabled={busy || revealed}
          onClick={() => {
            if (commit(true)) onReveal(step);
          }}
        >
          Reveal
        </button>
      </div>
      {revealed && (
        <p className="lesson-answer" role="status">
          {revealSentence(guess, answer)}
        </p>
      )}
    </div>
  );
}

/** The last step's table: each prediction step's guess, measurement and difference in points. */
function Summary({ state }: { state: LessonState }) {
  const rows = summaryRows(state);
  return (
    <div className="lesson-summary">
      <table className="lesson-table">
        <caption>Your predictions</caption>
        <thead>
          <tr>
            <th scope="col">Prediction</th>
            <th scope="col">Your guess</th>
            <th scope="col">Measured</th>
            <th scope="col">Difference</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.stepId}>
              <th scope="row">{row.measure}</th>
              <td>{row.guess === null ? MISSING : formatGuess(row.guess)}</td>
              <td>{row.measured === null ? MISSING : formatMeasured(row.measured)}</td>
              <td>{row.difference === null ? MISSING : formatDifference(row.difference)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
