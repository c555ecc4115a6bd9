import { quantizeKernels, type QuantizedLayer, type QuantizeOptions } from '../../core/compression/quantize';
import { DEFAULT_INDEX_BITS, stageSizes } from '../../core/compression/stages';
import type { Mask } from '../../core/pruning/mask';
import { kernelShapes, type NetworkSpec, type NetworkWeights } from '../../core/network/spec';
import type { CompressionReport, StageFigures } from '../snapshot';

/** The masked network quantized by `options` (or left float32: null), and the bytes of each stage. */
export interface Compressed {
  /** The weights the quantized network computes with: `masked` itself without a quantization. */
  evaluated: NetworkWeights;
  layers: QuantizedLayer[] | null;
  sizes: CompressionReport['sizes'];
}

/**
 * Quantizes `masked`'s kernels on top of `masks` (pruned weights stay 0, biases stay float32) and
 * counts the stage sizes at Deep Compression's 5-bit relative index. Pure arrays; the inputs are
 * not changed, and the float weights are the caller's to keep.
 */
export function compress(
  masked: NetworkWeights,
  masks: readonly Mask[],
  spec: NetworkSpec,
  options: QuantizeOptions | null,
): Compressed {
  const fanOuts = kernelShapes(spec).map(([, fanOut]) => fanOut);
  const layers = options ? quantizeKernels(masked.kernels, masks, fanOuts, options) : null;
  const evaluated = layers ? { kernels: layers.map((l) => l.values), biases: masked.biases } : masked;
  const biasCount = masked.biases.reduce((n, b) => n + b.length, 0);
  return { evaluated, layers, sizes: stageSizes(masks, biasCount, layers, DEFAULT_INDEX_BITS) };
}

/** The Compression table's report: the stage sizes, the pruned network's figures and the quantized one's. */
export function compressionReport(
  compressed: Compressed,
  options: QuantizeOptions | null,
  pruned: StageFigures,
  quantized: StageFigures | null,
): CompressionReport {
  return { options, indexBits: DEFAULT_INDEX_BITS, sizes: compressed.sizes, pruned, quantized };
}
