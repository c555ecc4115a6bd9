/** A source of uniform random numbers in [0, 1). */
export type Rng = () => number;

/**
 * Mulberry32: a small, fast, seeded 32-bit generator. The same seed gives the same sequence on
 * every machine, which is what makes a data set or a shuffle reproducible from its seed alone.
 */
export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A standard normal sample (Box–Muller) drawn from `rng`. */
export function normal(rng: Rng): number {
  const u = 1 - rng(); // (0, 1]: keeps log finite
  const v = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** The integers 0..n-1 in an order shuffled by Fisher–Yates with `rng`. */
export function permutation(n: number, rng: Rng): Int32Array {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const swap = order[i];
    order[i] = order[j];
    order[j] = swap;
  }
  return order;
}
