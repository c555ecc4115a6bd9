import type { BackendInfo, BackendName } from '../engine/backendNames';
import type { SessionHandle } from '../engine/handle';
import type { SessionOptions } from '../engine/setup';
import { parseFlags, workerName } from './flags';
import { RemoteEngine } from './remote';

/** Where the engine's tensors live and its loops run: the Engine readout's text. */
export type EngineWhere = 'worker' | 'main thread';

/** Something that starts backends and builds sessions: a Web Worker, or the page itself. */
export interface Engine {
  readonly where: EngineWhere;
  start: (backend: BackendName) => Promise<BackendInfo>;
  createSession: (options: SessionOptions) => Promise<SessionHandle>;
}

let worker: Engine | null = null;
/** The query string the page opened with (the page rewrites it soon after): it carries `?tfjsflags`. */
let openedWith = '';
let mainThread: Promise<Engine> | null = null;

/**
 * The engine in a Web Worker, made once per page. A worker that cannot load or crashes fails every
 * request with the reason (the page then falls back to the main thread, or says what happened).
 */
function inWorker(): Engine {
  if (worker) return worker;
  const thread = new Worker(new URL('./engine.worker.ts', import.meta.url), {
    type: 'module',
    name: workerName(openedWith),
  });
  const remote = new RemoteEngine(thread);
  thread.onerror = (event) => {
    event.preventDefault();
    remote.fail(`The engine's worker stopped${event.message ? `: ${event.message}` : ''}.`);
  };
  thread.onmessageerror = () => remote.fail("The engine's worker sent a message the page could not read.");
  worker = {
    where: 'worker',
    start: (backend) => remote.start(backend),
    createSession: (options) => remote.createSession(options),
  };
  return worker;
}

/** The engine on the page's own thread, loaded when first needed (it brings TensorFlow.js with it). */
function onMainThread(): Promise<Engine> {
  mainThread ??= Promise.all([import('../engine/backend'), import('../engine/session')]).then(
    ([backend, session]): Engine => ({
      where: 'main thread',
      start: (name) => {
        backend.applyFlags(parseFlags(openedWith));
        return backend.activateBackend(name);
      },
      createSession: async (options) => new session.PruningSession(options),
    }),
  );
  return mainThread;
}

/** Whether this browser can run the engine in a worker with WebGL there (OffscreenCanvas). */
function workerPossible(): boolean {
  return typeof Worker !== 'undefined' && typeof OffscreenCanvas !== 'undefined';
}

/** The engines to try, decided once: the page rewrites its address (useAddress) soon after it opens. */
let order: Array<() => Promise<Engine>> | null = null;

/**
 * The engines to try, in order: the worker first where the browser has one, then the main thread
 * (Safari's tfjs has no WebGL in a worker). `?engine=main` in the address the page opened with uses
 * the main thread only.
 */
export function enginesToTry(search: string): Array<() => Promise<Engine>> {
  if (order) return order;
  openedWith = search;
  const wanted = new URLSearchParams(search).get('engine');
  order = wanted === 'main' || !workerPossible() ? [onMainThread] : [async () => inWorker(), onMainThread];
  return order;
}
