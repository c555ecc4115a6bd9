import type { PruningSession } from './session';

/** The session's commands, by name: what the page may ask of a session wherever it runs. */
export const COMMAND_NAMES = [
  'train',
  'fineTune',
  'iterate',
  'runSchedule',
  'rewind',
  'sweep',
  'scanLayers',
  'compact',
  'stop',
  'setRule',
  'setQuantization',
  'commitThreshold',
  'restoreBaseline',
  'clearCurves',
  'exportNetwork',
  'reset',
  'checkpoint',
  'restore',
] as const;
export type CommandName = (typeof COMMAND_NAMES)[number];

export function isCommandName(name: string): name is CommandName {
  return (COMMAND_NAMES as readonly string[]).includes(name);
}

/**
 * A session as the page uses it: its commands, its snapshot, and its end. A PruningSession on the
 * main thread is one; so is a RemoteSession, whose PruningSession runs in a Web Worker.
 */
export type SessionHandle = Pick<
  PruningSession,
  CommandName | 'subscribe' | 'getSnapshot' | 'stepsPerEpoch' | 'dispose' | 'idle'
>;
