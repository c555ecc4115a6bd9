import type { ReactNode } from 'react';
import { formatBytes, formatCount, formatLoss, formatPercent, MISSING } from '../../core/format';
import type { SessionSnapshot } from '../../engine/session';
import './Readouts.css';

/** The big figures a room reads from the wall. Each <output> is named for tests and screen readers. */
export function Readouts({
  snapshot,
  problem,
  backendLabel,
  engineLabel,
}: {
  snapshot: SessionSnapshot | null;
  /** Why there is no session (the data could not be made or fetched), shown as the Status. */
  problem: string | null;
  backendLabel: string;
  /** Where the engine runs: "worker" or "main thread"; null leaves the readout out. */
  engineLabel: string | null;
}) {
  const current = snapshot?.current ?? null;
  const parameters = snapshot && snapshot.parameters.total > 0 ? snapshot.parameters : null;
  // On a large data set the figures are estimated first; the hint says which these are.
  const test = !snapshot?.estimate || !current ? 'test set' : current.exact ? 'test set, exact' : 'test, estimate';
  return (
    <section className="readouts" aria-label="Readouts">
      <Readout name="Accuracy" value={formatPercent(current?.testAccuracy)} hint={test} />
      <Readout name="Loss" value={formatLoss(current?.testLoss)} hint={test} />
      <Readout name="Sparsity" value={formatPercent(current?.sparsity)} hint="zeros" />
      <Readout
        name="Parameters"
        value={parameters ? `${formatCount(parameters.nonZero)} / ${formatCount(parameters.total)}` : MISSING}
        hint="non-zero / total"
        medium
      />
      <Readout
        name="Model size"
        value={parameters ? formatBytes(parameters.total * 4) : MISSING}
        hint="dense float32"
      />
      <Readout
        name="Status"
        value={snapshot?.status ?? problem ?? 'Starting…'}
        wide
        error={snapshot ? snapshot.isError : problem !== null}
      />
      <Readout
        name="Backend"
        value={backendLabel}
        small
        backend
        hint={
          // Where the engine runs, in the Backend readout's heading: its own cell pushed Tensors in
          // memory onto a third row at 1280 px.
          engineLabel !== null && (
            <>
              engine: <output aria-label="Engine">{engineLabel}</output>
            </>
          )
        }
      />
      <Readout name="Tensors in memory" value={snapshot ? String(snapshot.tensors) : MISSING} small />
    </section>
  );
}

function Readout(props: {
  name: string;
  value: string;
  hint?: ReactNode;
  wide?: boolean;
  medium?: boolean;
  small?: boolean;
  backend?: boolean;
  error?: boolean;
}) {
  const { name, value, hint, wide, medium, small, backend, error } = props;
  const className = [
    'readout',
    'live',
    wide && 'wide',
    medium && 'medium',
    small && 'small',
    backend && 'backend',
    error && 'error',
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <div className={className}>
      <span className="readout-name">
        {name}
        {hint && <small> ({hint})</small>}
      </span>
      <output aria-label={name} aria-live={name === 'Status' ? 'polite' : 'off'}>
        {value}
      </output>
    </div>
  );
}
