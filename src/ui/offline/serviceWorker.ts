/// <reference types="vite-plugin-pwa/vanillajs" />
import { benchRequested } from '../../bench/requested';
/**
 * The service worker's side of the page (config/offline.ts says what it keeps and why updates wait):
 * registers it in the built site and publishes two facts for the UI, whether the site is kept for
 * offline use and whether a newer version is waiting.
 */
export interface OfflineState {
  /** Every file of this version is stored: the page opens with no network from now on. */
  offlineReady: boolean;
  /** A newer version is installed and waits until every tab closes or `updateNow` is called. */
  updateWaiting: boolean;
}

let state: OfflineState = { offlineReady: false, updateWaiting: false };
const listeners = new Set<() => void>();
let update: (() => Promise<void>) | null = null;

function publish(change: Partial<OfflineState>): void {
  state = { ...state, ...change };
  for (const listener of listeners) listener();
}

/** For useSyncExternalStore. */
export function subscribeOffline(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function offlineState(): OfflineState {
  return state;
}

/** Activates the waiting version; the page reloads once it controls the page. */
export function updateNow(): void {
  void update?.();
}

let started = false;

/**
 * Registers the service worker (built site only: the dev server serves files as they change), once;
 * the page calls it when its first view is usable, so that storing the whole site for offline use
 * (about 1 MB gzipped) never competes with the first view's own downloads. A browser without service
 * workers, or one that refuses them (private windows, some policies), simply works online; nothing
 * is shown. Not with `?bench`: the bench times the page, not the one-off background download.
 */
export function startServiceWorker(): void {
  if (started) return;
  started = true;
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  if (benchRequested()) return;
  void import('virtual:pwa-register').then(({ registerSW }) => {
    update = registerSW({
      immediate: true,
      onOfflineReady: () => publish({ offlineReady: true }),
      onNeedRefresh: () => publish({ updateWaiting: true }),
      // An earlier visit stored this version already: no install happens, so say it here.
      onRegisteredSW: (_url, registration) => {
        if (registration?.active) publish({ offlineReady: true });
      },
      onRegisterError: () => publish({ offlineReady: false }),
    });
  });
}
