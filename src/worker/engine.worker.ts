/**
 * The engine's Web Worker: every tensor, the training loop and the pruning run here, off the page's
 * thread, so a slider step or an epoch never blocks a repaint. WebGL works here through
 * OffscreenCanvas (Chromium, Firefox); where it cannot start, the page runs the engine itself.
 */
import { activateBackend, applyFlags } from '../engine/backend';
import { flagsFromWorkerName } from './flags';
import { PruningSession } from '../engine/session';
import { serveEngine } from './host';

applyFlags(flagsFromWorkerName(self.name));
serveEngine(self, {
  activateBackend,
  createSession: (options) => new PruningSession(options),
});
