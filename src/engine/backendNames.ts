/**
 * The backends' names and what the page says about the one running: plain data, no TensorFlow.js,
 * so the page's first chunk can use them (engine/backend starts a backend).
 */
/** The TensorFlow.js backends the page offers, fastest on a real GPU first. */
export const BACKENDS = ['webgl', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];

export function isBackendName(token: string): token is BackendName {
  return (BACKENDS as readonly string[]).includes(token);
}

/** What runs the maths: the backend, and for webgl the renderer behind it. */
export interface BackendInfo {
  name: BackendName;
  /** The WebGL renderer string, e.g. "ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device ...))". */
  renderer: string | null;
  /** True when WebGL is drawn by the CPU (SwiftShader, llvmpipe, ...), not a graphics card. */
  software: boolean;
  /** The Backend readout's text: "webgl (SwiftShader, software)", "wasm", "cpu". */
  label: string;
}

const SOFTWARE_RENDERERS: ReadonlyArray<[RegExp, string]> = [
  [/swiftshader/i, 'SwiftShader'],
  [/llvmpipe/i, 'llvmpipe'],
  [/softpipe/i, 'softpipe'],
  [/microsoft basic render/i, 'Microsoft Basic Render'],
  [/software/i, 'software renderer'],
];

/** Names the software renderer in `renderer`, or null for a hardware one. */
export function softwareRendererName(renderer: string): string | null {
  for (const [pattern, name] of SOFTWARE_RENDERERS) if (pattern.test(renderer)) return name;
  return null;
}
