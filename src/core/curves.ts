/**
 * The plain data behind the trade-off figures: accuracy against sparsity, per run and per layer.
 * Fractions are in [0, 1]; the figures turn them into percentages.
 */

/** What produced a curve. Keys double as tokens; values are the legend's words. */
export const CURVE_KINDS = {
  'one-shot': 'One-shot, no retraining',
  'fine-tuned': 'Pruned, then fine-tuned',
  distilled: 'Pruned, then fine-tuned with distillation',
  iterative: 'Iterative pruning',
  schedule: 'Polynomial schedule',
  rewound: 'Rewound to θ₀ (lottery ticket)',
  reinit: 'Random re-initialisation',
} as const;
export type CurveKind = keyof typeof CURVE_KINDS;

export interface CurvePoint {
  /** Share of prunable weights that are zero. */
  sparsity: number;
  /** Test accuracy. */
  accuracy: number;
  /** What the point is, for the tooltip: "round 3", "target 90%". */
  label: string;
}

/** One run's points, kept so that runs can be compared. */
export interface Curve {
  /** Unique within a session, in the order runs were made. */
  id: number;
  kind: CurveKind;
  /** The run's own words: "One-shot · Global · Unstructured (weights)". */
  label: string;
  /** In order of increasing sparsity for sweeps; in the order they happened for runs. */
  points: CurvePoint[];
}

/** Accuracy against one layer's sparsity with every other layer left as it is. */
export interface LayerSensitivity {
  /** The layer's plain name: "Dense 1 (20→64)". */
  layer: string;
  points: CurvePoint[];
}

/** A point of a sparsity schedule: planned before the run, or measured during it. */
export interface SchedulePoint {
  /** Optimizer step from the start of the run. */
  step: number;
  sparsity: number;
}

/** The planned curve of a schedule and what the run measured so far. */
export interface ScheduleTrace {
  planned: SchedulePoint[];
  actual: SchedulePoint[];
  totalSteps: number;
}
