/**
 * Knowledge distillation (Hinton, Vinyals & Dean 2015): the student (here the pruned network) learns
 * from the hard labels and from the teacher's (the trained dense baseline's) outputs softened by a
 * temperature T. Loss per row, with p = softmax(z) (a sigmoid for one output) and p^T = softmax(z/T):
 *
 *   L = (1 − α)·CE(y, p_student) + α·T²·KL(p_teacher^T ‖ p_student^T)
 *
 * The T² keeps the soft term's gradient, α·T·(p_student^T − p_teacher^T) per logit, at the same
 * scale as the hard term's as T changes (Hinton et al. §2). KL rather than cross-entropy makes the
 * soft term 0 when the student matches the teacher; the gradient is the same.
 */

/** How distillation mixes the two losses. */
export interface DistillOptions {
  /** Temperature T ≥ 1 that softens both networks' outputs in the soft term. */
  temperature: number;
  /** Weight α in [0, 1] of the soft term; 1 − α goes to the labels. */
  alpha: number;
}

/**
 * The mean distillation loss over rows. `student` and `teacher` hold `outputs` logits per row
 * (row-major); `labels` a class index per row (0/1 for one sigmoid output).
 */
export function distillationLoss(
  student: Float32Array,
  teacher: Float32Array,
  labels: ArrayLike<number>,
  outputs: number,
  options: DistillOptions,
): number {
  const { temperature: t, alpha } = options;
  if (!(t >= 1) || !(alpha >= 0 && alpha <= 1)) {
    throw new Error(`Expected T >= 1 and α from 0 to 1, but got T = ${t}, α = ${alpha}`);
  }
  const rows = labels.length;
  if (student.length !== rows * outputs || teacher.length !== rows * outputs) {
    throw new Error(
      `Expected ${rows * outputs} logits from each network, but got ${student.length} and ${teacher.length}`,
    );
  }
  let sum = 0;
  for (let r = 0; r < rows; r++) {
    const zs = Array.from(student.subarray(r * outputs, (r + 1) * outputs));
    const zt = Array.from(teacher.subarray(r * outputs, (r + 1) * outputs));
    const hard = -Math.log(Math.max(probabilities(zs, 1)[labels[r]], 1e-12));
    const ps = probabilities(zs, t);
    const pt = probabilities(zt, t);
    let kl = 0;
    pt.forEach((p, k) => {
      if (p > 0) kl += p * (Math.log(p) - Math.log(Math.max(ps[k], 1e-12)));
    });
    sum += (1 - alpha) * hard + alpha * t * t * kl;
  }
  return rows === 0 ? 0 : sum / rows;
}

/** Class probabilities of one row's logits at temperature t: softmax(z/t), or [1 − σ, σ] for one logit. */
export function probabilities(logits: readonly number[], t: number): number[] {
  if (logits.length === 1) {
    const p = 1 / (1 + Math.exp(-logits[0] / t));
    return [1 - p, p];
  }
  const top = Math.max(...logits);
  const e = logits.map((z) => Math.exp((z - top) / t));
  const total = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / total);
}
