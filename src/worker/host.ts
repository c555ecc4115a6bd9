import type { BackendInfo, BackendName } from '../engine/backendNames';
import { isCommandName, type SessionHandle } from '../engine/handle';
import type { SessionOptions } from '../engine/setup';
import type { SessionSnapshot } from '../engine/snapshot';
import { changedFields, type FromEngine, type Port, type SessionCreated, type ToEngine } from './protocol';

/** What the host builds sessions and starts backends with (the real ones in the worker; fakes in tests). */
export interface HostDeps {
  activateBackend: (name: BackendName) => Promise<BackendInfo>;
  createSession: (options: SessionOptions) => SessionHandle;
}

/** A session the host runs, and where its snapshots to the page stand. */
interface Hosted {
  session: SessionHandle;
  unsubscribe: () => void;
  /** The last snapshot sent, against which the next one is diffed. */
  sent: SessionSnapshot | null;
  /** A snapshot was sent and the page has not said it took it in. */
  inFlight: boolean;
  /** The session changed since the last snapshot sent. */
  pending: boolean;
}

/**
 * Serves the engine's messages on `port`: starts backends, builds sessions, runs their commands
 * and sends back their results and snapshots. Snapshots are flow-controlled: one is in flight at a
 * time, and while the page is busy the newest one waits (older ones are never sent), so a slow
 * repaint never queues a backlog of stale figures. A reply is always preceded by the snapshot that
 * goes with it, so the page never sees a command done before its figures.
 */
export function serveEngine(port: Port<ToEngine, FromEngine>, deps: HostDeps): void {
  const sessions = new Map<number, Hosted>();
  const reply = (call: number, work: () => Promise<unknown>, session?: number) => {
    // The session's newest snapshot goes first, whether the work succeeded or not.
    const flush = () => {
      const hosted = session === undefined ? undefined : sessions.get(session);
      if (hosted?.pending && session !== undefined) send(session, hosted);
    };
    work().then(
      (value) => {
        flush();
        port.postMessage({ kind: 'reply', call, ok: true, value });
      },
      (error: unknown) => {
        flush();
        port.postMessage({
          kind: 'reply',
          call,
          ok: false,
          error: error instanceof Error ? error.message : String(error),
        });
      },
    );
  };
  const send = (id: number, hosted: Hosted) => {
    const snapshot = hosted.session.getSnapshot();
    const changed = changedFields(hosted.sent, snapshot);
    hosted.sent = snapshot;
    hosted.inFlight = true;
    hosted.pending = false;
    port.postMessage({ kind: 'snapshot', session: id, changed });
  };

  port.onmessage = ({ data: message }) => {
    switch (message.kind) {
      case 'start':
        reply(message.call, () => deps.activateBackend(message.backend));
        break;
      case 'create':
        reply(message.call, async () => {
          const session = deps.createSession(message.options);
          const hosted: Hosted = { session, unsubscribe: () => {}, sent: null, inFlight: false, pending: false };
          hosted.unsubscribe = session.subscribe(() => {
            if (hosted.inFlight) hosted.pending = true;
            else send(message.session, hosted);
          });
          sessions.set(message.session, hosted);
          // The first snapshot goes with the reply; later ones are diffed against it.
          const snapshot = session.getSnapshot();
          hosted.sent = snapshot;
          const created: SessionCreated = { stepsPerEpoch: session.stepsPerEpoch, snapshot };
          return created;
        });
        break;
      case 'command': {
        const hosted = sessions.get(message.session);
        const { name, args } = message;
        reply(
          message.call,
          async () => {
            if (!hosted) throw new Error('That session has been closed.');
            if (!isCommandName(name)) throw new Error(`Expected a session command, but got ${String(name)}`);
            const command = hosted.session[name] as (...a: unknown[]) => Promise<unknown>;
            return command.apply(hosted.session, args);
          },
          message.session,
        );
        break;
      }
      case 'idle': {
        const hosted = sessions.get(message.session);
        reply(message.call, async () => hosted?.session.idle(), message.session);
        break;
      }
      case 'dispose': {
        const hosted = sessions.get(message.session);
        sessions.delete(message.session);
        reply(message.call, async () => {
          if (!hosted) return;
          hosted.unsubscribe();
          hosted.session.dispose();
          await hosted.session.idle();
        });
        break;
      }
      case 'ping':
        reply(message.call, async () => null);
        break;
      case 'ack': {
        const hosted = sessions.get(message.session);
        if (!hosted) break;
        hosted.inFlight = false;
        if (hosted.pending) send(message.session, hosted);
        break;
      }
    }
  };
}
