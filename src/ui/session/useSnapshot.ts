import { useSyncExternalStore } from 'react';
import type { SessionHandle } from '../../engine/handle';
import type { SessionSnapshot } from '../../engine/snapshot';

const EMPTY = () => () => {};

/** The session's latest snapshot, re-rendering on every change. */
export function useSnapshot(session: SessionHandle | null): SessionSnapshot | null {
  return useSyncExternalStore(session ? session.subscribe : EMPTY, session ? session.getSnapshot : () => null);
}
