import * as tf from '../model/tf';
import type { MathBackendWebGL } from '@tensorflow/tfjs-backend-webgl';
import { softwareRendererName, type BackendInfo, type BackendName } from './backendNames';

let wasmPathsSet = false;

async function prepareWasm(): Promise<void> {
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  if (wasmPathsSet) return;
  // The .wasm binaries are served from this site (no CDN): Vite copies them and gives their URLs.
  const [plain, simd, threaded] = await Promise.all([
    import('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url'),
    import('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url'),
    import('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url'),
  ]);
  wasm.setWasmPaths({
    'tfjs-backend-wasm.wasm': plain.default,
    'tfjs-backend-wasm-simd.wasm': simd.default,
    'tfjs-backend-wasm-threaded-simd.wasm': threaded.default,
  });
  wasmPathsSet = true;
}

function webglRenderer(): string | null {
  const backend = tf.backend() as MathBackendWebGL;
  const gl = backend.gpgpu?.gl;
  if (!gl) return null;
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  return String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
}

/** Sets TensorFlow.js flags before the first backend starts (the worker's copy of the page's `?tfjsflags`). */
export function applyFlags(flags: Array<[string, boolean | number]>): void {
  for (const [name, value] of flags) tf.env().set(name, value);
}

/**
 * Whether webgl computes in float16 here (phones, iPads, or forced by flags): 11 bits of mantissa,
 * so integers above 2,048 and sums above 65,504 are not exact, and TensorFlow.js's training goes NaN.
 * activateBackend refuses webgl there (the page then starts wasm and says why).
 */
export function webglIsFloat16(): boolean {
  return (
    tf.getBackend() === 'webgl' &&
    (tf.env().getBool('WEBGL_FORCE_F16_TEXTURES') || !tf.env().getBool('WEBGL_RENDER_FLOAT32_ENABLED'))
  );
}

/** Whether the active backend is webgl drawn in software (SwiftShader, llvmpipe, ...): slow for small networks. */
export function isSoftwareWebgl(): boolean {
  if (tf.getBackend() !== 'webgl') return false;
  const renderer = webglRenderer();
  return renderer !== null && softwareRendererName(renderer) !== null;
}

/**
 * FigureCounter's `sparseRatio` on the active backend: how small a share of its dense work a pruned
 * network's sparse count in JavaScript must need to beat the backend, roughly the cost of a dense
 * multiply-add there over a sparse one in JavaScript (a few ns, indexed and in float64). wasm's
 * SIMD matMul is about ten times cheaper per multiply-add; SwiftShader and tfjs's cpu backend
 * (plain JavaScript) two or three times. A real GPU is left to count on its own.
 */
export function sparseCountRatio(): number {
  const name = tf.getBackend();
  if (name === 'cpu') return 0.5;
  if (name === 'wasm') return 0.1;
  return isSoftwareWebgl() ? 0.4 : 0;
}

/**
 * Whether a readback on the active backend already lets other tasks run while it waits (webgl
 * polls its GPU fence); on wasm and cpu it resolves at once, so a chunked count must yield itself.
 * Measured on MNIST's slider (software WebGL): an extra yield per chunk there made arrow-key
 * steps' estimates 20× slower (median 38–45 → 880–1,110 ms), so webgl does without it.
 */
export function readbackYields(): boolean {
  return tf.getBackend() === 'webgl';
}

/**
 * Makes `name` the active backend. Software WebGL is accepted (tfjs refuses it by default), and
 * reported as such. Throws with a plain message when the backend cannot start in this browser.
 */
export async function activateBackend(name: BackendName): Promise<BackendInfo> {
  if (name === 'webgl') tf.env().set('SOFTWARE_WEBGL_ENABLED', true);
  if (name === 'wasm') await prepareWasm();
  let ok: boolean;
  try {
    ok = await tf.setBackend(name);
    await tf.ready();
  } catch {
    ok = false;
  }
  if (!ok || tf.getBackend() !== name) {
    throw new Error(`The ${name} backend could not start in this browser.`);
  }
  if (name !== 'webgl') return { name, renderer: null, software: false, label: name };
  // Measured with the float16 flags forced: the seed network's loss went NaN 0.2 epochs in.
  if (webglIsFloat16()) {
    throw new Error('WebGL here computes in float16 (half precision), where training goes NaN within an epoch.');
  }
  const renderer = webglRenderer();
  const software = renderer ? softwareRendererName(renderer) : null;
  const label = software ? `webgl (${software}, software)` : 'webgl';
  return { name, renderer, software: software !== null, label };
}

export { BACKENDS, isBackendName, softwareRendererName, type BackendInfo, type BackendName } from './backendNames';

/** What Status says while the network is rebuilt, and the start of the note afterwards. */
export const CONTEXT_LOST = 'The graphics context was lost (the GPU process stopped or was reset)';

/** How often the watchdog asks the context whether it is lost, in case no event comes. */
const WATCH_MS = 1000;

/**
 * Calls `onLost` once when the active webgl backend's graphics context is lost: on the canvas's
 * `webglcontextlost` event (tfjs draws on an OffscreenCanvas, in a worker too) or, as a watchdog,
 * when `isContextLost()` turns true at one of its checks. Returns the function that stops watching.
 * Other backends cannot lose a context: nothing is watched.
 */
export function watchContext(onLost: (reason: string) => void): () => void {
  if (tf.getBackend() !== 'webgl') return () => {};
  const gl = (tf.backend() as MathBackendWebGL).gpgpu?.gl;
  if (!gl) return () => {};
  const canvas = gl.canvas;
  let done = false;
  const stop = () => {
    done = true;
    canvas.removeEventListener('webglcontextlost', lost);
    clearInterval(timer);
  };
  function lost() {
    if (done) return;
    stop();
    onLost(CONTEXT_LOST);
  }
  canvas.addEventListener('webglcontextlost', lost);
  const timer = setInterval(() => {
    if (gl.isContextLost()) lost();
  }, WATCH_MS);
  return stop;
}

/** How long a fresh context may take to answer one read, and how long to wait before each new try. */
const PROBE_MS = 5000;
/** A restarted GPU process takes a second or two, more on a busy machine: about 10 s in all, then wasm. */
const WEBGL_WAITS_MS = [1000, 2000, 3000, 4000];

/** Reads back a small tensor; throws when the backend does not answer in time or answers wrong. */
async function probe(): Promise<void> {
  const t = tf.tensor1d([1, 2, 3]);
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const values = await Promise.race([
      t.data(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${PROBE_MS / 1000} s`)), PROBE_MS);
      }),
    ]);
    if (values[1] !== 2) throw new Error('it read back wrong values');
  } finally {
    clearTimeout(timer);
    t.dispose();
  }
}

/**
 * After a lost context: forgets every tensor and backend TensorFlow.js held (their memory is gone
 * with the context) and starts `name` again, checked by one read. Where webgl does not come back
 * within five tries over about 10 s, starts wasm (then cpu) and says so in `problem`.
 */
export async function restartBackend(name: BackendName): Promise<{ info: BackendInfo; problem: string | null }> {
  let last = '';
  const waits = name === 'webgl' ? [0, ...WEBGL_WAITS_MS] : [0];
  for (const wait of waits) {
    await new Promise((resolve) => setTimeout(resolve, wait));
    tf.engine().reset();
    try {
      const info = await activateBackend(name);
      await probe();
      return { info, problem: null };
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
  }
  for (const fallback of ['wasm', 'cpu'] as const) {
    if (fallback === name) continue;
    tf.engine().reset();
    try {
      const info = await activateBackend(fallback);
      return { info, problem: `${name} did not come back (${last}): the network now runs on ${fallback}.` };
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
  }
  throw new Error(`No backend could start again (${last}).`);
}
