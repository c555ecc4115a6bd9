import { describe, expect, it } from 'vitest';
import { phaseBands, type Phase, type TimelinePoint } from './timeline';

const point = (step: number, phase: Phase): TimelinePoint => ({
  step,
  phase,
  label: '',
  accuracy: 0.5,
  trainAccuracy: 0.5,
  loss: 0.7,
  sparsity: 0,
});

describe('phaseBands', () => {
  it('groups consecutive points of a phase, padded so neighbouring bands meet', () => {
    const phases: Phase[] = ['Train', 'Train', 'Prune', 'Fine-tune', 'Fine-tune', 'Prune'];
    expect(phaseBands(phases.map((p, i) => point(i, p)))).toEqual([
      { phase: 'Train', from: -0.5, to: 1.5 },
      { phase: 'Prune', from: 1.5, to: 2.5 },
      { phase: 'Fine-tune', from: 2.5, to: 4.5 },
      { phase: 'Prune', from: 4.5, to: 5.5 },
    ]);
    expect(phaseBands([])).toEqual([]);
  });
});
