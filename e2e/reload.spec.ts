import type { Page } from '@playwright/test';
import { expect, test, type LabPage } from './fixtures';

/** Everything the page shows of a session's figures: the readouts and every cell of Results. */
async function onScreen(lab: LabPage): Promise<string[]> {
  const readouts = ['Sparsity', 'Accuracy', 'Loss', 'Parameters'].map((n) => lab.readout(n).textContent());
  return [...(await Promise.all(readouts)), await lab.results.innerText()] as string[];
}

/** Stores `record` as the saved session, as a page of another version (or a damaged disk) would have. */
async function storeRaw(page: Page, record: unknown): Promise<void> {
  await page.evaluate(
    (value) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('pruning-lab', 1);
        open.onupgradeneeded = () => open.result.createObjectStore('session');
        open.onsuccess = () => {
          const tx = open.result.transaction('session', 'readwrite');
          tx.objectStore('session').put(value, 'current');
          tx.oncomplete = () => {
            open.result.close();
            resolve();
          };
          tx.onerror = () => reject(new Error(String(tx.error)));
        };
      }),
    record,
  );
}

test('a reload after training MNIST restores the network, masks, Results and timeline; Start fresh and a bad record', async ({
  lab,
  page,
}) => {
  test.setTimeout(150_000);
  await page.getByRole('combobox', { name: 'Backend' }).selectOption('wasm');
  await expect(lab.readout('Backend')).toHaveText(/^wasm/);
  await page.getByRole('combobox', { name: 'Dataset' }).selectOption({ label: 'MNIST digits' });
  await expect(page.getByLabel('Model shape')).toHaveText(/^784 → 300 → 100 → 10/, { timeout: 60_000 });
  await expect(lab.readout('Status')).toHaveText('Ready', { timeout: 60_000 });
  await lab.run('Train', 1);
  await page.getByRole('combobox', { name: 'Prune by', exact: true }).selectOption({ label: 'Target sparsity' });
  await lab.enter('Target sparsity (%)', '80');
  await expect(lab.readout('Sparsity')).toHaveText('80.00%');
  await lab.run('Fine-tune', 1);
  await expect(page.getByLabel('Results precision')).toContainText('Exact', { timeout: 60_000 });
  // The Results table catches up a moment after the readouts: read it once it shows the fine-tuned row.
  await expect(lab.cell('After fine-tuning', 'Sparsity')).toHaveText('80.00%');
  const before = await onScreen(lab);
  const kept = await page.getByRole('figure', { name: 'Surviving inputs' }).getAttribute('data-kept');
  // Saved once the session has rested a second.
  await page.waitForTimeout(2500);

  const reloaded = Date.now();
  await page.reload();
  await expect(page.getByText(/^Restored from this browser \(saved .+\): the trained network/)).toBeVisible({
    timeout: 60_000,
  });
  await expect(lab.readout('Status')).toHaveText('Ready');
  // The readouts come back at once; the Results table renders from a value that waits for the page
  // to rest (half a second), so it is polled until it shows the restored rows.
  await expect.poll(() => onScreen(lab), { timeout: 10_000 }).toEqual(before);
  await expect(page.getByRole('figure', { name: 'Surviving inputs' })).toHaveAttribute('data-kept', kept!);
  console.log(
    `MNIST session restored ${Date.now() - reloaded} ms after the reload (backend ${await lab.readout('Backend').textContent()})`,
  );
  // Prune further on the restored network: it is the network, not a picture of it.
  await lab.enter('Target sparsity (%)', '90');
  await expect(lab.readout('Sparsity')).toHaveText('90.00%', { timeout: 60_000 });

  await lab.button('Start fresh').click();
  await expect(lab.cell('Before pruning', 'Test loss')).toHaveText('—');
  await page.waitForTimeout(1500);
  await page.reload();
  await expect(lab.readout('Status')).toHaveText('Ready', { timeout: 60_000 });
  await expect(page.getByText(/^Restored from this browser/)).toHaveCount(0);
  await expect(lab.cell('Before pruning', 'Test loss')).toHaveText('—');

  // A record from an older version is refused whole, with the reason, and removed.
  await storeRaw(page, {
    format: 'pruning-lab/session',
    version: 0,
    savedAt: '2026-01-01',
    recipe: '',
    checkpoint: {},
  });
  await page.reload();
  await expect(lab.alerts).toContainText(
    'The session saved in this browser could not be used: It was saved by an older version of Pruning Lab (format 0; this one reads format 1). It was removed, and the page starts untrained.',
    { timeout: 60_000 },
  );
  await expect(lab.cell('Before pruning', 'Test loss')).toHaveText('—');
  await page.reload();
  await expect(lab.readout('Status')).toHaveText('Ready', { timeout: 60_000 });
  await expect(lab.alerts).toHaveCount(0);
});
