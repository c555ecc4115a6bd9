/**
 * N:M semi-structured sparsity (NVIDIA Ampere's sparse tensor cores run 2:4; tfmot's
 * `sparsity_m_by_n=(2, 4)`): in every group of M consecutive weights along a kernel's input
 * dimension, the N largest |w| are kept. A row-major [fanIn, fanOut] kernel's groups are rows
 * g·M .. g·M + M − 1 of one column. When fanIn is not a multiple of M the last group is short; it
 * is treated as padded with zeros to M, as the hardware pads it, so it keeps the N largest of the
 * weights it has (all of them when it has N or fewer): a 2-input first layer stays dense.
 */

/**
 * The N:M keep-mask of one kernel. Weights `prior` already pruned score as zeros and are never
 * kept again, so a group keeps at most N of its survivors. Of equal |w|, the lower row is kept
 * (the pattern allows exactly N, so ties cannot all stay).
 */
export function nmMask(
  weights: Float32Array,
  fanIn: number,
  fanOut: number,
  n: number,
  m: number,
  prior?: Uint8Array,
): Uint8Array {
  if (weights.length !== fanIn * fanOut) {
    throw new Error(`Expected ${fanIn}×${fanOut} weights, but got ${weights.length}`);
  }
  if (!(Number.isInteger(n) && Number.isInteger(m) && n >= 1 && n < m)) {
    throw new Error(`Expected whole N and M with 1 <= N < M, but got ${n}:${m}`);
  }
  const mask = new Uint8Array(weights.length);
  const rows: number[] = [];
  for (let c = 0; c < fanOut; c++) {
    for (let start = 0; start < fanIn; start += m) {
      rows.length = 0;
      for (let r = start; r < Math.min(start + m, fanIn); r++) if (!prior || prior[r * fanOut + c] === 1) rows.push(r);
      rows.sort((a, b) => Math.abs(weights[b * fanOut + c]) - Math.abs(weights[a * fanOut + c]) || a - b);
      for (const r of rows.slice(0, n)) mask[r * fanOut + c] = 1;
    }
  }
  return mask;
}

/** Whether a kernel with `fanIn` inputs splits into whole groups of M (and so loses exactly 1 − N/M). */
export function fitsGroups(fanIn: number, m: number): boolean {
  return fanIn % m === 0;
}
