import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// `base: './'` makes every asset URL relative, so the built `dist/` folder can be served from any path.
export default defineConfig({
  base: './',
  plugins: [react()],
  // The engine's worker is an ES module, so it can load the wasm backend on demand like the page does.
  worker: { format: 'es' },
  build: {
    // TensorFlow.js alone is ~1 MB minified; it is one library, loaded once, so a big chunk is expected.
    chunkSizeWarningLimit: 2000,
  },
  preview: { port: 4173, strictPort: true },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
  },
});
