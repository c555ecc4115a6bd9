/**
 * How many bytes a network's weights take on disk in a few common encodings, counted exactly from
 * the arrays (no files are written). Kernels are row-major [fanIn, fanOut]; a "non-zero" is an entry
 * that is not exactly 0 (pruned weights are exactly 0). Biases are never pruned and are stored the
 * same way in every sparse encoding as in its dense counterpart.
 */
import { chainedShapes } from './forward';
import type { NetworkWeights } from './spec';

/** Bytes of one float32 value, one row pointer of CSR, and one quantization scale. */
const FLOAT_BYTES = 4;
/** Widest fanOut whose column indices 0..fanOut-1 fit in an unsigned 16-bit integer. */
const UINT16_COLUMNS = 65_536;

/** A network's parameter counts and its size in bytes under each encoding. */
export interface ModelSizes {
  /** Kernel and bias entries, all of them. */
  parameters: number;
  /** Kernel and bias entries that are not exactly zero. */
  nonZero: number;
  /**
   * Dense float32: 4 B per parameter, zeros included. This is what a `.bin` weights file of
   * TensorFlow.js or Keras holds.
   */
  dense: number;
  /**
   * Compressed sparse rows, per kernel: the non-zero values (4 B each), the column index of each
   * (2 B when fanOut ≤ 65,536, else 4 B), and fanIn + 1 row pointers (4 B each) saying where each
   * row's run of values starts. Biases dense float32.
   */
  csr: number;
  /**
   * Bitmask + values, per kernel: one bit per entry (⌈n / 8⌉ bytes) saying whether it is kept, then
   * the non-zero values in order (4 B each). Biases dense float32.
   */
  bitmask: number;
  /**
   * Dense int8: every parameter quantized to one byte, plus one float32 scale (4 B) per tensor
   * (each kernel and each bias vector), value ≈ scale × byte.
   */
  int8: number;
  /**
   * int8 + bitmask: per kernel the bitmask (⌈n / 8⌉ bytes), 1 B per non-zero and a 4 B scale;
   * biases dense int8 with their own 4 B scale.
   */
  int8Sparse: number;
}

/**
 * The parameter counts and encoded sizes (bytes) of `weights`, kernels and biases together. Each
 * kernel is taken as the row-major [fanIn, fanOut] of `shapes`: by default the dense chain's (throws
 * when the kernels do not chain, see `chainedShapes`); a conv net passes core/conv's `kernelShapes`,
 * whose [kh·kw·in, filters] is how an HWIO kernel is stored. The result is a new object owned by the caller.
 */
export function modelSizes(
  weights: NetworkWeights,
  shapes: readonly (readonly [number, number])[] = chainedShapes(weights),
): ModelSizes {
  const sizes: ModelSizes = { parameters: 0, nonZero: 0, dense: 0, csr: 0, bitmask: 0, int8: 0, int8Sparse: 0 };
  weights.kernels.forEach((kernel, k) => {
    const [fanIn, fanOut] = shapes[k] ?? [0, 0];
    const n = kernel.length;
    if (n !== fanIn * fanOut) throw new Error(`Expected kernel ${k} to be [${fanIn}, ${fanOut}], but got ${n} entries`);
    const nonZero = countNonZero(kernel);
    const maskBytes = Math.ceil(n / 8);
    sizes.parameters += n;
    sizes.nonZero += nonZero;
    sizes.dense += FLOAT_BYTES * n;
    sizes.csr += (FLOAT_BYTES + columnIndexBytes(fanOut)) * nonZero + FLOAT_BYTES * (fanIn + 1);
    sizes.bitmask += maskBytes + FLOAT_BYTES * nonZero;
    sizes.int8 += n + FLOAT_BYTES;
    sizes.int8Sparse += maskBytes + nonZero + FLOAT_BYTES;
  });
  for (const bias of weights.biases) {
    const n = bias.length;
    sizes.parameters += n;
    sizes.nonZero += countNonZero(bias);
    sizes.dense += FLOAT_BYTES * n;
    sizes.csr += FLOAT_BYTES * n;
    sizes.bitmask += FLOAT_BYTES * n;
    sizes.int8 += n + FLOAT_BYTES;
    sizes.int8Sparse += n + FLOAT_BYTES;
  }
  return sizes;
}

/** Bytes of one CSR column index for a kernel with `fanOut` columns: 2 up to 65,536 columns, else 4. */
export function columnIndexBytes(fanOut: number): number {
  return fanOut <= UINT16_COLUMNS ? 2 : 4;
}

/** Sparsities (fractions in [0, 1]) above which an encoding's kernels take fewer bytes than dense. */
export interface BreakEven {
  /** CSR vs dense float32: a non-zero costs 4 B + its index instead of 4 B, plus the row pointers. */
  csr: number;
  /** Bitmask + values vs dense float32: one bit per entry, then only the non-zeros. */
  bitmask: number;
  /** int8 + bitmask vs dense int8. */
  int8Sparse: number;
}

/**
 * The kernel sparsity s at which each sparse encoding of `weights`' kernels is exactly as large as
 * the dense one, assuming every kernel has that sparsity (biases cost the same in both and drop
 * out). For CSR: Σ (4 + c)·(1 − s)·n + 4·(fanIn + 1) = Σ 4·n, so s = 1 − (4N − 4·Σ(fanIn + 1)) / Σ (4 + c)·n;
 * large layers with 2 B indices give s → 1/3. The bitmask's ⌈n / 8⌉ is taken as n / 8. Results
 * are clamped to [0, 1] (1: never smaller). Throws when the kernels do not chain.
 */
export function breakEvenSparsity(
  weights: NetworkWeights,
  shapes: readonly (readonly [number, number])[] = chainedShapes(weights),
): BreakEven {
  let entries = 0;
  let rowPointerBytes = 0;
  let csrBytesPerEntry = 0;
  shapes.forEach(([fanIn, fanOut]) => {
    const n = fanIn * fanOut;
    entries += n;
    rowPointerBytes += FLOAT_BYTES * (fanIn + 1);
    csrBytesPerEntry += (FLOAT_BYTES + columnIndexBytes(fanOut)) * n;
  });
  if (entries === 0) return { csr: 1, bitmask: 1, int8Sparse: 1 };
  const clamp = (s: number) => Math.min(1, Math.max(0, s));
  return {
    csr: clamp(1 - (FLOAT_BYTES * entries - rowPointerBytes) / csrBytesPerEntry),
    // n/8 + 4·(1 − s)·n = 4·n  →  s = 1/32.
    bitmask: clamp(1 / 8 / FLOAT_BYTES),
    // n/8 + (1 − s)·n = n  →  s = 1/8.
    int8Sparse: clamp(1 / 8),
  };
}

/**
 * The dense float32 file of `weights`: every kernel (row-major) then every bias vector, first layer
 * first, 4 little-endian bytes per parameter. A new array owned by the caller, for measuring gzip.
 */
export function float32Bytes(weights: NetworkWeights): Uint8Array<ArrayBuffer> {
  const tensors = [...weights.kernels, ...weights.biases];
  const total = tensors.reduce((n, t) => n + t.length, 0);
  const bytes = new Uint8Array(FLOAT_BYTES * total);
  const view = new DataView(bytes.buffer);
  let offset = 0;
  for (const tensor of tensors) {
    for (let i = 0; i < tensor.length; i++, offset += FLOAT_BYTES) view.setFloat32(offset, tensor[i], true);
  }
  return bytes;
}

function countNonZero(values: Float32Array): number {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (values[i] !== 0) n++;
  return n;
}
