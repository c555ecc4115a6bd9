import { expect, test } from './fixtures';

test('once visited, the page opens and runs with no network: seed flow on webgl, MNIST on wasm', async ({
  lab,
  page,
  context,
}) => {
  // The service worker stores this version of the site, then controls the page (config/offline.ts).
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
  await expect(page.getByRole('contentinfo')).toContainText('it opens and works offline');
  const dataset = page.getByRole('combobox', { name: 'Dataset' });
  // MNIST is kept by the page itself once downloaded (the Cache API), not by the service worker.
  await dataset.selectOption({ label: 'MNIST digits' });
  await expect(lab.readout('Status')).toHaveText('Ready', { timeout: 60_000 });
  await dataset.selectOption({ label: 'Seed replica (random labels)' });
  await expect(lab.readout('Status')).toHaveText('Ready');
  await expect(page).not.toHaveURL(/data=mnist/);

  await context.setOffline(true);
  await page.reload();
  await expect(lab.readout('Backend')).toHaveText(/^webgl/);
  await expect(lab.readout('Status')).toHaveText('Ready');
  await lab.run('Train', 2);
  await lab.setThreshold(0.1);
  const sparsity = (await lab.readout('Sparsity').textContent())!;
  await lab.run('Fine-tune', 1);
  await expect(lab.cell('After fine-tuning', 'Sparsity')).toHaveText(sparsity);

  // The wasm backend's code and binaries, and the digits, all come from the browser's storage.
  await page.getByRole('combobox', { name: 'Backend' }).selectOption('wasm');
  await expect(lab.readout('Backend')).toHaveText('wasm');
  await dataset.selectOption({ label: 'MNIST digits' });
  await expect(lab.readout('Status')).toHaveText('Ready', { timeout: 60_000 });
  await lab.run('Train', 1);
  expect(await lab.percent('Before pruning', 'Test accuracy')).toBeGreaterThan(80);
  // Nothing reached the network once offline: a request that failed would have shown as an error.
});
