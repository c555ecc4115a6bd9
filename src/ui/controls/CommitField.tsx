import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import './field.css';

type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

export interface CommitFieldProps<T> {
  label: string;
  /** The value in force, as the field shows it when nothing is being typed. */
  text: string;
  /** Reads what was typed: the value, or a message that says what was expected and what came. */
  parse: (text: string) => Parsed<T>;
  /** What to say when the browser could not read the input at all (a number input holding "1e"). */
  unreadable?: string;
  type: 'number' | 'text';
  inputMode: 'decimal' | 'numeric';
  step?: number | 'any';
  min?: number;
  max?: number;
  disabled?: boolean;
  /** Changes many times a second (gets its own compositing layer). */
  live?: boolean;
  /** Called with a valid value when the person presses Enter or leaves the field. */
  onCommit: (value: T) => void;
  /** Called whenever the field turns valid or invalid, and with true when it goes away. */
  onValidity?: (valid: boolean) => void;
}

/**
 * An input that applies its value on Enter or blur, and only when valid; otherwise it shows why
 * inline, keeps what was typed, and leaves the last good value in force. Escape gives up the draft.
 */
export function CommitField<T>(props: CommitFieldProps<T>) {
  const {
    label,
    text: shown,
    parse,
    unreadable,
    type,
    inputMode,
    step,
    min,
    max,
    disabled,
    live,
    onCommit,
    onValidity,
  } = props;
  const id = useId();
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  // The browser empties a number input's value when what was typed is not a number ("1e", "--2").
  const [badInput, setBadInput] = useState(false);
  const text = draft ?? shown;
  // A field that goes away (another data set's controls) takes its complaint with it.
  const reportValidity = useRef(onValidity);
  useEffect(() => {
    reportValidity.current = onValidity;
  });
  useEffect(() => () => reportValidity.current?.(true), []);

  /** Enter applies what the field shows, changed or not; leaving the field applies only a change. */
  const commit = (unchangedToo: boolean) => {
    if (draft === null && !unchangedToo) return;
    const parsed: Parsed<T> = badInput && unreadable ? { ok: false, message: unreadable } : parse(text);
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
        type={type}
        inputMode={inputMode}
        step={step}
        min={min}
        max={max}
        value={text}
        disabled={disabled}
        spellCheck={type === 'text' ? false : undefined}
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
