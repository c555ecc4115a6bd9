import { draftValidity, type SettingsDispatch } from '../../settings/reducer';
import { BOUNDS, type TrainingSettings } from '../../settings/settings';
import { NumberField } from './NumberField';
import './fieldset.css';

export interface TrainFieldsetProps {
  training: TrainingSettings;
  /** A run is under way: the fields are locked and Stop is enabled. */
  busy: boolean;
  /** Idle with every field valid: training may start. */
  canTrain: boolean;
  /** A session exists to reset. */
  canReset: boolean;
  /** Takes the training fields' and their drafts' actions. */
  dispatch: SettingsDispatch;
  onTrain: () => void;
  onStop: () => void;
  onReset: () => void;
  /** Forgets what this browser stored of the session and starts untrained. */
  onStartFresh: () => void;
}

/** "1. Train": Epochs, Learning rate, and the Train, Stop, Reset and Start fresh buttons. */
export function TrainFieldset(props: TrainFieldsetProps) {
  const { training, busy, canTrain, canReset, dispatch, onTrain, onStop, onReset, onStartFresh } = props;
  return (
    <fieldset>
      <legend>1. Train</legend>
      <NumberField
        label="Epochs"
        value={training.epochs}
        rule={BOUNDS.epochs}
        step={1}
        disabled={busy}
        onCommit={(epochs) => dispatch({ type: 'setTraining', patch: { epochs } })}
        onValidity={(valid) => dispatch(draftValidity('epochs', valid))}
      />
      <NumberField
        label="Learning rate"
        value={training.learningRate}
        rule={BOUNDS.learningRate}
        disabled={busy}
        onCommit={(learningRate) => dispatch({ type: 'setTraining', patch: { learningRate } })}
        onValidity={(valid) => dispatch(draftValidity('learningRate', valid))}
      />
      <div className="buttons">
        <button type="button" className="primary" disabled={!canTrain} onClick={() => onTrain()}>
          Train
        </button>
        <button type="button" disabled={!busy} onClick={() => onStop()}>
          Stop
        </button>
        <button type="button" disabled={!canReset} onClick={() => onReset()}>
          Reset
        </button>
        <button type="button" disabled={!canReset} aria-describedby="start-fresh-hint" onClick={() => onStartFresh()}>
          Start fresh
        </button>
      </div>
      <p className="hint" id="start-fresh-hint">
        The trained network, its masks, the Results, timeline and curves are kept in this browser, so a reload loses
        nothing. Start fresh forgets them and starts untrained.
      </p>
    </fieldset>
  );
}
