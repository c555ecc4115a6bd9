import { useCallback, useState } from 'react';
import type { SessionHandle } from '../../engine/handle';
import type { CommandResult } from '../../engine/outcome';

/** A session command, as the page runs it: one call on the session, resolving to what happened. */
export type Command = (session: SessionHandle) => Promise<CommandResult>;

export interface Commands {
  /**
   * Runs `command` on the session, unawaited (the snapshot shows its progress). A refusal or a
   * failure is kept as `problem`; the next command that is done clears it. Nothing happens without
   * a session (the controls are disabled then).
   */
  run: (command: Command) => void;
  /** As `run`, resolving to what happened (null without a session): for steps that must follow one another. */
  runAwaited: (command: Command) => Promise<CommandResult | null>;
  /** Why the last command that did not happen was refused or failed; null once one is done. */
  problem: string | null;
}

/** Why a command on `session` did nothing. */
export interface CommandProblem<S> {
  session: S;
  reason: string;
}

/**
 * The problem to show after a command on `session` ended with `result`: a refusal or failure
 * replaces it; a command that was done clears one from the same session (a late answer from an
 * older session clears nothing); stopped and diverged runs leave it, since Status and the run
 * note say those.
 */
export function afterCommand<S>(
  last: CommandProblem<S> | null,
  session: S,
  result: CommandResult,
): CommandProblem<S> | null {
  if (result.kind === 'refused' || result.kind === 'failed') return { session, reason: result.reason };
  if (result.kind === 'done' && last?.session === session) return null;
  return last;
}

/**
 * Runs the page's commands on `session` and keeps why the last one did nothing, so that a click is
 * never silently ignored. A problem belongs to the session it came from: a new session starts clear.
 */
export function useCommands(session: SessionHandle | null): Commands {
  const [last, setLast] = useState<CommandProblem<SessionHandle> | null>(null);
  const runAwaited = useCallback(
    async (command: Command): Promise<CommandResult | null> => {
      if (!session) return null;
      let result: CommandResult;
      try {
        result = await command(session);
      } catch (error) {
        // Commands resolve to a result rather than reject; should one throw all the same, say so.
        result = { kind: 'failed', reason: error instanceof Error ? error.message : String(error) };
      }
      setLast((previous) => afterCommand(previous, session, result));
      return result;
    },
    [session],
  );
  const run = useCallback((command: Command) => void runAwaited(command), [runAwaited]);
  return { run, runAwaited, problem: last !== null && last.session === session ? last.reason : null };
}
