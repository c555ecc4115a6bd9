import './fieldset.css';

export interface LotteryFieldsetProps {
  /** Trained, idle, and every field valid. */
  ready: boolean;
  /** The session can rewind to θ₀ and the current model has pruned weights. */
  canRewind: boolean;
  onRewind: () => void;
  onCompact: () => void;
}

/** "6. Lottery ticket and compaction": Rewind and Compact. */
export function LotteryFieldset({ ready, canRewind, onRewind, onCompact }: LotteryFieldsetProps) {
  return (
    <fieldset>
      <legend>6. Lottery ticket and compaction</legend>
      <div className="buttons">
        <button type="button" disabled={!ready || !canRewind} onClick={() => onRewind()}>
          Rewind
        </button>
        <button type="button" disabled={!ready} onClick={() => onCompact()}>
          Compact
        </button>
      </div>
      <p className="hint">
        Rewind retrains the current mask for Epochs from the initial weights θ₀, and from a random draw. Compact
        rebuilds the network without pruned and dead neurons: prune with Method Structured (neurons) first.
      </p>
    </fieldset>
  );
}
