// The production build (dist/, or another folder) served by `vite preview` for the scripts that
// drive the page in Chromium.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Starts `vite preview` on `port` and resolves once it answers. Vite runs as a direct child of this
 * process (not through npx, whose shell would survive `kill()` with vite under it, holding the
 * process open), with its output ignored. The caller kills the returned process. `outDir` serves
 * another build than dist/ (the benchmark's BENCH_DIST, so that it never overwrites the shared dist/).
 */
export async function startPreview(port, outDir = null) {
  const base = `http://127.0.0.1:${port}/`;
  // Whatever already answers there is not this build (a server left over from an earlier run).
  const taken = await fetch(base).then(
    () => true,
    () => false,
  );
  if (taken) throw new Error(`Something already answers on ${base}: stop it first (this would not be the build).`);
  const vite = fileURLToPath(new URL('../../node_modules/vite/bin/vite.js', import.meta.url));
  const server = spawn(
    process.execPath,
    [
      vite,
      'preview',
      '--port',
      String(port),
      '--strictPort',
      '--host',
      '127.0.0.1',
      ...(outDir ? ['--outDir', outDir] : []),
    ],
    { stdio: 'ignore' },
  );
  // With --strictPort vite exits when the port is taken; then whatever answers there is not this build.
  const exit = { code: '' };
  server.on('exit', (code, signal) => (exit.code = String(code ?? signal)));
  for (let i = 0; i < 100; i++) {
    if (exit.code) throw new Error(`vite preview exited (${exit.code}): is port ${port} in use by another server?`);
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
