/** The text shown for a figure that does not exist yet. */
export const MISSING = '—';

/** A fraction in [0, 1] as a percentage with two decimals: 0.38690 → "38.69%". */
export function formatPercent(fraction: number | null | undefined): string {
  if (fraction === null || fraction === undefined || !Number.isFinite(fraction)) return MISSING;
  return `${(fraction * 100).toFixed(2)}%`;
}

/** A loss with four decimals: "0.6737". */
export function formatLoss(loss: number | null | undefined): string {
  if (loss === null || loss === undefined || !Number.isFinite(loss)) return MISSING;
  return loss.toFixed(4);
}

/** One formatter for every count: toLocaleString builds a new one per call, which a repaint felt. */
const COUNT = new Intl.NumberFormat('en-US');

/** An integer with thousands separators: 3360 → "3,360". */
export function formatCount(n: number): string {
  return COUNT.format(Math.round(n));
}

/** A byte count for people: "812 bytes", "13.1 KB", "1.04 MB" (1 KB = 1024 bytes). */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return MISSING;
  if (bytes < 1024) return `${Math.round(bytes)} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(2)} MB`;
}
