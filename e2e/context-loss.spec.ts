import type { Page } from '@playwright/test';
import { chromiumLaunchOptions } from '../scripts/browser.mjs';
import { expect, test, type LabPage } from './fixtures';

// After its GPU process crashed, Chromium blocks WebGL for the site a while: the journeys after these
// would start on wasm. A launch option of their own gives these a browser of their own (Playwright
// starts a new worker for it); the switch lifts that block here, so each crash is met afresh.
const launch = chromiumLaunchOptions();
test.use({ launchOptions: { ...launch, args: [...(launch.args ?? []), '--disable-domain-blocking-for-3d-apis'] } });

// Chromium's DevTools protocol can crash the GPU process: every WebGL context of the page (the
// engine's OffscreenCanvas, in its worker or on the page's thread) is lost at once, as when a driver
// resets or a laptop wakes. The page must notice, say so, rebuild and carry on with the same figures.

async function crashGpu(page: Page): Promise<number> {
  const cdp = await page.context().browser()!.newBrowserCDPSession();
  const started = Date.now();
  await cdp.send('Browser.crashGpuProcess');
  await cdp.detach().catch(() => {});
  return started;
}

/** Sparsity, Accuracy, Loss and the tensor count, as the readouts show them. */
async function figures(lab: LabPage): Promise<string[]> {
  return Promise.all(
    ['Sparsity', 'Accuracy', 'Loss', 'Tensors in memory'].map((n) => lab.readout(n).textContent()),
  ) as Promise<string[]>;
}

/** The After fine-tuning row, once the table (which follows the session at rest) shows it. */
async function fineTuned(lab: LabPage): Promise<string[]> {
  await expect(lab.cell('After fine-tuning', 'Test loss')).toHaveText(/^\d+\.\d{4}$/);
  const columns = ['Train loss', 'Train accuracy', 'Test loss', 'Test accuracy', 'Sparsity'] as const;
  return Promise.all(columns.map((c) => lab.cell('After fine-tuning', c).textContent())) as Promise<string[]>;
}

/**
 * Waits for the rebuild's alert and Status `status`; returns the milliseconds since `crashed`. The
 * page starts webgl again; where the GPU process has not come back within its tries (a loaded
 * machine), it moves to wasm and must say so.
 */
async function rebuilt(lab: LabPage, crashed: number, status: 'Ready' | 'Stopped'): Promise<number> {
  const alert = lab.page.getByRole('alert').filter({ hasText: /^The graphics context was lost/ });
  await expect(alert).toBeVisible({ timeout: 60_000 });
  await expect(lab.readout('Status')).toHaveText(status);
  const ms = Date.now() - crashed;
  const text = (await alert.textContent())!;
  if (text.includes('were rebuilt on wasm')) {
    expect(text).toMatch(/webgl did not come back \(.+\): the network now runs on wasm\.$/);
    await expect(lab.readout('Backend')).toHaveText(/^wasm/);
    console.log('webgl did not come back in time: the page moved to wasm and said so');
  } else {
    expect(text).toContain('were rebuilt on webgl');
    await expect(lab.readout('Backend')).toHaveText(/^webgl/);
  }
  return ms;
}

/** Chromium's and TensorFlow.js's own lines while a context is lost or cannot be made again. */
const AFTER_CRASH = [/WebGL: CONTEXT_LOST_WEBGL/, /Initialization of backend webgl failed/, /WebGL is not supported/];

function forgetBrowserLines(hygiene: { console: string[] }): void {
  hygiene.console = hygiene.console.filter((line) => !AFTER_CRASH.some((pattern) => pattern.test(line)));
}

test('a GPU crash while idle and during fine-tuning: the page says so, rebuilds, and gives the same figures (worker)', async ({
  lab,
  page,
  hygiene,
}) => {
  await lab.run('Train', 3);
  await lab.setThreshold(0.1);
  const pruned = await figures(lab);
  await lab.run('Fine-tune', 2);
  const reference = await fineTuned(lab);
  await lab.button('Back to baseline').click();
  await lab.setThreshold(0.1);
  expect(await figures(lab)).toEqual(pruned);

  const idleMs = await rebuilt(lab, await crashGpu(page), 'Ready');
  expect(await figures(lab)).toEqual(pruned);

  await lab.enter('Fine-tune epochs', '200');
  await lab.button('Fine-tune').click();
  await expect(lab.readout('Status')).toHaveText('Fine-tuning…');
  await expect.poll(async () => Number(await lab.progress.getAttribute('aria-valuenow'))).toBeGreaterThan(0);
  const runMs = await rebuilt(lab, await crashGpu(page), 'Stopped');
  await expect(page.getByRole('alert').filter({ hasText: 'Fine-tuning was under way and is lost' })).toBeVisible();
  await expect(lab.cell('After fine-tuning', 'Test loss')).toHaveText('—');

  // Prune elsewhere and back: the same threshold, the same figures; fine-tuning again, the same row.
  await lab.setThreshold(0.2);
  await lab.setThreshold(0.1);
  expect(await figures(lab)).toEqual(pruned);
  await lab.run('Fine-tune', 2);
  expect(await fineTuned(lab), `fine-tuned before the crashes: ${reference.join(', ')}`).toEqual(reference);
  console.log(`rebuilt after a GPU crash (worker): idle ${idleMs} ms, during fine-tuning ${runMs} ms`);
  forgetBrowserLines(hygiene);
});

test('a GPU crash with the engine on the page’s thread: rebuilt, the same figures', async ({ lab, page, hygiene }) => {
  await page.goto('./?engine=main');
  await expect(lab.readout('Backend')).toHaveText(/^webgl/);
  await expect(lab.readout('Status')).toHaveText('Ready');
  await lab.run('Train', 3);
  await lab.setThreshold(0.1);
  const pruned = await figures(lab);

  const ms = await rebuilt(lab, await crashGpu(page), 'Ready');
  await lab.setThreshold(0.2);
  await lab.setThreshold(0.1);
  expect(await figures(lab)).toEqual(pruned);
  await lab.run('Fine-tune', 2);
  await expect(lab.cell('After fine-tuning', 'Test accuracy')).toHaveText(/%$/);
  console.log(`rebuilt after a GPU crash (main thread): ${ms} ms`);
  forgetBrowserLines(hygiene);
});
