/**
 * The service worker (vite-plugin-pwa's generateSW, Workbox): once visited, the page opens and works
 * with no network.
 *
 * What is kept: every built file the page or its worker can load (the page, its code, the engine's
 * worker, the wasm backend's `.wasm` binaries, the styles), precached under Vite's hashed names with
 * a revision for the rest, at install time, all or nothing. MNIST (7.85 MB) is not precached: the page
 * keeps it in its own Cache API store when a person first chooses it (src/data/mnist.ts).
 *
 * How an update arrives (`registerType: 'prompt'`): a new version installs beside the one running and
 * waits. The open page keeps the old version's files, lazy chunks included, so a lesson is never
 * reloaded under a teacher and never mixes old and new code. The page says an update is ready; it
 * takes over when every tab of the site has closed, or at once when a person presses "Update now".
 * Then `cleanupOutdatedCaches` drops the old precache. `clientsClaim` only matters for the very first
 * install (nothing older to mix with): it puts the page that installed the worker under it at once,
 * so its later lazy loads work offline too.
 */
import type { VitePWAOptions } from 'vite-plugin-pwa';

export const offlineOptions: Partial<VitePWAOptions> = {
  registerType: 'prompt',
  // src/ui/offline/serviceWorker.ts registers it (virtual:pwa-register), only in the built site.
  injectRegister: false,
  manifest: false,
  workbox: {
    globPatterns: ['**/*.{html,js,css,svg,wasm}'],
    // The benchmark's helpers load only with ?bench; the digits are cached by the page when chosen.
    globIgnores: ['**/harness-*.js', 'data/**'],
    // The engine's worker is ~1.3 MB today; the default cap (2 MiB) would drop it silently as it grows.
    maximumFileSizeToCacheInBytes: 4 * 1024 * 1024,
    // Vite's names carry an 8-character content hash: such a URL never changes content, so no revision.
    dontCacheBustURLsMatching: /-[\w-]{8}\.\w+$/,
    cleanupOutdatedCaches: true,
    clientsClaim: true,
    skipWaiting: false,
    // Lesson links (`./?v=1&data=…`) open the precached page.
    navigateFallback: 'index.html',
  },
};
