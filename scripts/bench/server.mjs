// The production build served by vite preview for the benchmark's pages.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { BASE, PORT } from './config.mjs';

/**
 * Starts `vite preview` on PORT. Vite runs as a direct child of this process (not through npx, whose
 * shell would survive `kill()` with vite under it, holding the process open), with its output ignored.
 */
export async function startServer() {
  const vite = fileURLToPath(new URL('../../node_modules/vite/bin/vite.js', import.meta.url));
  const server = spawn(
    process.execPath,
    [vite, 'preview', '--port', String(PORT), '--strictPort', '--host', '127.0.0.1'],
    {
      stdio: 'ignore',
    },
  );
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(BASE)).ok) return server;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  server.kill();
  throw new Error(`vite preview did not answer on ${BASE}`);
}
