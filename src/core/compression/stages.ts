/**
 * The bytes of each stage of Deep Compression's pipeline, counted exactly from the encodings:
 *
 * - Dense float32: every kernel and bias entry, 4 B (`modelSizes().dense`).
 * - Pruned: per kernel, the kept weights as relative-index entries (`relativeIndices`): an
 *   `indexBits` gap and a float32 value per entry, fillers included; biases float32.
 * - Quantized: the same entries with a value symbol of ⌈log2(alphabet)⌉ bits instead of the float
 *   (a filler needs a symbol for 0: linear has code 0; k-means gets one extra symbol), plus the
 *   float32 codebook (centroids or scales).
 * - Huffman-coded: the gap stream and the symbol stream each Huffman-coded with codes built over
 *   that layer's own frequencies, each with its table (one byte per symbol of the alphabet: the code
 *   lengths of a canonical code), plus the codebook.
 *
 * Each stream is rounded up to whole bytes per layer. Biases stay float32 in every stage.
 */
import { codedBits, frequencies, huffmanLengths } from './huffman';
import type { QuantizedLayer } from './quantize';
import { maxGap, relativeIndices } from './sparseIndex';

/** Deep Compression's relative-index width for fully connected layers (5 bits: gaps up to 32). */
export const DEFAULT_INDEX_BITS = 5;
const FLOAT_BYTES = 4;

/** Bytes of each stage; `quantized` and `huffman` are null without a quantization. */
export interface StageSizes {
  dense: number;
  pruned: number;
  quantized: number | null;
  huffman: number | null;
  /** Relative-index entries over all kernels, fillers included, and how many are fillers. */
  entries: number;
  fillers: number;
}

/**
 * The stage sizes of kernels kept by `masks` (row-major, flat), with `biasCount` float32 biases,
 * quantized as `layers` (or not at all: null). Throws when a layer's symbols do not match its mask.
 */
export function stageSizes(
  masks: readonly Uint8Array[],
  biasCount: number,
  layers: readonly QuantizedLayer[] | null,
  indexBits = DEFAULT_INDEX_BITS,
): StageSizes {
  const biasBytes = FLOAT_BYTES * biasCount;
  const sizes: StageSizes = {
    dense: biasBytes,
    pruned: biasBytes,
    quantized: layers ? biasBytes : null,
    huffman: layers ? biasBytes : null,
    entries: 0,
    fillers: 0,
  };
  masks.forEach((mask, l) => {
    const index = relativeIndices(mask, indexBits);
    const entries = index.gaps.length;
    const gapBytes = Math.ceil((entries * indexBits) / 8);
    sizes.dense += FLOAT_BYTES * mask.length;
    sizes.pruned += gapBytes + FLOAT_BYTES * entries;
    sizes.entries += entries;
    sizes.fillers += index.fillers;
    if (!layers) return;
    const stream = symbolStream(layers[l], index.weights, l);
    const codebookBytes = FLOAT_BYTES * layers[l].codebook.length;
    sizes.quantized! += gapBytes + Math.ceil((entries * bitsFor(stream.alphabet)) / 8) + codebookBytes;
    const gapFrequencies = frequencies(
      Array.from(index.gaps, (g) => g - 1),
      maxGap(indexBits),
    );
    const symbolFrequencies = frequencies(stream.symbols, stream.alphabet);
    const coded =
      Math.ceil(codedBits(gapFrequencies, huffmanLengths(gapFrequencies)) / 8) +
      maxGap(indexBits) +
      Math.ceil(codedBits(symbolFrequencies, huffmanLengths(symbolFrequencies)) / 8) +
      stream.alphabet;
    sizes.huffman! += coded + codebookBytes;
  });
  return sizes;
}

/** Bits of a fixed-width symbol over `alphabet` symbols: ⌈log2(alphabet)⌉, at least 1. */
export function bitsFor(alphabet: number): number {
  return Math.max(1, Math.ceil(Math.log2(alphabet)));
}

/** One value symbol per entry: the kept weight's, or 0's for a filler (a new symbol if there is none). */
function symbolStream(layer: QuantizedLayer, weights: Int32Array, l: number): { symbols: number[]; alphabet: number } {
  let filler = layer.zeroSymbol;
  let alphabet = layer.alphabet;
  const symbols: number[] = [];
  let k = 0;
  for (let e = 0; e < weights.length; e++) {
    if (weights[e] >= 0) {
      if (k >= layer.symbols.length) throw new Error(`Expected more value symbols for layer ${l + 1}`);
      symbols.push(layer.symbols[k++]);
    } else {
      if (filler === null) filler = alphabet++;
      symbols.push(filler);
    }
  }
  if (k !== layer.symbols.length) {
    throw new Error(`Expected ${k} value symbols for layer ${l + 1}, but got ${layer.symbols.length}`);
  }
  return { symbols, alphabet };
}
