import type { NumberRule } from '../../core/validate';
import { parseNumber } from '../../core/validate';
import { CommitField } from './CommitField';

export interface NumberFieldProps {
  label: string;
  value: number;
  rule: NumberRule;
  step?: number | 'any';
  disabled?: boolean;
  live?: boolean;
  onCommit: (value: number) => void;
  onValidity?: (valid: boolean) => void;
}

/** A number input checked against `rule` (see CommitField). */
export function NumberField({
  label,
  value,
  rule,
  step = 'any',
  disabled,
  live,
  onCommit,
  onValidity,
}: NumberFieldProps) {
  return (
    <CommitField
      label={label}
      text={String(value)}
      parse={(text) => parseNumber(text, rule)}
      unreadable={`Expected a number for the ${rule.subject}, but what was typed is not one`}
      type="number"
      inputMode="decimal"
      step={step}
      min={rule.min}
      max={rule.max}
      disabled={disabled}
      live={live}
      onCommit={onCommit}
      onValidity={onValidity}
    />
  );
}
