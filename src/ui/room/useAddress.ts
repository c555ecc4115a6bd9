import { useEffect } from 'react';
import { serialiseLink, type Room } from '../../settings/room';
import type { Settings } from '../../settings/settings';

/** How long the setup must rest before the address follows it (a drag writes it once, not per step). */
const ADDRESS_DELAY_MS = 300;

/**
 * Keeps the page's address equal to its setup: `?` + serialiseLink(settings, room), written with
 * `history.replaceState` once the setup has rested, so the history does not fill with slider steps
 * and a reload or a copied address opens the same setup.
 */
export function useAddress(settings: Settings, room: Room): void {
  useEffect(() => {
    const timer = setTimeout(() => {
      const query = `?${serialiseLink(settings, room)}`;
      if (location.search !== query)
        history.replaceState(history.state, '', `${location.pathname}${query}${location.hash}`);
    }, ADDRESS_DELAY_MS);
    return () => clearTimeout(timer);
  }, [settings, room]);
}

/** `query` as a full address of this page. */
export function addressOf(query: string): string {
  return `${location.origin}${location.pathname}?${query}`;
}

/**
 * Puts `text` on the clipboard: the Clipboard API where the page may use it, else a hidden field's
 * copy command. Resolves to whether it worked.
 */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const field = document.createElement('textarea');
    field.value = text;
    field.setAttribute('readonly', '');
    field.style.position = 'fixed';
    field.style.opacity = '0';
    document.body.append(field);
    field.select();
    // The fallback where the Clipboard API is refused (an insecure origin, a denied permission).
    const copied = document.execCommand('copy');
    field.remove();
    return copied;
  }
}
