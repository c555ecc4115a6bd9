import { isBackendName, restartBackend, watchContext } from '../backend';
import * as tf from '../../model/tf';
import { PruningSession } from '../session';
import type { SessionOptions } from '../setup';
import { RecoveringSession } from './recovering';

/**
 * A session on the active backend that rebuilds itself when its graphics context is lost: what the
 * engine's worker and the page's own thread (`?engine=main`) both build.
 */
export function createRecoveringSession(options: SessionOptions): RecoveringSession {
  return new RecoveringSession(options, {
    create: (o) => new PruningSession(o),
    watch: watchContext,
    restart: () => {
      const active = tf.getBackend();
      return restartBackend(isBackendName(active) ? active : 'webgl');
    },
  });
}
