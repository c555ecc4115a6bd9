import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';
import { cspMetaTag, DEV_NONCE, securityHeaders } from './config/csp.ts';
import { offlineOptions } from './config/offline.ts';

// `base: './'` makes every asset URL relative, so the built `dist/` folder can be served from any path.
export default defineConfig(({ command }) => ({
  base: './',
  plugins: [react(), cspMetaTag(), VitePWA(offlineOptions)],
  // The engine's worker is an ES module, so it can load the wasm backend on demand like the page does.
  worker: { format: 'es' },
  // Only the dev server's page has an inline script (React Refresh's preamble): Vite puts this nonce on it.
  html: command === 'serve' ? { cspNonce: DEV_NONCE } : {},
  build: {
    // TensorFlow.js alone is ~1 MB minified; it is one library, loaded once, so a big chunk is expected.
    chunkSizeWarningLimit: 2000,
  },
  server: { headers: securityHeaders('dev') },
  preview: { port: 4173, strictPort: true, headers: securityHeaders('build') },
  test: {
    include: ['src/**/*.test.ts', 'config/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
  },
}));
