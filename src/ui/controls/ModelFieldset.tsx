import { formatCount } from '../../core/format';
import { ACTIVATIONS, kernelShapes, type Activation } from '../../core/network/spec';
import { MAX_HIDDEN_LAYERS, MAX_LAYER_WIDTH, parseLayerSizes } from '../../core/validate';
import { draftValidity, type SettingsDispatch } from '../../settings/reducer';
import type { ModelSettings } from '../../settings/settings';
import { CommitField } from './CommitField';
import './field.css';
import './fieldset.css';

export interface ModelFieldsetProps {
  model: ModelSettings;
  /** The data set's default model, for "Default model". */
  defaultModel: ModelSettings;
  /** Input features; null while the data load. */
  inputs: number | null;
  outputs: number;
  disabled: boolean;
  /** Takes the model and the Hidden layers field's draft actions. */
  dispatch: SettingsDispatch;
}

/** "Model": the hidden layers' sizes and activation, with the whole shape and its parameter count. */
export function ModelFieldset({ model, defaultModel, inputs, outputs, disabled, dispatch }: ModelFieldsetProps) {
  const onModel = (next: ModelSettings) => dispatch({ type: 'setModel', model: next });
  const onValidity = (valid: boolean) => dispatch(draftValidity('hidden', valid));
  const shapes =
    inputs === null ? null : kernelShapes({ inputs, hidden: model.hidden, activation: model.activation, outputs });
  const parameters = shapes?.reduce((sum, [fanIn, fanOut]) => sum + (fanIn + 1) * fanOut, 0) ?? 0;
  const isDefault = model.activation === defaultModel.activation && model.hidden.join() === defaultModel.hidden.join();
  return (
    <fieldset>
      <legend>Model</legend>
      <LayerSizesField
        key={model.hidden.join()}
        hidden={model.hidden}
        disabled={disabled}
        onValidity={onValidity}
        onCommit={(hidden) => onModel({ ...model, hidden })}
      />
      <div className="field">
        <label htmlFor="activation">Activation</label>
        <select
          id="activation"
          value={model.activation}
          disabled={disabled}
          onChange={(e) => onModel({ ...model, activation: e.target.value as Activation })}
        >
          {ACTIVATIONS.map((a) => (
            <option key={a} value={a}>
              {a}
            </option>
          ))}
        </select>
      </div>
      <p className="hint shape">
        <output aria-label="Model shape">
          {shapes
            ? `${[inputs, ...model.hidden, outputs].join(' → ')} (${outputs === 1 ? 'sigmoid' : 'softmax'}): ${formatCount(parameters)} parameters`
            : 'waiting for the data…'}
        </output>
      </p>
      <div className="buttons">
        <button type="button" disabled={disabled || isDefault} onClick={() => onModel(defaultModel)}>
          Default model
        </button>
      </div>
      <p className="hint">
        1 to {MAX_HIDDEN_LAYERS} hidden layers of 1 to {MAX_LAYER_WIDTH} neurons. A change starts a fresh, untrained
        session.
      </p>
    </fieldset>
  );
}

/** The Hidden layers text field: applied on Enter or leaving it, only when valid; a change of model rebuilds the session. */
function LayerSizesField({
  hidden,
  disabled,
  onCommit,
  onValidity,
}: {
  hidden: readonly number[];
  disabled: boolean;
  onCommit: (hidden: number[]) => void;
  onValidity: (valid: boolean) => void;
}) {
  return (
    <CommitField
      label="Hidden layers"
      text={hidden.join(', ')}
      parse={parseLayerSizes}
      type="text"
      inputMode="numeric"
      disabled={disabled}
      onValidity={onValidity}
      onCommit={(value) => value.join() !== hidden.join() && onCommit(value)}
    />
  );
}
