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

/** What the model editor accepts: 1 to MAX_HIDDEN_LAYERS hidden layers of 1 to MAX_LAYER_WIDTH neurons. */
export const MAX_HIDDEN_LAYERS = 4;
export const MAX_LAYER_WIDTH = 512;

export type ParsedLayers = { ok: true; value: number[] } | { ok: false; message: string };

/**
 * Reads hidden-layer widths typed as a list ("64, 32" or "64 32"): 1 to MAX_HIDDEN_LAYERS whole
 * numbers from 1 to MAX_LAYER_WIDTH. The message says what was expected and what came.
 */
export function parseLayerSizes(text: string): ParsedLayers {
  const parts = text.split(/[\s,]+/).filter((p) => p !== '');
  const expected = `Expected 1 to ${MAX_HIDDEN_LAYERS} layer sizes, each a whole number from 1 to ${MAX_LAYER_WIDTH}, separated by commas`;
  if (parts.length === 0) return { ok: false, message: `${expected}, but the field is empty` };
  if (parts.length > MAX_HIDDEN_LAYERS) return { ok: false, message: `${expected}, but got ${parts.length} layers` };
  const value: number[] = [];
  for (const part of parts) {
    const width = Number(part);
    if (!Number.isInteger(width) || width < 1 || width > MAX_LAYER_WIDTH)
      return { ok: false, message: `${expected}, but got "${part}"` };
    value.push(width);
  }
  return { ok: true, value };
}
