import { useId } from 'react';
import './field.css';

export interface SelectFieldProps<T extends string> {
  label: string;
  value: T;
  /** Each option's value (a token) and text. */
  options: ReadonlyArray<readonly [T, string]>;
  disabled: boolean;
  onChange: (value: T) => void;
}

/** A labelled select whose values are the tokens of an `as const` table. */
export function SelectField<T extends string>({ label, value, options, disabled, onChange }: SelectFieldProps<T>) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={value}
        disabled={disabled}
        onChange={(e) => {
          const chosen = options.find(([token]) => token === e.target.value);
          if (chosen) onChange(chosen[0]);
        }}
      >
        {options.map(([token, text]) => (
          <option key={token} value={token}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}
