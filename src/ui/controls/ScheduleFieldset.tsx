import { alignedEnd } from '../../core/pruning/schedule';
import { scheduleOf } from '../../settings/derive';
import { draftValidity, type SettingsDispatch } from '../../settings/reducer';
import type { NumberRule } from '../../core/validate';
import { BOUNDS, type ScheduleKey, type ScheduleSettings } from '../../settings/settings';
import { NumberField } from './NumberField';
import './field.css';
import './fieldset.css';

export interface ScheduleFieldsetProps {
  /** The fields in force: the person's, or the default for the run's length. */
  fields: ScheduleSettings;
  /** Why `scheduleOf(fields)` is not a valid schedule, or null. */
  problem: string | null;
  /** Optimizer steps in the fine-tuning run the schedule rides on. */
  totalSteps: number;
  fineTuneEpochs: number;
  /** A run is under way: the fields are locked. */
  busy: boolean;
  /** Trained, idle, and every field valid: the run may start. */
  ready: boolean;
  /** Takes the schedule fields' and their drafts' actions. */
  dispatch: SettingsDispatch;
  onRun: () => void;
}

/** "5. Polynomial schedule": Zhu & Gupta's curve, what is wrong with it, and the button that runs it. */
export function ScheduleFieldset(props: ScheduleFieldsetProps) {
  const { fields, problem, totalSteps, fineTuneEpochs, busy, ready, dispatch, onRun } = props;
  // alignedEnd throws on an invalid schedule, which `problem` reports instead.
  const lastUpdate = problem ? null : alignedEnd(scheduleOf(fields));
  const field = (key: ScheduleKey, label: string, rule: NumberRule) => (
    <NumberField
      label={label}
      value={fields[key]}
      rule={rule}
      step={rule === BOUNDS.sparsityPercent ? undefined : 1}
      disabled={busy}
      onCommit={(value) => dispatch({ type: 'setSchedule', patch: { [key]: value }, totalSteps })}
      onValidity={(valid) => dispatch(draftValidity(key, valid))}
    />
  );
  return (
    <fieldset>
      <legend>5. Polynomial schedule</legend>
      <div className="two">
        {field('initialPercent', 'Initial sparsity (%)', BOUNDS.sparsityPercent)}
        {field('finalPercent', 'Final sparsity (%)', BOUNDS.sparsityPercent)}
        {field('beginStep', 'Begin step', BOUNDS.step)}
        {field('endStep', 'End step', BOUNDS.step)}
      </div>
      {field('frequency', 'Update every (steps)', BOUNDS.frequency)}
      {problem && (
        <p className="field-error" role="alert">
          {problem}
        </p>
      )}
      {lastUpdate !== null && lastUpdate !== fields.endStep && (
        <p className="warning">
          The end step is not on the update grid: the last update is at step {lastUpdate}, so the final sparsity is not
          quite reached.
        </p>
      )}
      {!problem && fields.endStep > totalSteps && totalSteps > 0 && (
        <p className="warning">
          The schedule does not end within the run (its pruning steps are 1 to {totalSteps}, counted as tfmot does):
          raise Fine-tune epochs or lower End step.
        </p>
      )}
      <button type="button" disabled={!ready || problem !== null} onClick={() => onRun()}>
        Prune on schedule
      </button>
      <p className="hint">
        From the trained baseline, fine-tuning for {fineTuneEpochs} epochs ({totalSteps} steps) while the mask follows
        Zhu &amp; Gupta’s curve (power 3).
      </p>
    </fieldset>
  );
}
