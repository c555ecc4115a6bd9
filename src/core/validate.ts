/** What a number field accepts. */
export interface NumberRule {
  /** The field's subject, as the message names it: "threshold", "learning rate". */
  subject: string;
  min: number;
  max: number;
  /** Whether `min` itself is allowed (default true). */
  minInclusive?: boolean;
  integer?: boolean;
}

export type Parsed = { ok: true; value: number } | { ok: false; message: string };

/**
 * Reads a number typed by a person. Returns the value, or a message that says what was expected
 * and what came: `Expected a threshold >= 0, but got -0.2`.
 */
export function parseNumber(text: string, rule: NumberRule): Parsed {
  const trimmed = text.trim();
  const { subject, min, max, integer = false, minInclusive = true } = rule;
  const expected = `${integer ? 'a whole number of ' + plural(subject) : article(subject) + ' ' + subject}`;
  const range = `${minInclusive ? '>=' : '>'} ${min} and <= ${max}`;
  if (trimmed === '') return { ok: false, message: `Expected ${expected}, but the field is empty` };
  const value = Number(trimmed);
  if (!Number.isFinite(value)) {
    return { ok: false, message: `Expected ${expected}, but got "${trimmed}"` };
  }
  if (integer && !Number.isInteger(value)) {
    return { ok: false, message: `Expected ${expected}, but got ${trimmed}` };
  }
  if (value < min || (!minInclusive && value === min) || value > max) {
    return { ok: false, message: `Expected ${expected} ${range}, but got ${trimmed}` };
  }
  return { ok: true, value };
}

function article(word: string): string {
  return /^[aeiou]/i.test(word) ? 'an' : 'a';
}

function plural(word: string): string {
  return word.endsWith('s') ? word : `${word}s`;
}
