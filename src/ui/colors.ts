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
} as const;
