/**
 * Relative-index sparse storage (Deep Compression §2, Figure 2): the kept weights of a flat kernel
 * are stored in order, each with its gap to the previous one (the first counts from position −1)
 * in a fixed `indexBits`. A gap of g takes g − 1 in the field, so gaps 1..2^indexBits fit; a longer
 * gap is bridged by filler entries, each a zero weight 2^indexBits further on: a gap of g needs
 * ⌈g / 2^indexBits⌉ − 1 fillers. Zeros after the last kept weight cost nothing (the decoder knows
 * the kernel's length).
 */

/** The entries of one kernel: a gap per entry, and which weight (or a filler, −1) each stands for. */
export interface RelativeIndices {
  /** Gap to the previous entry, 1..2^indexBits, one per entry (fillers included). */
  gaps: Uint32Array;
  /** The flat index of the kept weight an entry stores, or −1 for a filler. */
  weights: Int32Array;
  /** How many of the entries are fillers. */
  fillers: number;
}

/** Widest relative index this module encodes (gaps up to 2^16). */
export const MAX_INDEX_BITS = 16;

/** The largest gap a field of `indexBits` holds: 2^indexBits (stored as gap − 1). */
export function maxGap(indexBits: number): number {
  if (!Number.isInteger(indexBits) || indexBits < 1 || indexBits > MAX_INDEX_BITS) {
    throw new Error(`Expected a relative index of 1 to ${MAX_INDEX_BITS} bits, but got ${indexBits}`);
  }
  return 2 ** indexBits;
}

/** Fillers a gap of `gap` positions needs at `indexBits`: ⌈gap / 2^indexBits⌉ − 1. */
export function fillersFor(gap: number, indexBits: number): number {
  return Math.ceil(gap / maxGap(indexBits)) - 1;
}

/** The relative-index entries of the kept weights of `mask` (1 = kept), in flat order. */
export function relativeIndices(mask: Uint8Array, indexBits: number): RelativeIndices {
  const span = maxGap(indexBits);
  // Two passes over the mask: count the entries, then fill typed arrays of that length.
  let entries = 0;
  let previous = -1;
  for (let i = 0; i < mask.length; i++) {
    if (mask[i] !== 1) continue;
    entries += Math.ceil((i - previous) / span);
    previous = i;
  }
  const gaps = new Uint32Array(entries);
  const weights = new Int32Array(entries);
  let e = 0;
  let fillers = 0;
  previous = -1;
  for (let i = 0; i < mask.length; i++) {
    if (mask[i] !== 1) continue;
    let gap = i - previous;
    while (gap > span) {
      gaps[e] = span;
      weights[e++] = -1;
      fillers++;
      gap -= span;
    }
    gaps[e] = gap;
    weights[e++] = i;
    previous = i;
  }
  return { gaps, weights, fillers };
}

/**
 * The flat positions the entries stand for, read back from the gaps alone: a decoder's view.
 * Fillers are the entries whose value is zero, which the caller marks in `isFiller`.
 */
export function decodePositions(gaps: Uint32Array, isFiller: (entry: number) => boolean): number[] {
  const positions: number[] = [];
  let at = -1;
  for (let e = 0; e < gaps.length; e++) {
    at += gaps[e];
    if (!isFiller(e)) positions.push(at);
  }
  return positions;
}
