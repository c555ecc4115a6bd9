import { useEffect, useRef, useState } from 'react';
import type { SessionHandle } from '../../engine/handle';
import type { SessionSnapshot } from '../../engine/snapshot';
import { encodeStored } from '../../storage/format';
import { clearStored, writeStored } from '../../storage/idb';

/** How long the session must rest before it is saved: a slider drag saves once, at its end. */
const SAVE_AFTER_MS = 1000;

export interface Saving {
  /** Why the last save failed (storage full, no IndexedDB), or null. */
  problem: string | null;
  /** Forgets the stored session now (Start fresh); nothing is saved again until a network is trained. */
  forget: () => Promise<void>;
}

/**
 * Keeps the trained session in this browser as it changes: once it has rested SAVE_AFTER_MS with
 * nothing running, its checkpoint is stored under `recipe` (replacing the one before). A session of
 * this recipe that is untrained again (Reset) deletes what it had stored. A null `recipe` stores nothing.
 */
export function useSaving(
  session: SessionHandle | null,
  snapshot: SessionSnapshot | null,
  recipe: string | null,
): Saving {
  const [problem, setProblem] = useState<string | null>(null);
  /** The recipe of what this page last stored (or restored), so that Reset deletes only its own. */
  const stored = useRef<string | null>(null);
  /** Start fresh was pressed: nothing is saved until the session is untrained (then trained) again. */
  const forgotten = useRef(false);

  useEffect(() => {
    if (!session || !snapshot || snapshot.running || recipe === null) return;
    // A restored session is this recipe's stored one: Reset deletes it.
    if (snapshot.note?.startsWith('Restored from this browser')) stored.current = recipe;
    if (!snapshot.trained) {
      forgotten.current = false;
      if (stored.current !== recipe) return;
      stored.current = null;
      void clearStored().catch(() => {});
      return;
    }
    if (forgotten.current) return;
    const timer = setTimeout(() => {
      if (forgotten.current) return;
      void session
        .checkpoint()
        .then((checkpoint) => writeStored(encodeStored(checkpoint, recipe, new Date())))
        .then(
          () => {
            stored.current = recipe;
            setProblem(null);
          },
          (error: unknown) =>
            setProblem(
              `This session could not be saved in the browser (${error instanceof Error ? error.message : String(error)}): a reload would lose it.`,
            ),
        );
    }, SAVE_AFTER_MS);
    return () => clearTimeout(timer);
  }, [session, snapshot, recipe]);

  return {
    problem,
    forget: async () => {
      forgotten.current = true;
      stored.current = null;
      await clearStored();
    },
  };
}
