import { describe, expect, it } from 'vitest';
import { parseLayerSizes, parseNumber } from './validate';

const threshold = { subject: 'threshold', min: 0, max: 10 };

describe('parseNumber', () => {
  it('accepts numbers in range, surrounding spaces and exponent notation included', () => {
    expect(parseNumber(' 0.1 ', threshold)).toEqual({ ok: true, value: 0.1 });
    expect(parseNumber('1e-3', threshold)).toEqual({ ok: true, value: 0.001 });
    expect(parseNumber('0', threshold)).toEqual({ ok: true, value: 0 });
  });

  it('says what was expected and what came', () => {
    expect(parseNumber('-0.2', threshold)).toEqual({
      ok: false,
      message: 'Expected a threshold >= 0 and <= 10, but got -0.2',
    });
    expect(parseNumber('abc', threshold)).toEqual({ ok: false, message: 'Expected a threshold, but got "abc"' });
    expect(parseNumber('', threshold)).toEqual({ ok: false, message: 'Expected a threshold, but the field is empty' });
    expect(parseNumber('Infinity', threshold).ok).toBe(false);
  });

  it('enforces whole numbers and exclusive minimums', () => {
    const epochs = { subject: 'epoch', min: 1, max: 200, integer: true };
    expect(parseNumber('2.5', epochs)).toEqual({
      ok: false,
      message: 'Expected a whole number of epochs, but got 2.5',
    });
    expect(parseNumber('0', epochs)).toEqual({
      ok: false,
      message: 'Expected a whole number of epochs >= 1 and <= 200, but got 0',
    });
    const rate = { subject: 'learning rate', min: 0, max: 10, minInclusive: false };
    expect(parseNumber('0', rate)).toEqual({ ok: false, message: 'Expected a learning rate > 0 and <= 10, but got 0' });
  });
});

describe('parseLayerSizes', () => {
  it('reads widths separated by commas or spaces', () => {
    expect(parseLayerSizes('64, 32')).toEqual({ ok: true, value: [64, 32] });
    expect(parseLayerSizes(' 300 100 ')).toEqual({ ok: true, value: [300, 100] });
    expect(parseLayerSizes('8')).toEqual({ ok: true, value: [8] });
  });

  it('says what was expected and what came', () => {
    const expected = 'Expected 1 to 4 layer sizes, each a whole number from 1 to 512, separated by commas';
    expect(parseLayerSizes('')).toEqual({ ok: false, message: `${expected}, but the field is empty` });
    expect(parseLayerSizes('1,2,3,4,5')).toEqual({ ok: false, message: `${expected}, but got 5 layers` });
    expect(parseLayerSizes('64, 0')).toEqual({ ok: false, message: `${expected}, but got "0"` });
    expect(parseLayerSizes('600')).toEqual({ ok: false, message: `${expected}, but got "600"` });
    expect(parseLayerSizes('3.5')).toEqual({ ok: false, message: `${expected}, but got "3.5"` });
    expect(parseLayerSizes('a, b')).toEqual({ ok: false, message: `${expected}, but got "a"` });
  });
});
