import { formatCount } from '../../core/format';
import {
  ACTIVATIONS,
  kernelShapes,
  shapeText,
  specFor,
  type Activation,
  type NetworkSpec,
} from '../../core/network/spec';
import { MAX_HIDDEN_LAYERS, MAX_LAYER_WIDTH, parseLayerSizes } from '../../core/validate';
import { layersOf } from '../../settings/derive';
import { draftValidity, type SettingsDispatch } from '../../settings/reducer';
import { ARCHITECTURES, type Architecture, type ModelSettings } from '../../settings/settings';
import { CommitField } from './CommitField';
import './field.css';
import './fieldset.css';

export interface ModelFieldsetProps {
  model: ModelSettings;
  /** The data set's default model, for "Default model". */
  defaultModel: ModelSettings;
  /** Why LeNet-5 cannot read these data, as a hint, or null when it can. */
  convProblem: string | null;
  /** An opened model's network, shown in place of the settings' (the fieldset is disabled then). */
  opened: NetworkSpec | null;
  /** Input features; null while the data load. */
  inputs: number | null;
  outputs: number;
  disabled: boolean;
  /** Takes the model and the Hidden layers field's draft actions. */
  dispatch: SettingsDispatch;
}

/**
 * "Model": the architecture (a multilayer perceptron, or LeNet-5 on images), the perceptron's hidden
 * layers and activation (LeNet-5's own, greyed, when it is chosen), and the whole shape with its
 * parameter count.
 */
export function ModelFieldset({
  model,
  defaultModel,
  convProblem,
  opened,
  inputs,
  outputs,
  disabled,
  dispatch,
}: ModelFieldsetProps) {
  const onModel = (next: ModelSettings) => dispatch({ type: 'setModel', model: next });
  const onValidity = (valid: boolean) => dispatch(draftValidity('hidden', valid));
  const conv = model.architecture !== 'mlp';
  // What the fields show: an opened model's layers, the perceptron's as set, or LeNet-5's own.
  const shown = opened ?? layersOf(model);
  const spec =
    opened ?? (inputs === null ? null : specFor(shown, { features: inputs, classes: outputs === 1 ? 2 : outputs }));
  const parameters = spec ? kernelShapes(spec).reduce((sum, [fanIn, fanOut]) => sum + (fanIn + 1) * fanOut, 0) : 0;
  const isDefault =
    model.architecture === defaultModel.architecture &&
    model.activation === defaultModel.activation &&
    model.hidden.join() === defaultModel.hidden.join();
  return (
    <fieldset>
      <legend>Model</legend>
      <div className="field">
        <label htmlFor="architecture">Architecture</label>
        <select
          id="architecture"
          value={model.architecture}
          disabled={disabled}
          onChange={(e) => onModel({ ...model, architecture: e.target.value as Architecture })}
        >
          {Object.entries(ARCHITECTURES).map(([token, { text }]) => (
            <option key={token} value={token} disabled={token !== 'mlp' && convProblem !== null}>
              {text}
            </option>
          ))}
        </select>
      </div>
      <LayerSizesField
        key={shown.hidden.join()}
        hidden={shown.hidden}
        disabled={disabled || conv}
        onValidity={onValidity}
        onCommit={(hidden) => onModel({ ...model, hidden })}
      />
      <div className="field">
        <label htmlFor="activation">Activation</label>
        <select
          id="activation"
          value={shown.activation}
          disabled={disabled || conv}
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
          {spec
            ? `${shapeText(spec)} (${outputs === 1 ? 'sigmoid' : 'softmax'}): ${formatCount(parameters)} parameters`
            : 'waiting for the data…'}
        </output>
      </p>
      <div className="buttons">
        <button type="button" disabled={disabled || isDefault} onClick={() => onModel(defaultModel)}>
          Default model
        </button>
      </div>
      <p className="hint">
        {opened
          ? 'The network of the model you opened; Close model goes back to these settings.'
          : conv
            ? 'LeNet-5 (LeCun et al. 1998): two 5×5 convolutions of 6 and 16 filters, each max-pooled, then 120, 84 and 10 neurons. Its first layer’s filters are pictures. Han et al. pruned its convolutions less than its dense layers: Scope Global does that by itself, as their weights are larger. A change starts a fresh, untrained session.'
            : `1 to ${MAX_HIDDEN_LAYERS} hidden layers of 1 to ${MAX_LAYER_WIDTH} neurons. A change starts a fresh, untrained session.`}
        {convProblem && !opened && ` ${convProblem}`}
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
