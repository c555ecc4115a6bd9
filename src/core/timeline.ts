/** The three phases of the seed's flow, as they are labelled on the page. */
export const PHASES = ['Train', 'Prune', 'Fine-tune'] as const;
export type Phase = (typeof PHASES)[number];

/** One recorded moment of the session: test figures and sparsity, as fractions. */
export interface TimelinePoint {
  /** Position on the timeline: 0, 1, 2, ... in the order the moments happened. */
  step: number;
  phase: Phase;
  /** Test accuracy in [0, 1]. */
  accuracy: number;
  /** Training-set accuracy in [0, 1]. */
  trainAccuracy: number;
  /** Test loss. */
  loss: number;
  /** Sparsity in [0, 1]. */
  sparsity: number;
  /** What the moment was, for the tooltip: "epoch 3", "threshold 0.1". */
  label: string;
}

/** A stretch of consecutive points of one phase, padded by half a step on each side. */
export interface PhaseBand {
  phase: Phase;
  from: number;
  to: number;
}

/** The contiguous runs of one phase in `points`, so each can be shaded and labelled. */
export function phaseBands(points: readonly TimelinePoint[]): PhaseBand[] {
  const bands: PhaseBand[] = [];
  for (const point of points) {
    const last = bands[bands.length - 1];
    if (last && last.phase === point.phase) last.to = point.step + 0.5;
    else bands.push({ phase: point.phase, from: point.step - 0.5, to: point.step + 0.5 });
  }
  return bands;
}
