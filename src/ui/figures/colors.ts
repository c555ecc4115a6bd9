/** One palette for every figure, chosen to stay apart on a projector and for common colour blindness. */
export const COLORS = {
  accuracy: '#0b6bcb',
  trainAccuracy: '#0b6bcb',
  loss: '#c2410c',
  sparsity: '#7c3aed',
  kept: '#0b6bcb',
  pruned: '#b8bcc6',
  threshold: '#c2410c',
  phase: { Train: '#dbeafe', Prune: '#fde2cf', 'Fine-tune': '#dcfce7' },
  phaseText: { Train: '#1e3a8a', Prune: '#7c2d12', 'Fine-tune': '#14532d' },
  grid: '#d4d7dd',
  axis: '#374151',
  /** Accuracy-vs-sparsity runs, one hue per kind of run. */
  curve: {
    'one-shot': '#c2410c',
    'fine-tuned': '#0b6bcb',
    distilled: '#be185d',
    iterative: '#15803d',
    schedule: '#7c3aed',
    rewound: '#0f766e',
    reinit: '#6b7280',
  },
  /** A lighter shade of each kind, for a second run of the same kind. */
  curveLight: {
    'one-shot': '#f0883e',
    'fine-tuned': '#5b9fe3',
    distilled: '#e05a9a',
    iterative: '#4cae6c',
    schedule: '#a47cf3',
    rewound: '#2aa89a',
    reinit: '#a3a8b3',
  },
  /** The 50% line: a coin flip's accuracy on two classes. */
  chance: '#9ca3af',
  /** A schedule's planned sparsity (dashed); the measured one uses `sparsity`. */
  schedulePlan: '#4b5563',
  /** Class colours for points, regions and digits: class 0 first (Tableau 10, projector-safe). */
  classes: [
    '#0b6bcb',
    '#c2410c',
    '#15803d',
    '#7c3aed',
    '#b45309',
    '#0f766e',
    '#be185d',
    '#4b5563',
    '#65a30d',
    '#1d4ed8',
  ],
  /** A link's sign in the Network figure. */
  positive: '#0b6bcb',
  negative: '#c2410c',
  /** A neuron that no longer affects the output. */
  dead: '#9ca3af',
  /** A wrong answer in the digit grid. */
  mistake: '#dc2626',
} as const;
