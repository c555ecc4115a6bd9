/** How the lesson writes its percentages. Inputs are percent (0–100), never fractions. */

/** A guess as the learner typed it: 60 → "60%", 62.5 → "62.5%", 33.333 → "33.3%". */
export function formatGuess(percent: number): string {
  return `${Number.isInteger(percent) ? percent : Number(percent.toFixed(1))}%`;
}

/** A measurement with one decimal: 87 → "87.0%". */
export function formatMeasured(percent: number): string {
  return `${percent.toFixed(1)}%`;
}

/** guess − measured in percentage points, signed: −27 → "−27.0 points", 3 → "+3.0 points". */
export function formatDifference(points: number): string {
  const rounded = Number(points.toFixed(1));
  if (rounded === 0) return '0.0 points';
  return `${rounded > 0 ? '+' : '−'}${Math.abs(rounded).toFixed(1)} points`;
}

/** The line Reveal shows: "You guessed 60%, measured 87.0%". */
export function revealSentence(guess: number | null, measured: number): string {
  return guess === null
    ? `You made no guess; measured ${formatMeasured(measured)}`
    : `You guessed ${formatGuess(guess)}, measured ${formatMeasured(measured)}`;
}
