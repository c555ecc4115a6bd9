/** What a presenter does most, on one key each. The dialog lists this table; the page binds it. */
export const SHORTCUTS = [
  { key: 't', action: 'train', text: 'Train, or Stop while a run is under way' },
  { key: ']', action: 'pruneMore', text: 'Prune more: the criterion one step up' },
  { key: '[', action: 'pruneLess', text: 'Prune less: the criterion one step down' },
  { key: 'f', action: 'fineTune', text: 'Fine-tune' },
  { key: 'b', action: 'restore', text: 'Back to baseline' },
  { key: 'p', action: 'presenter', text: 'Presenter view on or off' },
  { key: 'l', action: 'lesson', text: 'Start or close the lesson' },
  { key: 'n', action: 'next', text: 'Next lesson step' },
  { key: '?', action: 'help', text: 'This list of shortcuts' },
] as const;
export type ShortcutAction = (typeof SHORTCUTS)[number]['action'];

/** Input types a key press means text in, so a shortcut must not fire there. */
const TEXT_INPUTS = new Set(['text', 'number', 'search', 'email', 'url', 'tel', 'password']);

/** Whether a key press on `target` is typing (a text or number field, a select, editable text). */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement)
    return true;
  return target instanceof HTMLInputElement && TEXT_INPUTS.has(target.type);
}

/** The action of a key press, or null: none with Ctrl, Alt or Meta held, none while typing. */
export function shortcutOf(
  event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'altKey' | 'metaKey' | 'target'>,
): ShortcutAction | null {
  if (event.ctrlKey || event.altKey || event.metaKey || isTyping(event.target)) return null;
  const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
  return SHORTCUTS.find((s) => s.key === key)?.action ?? null;
}
