import { describe, expect, it } from 'vitest';
import { distillationLoss, probabilities } from './distill';

describe('distillationLoss', () => {
  it('matches a value worked by hand (2 classes as softmax, T = 2, α = 0.5)', () => {
    // Student logits [0, ln 3]: p = [1/4, 3/4]; label 1 → CE = −ln(3/4) = 0.287682.
    // At T = 2: student [0, ln 3 / 2] → [1/(1+√3), √3/(1+√3)] = [0.366025, 0.633975].
    // Teacher [0, 2 ln 3] at T = 2 → [0, ln 3] → [0.25, 0.75].
    // KL = 0.25 ln(0.25/0.366025) + 0.75 ln(0.75/0.633975) = −0.095310 + 0.126048 = 0.030738.
    // L = 0.5 · 0.287682 + 0.5 · 4 · 0.030738 = 0.143841 + 0.061476 = 0.205317.
    const student = Float32Array.from([0, Math.log(3)]);
    const teacher = Float32Array.from([0, 2 * Math.log(3)]);
    expect(distillationLoss(student, teacher, [1], 2, { temperature: 2, alpha: 0.5 })).toBeCloseTo(0.205317, 5);
  });

  it('is the plain cross-entropy at α = 0 and 0 soft loss when student equals teacher', () => {
    const z = Float32Array.from([1, -2, 0.5]);
    const ce = -Math.log(probabilities([1, -2, 0.5], 1)[2]);
    expect(distillationLoss(z, Float32Array.from([9, 9, -9]), [2], 3, { temperature: 4, alpha: 0 })).toBeCloseTo(ce, 6);
    expect(distillationLoss(z, z, [2], 3, { temperature: 4, alpha: 1 })).toBeCloseTo(0, 7);
  });

  it('treats one output as a sigmoid, the same as two softmax logits [0, z]', () => {
    const one = distillationLoss(Float32Array.from([0.7]), Float32Array.from([2]), [0], 1, {
      temperature: 3,
      alpha: 0.3,
    });
    const two = distillationLoss(Float32Array.from([0, 0.7]), Float32Array.from([0, 2]), [0], 2, {
      temperature: 3,
      alpha: 0.3,
    });
    expect(one).toBeCloseTo(two, 6);
  });

  it('refuses T below 1 or α outside [0, 1]', () => {
    const z = Float32Array.from([0]);
    expect(() => distillationLoss(z, z, [0], 1, { temperature: 0.5, alpha: 0.5 })).toThrow(
      'Expected T >= 1 and α from 0 to 1, but got T = 0.5, α = 0.5',
    );
  });
});
