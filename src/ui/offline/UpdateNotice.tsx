import { useSyncExternalStore } from 'react';
import { offlineState, subscribeOffline, updateNow } from './serviceWorker';

/**
 * Says when a newer version of the site is waiting, and lets a person take it now. Nothing reloads on
 * its own: a lesson in progress keeps the version it started with.
 */
export function UpdateNotice() {
  const { updateWaiting } = useSyncExternalStore(subscribeOffline, offlineState);
  if (!updateWaiting) return null;
  return (
    <p className="update-notice" role="status">
      A new version of Pruning Lab is ready. It opens the next time you open the page.{' '}
      <button type="button" onClick={updateNow}>
        Update now
      </button>
    </p>
  );
}

/** The footer's word on offline use, once this version is stored. */
export function OfflineNote() {
  const { offlineReady } = useSyncExternalStore(subscribeOffline, offlineState);
  return offlineReady ? <> Saved in this browser: it opens and works offline.</> : null;
}
