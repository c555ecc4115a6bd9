// The production build (dist/) served by `vite preview` for the scripts that drive the page in Chromium.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Starts `vite preview` on `port` and resolves once it answers. Vite runs as a direct child of this
 * process (not through npx, whose shell would survive `kill()` with vite under it, holding the
 * process open), with its output ignored. The caller kills the returned process.
 */
export async function startPreview(port) {
  const base = `http://127.0.0.1:${port}/`;
  const vite = fileURLToPath(new URL('../../node_modules/vite/bin/vite.js', import.meta.url));
  const server = spawn(
    process.execPath,
    [vite, 'preview', '--port', String(port), '--strictPort', '--host', '127.0.0.1'],
    {
      stdio: 'ignore',
    },
  );
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(base)).ok) return server;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  server.kill();
  throw new Error(`vite preview did not answer on ${base}`);
}
