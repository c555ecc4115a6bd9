import './ExploreButtons.css';

/** "Explore the trade-off": Sweep sparsity and Scan layers, both one-shot from the trained baseline. */
export function ExploreButtons({
  ready,
  onSweep,
  onScan,
}: {
  ready: boolean;
  onSweep: () => void;
  onScan: () => void;
}) {
  return (
    <section className="card explore" aria-label="Explore the trade-off">
      <div className="buttons">
        <button type="button" disabled={!ready} onClick={() => onSweep()}>
          Sweep sparsity
        </button>
        <button type="button" disabled={!ready} onClick={() => onScan()}>
          Scan layers
        </button>
        <span className="hint">
          Both prune the trained baseline without retraining, by the current Scope and Method; Stop cancels them.
        </span>
      </div>
    </section>
  );
}
