import { NumberField } from './CommitField';

const EPOCH_RULE = { subject: 'epoch', min: 1, max: 500, integer: true };
const RATE_RULE = { subject: 'learning rate', min: 0, max: 10, minInclusive: false };

/** Training and fine-tuning as typed. */
export interface TrainFields {
  epochs: number;
  learningRate: number;
  fineTuneEpochs: number;
  fineTuneLearningRate: number;
}

export interface TrainFieldsetProps {
  values: Pick<TrainFields, 'epochs' | 'learningRate'>;
  /** A run is under way: the fields are locked and Stop is enabled. */
  busy: boolean;
  /** Idle with every field valid: training may start. */
  canTrain: boolean;
  /** A session exists to reset. */
  canReset: boolean;
  /** Reports whether the named field holds a valid value. */
  validity(name: string): (valid: boolean) => void;
  onEpochs(epochs: number): void;
  onLearningRate(learningRate: number): void;
  onTrain(): void;
  onStop(): void;
  onReset(): void;
}

/** "1. Train": Epochs, Learning rate, and the Train, Stop and Reset buttons. */
export function TrainFieldset(props: TrainFieldsetProps) {
  const { values, busy, canTrain, canReset, validity, onEpochs, onLearningRate, onTrain, onStop, onReset } = props;
  return (
    <fieldset>
      <legend>1. Train</legend>
      <NumberField label="Epochs" value={values.epochs} rule={EPOCH_RULE} step={1} disabled={busy}
        onCommit={onEpochs} onValidity={validity('epochs')} />
      <NumberField label="Learning rate" value={values.learningRate} rule={RATE_RULE} disabled={busy}
        onCommit={onLearningRate} onValidity={validity('learningRate')} />
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
      </div>
    </fieldset>
  );
}

export interface FineTuneFieldsetProps {
  values: Pick<TrainFields, 'fineTuneEpochs' | 'fineTuneLearningRate'>;
  /** A run is under way: the fields are locked. */
  busy: boolean;
  /** Trained, idle, and every field valid: fine-tuning may start. */
  ready: boolean;
  /** Idle, trained, and pruned past the baseline's first round: there is a baseline to go back to. */
  canRestore: boolean;
  /** Reports whether the named field holds a valid value. */
  validity(name: string): (valid: boolean) => void;
  onChange(patch: Partial<TrainFields>): void;
  onFineTune(): void;
  onRestore(): void;
}

/** "3. Fine-tune": Fine-tune epochs and learning rate, Fine-tune, and Back to baseline. */
export function FineTuneFieldset(props: FineTuneFieldsetProps) {
  const { values, busy, ready, canRestore, validity, onChange, onFineTune, onRestore } = props;
  return (
    <fieldset>
      <legend>3. Fine-tune</legend>
      <NumberField label="Fine-tune epochs" value={values.fineTuneEpochs} rule={EPOCH_RULE} step={1}
        disabled={busy} onCommit={(fineTuneEpochs) => onChange({ fineTuneEpochs })}
        onValidity={validity('fineTuneEpochs')} />
      <NumberField label="Fine-tune learning rate" value={values.fineTuneLearningRate} rule={RATE_RULE}
        disabled={busy} onCommit={(fineTuneLearningRate) => onChange({ fineTuneLearningRate })}
        onValidity={validity('fineTuneLearningRate')} />
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
