import { useSyncExternalStore } from 'react';
import type { PruningSession, SessionSnapshot } from '../../engine/session';

const EMPTY = () => () => {};

/** The session's latest snapshot, re-rendering on every change. */
export function useSnapshot(session: PruningSession | null): SessionSnapshot | null {
  return useSyncExternalStore(session ? session.subscribe : EMPTY, session ? session.getSnapshot : () => null);
}
