import { memo } from 'react';
import { formatBytes, formatCount, formatPercent, MISSING } from '../../core/format';
import { QUANTIZATIONS } from '../../core/compression/quantize';
import { bitsFor } from '../../core/compression/stages';
import type { CompressionReport, StageFigures } from '../../engine/snapshot';
import './results.css';

/** The Compression table's rows, in the order of Deep Compression's pipeline. */
export const COMPRESSION_STAGES = ['Dense float32', 'Pruned', 'Quantized', 'Huffman-coded'] as const;
type CompressionStage = (typeof COMPRESSION_STAGES)[number];

/**
 * Deep Compression's pipeline on the network on screen: each stage's test accuracy, its size in
 * bytes counted from the encoding, and its ratio to dense float32, with a sentence on what it buys.
 */
export const CompressionTable = memo(function CompressionTable({
  report,
  baseline,
}: {
  report: CompressionReport | null;
  /** The trained dense network's figures (the Before pruning row). */
  baseline: StageFigures | null;
}) {
  const sizes = report?.sizes;
  const rows: Record<CompressionStage, { accuracy: StageFigures | null; bytes: number | null }> = {
    'Dense float32': { accuracy: baseline, bytes: sizes?.dense ?? null },
    Pruned: { accuracy: report?.pruned ?? null, bytes: sizes?.pruned ?? null },
    Quantized: { accuracy: report?.quantized ?? null, bytes: sizes?.quantized ?? null },
    // Huffman coding is lossless: the network it decodes to is the quantized one.
    'Huffman-coded': { accuracy: report?.quantized ?? null, bytes: sizes?.huffman ?? null },
  };
  const estimated = COMPRESSION_STAGES.filter((stage) => rows[stage].accuracy && !rows[stage].accuracy.exact);
  return (
    <section className="card" aria-labelledby="compression-title">
      <h2 id="compression-title">Compression</h2>
      <p className="chart-help">
        Deep Compression (Han, Mao &amp; Dally 2016) on this network: prune, share or quantize the kept weights, then
        Huffman-code what is stored. Sizes are counted from the encodings themselves; ratios are to dense float32 (the
        Model size panel’s first row).
      </p>
      <div className="table-scroll">
        <table className="results" aria-label="Compression">
          <thead>
            <tr>
              <th scope="col">Stage</th>
              <th scope="col">Test accuracy</th>
              <th scope="col">Size</th>
              <th scope="col">Ratio</th>
            </tr>
          </thead>
          <tbody>
            {COMPRESSION_STAGES.map((stage) => {
              const { accuracy, bytes } = rows[stage];
              return (
                <tr key={stage}>
                  <th scope="row">{stage}</th>
                  <td>{formatPercent(accuracy?.testAccuracy)}</td>
                  <td data-bytes={bytes ?? undefined}>{bytes === null ? MISSING : formatBytes(bytes)}</td>
                  <td>{bytes === null || !sizes ? MISSING : ratio(sizes.dense, bytes)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <dl className="stage-meanings">
        {COMPRESSION_STAGES.map((stage) => (
          <div key={stage}>
            <dt>{stage}</dt>
            <dd>{meaning(stage, report)}</dd>
          </div>
        ))}
      </dl>
      {estimated.length > 0 && (
        <p className="note" role="note">
          {estimated.join(', ')}: accuracy estimated on part of the rows, until the slider rests.
        </p>
      )}
    </section>
  );
});

/** "40.1×": how many times smaller than dense (or "0.93×" when larger). */
function ratio(dense: number, bytes: number): string {
  const r = dense / bytes;
  return `${r >= 100 ? r.toFixed(0) : r.toPrecision(3)}×`;
}

/** What each stage buys, in the words of the network on screen. */
function meaning(stage: CompressionStage, report: CompressionReport | null): string {
  const indexBits = report?.indexBits ?? 5;
  const options = report?.options ?? null;
  switch (stage) {
    case 'Dense float32':
      return '4 bytes for every weight and bias, zeros included: what a TensorFlow.js or Keras weights file holds.';
    case 'Pruned': {
      const fillers = report
        ? ` (${formatCount(report.sizes.entries)} entries, ${formatCount(report.sizes.fillers)} of them fillers)`
        : '';
      return `Zeros stop costing bytes: only the kept weights are stored, each a float32 value and a ${indexBits}-bit gap to the one before; a gap longer than ${2 ** indexBits} takes a filler entry${fillers}. Until about 14% of the weights are gone this is larger than dense (37 bits a kept weight against 32).`;
    }
    case 'Quantized':
      if (!options) return 'Choose a Quantization to store each kept weight in a few bits instead of 32.';
      if (options.kind === 'kmeans')
        return `Each kept weight becomes one of ${2 ** options.bits} shared values per layer (k-means, linear start): a ${options.bits}-bit index (${bitsFor(2 ** options.bits + 1)} where a layer needs a filler symbol) instead of 32 bits, plus ${2 ** options.bits} float32 values per layer. Fine-tune then trains the shared values.`;
      return `Each kept weight becomes a ${options.bits}-bit integer times a float32 scale, ${options.kind === 'channel' ? 'one per output neuron' : 'one per layer'} (${QUANTIZATIONS[options.kind]}): 32 bits become ${options.bits}, 0 stays exactly 0.`;
    case 'Huffman-coded':
      return options
        ? 'Frequent indices and gaps get shorter codes, from a Huffman code built on this network’s own counts (its table included): lossless, so the accuracy is the quantized network’s.'
        : 'Needs a quantization: Huffman codes are built over the shared-value indices and the gaps.';
  }
}
