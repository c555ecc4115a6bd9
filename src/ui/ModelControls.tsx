import { useEffect, useId, useState, type KeyboardEvent } from 'react';
import { formatCount } from '../core/format';
import { ACTIVATIONS, kernelShapes, type Activation } from '../core/spec';
import { MAX_HIDDEN_LAYERS, MAX_LAYER_WIDTH, parseLayerSizes } from '../core/validate';
import type { ModelChoice } from '../engine/session';

export interface ModelFieldsetProps {
  model: ModelChoice;
  /** The data set's default model, for "Default model". */
  defaultModel: ModelChoice;
  /** Input features; null while the data load. */
  inputs: number | null;
  outputs: number;
  disabled: boolean;
  onModel(model: ModelChoice): void;
  onValidity(valid: boolean): void;
}

/** "Model": the hidden layers' sizes and activation, with the whole shape and its parameter count. */
export function ModelFieldset({ model, defaultModel, inputs, outputs, disabled, onModel, onValidity }: ModelFieldsetProps) {
  const shapes = inputs === null ? null : kernelShapes({ inputs, hidden: model.hidden, activation: model.activation, outputs });
  const parameters = shapes?.reduce((sum, [fanIn, fanOut]) => sum + (fanIn + 1) * fanOut, 0) ?? 0;
  const isDefault = model.activation === defaultModel.activation && model.hidden.join() === defaultModel.hidden.join();
  return (
    <fieldset>
      <legend>Model</legend>
      <LayerSizesField key={model.hidden.join()} hidden={model.hidden} disabled={disabled} onValidity={onValidity}
        onCommit={(hidden) => onModel({ ...model, hidden })} />
      <div className="field">
        <label htmlFor="activation">Activation</label>
        <select id="activation" value={model.activation} disabled={disabled}
          onChange={(e) => onModel({ ...model, activation: e.target.value as Activation })}>
          {ACTIVATIONS.map((a) => (
            <option key={a} value={a}>
              {a}
            </option>
          ))}
        </select>
      </div>
      <p className="hint shape">
        <output aria-label="Model shape">
          {shapes ? `${[inputs, ...model.hidden, outputs].join(' → ')} (${outputs === 1 ? 'sigmoid' : 'softmax'}): ${formatCount(parameters)} parameters` : 'waiting for the data…'}
        </output>
      </p>
      <div className="buttons">
        <button type="button" disabled={disabled || isDefault} onClick={() => onModel(defaultModel)}>
          Default model
        </button>
      </div>
      <p className="hint">
        1 to {MAX_HIDDEN_LAYERS} hidden layers of 1 to {MAX_LAYER_WIDTH} neurons. A change starts a fresh, untrained session.
      </p>
    </fieldset>
  );
}

/** The Hidden layers text field: applied on Enter or leaving it, only when valid; otherwise it says why. */
function LayerSizesField({ hidden, disabled, onCommit, onValidity }: {
  hidden: readonly number[];
  disabled: boolean;
  onCommit(hidden: number[]): void;
  onValidity(valid: boolean): void;
}) {
  const id = useId();
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const text = draft ?? hidden.join(', ');
  // A field that goes away (another model or data set) takes its complaint with it.
  useEffect(() => () => onValidity(true), []);
  const commit = (unchangedToo: boolean) => {
    if (draft === null && !unchangedToo) return;
    const parsed = parseLayerSizes(text);
    if (!parsed.ok) {
      setError(parsed.message);
      onValidity(false);
      return;
    }
    setDraft(null);
    setError(null);
    onValidity(true);
    if (parsed.value.join() !== hidden.join()) onCommit(parsed.value);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') commit(true);
    if (event.key === 'Escape') {
      setDraft(null);
      setError(null);
      onValidity(true);
    }
  };
  return (
    <div className="field">
      <label htmlFor={id}>Hidden layers</label>
      <input id={id} type="text" inputMode="numeric" value={text} disabled={disabled} spellCheck={false}
        aria-invalid={error !== null} aria-describedby={error ? `${id}-error` : undefined}
        onChange={(e) => setDraft(e.target.value)} onBlur={() => commit(false)} onKeyDown={onKeyDown} />
      {error && (
        <p className="field-error" id={`${id}-error`} role="alert">
          {error}. Not applied.
        </p>
      )}
    </div>
  );
}
