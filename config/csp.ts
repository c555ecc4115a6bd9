/**
 * The page's Content-Security-Policy, one table for the built site and the dev server.
 *
 * The built site runs no inline script and no eval: its scripts are files from its own origin, and
 * TensorFlow.js's wasm backend needs only `'wasm-unsafe-eval'` (WebAssembly compilation, not
 * JavaScript eval). The dev server differs in two ways, both Vite's: the React Refresh preamble is an
 * inline script (allowed by a nonce Vite writes on every tag it serves, `html.cspNonce`), and the
 * hot-reload client talks over a WebSocket.
 */
import type { Plugin } from 'vite';

export type CspMode = 'build' | 'dev';

/** Vite's `html.cspNonce` for the dev server only: a constant, because the dev server is local. */
export const DEV_NONCE = 'pruning-lab-dev';

type Directives = Record<string, string[]>;

function directives(mode: CspMode): Directives {
  const dev = mode === 'dev';
  const nonce = dev ? [`'nonce-${DEV_NONCE}'`] : [];
  return {
    'default-src': ["'self'"],
    'script-src': ["'self'", "'wasm-unsafe-eval'", ...nonce],
    // Vite's dev server injects CSS as <style> elements (with the nonce); the build links CSS files.
    'style-src': ["'self'", ...nonce],
    // The engine's worker and the service worker are files from this origin, never blob: or data:.
    'worker-src': ["'self'"],
    // MNIST and the wasm binaries come from this origin; the dev server's hot reload uses a WebSocket.
    'connect-src': dev ? ["'self'", 'ws:', 'wss:'] : ["'self'"],
    'img-src': ["'self'", 'data:', 'blob:'],
    'object-src': ["'none'"],
    'base-uri': ["'self'"],
    'form-action': ["'self'"],
  };
}

/**
 * The policy as a header value. `frame-ancestors` only works in a header (a `<meta>` tag that has it
 * makes the browser log an error), so `inMeta` leaves it out.
 */
export function contentSecurityPolicy(mode: CspMode, inMeta = false): string {
  const table = directives(mode);
  if (!inMeta) table['frame-ancestors'] = ["'none'"];
  return Object.entries(table)
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ');
}

/** The headers `vite` (dev) and `vite preview` send with every response, the worker's script included. */
export function securityHeaders(mode: CspMode): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(mode),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
  };
}

/**
 * Writes the policy into the built index.html as a `<meta>` tag, for static hosts that send no
 * header. A meta policy governs the page only: a dedicated worker takes its policy from its own
 * script's response, so the engine's worker is covered only where the server sends the header
 * (`vite preview` does; see the README for other servers).
 */
export function cspMetaTag(): Plugin {
  return {
    name: 'pruning-lab:csp-meta',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler: () => [
        {
          tag: 'meta',
          attrs: { 'http-equiv': 'Content-Security-Policy', content: contentSecurityPolicy('build', true) },
          injectTo: 'head-prepend',
        },
      ],
    },
  };
}
