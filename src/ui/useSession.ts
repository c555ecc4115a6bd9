import { useEffect, useState, useSyncExternalStore } from 'react';
import { activateBackend, BACKENDS, type BackendInfo, type BackendName } from '../engine/backend';
import { PruningSession, type SessionSnapshot } from '../engine/session';
import type { DatasetId } from '../data/datasets';

export interface SessionState {
  session: PruningSession | null;
  backend: BackendInfo | null;
  /** Why the chosen backend is not the one running, or why none could start. */
  backendProblem: string | null;
}

/**
 * Every backend start and every retired session's last work, in order: two backends never start
 * at once, and a new session waits until the old one has freed its tensors.
 */
let chain: Promise<unknown> = Promise.resolve();

/**
 * Starts `backend` and a session on `dataset`; a change of either retires the old session (its
 * tensors are freed once its queue is done) and builds a new one. Falls back to the next backend
 * in `BACKENDS` when one cannot start, and says so.
 */
export function useSession(dataset: DatasetId, backend: BackendName, seed: number, threshold: number): SessionState {
  const [state, setState] = useState<SessionState>({ session: null, backend: null, backendProblem: null });

  useEffect(() => {
    let cancelled = false;
    let created: PruningSession | null = null;
    chain = chain.then(async () => {
      if (cancelled) return;
      const { info, problem } = await startBackend(backend);
      if (cancelled) return;
      if (info) created = new PruningSession({ dataset, seed, threshold });
      setState({ session: created, backend: info, backendProblem: problem });
    });
    return () => {
      cancelled = true;
      // Nothing of the old session stays on screen or takes clicks while the new one starts.
      setState((s) => ({ ...s, session: null }));
      const retired = created;
      if (retired) {
        retired.dispose();
        chain = chain.then(() => retired.idle());
      }
    };
    // The threshold is read once per session; later changes go through session.setThreshold.
  }, [dataset, backend, seed]);

  return state;
}

async function startBackend(wanted: BackendName): Promise<{ info: BackendInfo | null; problem: string | null }> {
  const order = [wanted, ...BACKENDS.filter((b) => b !== wanted)];
  const failures: string[] = [];
  for (const name of order) {
    try {
      const info = await activateBackend(name);
      const problem = failures.length ? `${failures.join(' ')} Using ${name} instead.` : null;
      return { info, problem };
    } catch (error) {
      failures.push(error instanceof Error ? error.message : String(error));
    }
  }
  return { info: null, problem: `${failures.join(' ')} TensorFlow.js cannot run here.` };
}

const EMPTY = () => () => {};

/** The session's latest snapshot, re-rendering on every change. */
export function useSnapshot(session: PruningSession | null): SessionSnapshot | null {
  return useSyncExternalStore(
    session ? session.subscribe : EMPTY,
    session ? session.getSnapshot : () => null,
  );
}
