import { iterativeSparsity, roundsToReach } from '../../core/pruning/iterative';
import { draftValidity, type SettingsDispatch } from '../../settings/reducer';
import { BOUNDS, type IterativeSettings } from '../../settings/settings';
import { NumberField } from './NumberField';
import './fieldset.css';

export interface IterativeFieldsetProps {
  iterative: IterativeSettings;
  /** A run is under way: the fields are locked. */
  busy: boolean;
  /** Trained, idle, and every field valid: the run may start. */
  ready: boolean;
  /** Takes the iterative fields' and their drafts' actions. */
  dispatch: SettingsDispatch;
  onRun: () => void;
}

/** "4. Iterative pruning": Rounds, Prune per round (%), and the sparsity they reach. */
export function IterativeFieldset({ iterative, busy, ready, dispatch, onRun }: IterativeFieldsetProps) {
  const rounds = Math.round(iterative.rounds);
  const fraction = iterative.percentPerRound / 100;
  const reach = iterativeSparsity(fraction, rounds);
  // Frankle & Carbin's question: how many rounds of this size to reach 90%.
  const toNinety = roundsToReach(0.9, fraction);
  return (
    <fieldset>
      <legend>4. Iterative pruning</legend>
      <div className="two">
        <NumberField
          label="Rounds"
          value={iterative.rounds}
          rule={BOUNDS.rounds}
          step={1}
          disabled={busy}
          onCommit={(value) => dispatch({ type: 'setIterative', patch: { rounds: value } })}
          onValidity={(valid) => dispatch(draftValidity('rounds', valid))}
        />
        <NumberField
          label="Prune per round (%)"
          value={iterative.percentPerRound}
          rule={BOUNDS.percentPerRound}
          step={1}
          disabled={busy}
          onCommit={(value) => dispatch({ type: 'setIterative', patch: { percentPerRound: value } })}
          onValidity={(valid) => dispatch(draftValidity('percentPerRound', valid))}
        />
      </div>
      <button type="button" disabled={!ready} onClick={() => onRun()}>
        Prune iteratively
      </button>
      <p className="hint">
        From the trained baseline: each round removes {iterative.percentPerRound}% of the surviving weights (by Scope
        and Method above) and fine-tunes for Fine-tune epochs. {rounds} rounds reach {(reach * 100).toFixed(1)}%
        sparsity; 90% takes {toNinety}.
      </p>
    </fieldset>
  );
}
