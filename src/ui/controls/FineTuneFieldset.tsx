import { draftValidity, type SettingsDispatch } from '../../settings/reducer';
import { BOUNDS } from '../../settings/settings';
import { NumberField } from './NumberField';
import './fieldset.css';

export interface FineTuneFieldsetProps {
  epochs: number;
  /** The rate in force: the person’s, or the data set’s share of the training rate while it follows. */
  learningRate: number;
  /** A run is under way: the fields are locked. */
  busy: boolean;
  /** Trained, idle, and every field valid: fine-tuning may start. */
  ready: boolean;
  /** Idle, trained, and pruned past the baseline's first round: there is a baseline to go back to. */
  canRestore: boolean;
  /** Takes the fine-tuning fields' and their drafts' actions. */
  dispatch: SettingsDispatch;
  onFineTune: () => void;
  onRestore: () => void;
}

/** "3. Fine-tune": Fine-tune epochs and learning rate, Fine-tune, and Back to baseline. */
export function FineTuneFieldset(props: FineTuneFieldsetProps) {
  const { epochs, learningRate, busy, ready, canRestore, dispatch, onFineTune, onRestore } = props;
  return (
    <fieldset>
      <legend>3. Fine-tune</legend>
      <NumberField
        label="Fine-tune epochs"
        value={epochs}
        rule={BOUNDS.epochs}
        step={1}
        disabled={busy}
        onCommit={(value) => dispatch({ type: 'setFineTuning', patch: { epochs: value } })}
        onValidity={(valid) => dispatch(draftValidity('fineTuneEpochs', valid))}
      />
      <NumberField
        label="Fine-tune learning rate"
        value={learningRate}
        rule={BOUNDS.learningRate}
        disabled={busy}
        onCommit={(value) => dispatch({ type: 'setFineTuning', patch: { learningRate: value } })}
        onValidity={(valid) => dispatch(draftValidity('fineTuneLearningRate', valid))}
      />
      <div className="buttons">
        <button type="button" className="primary" disabled={!ready} onClick={() => onFineTune()}>
          Fine-tune
        </button>
        <button type="button" disabled={!canRestore} onClick={() => onRestore()}>
          Back to baseline
        </button>
      </div>
      <p className="hint">
        Pruned weights are held at exactly zero after every step. Afterwards the rule prunes the fine-tuned weights
        further: prune, fine-tune, prune more is iterative pruning.
      </p>
    </fieldset>
  );
}
