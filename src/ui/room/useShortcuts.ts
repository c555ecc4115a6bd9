import { useEffect, useRef } from 'react';
import { shortcutOf, type ShortcutAction } from './shortcuts';

/**
 * Binds the page's keyboard shortcuts (./shortcuts) to `handlers`, on the whole window. A key press in
 * a text field, or with Ctrl, Alt or Meta, is left alone; so is one while a dialog is open, except `?`.
 */
export function useShortcuts(handlers: Record<ShortcutAction, () => void>): void {
  // The newest handlers, without binding the listener again on every render.
  const latest = useRef(handlers);
  useEffect(() => {
    latest.current = handlers;
  });
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const action = shortcutOf(event);
      // A held key repeats: one press is one action (t would toggle Train and Stop, p presenter view).
      if (!action || event.repeat) return;
      if (document.querySelector('dialog[open]') && action !== 'help') return;
      event.preventDefault();
      latest.current[action]();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
