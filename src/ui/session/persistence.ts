import type { PruneRule } from '../../core/pruning/prune';
import type { SessionHandle } from '../../engine/handle';
import { decodeStored, type Decoded } from '../../storage/format';
import { clearStored, readStored } from '../../storage/idb';

/**
 * How a stored session and the address combine on reload. The address holds the settings and wins:
 * the stored network is restored only when it was built from the same recipe (data set, its draw,
 * the model: recipeKey), and the address's pruning rule is then applied to it when it differs from
 * the stored one. Otherwise the page starts untrained and says why; the stored session stays until
 * a trained one replaces it (or Start fresh).
 */

let atOpen: Promise<Decoded | null> | null = null;

/** The record stored when the page opened, read once: null when there is none. A refused one is deleted. */
export function storedAtOpen(): Promise<Decoded | null> {
  atOpen ??= readStored().then(
    (value) => {
      if (value === undefined) return null;
      const decoded = decodeStored(value);
      if (!decoded.ok) void clearStored().catch(() => {});
      return decoded;
    },
    (): Decoded | null => null,
  );
  return atOpen;
}

/** Whether two rules cut the same weights. */
function sameRule(a: PruneRule, b: PruneRule): boolean {
  return (Object.keys(a) as (keyof PruneRule)[]).every((key) => a[key] === b[key]);
}

/**
 * Restores into `session` (new, untrained, built from `recipe` with `rule`) the session stored when
 * the page opened, if it fits. Returns what the page should say when it could not, else null (the
 * session's note then says it was restored).
 */
export async function restoreStored(session: SessionHandle, recipe: string, rule: PruneRule): Promise<string | null> {
  const decoded = await storedAtOpen();
  if (!decoded) return null;
  if (!decoded.ok) {
    return `The session saved in this browser could not be used: ${decoded.problem} It was removed, and the page starts untrained.`;
  }
  const { stored } = decoded;
  if (stored.recipe !== recipe) {
    return (
      'The session saved in this browser was made with another data set, draw or model than this address asks ' +
      'for, so the page starts untrained. Training here replaces it; Start fresh forgets it now.'
    );
  }
  const saved = new Date(stored.savedAt).toLocaleString();
  const note = `Restored from this browser (saved ${saved}): the trained network, its masks, the Results, timeline and curves. Start fresh forgets them.`;
  const result = await session.restore(stored.checkpoint, note);
  if (result.kind !== 'done') {
    const why = result.kind === 'refused' || result.kind === 'failed' ? result.reason : result.kind;
    return `The session saved in this browser could not be restored: ${why}. The page starts untrained.`;
  }
  if (!sameRule(stored.checkpoint.state.rule, rule)) await session.setRule(rule);
  return null;
}
