// Journey 4: a first visit with an empty cache. Every script the page fetches (its own, module
// workers', dynamic chunks) until the first view is usable (the Train button enabled), each body
// gzipped here at level 9 (vite preview may send it uncompressed), then what loads later: while the
// page rests, on the first Train, on switching to the wasm backend and on choosing MNIST.
import { gzipSync } from 'node:zlib';
import { BASE, TRAIN_VIEWPORT } from './config.mjs';
import { chooseBackend, chooseDataset, setField, train, viewportName } from './page.mjs';

const kindOf = (type, contentType, url) => {
  if (type === 'script' || /javascript|ecmascript/.test(contentType) || /\.m?js(\?|$)/.test(url)) return 'js';
  if (/wasm/.test(contentType) || /\.wasm(\?|$)/.test(url)) return 'wasm';
  if (type === 'stylesheet' || /css/.test(contentType)) return 'css';
  if (type === 'document') return 'html';
  return 'data';
};

export async function measureFirstVisit(browser) {
  const context = await browser.newContext({ viewport: TRAIN_VIEWPORT }); // a fresh profile: nothing cached
  let phase = 'before usable';
  const pending = [];
  const phases = new WeakMap(); // request → the phase it was sent in
  context.on('request', (request) => phases.set(request, phase));
  context.on('response', (response) => {
    const request = response.request();
    const when = phases.get(request) ?? phase;
    pending.push(
      response
        .body()
        .then((body) => {
          const url = new URL(response.url());
          const kind = kindOf(request.resourceType(), response.headers()['content-type'] ?? '', url.pathname);
          const gzip = kind === 'data' && body.length > 1e6 ? NaN : gzipSync(body, { level: 9 }).length;
          return {
            phase: when,
            file: url.pathname.replace(/^\/(assets\/)?/, '') || '/',
            kind,
            bytes: body.length,
            gzip,
          };
        })
        .catch(() => null),
    );
  });
  const page = await context.newPage();
  try {
    await page.goto(BASE);
    // The first view is usable once Train can be pressed (a session is ready); timed in the page.
    const usableMs = await page.evaluate(
      () =>
        new Promise((resolve) => {
          const check = () => {
            const button = [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Train');
            if (button && !button.disabled) resolve(performance.now());
            else requestAnimationFrame(check);
          };
          check();
        }),
    );
    phase = 'later: page at rest (5 s)';
    await page.waitForTimeout(5000);
    phase = 'later: first Train (1 epoch)';
    await setField(page, 'Epochs', 1);
    await train(page);
    phase = 'later: Backend wasm';
    await chooseBackend(page, 'wasm');
    phase = 'later: Dataset MNIST';
    await chooseDataset(page, 'mnist');
    await page.waitForTimeout(1000);
    const entries = (await Promise.all(pending)).filter(Boolean);
    return { viewport: viewportName(TRAIN_VIEWPORT), usableMs, entries };
  } finally {
    await context.close();
  }
}
