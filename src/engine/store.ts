import type { SessionSnapshot } from './snapshot';
import { toSnapshot, type SessionState } from './state';

/** Least time between two progress-only snapshots, so charts update a few times a second. */
const PUBLISH_INTERVAL_MS = 150;

/**
 * Publishes a session's state to the page: it turns the state into a snapshot (`toSnapshot`, with
 * the tensor count of that moment), keeps the latest one for `useSyncExternalStore`, and tells the
 * listeners. It holds no state of its own beyond that, and never sees a tensor.
 */
export class SnapshotStore {
  private latest: SessionSnapshot;
  private readonly listeners = new Set<() => void>();
  private readonly countTensors: () => number;
  private closed = false;
  private lastPublish = 0;

  constructor(state: SessionState, countTensors: () => number) {
    this.countTensors = countTensors;
    this.latest = toSnapshot(state, countTensors());
  }

  get snapshot(): SessionSnapshot {
    return this.latest;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Makes `state` the snapshot and tells the listeners. Ignored once closed. */
  publish(state: SessionState): void {
    if (this.closed) return;
    this.latest = toSnapshot(state, this.countTensors());
    this.lastPublish = performance.now();
    for (const listener of this.listeners) listener();
  }

  /** As publish, at most every PUBLISH_INTERVAL_MS: for progress, where a skipped value is soon replaced. */
  publishThrottled(state: SessionState): void {
    if (performance.now() - this.lastPublish >= PUBLISH_INTERVAL_MS) this.publish(state);
  }

  /** Forgets the listeners; later publishes are ignored (the session is being disposed). */
  close(): void {
    this.closed = true;
    this.listeners.clear();
  }
}
