import { expect, test, type LabPage } from './fixtures';
import type { Page } from '@playwright/test';

const choose = (page: Page, name: string, label: string) =>
  page.getByRole('combobox', { name, exact: true }).selectOption({ label });

/** Waits until the page is idle again after a run, whatever it was. */
async function finished(lab: LabPage): Promise<void> {
  await expect(lab.readout('Status')).toHaveText('Ready', { timeout: 120_000 });
}

test('prune as the libraries do: target sparsity on both scopes, layer collapse, a sweep, structured pruning and Compact', async ({
  lab,
  page,
}) => {
  await lab.run('Train', 2);

  // tfmot's target: per layer keep round(n·10%) of 1280, 2048 and 32 weights (128, 205, 3), globally 336 of 3360.
  await choose(page, 'Prune by', 'Target sparsity');
  await lab.enter('Target sparsity (%)', '90');
  await expect(lab.readout('Applied rule')).toHaveText('target 90%');
  await expect(lab.readout('Sparsity')).toHaveText('90.00%');
  const sparsityPerLayer = page.getByRole('region', { name: 'Sparsity per layer' });
  await expect(sparsityPerLayer).toContainText('90.00% (1,152 of 1,280)');
  await choose(page, 'Scope', 'Global');
  await expect(lab.readout('Applied rule')).toHaveText('target 90%, global');
  await expect(lab.readout('Sparsity')).toHaveText('90.00%');
  await expect(lab.readout('Parameters')).toHaveText(/^\d{3} \/ 3,457$/);
  await expect(lab.readout('Model size')).toHaveText('13.5 KB'); // zeros cost as much as any number

  // One global ranking can empty a layer: the page says where before it happens, and what it does when it has.
  await choose(page, 'Prune by', 'Magnitude threshold');
  await lab.setThreshold(0.1);
  const ahead = page.getByRole('list', { name: 'Layer collapse ahead' });
  await expect(ahead).toContainText(/Dense 1 \(20→64\) loses its last weight above 0\.\d{3}/);
  await lab.setThreshold(0.45);
  await expect(lab.alerts.filter({ hasText: 'Layer collapse' })).toContainText('Dense 1 (20→64)');
  await expect(lab.alerts.filter({ hasText: 'Layer collapse' })).toContainText('same answer for every input');
  await lab.setThreshold(0.1);
  await expect(lab.alerts.filter({ hasText: 'Layer collapse' })).toHaveCount(0);

  // Han et al.'s Figure 5, live: a one-shot sweep draws a labelled curve.
  const figure = page.getByRole('figure', { name: 'Accuracy vs sparsity' });
  await expect(figure).toContainText('Run a sweep');
  await lab.button('Sweep sparsity').click();
  await finished(lab);
  await expect(figure.getByRole('list', { name: 'Runs' })).toContainText('One-shot · Global · Unstructured (weights)');
  await expect(figure.locator('.recharts-scatter-symbol')).toHaveCount(17);
  await expect
    .poll(
      async () =>
        (await figure.locator('.recharts-scatter-line path, path.recharts-curve').first().getAttribute('d'))?.length ??
        0,
    )
    .toBeGreaterThan(50);

  // Whole neurons, then a physically smaller network that computes the same.
  await choose(page, 'Scope', 'Per layer');
  await choose(page, 'Method', 'Structured (neurons)');
  await choose(page, 'Prune by', 'Target sparsity');
  await lab.enter('Target sparsity (%)', '50');
  await expect(lab.readout('Applied rule')).toHaveText('target 50%, neurons');
  await expect(sparsityPerLayer).toContainText('50.00% (640 of 1,280)');
  const accuracy = await lab.readout('Accuracy').textContent();
  const [nonZeroBefore, totalBefore] = parameters(await lab.readout('Parameters').textContent());
  expect(totalBefore).toBe(3457);
  await lab.button('Compact').click();
  await finished(lab);
  const compaction = page.getByRole('table', { name: 'Compaction' });
  await expect(compaction).toContainText('20-64-32-1');
  await expect(compaction).toContainText('20-32-16-1');
  await expect(lab.readout('Accuracy')).toHaveText(accuracy!);
  const [nonZeroAfter, totalAfter] = parameters(await lab.readout('Parameters').textContent());
  expect(totalAfter).toBe(20 * 32 + 32 + 32 * 16 + 16 + 16 + 1);
  expect(nonZeroAfter).toBeLessThan(nonZeroBefore);
  expect(Number(await page.getByRole('status', { name: 'Largest output difference' }).textContent())).toBeLessThan(
    1e-6,
  );
  await expect(lab.readout('Model size')).toHaveText('4.8 KB');
  await expect(sparsityPerLayer).toContainText('Dense 2 (32→16)');

  await lab.button('Back to baseline').click();
  await expect(sparsityPerLayer).toContainText('Dense 2 (64→32)');
  await expect(lab.readout('Parameters')).toHaveText(/ \/ 3,457$/);
});

test('iterative pruning, a polynomial schedule, the layer scan and the lottery ticket', async ({ lab, page }) => {
  await lab.run('Train', 2);
  await lab.enter('Fine-tune epochs', '1');

  await lab.enter('Rounds', '2');
  await lab.enter('Prune per round (%)', '50');
  await lab.button('Prune iteratively').click();
  await expect(lab.readout('Status')).toHaveText('Pruning iteratively…');
  await finished(lab);
  // Two rounds of half the survivors: 75% of each layer (rounding moves it by a weight or two).
  expect(parseFloat((await lab.readout('Sparsity').textContent())!)).toBeCloseTo(75, 0);
  await expect(
    page.getByRole('figure', { name: 'Accuracy vs sparsity' }).getByRole('list', { name: 'Runs' }),
  ).toContainText('Iterative · 2 × 50%');

  const schedule = page.getByRole('figure', { name: 'Sparsity schedule' });
  // A schedule that ends before it begins is refused with a message; nothing else changes.
  const end = await lab.field('End step').inputValue();
  await lab.enter('End step', '0');
  await expect(lab.alerts).toHaveText('Expected the end step (0) to be after the begin step (0).');
  await expect(lab.button('Prune on schedule')).toBeDisabled();
  await expect(lab.readout('Status')).toHaveText('Ready');
  await lab.enter('End step', end);
  await expect(lab.alerts).toHaveCount(0);
  await lab.enter('Final sparsity (%)', '80');
  await expect(schedule.getByText('Plan', { exact: true })).toBeVisible(); // drawn before the run
  await lab.button('Prune on schedule').click();
  await finished(lab);
  expect(parseFloat((await lab.readout('Sparsity').textContent())!)).toBeCloseTo(80, 0);
  await expect(schedule).toContainText(/Measured: 8\d\.\d\d%/);

  await lab.button('Scan layers').click();
  await finished(lab);
  const scan = page.getByRole('figure', { name: 'Layer sensitivity' });
  for (const layer of ['Dense 1 (20→64)', 'Dense 2 (64→32)', 'Output (32→1)']) await expect(scan).toContainText(layer);

  await choose(page, 'Prune by', 'Target sparsity');
  await lab.enter('Target sparsity (%)', '85');
  await lab.enter('Epochs', '1');
  await lab.button('Rewind').click();
  await finished(lab);
  const lottery = page.getByRole('table', { name: 'Lottery ticket' });
  for (const row of ['Rewound to θ₀, retrained', 'Random re-initialisation, retrained']) {
    await expect(lottery.getByRole('row').filter({ hasText: row })).toContainText(/\d+\.\d{2}%/);
  }
  const tensors = await lab.tensors();
  await lab.button('Reset').click();
  await expect(lab.readout('Status')).toHaveText('Ready');
  await expect.poll(() => lab.tensors()).toBeLessThanOrEqual(tensors);
});

function parameters(text: string | null): [number, number] {
  const [nonZero, total] = (text ?? '').split('/').map((part) => Number(part.replace(/[^\d]/g, '')));
  return [nonZero, total];
}
