import type { BackendInfo } from '../backendNames';
import type { SessionHandle } from '../handle';
import { refused, stopped, type CommandResult } from '../outcome';
import type { NetworkExport, PruningSession } from '../session';
import type { SessionOptions } from '../setup';
import { RUN_STATUS, type SessionSnapshot } from '../snapshot';
import type { SessionCheckpoint } from './checkpoint';

/** What a RecoveringSession needs from where it runs: the real ones in the engine, fakes in tests. */
export interface RecoveryDeps {
  /** A new session on `options` on the active backend. */
  create: (options: SessionOptions) => PruningSession;
  /** Calls `onLost` once when the active backend's graphics context is lost; returns how to stop watching. */
  watch: (onLost: (reason: string) => void) => () => void;
  /** Starts the backend again from nothing (webgl, or wasm where it does not come back), saying which. */
  restart: () => Promise<{ info: BackendInfo; problem: string | null }>;
  /** Milliseconds, for the note's "rebuilt in …". */
  now?: () => number;
}

/** A rebuild after a lost context: on which backend, how long it took, and what the page should say. */
export interface RecoveryReport {
  backend: BackendInfo;
  milliseconds: number;
  message: string;
}

/** Status while the network is rebuilt. */
export const REBUILDING = 'The graphics context was lost: rebuilding the network…';
const WAIT = 'Wait a moment: the network is being rebuilt after the graphics context was lost.';

/**
 * A PruningSession that survives a lost graphics context. It keeps the session's checkpoint (plain
 * arrays and the state's facts) current whenever the session rests; when the context is lost, every
 * command still open resolves as stopped with the reason, the old session is abandoned (its reads
 * would never return), the backend is started again (or wasm, where webgl does not come back), and
 * a new session is rebuilt from the checkpoint and carries on. A run in flight is lost: the network
 * is as it was before that run began, and the note says so. Its snapshot carries `recovery` from then on.
 */
export class RecoveringSession implements SessionHandle {
  readonly stepsPerEpoch: number;
  private readonly options: SessionOptions;
  private readonly deps: RecoveryDeps;
  private inner: PruningSession;
  private kept: SessionCheckpoint;
  private detach: () => void = () => {};
  /** How each open call ends if the context is lost first, given the reason. */
  private readonly open = new Set<(reason: string) => void>();
  private readonly listeners = new Set<() => void>();
  private rebuilding = false;
  /** Resolves when the rebuild under way (if any) has ended. */
  private rebuilt: Promise<void> = Promise.resolve();
  private closed = false;
  private overlay: Partial<SessionSnapshot> | null = null;
  private recovery: RecoveryReport | null = null;
  /** The last snapshot shown, and the inner one it was made from (a stable object for the same inputs). */
  private shown: { from: SessionSnapshot; overlay: Partial<SessionSnapshot> | null; snapshot: SessionSnapshot };

  constructor(options: SessionOptions, deps: RecoveryDeps) {
    this.options = options;
    this.deps = deps;
    this.inner = deps.create(options);
    this.stepsPerEpoch = this.inner.stepsPerEpoch;
    this.kept = this.inner.checkpointNow();
    const from = this.inner.getSnapshot();
    this.shown = { from, overlay: null, snapshot: from };
    this.attach();
  }

  /** Follows the inner session: its snapshots, its checkpoint at rest, and its context. */
  private attach(): void {
    const session = this.inner;
    const unsubscribe = session.subscribe(() => {
      if (session !== this.inner) return;
      if (!session.getSnapshot().running) this.kept = session.checkpointNow();
      this.emit();
    });
    const stopWatching = this.deps.watch((reason) => this.recover(reason));
    this.detach = () => {
      unsubscribe();
      stopWatching();
    };
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = (): SessionSnapshot => {
    const from = this.inner.getSnapshot();
    if (from !== this.shown.from || this.overlay !== this.shown.overlay) {
      const extra = this.recovery ? { recovery: this.recovery } : {};
      this.shown = { from, overlay: this.overlay, snapshot: { ...from, ...extra, ...this.overlay } };
    }
    return this.shown.snapshot;
  };

  private emit(): void {
    for (const listener of this.listeners) listener();
  }

  /** The context is gone: close what was open, start the backend again, rebuild from the checkpoint. */
  private recover(reason: string): void {
    if (this.rebuilding || this.closed) return;
    this.rebuilt = this.rebuild(reason);
  }

  private async rebuild(reason: string): Promise<void> {
    const now = this.deps.now ?? (() => performance.now());
    const started = now();
    const old = this.inner;
    const running = old.getSnapshot().running;
    const checkpoint = this.kept;
    this.rebuilding = true;
    this.detach();
    this.overlay = { status: REBUILDING, isError: true, running: null, progress: 0 };
    this.emit();
    const lostRun = running
      ? ` ${RUN_STATUS[running].replace('…', '')} was under way and is lost: the network is as it was before it began.`
      : '';
    for (const end of this.open) end(`${reason}.${lostRun}`);
    this.open.clear();
    old.abandon();
    try {
      const { info, problem } = await this.deps.restart();
      if (this.closed) return;
      const session = this.deps.create(this.options);
      const seconds = ((now() - started) / 1000).toFixed(1);
      const message =
        `${reason}. The network, its masks, the Results, timeline and curves were rebuilt on ${info.label} ` +
        `from the copy kept in memory, in ${seconds} s.${lostRun}${problem ? ` ${problem}` : ''}`;
      const result = await session.restore(checkpoint, message, running ? { kind: 'stopped' } : undefined);
      if (result.kind !== 'done') throw new Error(result.kind === 'refused' ? result.reason : result.kind);
      if (this.closed) {
        session.dispose();
        return;
      }
      this.inner = session;
      this.recovery = { backend: info, milliseconds: now() - started, message };
      this.overlay = null;
      this.rebuilding = false;
      this.attach();
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      this.overlay = {
        status: `${reason}, and the network could not be rebuilt: ${why} Reload the page.`,
        isError: true,
        running: null,
      };
    }
    this.emit();
  }

  /**
   * Runs `call` on the session of the moment; a lost context resolves it at once with `lost(reason)`
   * (a command: stopped with the reason), and one that comes while rebuilding with `lost(WAIT)`.
   */
  private forward<T>(
    call: (session: PruningSession) => Promise<T>,
    lost: (reason: string) => T | CommandResult = stopped,
  ): Promise<T | CommandResult> {
    if (this.rebuilding) return Promise.resolve(lost === stopped ? refused(WAIT) : lost(WAIT));
    return new Promise((resolve) => {
      const end = (reason: string) => resolve(lost(reason));
      this.open.add(end);
      const settle = (result: T | CommandResult) => {
        this.open.delete(end);
        resolve(result);
      };
      call(this.inner).then(settle, (error: unknown) =>
        settle({ kind: 'failed', reason: error instanceof Error ? error.message : String(error) }),
      );
    });
  }

  train: SessionHandle['train'] = (options) => this.forward((s) => s.train(options));
  fineTune: SessionHandle['fineTune'] = (options) => this.forward((s) => s.fineTune(options));
  iterate: SessionHandle['iterate'] = (options) => this.forward((s) => s.iterate(options));
  runSchedule: SessionHandle['runSchedule'] = (options) => this.forward((s) => s.runSchedule(options));
  rewind: SessionHandle['rewind'] = (options) => this.forward((s) => s.rewind(options));
  sweep: SessionHandle['sweep'] = () => this.forward((s) => s.sweep());
  scanLayers: SessionHandle['scanLayers'] = () => this.forward((s) => s.scanLayers());
  compact: SessionHandle['compact'] = () => this.forward((s) => s.compact());
  stop: SessionHandle['stop'] = () => this.forward((s) => s.stop());
  setRule: SessionHandle['setRule'] = (rule) => this.forward((s) => s.setRule(rule));
  setQuantization: SessionHandle['setQuantization'] = (options) => this.forward((s) => s.setQuantization(options));
  commitThreshold: SessionHandle['commitThreshold'] = () => this.forward((s) => s.commitThreshold());
  restoreBaseline: SessionHandle['restoreBaseline'] = () => this.forward((s) => s.restoreBaseline());
  clearCurves: SessionHandle['clearCurves'] = () => this.forward((s) => s.clearCurves());
  reset: SessionHandle['reset'] = () => this.forward((s) => s.reset());
  restore: SessionHandle['restore'] = (checkpoint, note, ending) =>
    this.forward((s) => s.restore(checkpoint, note, ending));
  exportNetwork: SessionHandle['exportNetwork'] = () =>
    this.forward(
      (s) => s.exportNetwork(),
      (reason): NetworkExport => ({ kind: 'refused', reason }),
    ) as Promise<NetworkExport>;

  /** The checkpoint kept at the session's last rest: available even while the context is being rebuilt. */
  checkpoint: SessionHandle['checkpoint'] = async () => this.kept;

  dispose(): void {
    if (this.closed) return;
    this.closed = true;
    this.detach();
    this.listeners.clear();
    this.inner.dispose();
  }

  idle(): Promise<void> {
    return this.rebuilt.then(() => this.inner.idle());
  }
}
