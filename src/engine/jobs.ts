import type { RunEnding } from './describe';
import { DONE, refused, stopped, type CommandResult } from './outcome';
import type { RunKind } from './snapshot';

/** Why a run's signal was aborted: Stop keeps what was done; Reset and dispose throw it away. */
const STOP = 'stop';
const DISCARD = 'discard';

/** Thrown inside a run whose result will be thrown away (Reset, dispose), to stop its work at once. */
export class Discarded extends Error {}

/** A run in flight: what it is and its one cancellation signal. */
export interface Job {
  readonly kind: RunKind;
  readonly signal: AbortSignal;
  /** The id of the curve this run draws on the Accuracy vs sparsity figure, once it has one. */
  curveId: number | null;
}

/** A run's name in a refusal: "Wait until training has finished". */
const RUN_NAMES: Record<RunKind, string> = {
  train: 'training',
  'fine-tune': 'fine-tuning',
  iterative: 'iterative pruning',
  schedule: 'the schedule',
  rewind: 'the lottery-ticket run',
  sweep: 'the sweep',
  scan: 'the layer scan',
  compact: 'compaction',
};

const THROWN_AWAY = 'Reset before the run ended: its result was thrown away.';

/**
 * One session's work, one piece at a time: short commands and at most one run, each run with its own
 * AbortController. Stop aborts the run and keeps what it did; Reset and dispose abort it and throw its
 * result away. Every piece resolves to a CommandResult; one that throws resolves to `failed` and is
 * reported through `onError`.
 */
export class JobQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private current: { job: Job; controller: AbortController; done: Promise<CommandResult> } | null = null;
  /** Jobs whose result Reset threw away, even when Stop had aborted them first (an abort keeps its first reason). */
  private readonly discarded = new WeakSet<Job>();
  private closed = false;
  private readonly onError: (message: string) => void;

  constructor(onError: (message: string) => void) {
    this.onError = onError;
  }

  /** Why a new run or a change cannot start now (closed, or a run under way), or null. */
  busyReason(): string | null {
    if (this.closed) return 'This session has been closed.';
    const job = this.current?.job;
    if (!job) return null;
    // Stopped, it counts its closing figures (a moment; longer for a conv net on software WebGL).
    if (job.signal.aborted && !this.isDiscarded(job))
      return `Stopped: ${RUN_NAMES[job.kind]} is counting its last figures. Try again in a moment.`;
    return `Wait until ${RUN_NAMES[job.kind]} has finished, or press Stop.`;
  }

  /** Whether `job`'s result will be thrown away. */
  isDiscarded(job: Job): boolean {
    return this.closed || this.discarded.has(job);
  }

  /** Queues `work`; it is skipped (refused) once the queue is closed. */
  enqueue(work: () => Promise<CommandResult>): Promise<CommandResult> {
    const result = this.tail.then(async (): Promise<CommandResult> => {
      if (this.closed) return refused('This session has been closed.');
      try {
        return await work();
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        if (!this.closed) this.onError(message);
        return { kind: 'failed', reason: message };
      }
    });
    this.tail = result;
    return result;
  }

  /**
   * Queues run `kind`: `work` gets the job (its signal) and returns how the run ended, which
   * `finish` records, unless the run was thrown away (then nothing is recorded). The caller checks
   * `busyReason()` first.
   */
  start(
    kind: RunKind,
    work: (job: Job) => Promise<RunEnding>,
    finish: (ending: RunEnding) => void,
  ): Promise<CommandResult> {
    const controller = new AbortController();
    const job: Job = { kind, signal: controller.signal, curveId: null };
    const entry = { job, controller, done: Promise.resolve(DONE) };
    this.current = entry;
    entry.done = this.enqueue(async () => {
      try {
        if (this.isDiscarded(job)) return stopped('Reset before the run began.');
        const ending = job.signal.aborted ? stoppedBeforeStart() : await work(job);
        if (this.isDiscarded(job)) return stopped(THROWN_AWAY);
        finish(ending);
        return ending.result;
      } catch (error) {
        if (error instanceof Discarded) return stopped(THROWN_AWAY);
        throw error;
      } finally {
        if (this.current === entry) this.current = null;
      }
    });
    return entry.done;
  }

  /** Asks the run under way to stop after its current step; resolves once it has. */
  stop(): Promise<CommandResult> {
    const entry = this.current;
    if (!entry) return Promise.resolve(refused('Nothing is running: there is nothing to stop.'));
    entry.controller.abort(STOP);
    return entry.done.then(() => DONE);
  }

  /** Aborts the run under way, if any, and throws its result away (Reset). */
  discard(): void {
    if (!this.current) return;
    this.discarded.add(this.current.job);
    this.current.controller.abort(DISCARD);
  }

  /** Discards the run under way and refuses everything after; `last` runs once the queue is done. */
  close(last: () => void): void {
    this.closed = true;
    this.discard();
    this.tail = this.tail.then(last);
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Resolves once every queued piece of work has finished. */
  idle(): Promise<void> {
    return this.tail.then(() => undefined);
  }

  /** Queues `read` after everything else; it rejects instead of running once the queue is closed. */
  read<T>(read: () => Promise<T>): Promise<T> {
    const result = this.tail.then(() => {
      if (this.closed) throw new Error('The session has been disposed');
      return read();
    });
    this.tail = result.catch(() => undefined);
    return result;
  }
}

function stoppedBeforeStart(): RunEnding {
  const note = 'Stopped before it began.';
  return { ending: { kind: 'stopped' }, note, result: stopped(note) };
}
