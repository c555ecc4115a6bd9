/**
 * What a session command did. Every command of `PruningSession` resolves to one of these once its
 * work is over (or at once, when it was refused), so the page can say why a click did nothing.
 */
export type CommandResult =
  /** The work was done to its end. */
  | { kind: 'done' }
  /** Stop (or Reset, or a newer command that replaces it) ended the work early; what was done is kept. */
  | { kind: 'stopped'; reason: string }
  /** Nothing was done, and why: "A run is under way: stop it first.", "Train the network first." */
  | { kind: 'refused'; reason: string }
  /** Training gave NaN: the run stopped and the last good weights were kept. */
  | { kind: 'diverged'; reason: string }
  /** The work threw; the Status readout says the same. */
  | { kind: 'failed'; reason: string };

export type CommandKind = CommandResult['kind'];

export const DONE: CommandResult = { kind: 'done' };

export function refused(reason: string): CommandResult {
  return { kind: 'refused', reason };
}

export function stopped(reason: string): CommandResult {
  return { kind: 'stopped', reason };
}
