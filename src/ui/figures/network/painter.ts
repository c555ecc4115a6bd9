/**
 * Where the Network figure is drawn: in a worker, on the canvas's OffscreenCanvas, where the browser
 * can transfer a canvas's control (Chromium, Firefox, Safari 16.4+); on the page's thread otherwise.
 * One worker serves every network canvas on the page; it is started on the first drawing.
 */
import { softwareRendererName } from '../../../engine/backendNames';
import { drawNetwork, type NetworkDrawing, type NetworkFrame } from './draw';

/** What the page posts to the painter. */
export type PainterMessage =
  | { type: 'adopt'; id: number; canvas: OffscreenCanvas }
  | { type: 'release'; id: number }
  | { type: 'draw'; id: number; frame: NetworkFrame; drawing: NetworkDrawing; layerNames: readonly string[] };

let worker: Worker | null = null;
let nextId = 1;
/** Canvases handed to the worker; a canvas's control can be transferred once only. */
const adopted = new WeakMap<HTMLCanvasElement, number>();
/** Releases waiting a moment, so that a canvas mounted again at once (StrictMode) keeps its id. */
const releasing = new Map<number, ReturnType<typeof setTimeout>>();

function painter(): Worker | null {
  if (worker) return worker;
  if (typeof Worker === 'undefined' || !('transferControlToOffscreen' in HTMLCanvasElement.prototype)) return null;
  try {
    worker = new Worker(new URL('./paint.worker.ts', import.meta.url), { type: 'module', name: 'network painter' });
  } catch {
    return null;
  }
  return worker;
}

/**
 * Draws `drawing` on `canvas` at `width` CSS px: in the painter's worker when it can, else here.
 * Once a canvas has gone to the worker, every later drawing of it goes there too.
 */
export function paintNetwork(
  canvas: HTMLCanvasElement,
  width: number,
  drawing: NetworkDrawing,
  layerNames: readonly string[],
): void {
  const frame = frameFor(width);
  canvas.style.width = `${width}px`;
  let id = adopted.get(canvas);
  const thread = id !== undefined ? worker : painter();
  if (!thread) {
    drawNetwork(canvas, frame, drawing, layerNames);
    return;
  }
  if (id === undefined) {
    id = nextId++;
    const offscreen = canvas.transferControlToOffscreen();
    adopted.set(canvas, id);
    thread.postMessage({ type: 'adopt', id, canvas: offscreen } satisfies PainterMessage, [offscreen]);
  }
  cancelRelease(id);
  thread.postMessage({ type: 'draw', id, frame, drawing, layerNames: [...layerNames] } satisfies PainterMessage);
}

/**
 * For a canvas's mount effect: keeps its place in the worker while mounted, and gives it back a
 * second after it unmounts (a remount within that second, as StrictMode does, keeps it).
 */
export function holdNetworkCanvas(canvas: HTMLCanvasElement): () => void {
  cancelRelease(adopted.get(canvas));
  return () => {
    const id = adopted.get(canvas);
    if (id === undefined || !worker || releasing.has(id)) return;
    const thread = worker;
    releasing.set(
      id,
      setTimeout(() => {
        releasing.delete(id);
        adopted.delete(canvas);
        thread.postMessage({ type: 'release', id } satisfies PainterMessage);
      }, 1000),
    );
  };
}

function cancelRelease(id: number | undefined): void {
  if (id === undefined) return;
  const pending = releasing.get(id);
  if (pending === undefined) return;
  clearTimeout(pending);
  releasing.delete(id);
}

function frameFor(width: number): NetworkFrame {
  const software = drawsInSoftware();
  const dpr = software ? 1 : Math.max(1, Math.min(3, window.devicePixelRatio || 1));
  return { width, dpr, software };
}

/**
 * Whether the browser draws graphics without a graphics card (SwiftShader, llvmpipe...), asked
 * once of a throwaway WebGL context. There an accelerated canvas took 300 ms or more a frame for
 * a few thousand links; a CPU canvas at one pixel per CSS pixel took about 10 ms (3,360 links).
 */
let softwareGraphics: boolean | null = null;
function drawsInSoftware(): boolean {
  if (softwareGraphics !== null) return softwareGraphics;
  softwareGraphics = false;
  try {
    const gl = document.createElement('canvas').getContext('webgl');
    if (gl) {
      const info = gl.getExtension('WEBGL_debug_renderer_info');
      const renderer = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
      softwareGraphics = softwareRendererName(renderer) !== null;
      gl.getExtension('WEBGL_lose_context')?.loseContext();
    } else {
      softwareGraphics = true; // no WebGL: canvases are drawn on the CPU anyway
    }
  } catch {
    softwareGraphics = true;
  }
  return softwareGraphics;
}
