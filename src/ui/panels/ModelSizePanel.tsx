import { memo, useEffect, useMemo, useState } from 'react';
import { formatBytes, formatCount, formatPercent } from '../../core/format';
import { countZeros, sparsityOf, sumCounts } from '../../core/pruning/mask';
import { breakEvenSparsity, float32Bytes, modelSizes } from '../../core/network/size';
import type { NetworkWeights } from '../../core/network/spec';
import { gzipSize } from './gzip';
import './ModelSizePanel.css';

/** How long the weights must stay put before gzip is measured again, in ms. */
const GZIP_DEBOUNCE_MS = 300;

/** A gzip measurement and the weights it was made of (a result for other weights is stale). */
type GzipResult = { of: NetworkWeights; bytes: number; ms: number } | { of: NetworkWeights; error: string };

interface Row {
  name: string;
  detail: string;
  /** Bytes, or null while not yet measured. */
  bytes: number | null;
  /** Text in place of the bytes when there are none. */
  pending?: string;
  /** How long a measurement took, in ms (gzip only). */
  ms?: number;
}

/**
 * How many bytes the current (masked) weights take in each encoding: dense float32, two sparse
 * formats, gzip of the dense file (measured in the page), and int8 with and without a bitmask.
 */
export const ModelSizePanel = memo(function ModelSizePanel({
  weights,
  shapes,
}: {
  weights: NetworkWeights;
  /** Each kernel's [fanIn, fanOut] (a convolution's as [kh·kw·in, filters]: its kernels do not chain). */
  shapes: readonly (readonly [number, number])[];
}) {
  const sizes = useMemo(() => modelSizes(weights, shapes), [weights, shapes]);
  const breakEven = useMemo(() => breakEvenSparsity(weights, shapes), [weights, shapes]);
  const gzip = useGzipSize(weights);

  const sparsity = useMemo(() => sparsityOf(sumCounts(weights.kernels.map(countZeros))), [weights]);

  const current = gzip?.of === weights ? gzip : null;
  const rows: Row[] = [
    { name: 'Dense float32', detail: '4 bytes per parameter, zeros included', bytes: sizes.dense },
    { name: 'Sparse (CSR)', detail: 'non-zeros, 2-byte column indices, row pointers', bytes: sizes.csr },
    { name: 'Sparse (bitmask + values)', detail: '1 bit per weight, then the non-zeros', bytes: sizes.bitmask },
    {
      name: 'gzip of the dense file',
      detail: 'measured here with the browser’s gzip',
      bytes: current && 'bytes' in current ? current.bytes : null,
      pending: current && 'error' in current ? current.error : 'measuring…',
      ms: current && 'ms' in current ? current.ms : undefined,
    },
    { name: 'int8 dense', detail: '1 byte per parameter + a scale per tensor', bytes: sizes.int8 },
    { name: 'int8 + bitmask', detail: 'bitmask, then 1 byte per non-zero', bytes: sizes.int8Sparse },
  ];
  const largest = Math.max(...rows.map((r) => r.bytes ?? 0), 1);

  return (
    <section className="card size-panel" aria-labelledby="model-size-title">
      <h2 id="model-size-title">Model size</h2>
      <p className="chart-help">
        Bytes to store the current weights ({formatCount(sizes.parameters)} parameters, {formatCount(sizes.nonZero)} of
        them non-zero; kernels {formatPercent(sparsity)} zero) in each encoding. Bars share one scale; ratios are to
        dense float32.
      </p>
      <table className="size-table" aria-label="Model size by encoding">
        <thead>
          <tr>
            <th scope="col">Encoding</th>
            <th scope="col">Size</th>
            <th scope="col">vs dense</th>
            <th scope="col" className="size-bar-head">
              <span className="visually-hidden">Bar</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.name}>
              <th scope="row">
                {row.name}
                <small>{row.detail}</small>
              </th>
              <td className="size-bytes" data-bytes={row.bytes ?? undefined} data-ms={row.ms?.toFixed(1)}>
                {row.bytes === null ? <span className="size-pending">{row.pending}</span> : formatBytes(row.bytes)}
              </td>
              <td className={`size-ratio ${ratioClass(sizes.dense, row.bytes)}`}>
                {row.bytes === null ? '' : ratioText(sizes.dense, row.bytes, row.name === 'Dense float32')}
              </td>
              <td className="size-bar-cell" aria-hidden="true">
                <span className="size-bar">
                  <span
                    className={`size-bar-fill ${ratioClass(sizes.dense, row.bytes)}`}
                    style={{ width: `${((row.bytes ?? 0) / largest) * 100}%` }}
                  />
                </span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="size-explain">
        Pruning writes zeros, but a dense float32 file still spends 4 bytes on every zero, and a dense matrix multiply
        still multiplies by each one, so zeros alone make a model neither smaller nor faster. The file shrinks only when
        it is stored differently: a sparse format that keeps just the non-zeros, or compression such as gzip that
        squeezes out runs of zeros. Sparse formats pay for their indices: CSR stores each kept weight as a 4-byte value
        plus a 2-byte column index, 6 bytes instead of 4, so for this network it beats dense only above{' '}
        <strong>{formatPercent(breakEven.csr)}</strong> sparsity (a bitmask, 1 bit per weight, wins above{' '}
        {formatPercent(breakEven.bitmask)}). Speed needs structured pruning, which removes whole neurons and leaves a
        smaller dense network (see Compact), or sparse kernels that the hardware actually supports.
      </p>
    </section>
  );
});

/** The gzip size of `weights`' dense file, measured after they stay put for a moment; stale results are dropped. */
function useGzipSize(weights: NetworkWeights): GzipResult | null {
  const [result, setResult] = useState<GzipResult | null>(null);
  useEffect(() => {
    let cancelled = false;
    const timer = setTimeout(() => {
      const start = performance.now();
      gzipSize(float32Bytes(weights)).then(
        (bytes) => {
          if (!cancelled) setResult({ of: weights, bytes, ms: performance.now() - start });
        },
        (error: unknown) => {
          if (!cancelled) setResult({ of: weights, error: error instanceof Error ? error.message : String(error) });
        },
      );
    }, GZIP_DEBOUNCE_MS);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [weights]);
  return result;
}

/** "12.3× smaller", "1.50× larger", or "same size" when within 0.5%. */
function ratioText(dense: number, bytes: number, isDense: boolean): string {
  if (isDense) return 'the baseline';
  if (bytes === 0) return '—';
  const ratio = dense / bytes;
  if (Math.abs(ratio - 1) < 0.005) return 'same size';
  return ratio > 1 ? `${times(ratio)} smaller` : `${times(1 / ratio)} larger`;
}

/** A factor ≥ 1 with three significant digits up to 100: "1.02×", "12.3×", "250×". */
function times(factor: number): string {
  return `${factor >= 100 ? factor.toFixed(0) : factor.toPrecision(3)}×`;
}

function ratioClass(dense: number, bytes: number | null): string {
  if (bytes === null || bytes === dense) return 'same';
  return bytes < dense ? 'smaller' : 'larger';
}
