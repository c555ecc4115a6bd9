import { useEffect, useId, useState, type KeyboardEvent } from 'react';
import { parseNumber, type NumberRule } from '../core/validate';

export interface NumberFieldProps {
  label: string;
  value: number;
  rule: NumberRule;
  step?: number | 'any';
  disabled?: boolean;
  /** Changes many times a second (gets its own compositing layer). */
  live?: boolean;
  /** Called with a valid value when the person presses Enter or leaves the field. */
  onCommit(value: number): void;
  /** Called whenever the field turns valid or invalid. */
  onValidity?(valid: boolean): void;
}

/**
 * A number input that applies its value on Enter or blur, and only when valid; otherwise it shows
 * why inline, keeps what was typed, and leaves the last good value in force.
 */
export function NumberField({ label, value, rule, step = 'any', disabled, live, onCommit, onValidity }: NumberFieldProps) {
  const id = useId();
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  // The browser empties a number input's value when what was typed is not a number ("1e", "--2").
  const [badInput, setBadInput] = useState(false);
  const text = draft ?? String(value);
  // A field that goes away (another data set's controls) takes its complaint with it.
  useEffect(() => () => onValidity?.(true), []);

  /** Enter applies what the field shows, changed or not; leaving the field applies only a change. */
  const commit = (unchangedToo: boolean) => {
    if (draft === null && !unchangedToo) return;
    const parsed = badInput
      ? { ok: false as const, message: `Expected a number for the ${rule.subject}, but what was typed is not one` }
      : parseNumber(text, rule);
    if (parsed.ok) {
      setDraft(null);
      setError(null);
      onValidity?.(true);
      onCommit(parsed.value);
    } else {
      setError(parsed.message);
      onValidity?.(false);
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') commit(true);
    if (event.key === 'Escape') {
      setDraft(null);
      setBadInput(false);
      setError(null);
      onValidity?.(true);
    }
  };

  return (
    <div className={live ? 'field live' : 'field'}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="number"
        inputMode="decimal"
        step={step}
        min={rule.min}
        max={rule.max}
        value={text}
        disabled={disabled}
        aria-invalid={error !== null}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(e) => {
          setDraft(e.target.value);
          setBadInput(e.target.validity.badInput);
        }}
        onBlur={() => commit(false)}
        onKeyDown={onKeyDown}
      />
      {error && (
        <p className="field-error" id={`${id}-error`} role="alert">
          {error}. Not applied.
        </p>
      )}
    </div>
  );
}
