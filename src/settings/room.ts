import { parseSettings, readParams, serialiseSettings } from './address';
import type { Settings } from './settings';

/**
 * How the page is shown to a room, beside the Settings of the network: presenter view, the control
 * groups a learner's link shows, and the lesson's step. Plain data, in the address with the settings:
 *
 *   view    presenter (absent: the full page)
 *   show    the control groups shown, comma-separated: data,prune,finetune (absent: all of them)
 *   lesson  the lesson step's token (absent: no lesson open)
 *   train   1: train once when the page opens (a link's request, never written back to the address)
 */
export interface Room {
  presenter: boolean;
  /** The control groups shown; every group when the teacher hid none. */
  show: readonly ControlGroup[];
  /** The open lesson step's token, or null when no lesson is open. */
  lesson: string | null;
}

/** The groups of controls a Share link can show or hide, by the token that names them in `show=`. */
export const CONTROL_GROUPS = {
  data: 'Data set and model',
  train: 'Train',
  prune: 'Prune (the slider)',
  finetune: 'Fine-tune and Back to baseline',
  iterative: 'Iterative pruning',
  schedule: 'Polynomial schedule',
  lottery: 'Lottery ticket and Compact',
  explore: 'Sweep and scan',
} as const;
export type ControlGroup = keyof typeof CONTROL_GROUPS;
export const ALL_GROUPS = Object.keys(CONTROL_GROUPS) as ControlGroup[];

export const DEFAULT_ROOM: Room = { presenter: false, show: ALL_GROUPS, lesson: null };

/** What a link holds: the settings, the room, whether to train on open, and what could not be used. */
export interface Link {
  settings: Settings;
  room: Room;
  trainOnOpen: boolean;
  problems: string[];
}

/**
 * Reads a page address's query (with or without `?`). Never throws: bad values take their defaults
 * and are named in `problems` (see parseSettings); unknown keys are ignored. `lessonToken` says
 * whether a lesson step's token is one the lesson has.
 */
export function parseLink(query: string, isLessonToken: (token: string) => boolean): Link {
  const { settings, problems } = parseSettings(query);
  // As for the settings, a repeated key uses its last value and says so.
  const params = readParams(query, problems, ROOM_KEYS);
  const get = (key: string): string | null => params.get(key) ?? null;
  const room: Room = { ...DEFAULT_ROOM };
  const view = get('view');
  if (view !== null) {
    if (view === 'presenter') room.presenter = true;
    else problems.push(`Expected the view "presenter", but got "${view}" (view=${view}). Used the full page.`);
  }
  const show = get('show');
  if (show !== null) {
    const tokens = show.split(',').filter((t) => t !== '');
    const unknown = tokens.filter((t) => !Object.hasOwn(CONTROL_GROUPS, t));
    const groups = ALL_GROUPS.filter((g) => tokens.includes(g));
    if (unknown.length > 0) {
      problems.push(
        `Expected control groups among ${ALL_GROUPS.join(', ')}, but got "${unknown.join(',')}" (show=${show}). ${
          groups.length > 0 ? 'Showed the others.' : 'Showed every group.'
        }`,
      );
    }
    room.show = groups.length > 0 ? groups : ALL_GROUPS;
  }
  const lesson = get('lesson');
  if (lesson !== null) {
    if (isLessonToken(lesson)) room.lesson = lesson;
    else problems.push(`Expected a lesson step, but got "${lesson}" (lesson=${lesson}). The lesson stays closed.`);
  }
  const train = get('train');
  if (train !== null && train !== '1') problems.push(`Expected train=1, but got "${train}". Not trained on open.`);
  return { settings, room, trainOnOpen: train === '1', problems };
}

/** The address query (without `?`) for `settings` shown as `room`; `trainOnOpen` adds `train=1`. */
export function serialiseLink(settings: Settings, room: Room, trainOnOpen = false): string {
  const pairs: string[] = [serialiseSettings(settings)];
  if (room.presenter) pairs.push('view=presenter');
  if (room.show.length < ALL_GROUPS.length)
    pairs.push(`show=${ALL_GROUPS.filter((g) => room.show.includes(g)).join(',')}`);
  if (room.lesson !== null) pairs.push(`lesson=${encodeURIComponent(room.lesson)}`);
  if (trainOnOpen) pairs.push('train=1');
  return pairs.join('&');
}

/** Whether `group`'s controls are on the page. */
export function shows(room: Room, group: ControlGroup): boolean {
  return room.show.includes(group);
}

const ROOM_KEYS: ReadonlySet<string> = new Set(['view', 'show', 'lesson', 'train']);
