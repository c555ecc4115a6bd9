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
