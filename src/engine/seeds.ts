/**
 * Every random stream a session draws, derived from its one seed, in one table: each stream's seed
 * is the session's seed XOR its salt (plus the round or layer offset where a stream is drawn again),
 * so that streams never coincide and the same seed gives the same run on every backend. Changing a
 * salt changes every figure the README quotes.
 */
export const SEED_STREAMS = {
  /** The baseline's minibatch order. */
  'train shuffle': 0x5eed,
  /** Fine-tuning's minibatch order; + the round. */
  'fine-tune shuffle': 0xf17e,
  /** Iterative pruning's minibatch order; + the round index. */
  'iterative shuffle': 0x17e2,
  /** The polynomial schedule's minibatch order; + the round. */
  'schedule shuffle': 0x5c4e,
  /** The lottery-ticket retraining's minibatch order (both runs share it, so they compare). */
  'lottery shuffle': 0x71c3,
  /** The random control's keys: one uniform number per weight. */
  'random control': 0x7a11,
} as const;
export type SeedStream = keyof typeof SEED_STREAMS;

/** The seed of `stream` for a session seeded with `seed`, drawn for the `offset`-th time. */
export function streamSeed(seed: number, stream: SeedStream, offset = 0): number {
  return (seed ^ SEED_STREAMS[stream]) + offset;
}

/**
 * The random re-initialisation (the lottery ticket's control) draws its weights as the initial
 * weights do, from layer seeds counted from `seed + FRESH_DRAW_OFFSET` instead of `seed`.
 */
export const FRESH_DRAW_OFFSET = 7919;
