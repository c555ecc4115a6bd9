import type { BackendInfo, BackendName } from '../engine/backendNames';
import type { CommandName, SessionHandle } from '../engine/handle';
import type { CommandResult } from '../engine/outcome';
import type { NetworkExport } from '../engine/session';
import type { SessionOptions } from '../engine/setup';
import { RUN_STATUS, type RunKind, type SessionSnapshot } from '../engine/snapshot';
import type { FromEngine, Port, SessionCreated, ToEngine } from './protocol';

/** The run each run command starts, so the page can say so the moment it is clicked. */
const RUN_OF: Partial<Record<CommandName, RunKind>> = {
  train: 'train',
  fineTune: 'fine-tune',
  iterate: 'iterative',
  runSchedule: 'schedule',
  rewind: 'rewind',
  sweep: 'sweep',
  scanLayers: 'scan',
  compact: 'compact',
};

/** How often the page asks a worker with requests open whether it still answers, and how long it may take. */
export interface Watchdog {
  everyMs: number;
  stallMs: number;
}
const WATCHDOG: Watchdog = { everyMs: 5000, stallMs: 20_000 };

type Request = ToEngine extends infer M ? (M extends { call: number } ? Omit<M, 'call'> : never) : never;

/**
 * The page's end of an engine in a Web Worker: it sends requests, matches replies to them, and hands
 * each session's snapshots to its RemoteSession. When the worker dies, every request still open
 * fails with the reason, and so does every later one.
 */
export class RemoteEngine {
  private readonly port: Port<FromEngine, ToEngine>;
  private readonly calls = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  private readonly sessions = new Map<number, RemoteSession>();
  /** Sessions asked for and not yet answered, with the snapshot changes that came meanwhile. */
  private readonly creating = new Map<number, Partial<SessionSnapshot>>();
  private nextCall = 1;
  private nextSession = 1;
  private dead: string | null = null;
  private readonly watchdog: Watchdog;
  private watchTimer: ReturnType<typeof setInterval> | null = null;
  /** The ping waiting for its answer: when it went. */
  private ping: { call: number; sentAt: number } | null = null;
  private stalled = false;

  constructor(port: Port<FromEngine, ToEngine>, watchdog: Watchdog = WATCHDOG) {
    this.port = port;
    this.watchdog = watchdog;
    port.onmessage = ({ data: message }) => {
      if (message.kind === 'snapshot') {
        const session = this.sessions.get(message.session);
        if (session) session.received(message.changed);
        else this.early(message.session, message.changed);
        return;
      }
      const call = this.calls.get(message.call);
      if (!call) return;
      this.calls.delete(message.call);
      if (message.ok) call.resolve(message.value);
      else call.reject(new Error(message.error));
    };
  }

  /**
   * A snapshot for a session whose creation has not been answered yet is kept for it (and acked, so
   * the worker goes on sending); one for a session already thrown away is dropped.
   */
  private early(session: number, changed: Partial<SessionSnapshot>): void {
    const waiting = this.creating.get(session);
    if (waiting) this.creating.set(session, { ...waiting, ...changed });
    this.ack(session);
  }

  /** Every open request fails with `reason`, and so will later ones (the worker crashed or could not load). */
  fail(reason: string): void {
    this.dead = reason;
    for (const call of this.calls.values()) call.reject(new Error(reason));
    this.calls.clear();
    for (const session of this.sessions.values()) session.lost(reason);
    this.sessions.clear();
    this.stopWatching();
  }

  /**
   * The watchdog: while requests are open, a ping every `everyMs`; one unanswered for `stallMs`
   * makes every session's Status say the worker is not answering, until it answers again. (A dead
   * worker is `fail`ed by its error event; this is for one that is alive and stuck.)
   */
  private watch(): void {
    this.watchTimer ??= setInterval(() => this.checkAnswering(), this.watchdog.everyMs);
  }

  private stopWatching(): void {
    if (this.watchTimer) clearInterval(this.watchTimer);
    this.watchTimer = null;
  }

  private checkAnswering(): void {
    const open = this.calls.size - (this.ping ? 1 : 0);
    if (this.dead || (open === 0 && !this.stalled)) {
      this.stopWatching();
      return;
    }
    const now = performance.now();
    if (!this.ping) {
      const call = this.nextCall++;
      this.ping = { call, sentAt: now };
      this.calls.set(call, { resolve: () => this.answered(), reject: () => {} });
      this.port.postMessage({ kind: 'ping', call });
    } else if (!this.stalled && now - this.ping.sentAt >= this.watchdog.stallMs) {
      this.stalled = true;
      const seconds = Math.round(this.watchdog.stallMs / 1000);
      const message = `The engine's worker has not answered for ${seconds} s: it may be stuck. Wait, or reload the page (a trained network is kept in this browser).`;
      for (const session of this.sessions.values()) session.stalled(message);
    }
  }

  private answered(): void {
    this.ping = null;
    if (!this.stalled) return;
    this.stalled = false;
    for (const session of this.sessions.values()) session.answering();
  }

  request(message: Request): Promise<unknown> {
    if (this.dead) return Promise.reject(new Error(this.dead));
    const call = this.nextCall++;
    this.watch();
    return new Promise((resolve, reject) => {
      this.calls.set(call, { resolve, reject });
      this.port.postMessage({ ...message, call });
    });
  }

  /** Makes `backend` the worker's active backend. */
  async start(backend: BackendName): Promise<BackendInfo> {
    return (await this.request({ kind: 'start', backend })) as BackendInfo;
  }

  /** A session in the worker on `options` (the data are copied there; the page keeps its own). */
  async createSession(options: SessionOptions): Promise<RemoteSession> {
    const id = this.nextSession++;
    this.creating.set(id, {});
    let created: SessionCreated;
    try {
      created = (await this.request({ kind: 'create', session: id, options })) as SessionCreated;
    } catch (error) {
      this.creating.delete(id);
      throw error;
    }
    const early = this.creating.get(id) ?? {};
    this.creating.delete(id);
    const session = new RemoteSession(this, id, { ...created, snapshot: { ...created.snapshot, ...early } });
    this.sessions.set(id, session);
    return session;
  }

  /** Tells the worker the page took in a snapshot of `session`. */
  ack(session: number): void {
    if (!this.dead) this.port.postMessage({ kind: 'ack', session });
  }

  forget(session: number): void {
    this.sessions.delete(session);
  }
}

/**
 * A PruningSession in the worker, as the page sees it: the same commands, each a message resolving
 * to its CommandResult, and the latest snapshot, kept here from the worker's changes.
 *
 * A run command shows its run at once (Status "Training…", as a session on the main thread does
 * within the click), until the worker's next snapshot or its answer replaces that guess: so the
 * page never reads "Ready" for the moment a click takes to reach the worker.
 */
export class RemoteSession implements SessionHandle {
  readonly stepsPerEpoch: number;
  private readonly engine: RemoteEngine;
  private readonly id: number;
  /** The worker's latest snapshot. */
  private fromWorker: SessionSnapshot;
  /** What the page sees: the worker's snapshot, or a run just asked for on top of it. */
  private snapshot: SessionSnapshot;
  /**
   * A run asked for and shown ahead, until the worker's snapshots show it running or its answer
   * comes: another command's answer or snapshot meanwhile must not take "Training…" off the page.
   */
  private ahead: { run: RunKind; call: object } | null = null;
  private readonly listeners = new Set<() => void>();
  private closed: Promise<void> | null = null;

  constructor(engine: RemoteEngine, id: number, created: SessionCreated) {
    this.engine = engine;
    this.id = id;
    this.stepsPerEpoch = created.stepsPerEpoch;
    this.fromWorker = created.snapshot;
    this.snapshot = created.snapshot;
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = (): SessionSnapshot => this.snapshot;

  /** A snapshot's changes from the worker: listeners hear of it, then (after React's render) the worker may send the next. */
  received(changed: Partial<SessionSnapshot>): void {
    this.fromWorker = { ...this.fromWorker, ...changed };
    if (this.fromWorker.running !== null) this.ahead = null;
    this.show(this.view());
    setTimeout(() => this.engine.ack(this.id), 0);
  }

  /** The worker died: the Status says so, and nothing runs any more. */
  lost(reason: string): void {
    this.fromWorker = { ...this.fromWorker, status: reason, isError: true, running: null, progress: 0 };
    this.ahead = null;
    this.show(this.fromWorker);
  }

  /** The worker has not answered the watchdog: Status says so until it does (or its next snapshot comes). */
  stalled(message: string): void {
    this.show({ ...this.view(), status: message, isError: true });
  }

  /** The worker answers again: the page shows its latest snapshot. */
  answering(): void {
    this.show(this.view());
  }

  /** The worker's snapshot, with the run asked for ahead of it shown as running. */
  private view(): SessionSnapshot {
    const worker = this.fromWorker;
    if (!this.ahead || worker.running !== null) return worker;
    const run = this.ahead.run;
    return { ...worker, running: run, status: RUN_STATUS[run], isError: false, progress: 0, note: null };
  }

  private show(snapshot: SessionSnapshot): void {
    if (snapshot === this.snapshot) return;
    this.snapshot = snapshot;
    for (const listener of this.listeners) listener();
  }

  private command(name: CommandName, args: unknown[] = []): Promise<CommandResult> {
    if (this.closed) return Promise.resolve({ kind: 'refused', reason: 'This session has been closed.' });
    const run = RUN_OF[name];
    const current = this.snapshot;
    // Only a run that can start (nothing running; a baseline, unless it is Train) is shown ahead.
    const call = {};
    if (run && current.running === null && (run === 'train' || current.trained)) {
      this.ahead = { run, call };
      this.show(this.view());
    }
    // The answer comes after the snapshots of its work: the worker's word is the last.
    const answered = () => {
      if (this.ahead?.call === call) this.ahead = null;
      this.show(this.view());
    };
    return this.engine.request({ kind: 'command', session: this.id, name, args }).then(
      (result) => {
        answered();
        return result as CommandResult;
      },
      (error: Error): CommandResult => {
        answered();
        return { kind: 'failed', reason: error.message };
      },
    );
  }

  train: SessionHandle['train'] = (options) => this.command('train', [options]);
  fineTune: SessionHandle['fineTune'] = (options) => this.command('fineTune', [options]);
  iterate: SessionHandle['iterate'] = (options) => this.command('iterate', [options]);
  runSchedule: SessionHandle['runSchedule'] = (options) => this.command('runSchedule', [options]);
  rewind: SessionHandle['rewind'] = (options) => this.command('rewind', [options]);
  sweep: SessionHandle['sweep'] = () => this.command('sweep');
  scanLayers: SessionHandle['scanLayers'] = () => this.command('scanLayers');
  compact: SessionHandle['compact'] = () => this.command('compact');
  stop: SessionHandle['stop'] = () => this.command('stop');
  setRule: SessionHandle['setRule'] = (rule) => this.command('setRule', [rule]);
  setQuantization: SessionHandle['setQuantization'] = (options) => this.command('setQuantization', [options]);
  commitThreshold: SessionHandle['commitThreshold'] = () => this.command('commitThreshold');
  restoreBaseline: SessionHandle['restoreBaseline'] = () => this.command('restoreBaseline');
  clearCurves: SessionHandle['clearCurves'] = () => this.command('clearCurves');
  reset: SessionHandle['reset'] = () => this.command('reset');
  restore: SessionHandle['restore'] = (checkpoint, note, ending) => this.command('restore', [checkpoint, note, ending]);
  /** The session as plain data, copied from the worker (see SessionCheckpoint). */
  checkpoint: SessionHandle['checkpoint'] = async () =>
    (await this.engine.request({ kind: 'command', session: this.id, name: 'checkpoint', args: [] })) as Awaited<
      ReturnType<SessionHandle['checkpoint']>
    >;

  /** The network as it stands, copied out of the worker (or why not: busy, untrained, closed, lost). */
  exportNetwork: SessionHandle['exportNetwork'] = async () => {
    if (this.closed) return { kind: 'refused', reason: 'This session has been closed.' };
    try {
      return (await this.engine.request({
        kind: 'command',
        session: this.id,
        name: 'exportNetwork',
        args: [],
      })) as NetworkExport;
    } catch (error) {
      return { kind: 'refused', reason: (error as Error).message };
    }
  };

  /** Throws the session away in the worker; `idle` resolves once its tensors are freed there. */
  dispose(): void {
    if (this.closed) return;
    this.listeners.clear();
    this.closed = this.engine.request({ kind: 'dispose', session: this.id }).then(
      () => this.engine.forget(this.id),
      () => this.engine.forget(this.id),
    );
  }

  idle(): Promise<void> {
    // After a dispose, the worker answers it once the session's work is over and its tensors are freed.
    return (
      this.closed ??
      this.engine.request({ kind: 'idle', session: this.id }).then(
        () => undefined,
        () => undefined,
      )
    );
  }
}
