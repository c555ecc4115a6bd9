import { alignedEnd, iterativeSparsity, roundsToReach, type PolynomialSchedule } from '../../core/schedule';
import { NumberField } from './CommitField';

const ROUNDS_RULE = { subject: 'round', min: 1, max: 30, integer: true };
const ROUND_PERCENT_RULE = { subject: 'share per round', min: 1, max: 90 };
const SPARSITY_PERCENT_RULE = { subject: 'sparsity', min: 0, max: 99 };
const STEP_RULE = { subject: 'step', min: 0, max: 100000, integer: true };
const FREQUENCY_RULE = { subject: 'step', min: 1, max: 100000, integer: true };

/** What the two multi-step runs share with the fieldsets around them. */
interface RunFieldsetProps {
  /** A run is under way: the fields are locked. */
  busy: boolean;
  /** Trained, idle, and every field valid: the run may start. */
  ready: boolean;
  /** Reports whether the named field holds a valid value. */
  validity(name: string): (valid: boolean) => void;
}

/** Iterative pruning as typed. */
export interface IterativeFields {
  rounds: number;
  /** Percent of the surviving weights each iterative round removes. */
  roundPercent: number;
}

export interface IterativeFieldsetProps extends RunFieldsetProps {
  values: IterativeFields;
  onChange(patch: Partial<IterativeFields>): void;
  onRun(plan: { rounds: number; fractionPerRound: number }): void;
}

/** "4. Iterative pruning": Rounds, Prune per round (%), and the sparsity they reach. */
export function IterativeFieldset({ values, busy, ready, validity, onChange, onRun }: IterativeFieldsetProps) {
  const rounds = Math.round(values.rounds);
  const reach = iterativeSparsity(values.roundPercent / 100, rounds);
  // Frankle & Carbin's question: how many rounds of this size to reach 90%.
  const toNinety = roundsToReach(0.9, values.roundPercent / 100);
  return (
    <fieldset>
      <legend>4. Iterative pruning</legend>
      <div className="two">
        <NumberField label="Rounds" value={values.rounds} rule={ROUNDS_RULE} step={1} disabled={busy}
          onCommit={(r) => onChange({ rounds: r })} onValidity={validity('rounds')} />
        <NumberField label="Prune per round (%)" value={values.roundPercent} rule={ROUND_PERCENT_RULE} step={1}
          disabled={busy} onCommit={(roundPercent) => onChange({ roundPercent })} onValidity={validity('roundPercent')} />
      </div>
      <button type="button" disabled={!ready}
        onClick={() => onRun({ rounds, fractionPerRound: values.roundPercent / 100 })}>
        Prune iteratively
      </button>
      <p className="hint">
        From the trained baseline: each round removes {values.roundPercent}% of the surviving weights (by Scope and
        Method above) and fine-tunes for Fine-tune epochs. {rounds} rounds reach {(reach * 100).toFixed(1)}% sparsity; 90% takes {toNinety}.
      </p>
    </fieldset>
  );
}

/** The schedule as typed: sparsities in percent. */
export interface ScheduleFields {
  initialPercent: number;
  finalPercent: number;
  beginStep: number;
  endStep: number;
  frequency: number;
}

/** A schedule that fits a run of `totalSteps`: 0 → 90% over the first 70%, the mask updated 10 times. */
export function defaultSchedule(totalSteps: number): ScheduleFields {
  const frequency = Math.max(1, Math.round((0.7 * totalSteps) / 10));
  return { initialPercent: 0, finalPercent: 90, beginStep: 0, endStep: frequency * 10, frequency };
}

export function scheduleOf(fields: ScheduleFields): PolynomialSchedule {
  return {
    initialSparsity: fields.initialPercent / 100,
    finalSparsity: fields.finalPercent / 100,
    beginStep: fields.beginStep,
    endStep: fields.endStep,
    frequency: fields.frequency,
    power: 3,
  };
}

export interface ScheduleFieldsetProps extends RunFieldsetProps {
  fields: ScheduleFields;
  /** Why `scheduleOf(fields)` is not a valid schedule, or null. */
  problem: string | null;
  /** Optimizer steps in the fine-tuning run the schedule rides on. */
  totalSteps: number;
  fineTuneEpochs: number;
  onChange(patch: Partial<ScheduleFields>): void;
  onRun(): void;
}

/** "5. Polynomial schedule": Zhu & Gupta's curve, what is wrong with it, and the button that runs it. */
export function ScheduleFieldset(props: ScheduleFieldsetProps) {
  const { fields, problem, totalSteps, fineTuneEpochs, busy, ready, validity, onChange, onRun } = props;
  // alignedEnd throws on an invalid schedule, which `problem` reports instead.
  const lastUpdate = problem ? null : alignedEnd(scheduleOf(fields));
  return (
    <fieldset>
      <legend>5. Polynomial schedule</legend>
      <div className="two">
        <NumberField label="Initial sparsity (%)" value={fields.initialPercent} rule={SPARSITY_PERCENT_RULE}
          disabled={busy} onCommit={(initialPercent) => onChange({ initialPercent })} onValidity={validity('initialPercent')} />
        <NumberField label="Final sparsity (%)" value={fields.finalPercent} rule={SPARSITY_PERCENT_RULE}
          disabled={busy} onCommit={(finalPercent) => onChange({ finalPercent })} onValidity={validity('finalPercent')} />
        <NumberField label="Begin step" value={fields.beginStep} rule={STEP_RULE} step={1}
          disabled={busy} onCommit={(beginStep) => onChange({ beginStep })} onValidity={validity('beginStep')} />
        <NumberField label="End step" value={fields.endStep} rule={STEP_RULE} step={1}
          disabled={busy} onCommit={(endStep) => onChange({ endStep })} onValidity={validity('endStep')} />
      </div>
      <NumberField label="Update every (steps)" value={fields.frequency} rule={FREQUENCY_RULE} step={1}
        disabled={busy} onCommit={(frequency) => onChange({ frequency })} onValidity={validity('frequency')} />
      {problem && <p className="field-error" role="alert">{problem}</p>}
      {lastUpdate !== null && lastUpdate !== fields.endStep && (
        <p className="warning">
          The end step is not on the update grid: the last update is at step {lastUpdate}, so the final
          sparsity is not quite reached.
        </p>
      )}
      {!problem && fields.endStep >= totalSteps && totalSteps > 0 && (
        <p className="warning">
          The schedule does not end before the run does (steps 0 to {totalSteps - 1}): raise Fine-tune epochs or lower End step.
        </p>
      )}
      <button type="button" disabled={!ready || problem !== null} onClick={() => onRun()}>
        Prune on schedule
      </button>
      <p className="hint">
        From the trained baseline, fine-tuning for {fineTuneEpochs} epochs ({totalSteps} steps) while the mask
        follows Zhu &amp; Gupta’s curve (power 3).
      </p>
    </fieldset>
  );
}

export interface LotteryFieldsetProps {
  /** Trained, idle, and every field valid. */
  ready: boolean;
  /** The session can rewind to θ₀ and the current model has pruned weights. */
  canRewind: boolean;
  onRewind(): void;
  onCompact(): void;
}

/** "6. Lottery ticket and compaction": Rewind and Compact. */
export function LotteryFieldset({ ready, canRewind, onRewind, onCompact }: LotteryFieldsetProps) {
  return (
    <fieldset>
      <legend>6. Lottery ticket and compaction</legend>
      <div className="buttons">
        <button type="button" disabled={!ready || !canRewind} onClick={() => onRewind()}>
          Rewind
        </button>
        <button type="button" disabled={!ready} onClick={() => onCompact()}>
          Compact
        </button>
      </div>
      <p className="hint">
        Rewind retrains the current mask for Epochs from the initial weights θ₀, and from a random draw. Compact rebuilds
        the network without pruned and dead neurons: prune with Method Structured (neurons) first.
      </p>
    </fieldset>
  );
}
