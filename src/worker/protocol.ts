import type { BackendName } from '../engine/backendNames';
import type { CommandName } from '../engine/handle';
import type { SessionOptions } from '../engine/setup';
import type { SessionSnapshot } from '../engine/snapshot';

/**
 * The messages between the page and the engine in a Web Worker. Everything in them is plain data
 * (structured-cloned); no tensor ever crosses. A request carries a `call` number, and its reply the
 * same number.
 */
export type ToEngine =
  /** Make `backend` the active backend; replies with its BackendInfo. */
  | { kind: 'start'; call: number; backend: BackendName }
  /** Build session `session` on `options`; replies with a SessionCreated. */
  | { kind: 'create'; call: number; session: number; options: SessionOptions }
  /** Run a command of the session; replies with its CommandResult. */
  | { kind: 'command'; call: number; session: number; name: CommandName; args: unknown[] }
  /** Replies once every piece of work queued on the session has finished. */
  | { kind: 'idle'; call: number; session: number }
  /** Throw the session away; replies once its work is over and its tensors are freed. */
  | { kind: 'dispose'; call: number; session: number }
  /** Are you there? Replies at once, unless the worker is stuck (the page's watchdog). */
  | { kind: 'ping'; call: number }
  /** The page has taken in the last snapshot it was sent: the engine may send the next one. */
  | { kind: 'ack'; session: number };

export type FromEngine =
  | { kind: 'reply'; call: number; ok: true; value: unknown }
  | { kind: 'reply'; call: number; ok: false; error: string }
  /**
   * The session's snapshot changed: the top-level fields that differ from the last one sent (all of
   * them the first time). Unchanged fields keep their identity on the page, so memoised figures do
   * not redraw.
   */
  | { kind: 'snapshot'; session: number; changed: Partial<SessionSnapshot> };

export interface SessionCreated {
  stepsPerEpoch: number;
  snapshot: SessionSnapshot;
}

/** What both ends post to and hear from: a Worker, the worker's global scope, a MessagePort. */
export interface Port<In, Out> {
  postMessage: (message: Out) => void;
  onmessage: ((event: MessageEvent<In>) => void) | null;
}

/** The top-level fields of `next` that are not the same objects (or values) as in `previous`. */
export function changedFields(previous: SessionSnapshot | null, next: SessionSnapshot): Partial<SessionSnapshot> {
  if (!previous) return next;
  const changed: Record<string, unknown> = {};
  for (const key of Object.keys(next) as (keyof SessionSnapshot)[]) {
    if (next[key] !== previous[key]) changed[key] = next[key];
  }
  return changed;
}
