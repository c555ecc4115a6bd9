import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { expect, test } from '@playwright/test';

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.wasm': 'application/wasm',
  '.bin': 'application/octet-stream',
};

/** A static server whose folder can be swapped: a deploy of a new version to the same origin. */
function serve(): { server: Server; deploy: (folder: string) => void; ready: Promise<string> } {
  let root = '';
  const server = createServer((request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url!, 'http://x').pathname)).replace(/^\/+/, '');
    const file = join(root, path === '' || path.endsWith('/') ? 'index.html' : path);
    try {
      const body = readFileSync(file);
      response.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' });
      response.end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  const ready = new Promise<string>((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve(`http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`);
    }),
  );
  return { server, deploy: (folder) => (root = folder), ready };
}

/** The precache's entries for index.html (their keys carry the revision Workbox stored them under). */
const storedPages = () =>
  caches.keys().then(async (names) => {
    const keys: string[] = [];
    for (const name of names.filter((n) => n.startsWith('workbox-precache')))
      for (const request of await (await caches.open(name)).keys())
        if (request.url.includes('index.html')) keys.push(request.url.replace(/^.*\//, ''));
    return keys;
  });

test('a new version waits beside the running one, is offered, and replaces it whole when taken', async ({ page }) => {
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  // Version A is the build; version B the same site with another index.html, as a deploy would make.
  const work = mkdtempSync(join(tmpdir(), 'pruning-lab-update-'));
  const [a, b] = [join(work, 'a'), join(work, 'b')];
  cpSync('dist', a, { recursive: true });
  cpSync('dist', b, { recursive: true });
  const sw = readFileSync(join(a, 'sw.js'), 'utf8');
  const revision = /\{url:"index\.html",revision:"(\w+)"\}/.exec(sw)![1];
  writeFileSync(join(b, 'sw.js'), sw.replace(revision, 'b'.repeat(revision.length)));
  const html = readFileSync(join(a, 'index.html'), 'utf8');
  writeFileSync(join(b, 'index.html'), html.replace('<title>Pruning Lab</title>', '<title>Pruning Lab B</title>'));
  const { server, deploy, ready } = serve();
  try {
    deploy(a);
    const base = await ready;
    await page.goto(base);
    await expect(page.getByRole('status', { name: 'Status', exact: true })).toHaveText('Ready');
    await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
    await expect(page.getByRole('contentinfo')).toContainText('it opens and works offline');

    deploy(b);
    await page.reload(); // a navigation checks for a new version
    const notice = page.getByRole('status').filter({ hasText: 'A new version of Pruning Lab is ready' });
    await expect(notice).toBeVisible();
    // Meanwhile the page is still all of version A, and works: nothing reloaded under the lesson.
    await expect(page).toHaveTitle('Pruning Lab');
    await page.getByRole('combobox', { name: 'Backend' }).selectOption('wasm');
    await expect(page.getByRole('status', { name: 'Backend', exact: true })).toHaveText('wasm');
    // B is stored beside A (installed, waiting); A is what the page is served.
    expect((await page.evaluate(storedPages)).sort()).toEqual(
      [revision, 'b'.repeat(revision.length)].map((r) => `index.html?__WB_REVISION__=${r}`).sort(),
    );

    await notice.getByRole('button', { name: 'Update now' }).click();
    await expect(page).toHaveTitle('Pruning Lab B');
    await expect(page.getByRole('status', { name: 'Status', exact: true })).toHaveText('Ready');
    await expect(notice).toHaveCount(0);
    // Only B's copy is stored now: the old one went with the old worker.
    expect(await page.evaluate(storedPages)).toEqual([`index.html?__WB_REVISION__=${'b'.repeat(revision.length)}`]);
    expect(errors).toEqual([]);
  } finally {
    server.close();
    rmSync(work, { recursive: true, force: true });
  }
});
