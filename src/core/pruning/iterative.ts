/** Iterative pruning's arithmetic (Frankle & Carbin): each round prunes a share of the survivors. */

/**
 * Sparsity after `round` rounds of iterative pruning (Frankle & Carbin) when each round prunes the
 * fraction `fractionPerRound` of the surviving weights: 1 - (1 - p)^round, a fraction in [0, 1].
 * `fractionPerRound` is in [0, 1]; `round` is a whole number >= 0.
 */
export function iterativeSparsity(fractionPerRound: number, round: number): number {
  assertFraction(fractionPerRound);
  if (!Number.isInteger(round) || round < 0) {
    throw new Error(`Expected a whole number of rounds >= 0, but got ${round}`);
  }
  return 1 - Math.pow(1 - fractionPerRound, round);
}

/**
 * The smallest whole number of rounds whose `iterativeSparsity` reaches `targetSparsity` (both
 * fractions in [0, 1]); 20% per round reaches 90% in 11 rounds (1 - 0.8^11 = 0.914). Compared with
 * a tolerance of 1e-12, so 20% twice counts as reaching 36% despite floating-point error. A target
 * of 0 takes 0 rounds. Throws when the target can never be reached: a fraction per round of 0, or
 * a target of 1 with a fraction per round below 1.
 */
export function roundsToReach(targetSparsity: number, fractionPerRound: number): number {
  assertFraction(fractionPerRound);
  if (!Number.isFinite(targetSparsity) || targetSparsity < 0 || targetSparsity > 1) {
    throw new Error(`Expected a target sparsity >= 0 and <= 1, but got ${targetSparsity}`);
  }
  if (targetSparsity === 0) return 0;
  if (fractionPerRound === 1) return 1;
  if (fractionPerRound === 0) {
    throw new Error(`Expected a fraction per round > 0 to reach a sparsity of ${targetSparsity}, but got 0`);
  }
  if (targetSparsity === 1) {
    throw new Error(`Expected a fraction per round of 1 to reach a sparsity of 1, but got ${fractionPerRound}`);
  }
  const reaches = (r: number): boolean => iterativeSparsity(fractionPerRound, r) >= targetSparsity - TOLERANCE;
  let rounds = Math.max(0, Math.ceil(Math.log(1 - targetSparsity) / Math.log(1 - fractionPerRound)));
  while (rounds > 0 && reaches(rounds - 1)) rounds--;
  while (!reaches(rounds)) rounds++;
  return rounds;
}

const TOLERANCE = 1e-12;

function assertFraction(fraction: number): void {
  if (!Number.isFinite(fraction) || fraction < 0 || fraction > 1) {
    throw new Error(`Expected a fraction per round >= 0 and <= 1, but got ${fraction}`);
  }
}
