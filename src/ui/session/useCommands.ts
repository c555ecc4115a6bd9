import { useCallback, useState } from 'react';
import type { CommandResult, PruningSession } from '../../engine/session';

/** A session command, as the page runs it: one call on the session, resolving to what happened. */
export type Command = (session: PruningSession) => Promise<CommandResult>;

export interface Commands {
  /**
   * Runs `command` on the session, unawaited (the snapshot shows its progress). A refusal or a
   * failure is kept as `problem`; the next command that is done clears it. Nothing happens without
   * a session (the controls are disabled then).
   */
  run: (command: Command) => void;
  /** Why the last command that did not happen was refused or failed; null once one is done. */
  problem: string | null;
}

/**
 * Runs the page's commands on `session` and keeps why the last one did nothing, so that a click is
 * never silently ignored. A problem belongs to the session it came from: a new session starts clear.
 */
export function useCommands(session: PruningSession | null): Commands {
  const [last, setLast] = useState<{ session: PruningSession; reason: string } | null>(null);
  const run = useCallback(
    (command: Command) => {
      if (!session) return;
      const settle = (result: CommandResult) => {
        if (result.kind === 'refused' || result.kind === 'failed') setLast({ session, reason: result.reason });
        // Stopped and diverged runs say so in Status and the run note; they neither set nor clear this.
        else if (result.kind === 'done') setLast((previous) => (previous?.session === session ? null : previous));
      };
      const fail = (error: unknown) =>
        setLast({ session, reason: error instanceof Error ? error.message : String(error) });
      try {
        void command(session).then(settle, fail);
      } catch (error) {
        fail(error);
      }
    },
    [session],
  );
  return { run, problem: last !== null && last.session === session ? last.reason : null };
}
