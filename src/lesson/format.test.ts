import { describe, expect, it } from 'vitest';
import { formatDifference, formatGuess, formatMeasured, revealSentence } from './format';

describe('lesson formats', () => {
  it('writes a guess as typed, to one decimal at most', () => {
    expect(formatGuess(60)).toBe('60%');
    expect(formatGuess(62.5)).toBe('62.5%');
    expect(formatGuess(33.333)).toBe('33.3%');
    expect(formatGuess(0)).toBe('0%');
  });

  it('writes a measurement with one decimal', () => {
    expect(formatMeasured(87)).toBe('87.0%');
    expect(formatMeasured(65.67)).toBe('65.7%');
  });

  it('signs the difference in points, with a real minus sign', () => {
    expect(formatDifference(-27)).toBe('−27.0 points');
    expect(formatDifference(14.5)).toBe('+14.5 points');
    expect(formatDifference(0.04)).toBe('0.0 points');
    expect(formatDifference(-0.04)).toBe('0.0 points');
  });

  it('says what Reveal found beside the guess', () => {
    expect(revealSentence(60, 87)).toBe('You guessed 60%, measured 87.0%');
    expect(revealSentence(null, 50.33)).toBe('You made no guess; measured 50.3%');
  });
});
