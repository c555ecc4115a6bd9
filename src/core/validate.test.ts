import { describe, expect, it } from 'vitest';
import { parseNumber } from './validate';

const threshold = { subject: 'threshold', min: 0, max: 10 };

describe('parseNumber', () => {
  it('accepts numbers in range, surrounding spaces and exponent notation included', () => {
    expect(parseNumber(' 0.1 ', threshold)).toEqual({ ok: true, value: 0.1 });
    expect(parseNumber('1e-3', threshold)).toEqual({ ok: true, value: 0.001 });
    expect(parseNumber('0', threshold)).toEqual({ ok: true, value: 0 });
  });

  it('says what was expected and what came', () => {
    expect(parseNumber('-0.2', threshold)).toEqual({ ok: false, message: 'Expected a threshold >= 0 and <= 10, but got -0.2' });
    expect(parseNumber('abc', threshold)).toEqual({ ok: false, message: 'Expected a threshold, but got "abc"' });
    expect(parseNumber('', threshold)).toEqual({ ok: false, message: 'Expected a threshold, but the field is empty' });
    expect(parseNumber('Infinity', threshold).ok).toBe(false);
  });

  it('enforces whole numbers and exclusive minimums', () => {
    const epochs = { subject: 'epoch', min: 1, max: 200, integer: true };
    expect(parseNumber('2.5', epochs)).toEqual({ ok: false, message: 'Expected a whole number of epochs, but got 2.5' });
    expect(parseNumber('0', epochs)).toEqual({ ok: false, message: 'Expected a whole number of epochs >= 1 and <= 200, but got 0' });
    const rate = { subject: 'learning rate', min: 0, max: 10, minInclusive: false };
    expect(parseNumber('0', rate)).toEqual({ ok: false, message: 'Expected a learning rate > 0 and <= 10, but got 0' });
  });
});
