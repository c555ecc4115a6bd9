import { MODEL_FILE, WEIGHTS_FILE } from '../src/exchange/names';
import { downloads, expect, test } from './fixtures';

const LENET5_SHAPE = '28×28×1 → conv 5×5×6 → pool → conv 5×5×16 → pool → 120 → 84 → 10 (softmax): 61,706 parameters';

/** "61,706 / 61,706" → [61706, 61706]. */
function parameters(text: string | null): [number, number] {
  const [nonZero, total] = (text ?? '').split('/').map((part) => Number(part.replace(/[^\d]/g, '')));
  return [nonZero, total];
}

test('LeNet-5 on the MNIST digits: trained a few steps, pruned by filters, the pruned filters crossed out, compacted to a smaller network that predicts the same, exported and opened back', async ({
  lab,
  page,
}, info) => {
  test.setTimeout(240_000);
  const architecture = page.getByRole('combobox', { name: 'Architecture' });
  // The seed replica's rows are not images: LeNet-5 is offered but cannot be chosen.
  await expect(architecture.getByRole('option', { name: 'LeNet-5' })).toBeDisabled();

  await page.getByRole('combobox', { name: 'Dataset' }).selectOption({ label: 'MNIST digits' });
  await expect(page.getByLabel('Model shape')).toContainText('784 → 300 → 100 → 10', { timeout: 60_000 });
  await architecture.selectOption({ label: 'LeNet-5' });
  await expect(page.getByLabel('Model shape')).toHaveText(LENET5_SHAPE);
  await expect(page.getByRole('textbox', { name: 'Hidden layers' })).toBeDisabled();
  await expect(lab.readout('Status')).toHaveText('Ready', { timeout: 60_000 });
  await expect(lab.readout('Parameters')).toHaveText(/ \/ 61,706$/);
  // The link names the architecture, so that a lesson link opens LeNet-5.
  await expect.poll(() => new URL(page.url()).searchParams.get('arch')).toBe('lenet5');

  // A few optimizer steps, then Stop: the baseline is what those steps learned.
  await lab.enter('Epochs', '1');
  await lab.button('Train').click();
  await expect
    .poll(async () => Number(await lab.progress.getAttribute('aria-valuenow')), { timeout: 120_000 })
    .toBeGreaterThanOrEqual(10);
  await lab.button('Stop').click();
  await expect(lab.readout('Status')).toHaveText('Stopped', { timeout: 60_000 });
  await expect(page.getByLabel('Results precision')).toContainText('Exact', { timeout: 60_000 });
  const filters = page.getByRole('figure', { name: 'First-layer filters' });
  await expect(filters).toHaveAttribute('data-pruned-filters', '0');
  await expect(filters.getByRole('listitem')).toHaveCount(6);
  await expect(page.getByRole('figure', { name: 'Feature maps' })).toBeVisible();
  await expect(page.getByRole('figure', { name: 'Network' })).toContainText('The dense layers after the flatten');

  // Half the filters of each convolution (and half the dense layers' neurons), ranked by L1 norm.
  await page.getByRole('combobox', { name: 'Method' }).selectOption({ label: 'Structured (filters)' });
  await page.getByRole('combobox', { name: 'Prune by', exact: true }).selectOption({ label: 'Target sparsity' });
  await lab.enter('Target sparsity (%)', '50');
  await expect(lab.readout('Applied rule')).toContainText('target 50%');
  await expect(filters).toHaveAttribute('data-pruned-filters', '3');
  await expect(filters.getByRole('listitem', { name: /: pruned$/ })).toHaveCount(3);
  const perLayer = page.getByRole('region', { name: 'Sparsity per layer' });
  await expect(perLayer).toContainText('Conv 1 (5×5, 1→6)');
  await expect(perLayer).toContainText('50.00% (75 of 150)');
  const accuracy = await lab.readout('Accuracy').textContent();
  const [, totalBefore] = parameters(await lab.readout('Parameters').textContent());
  expect(totalBefore).toBe(61706);

  await lab.button('Compact').click();
  await expect(lab.readout('Status')).toHaveText('Ready', { timeout: 120_000 });
  const compaction = page.getByRole('table', { name: 'Compaction' });
  await expect(compaction).toContainText('784-6-16-120-84-10');
  await expect(compaction).toContainText('784-3-8-60-42-10');
  await expect(lab.readout('Accuracy')).toHaveText(accuracy!);
  const [, totalAfter] = parameters(await lab.readout('Parameters').textContent());
  // 5×5×1×3 + 3, 5×5×3×8 + 8, 200×60 + 60, 60×42 + 42, 42×10 + 10.
  expect(totalAfter).toBe(78 + 608 + 12060 + 2562 + 430);
  expect(Number(await page.getByRole('status', { name: 'Largest output difference' }).textContent())).toBeLessThan(
    1e-5,
  );
  await expect(perLayer).toContainText('Conv 2 (5×5, 3→8)');
  await expect(lab.alerts).toHaveCount(0);

  // Exported as Conv2D layers and opened back: the compacted network, with the same exact figures.
  const exact = page.getByLabel('Readouts').getByText('test set, exact').first();
  await expect(exact).toBeVisible({ timeout: 60_000 });
  const exactAccuracy = await lab.readout('Accuracy').textContent();
  const files = await downloads(page, () => lab.button('Export model').click(), 3, info.outputPath());
  await page.getByLabel('Open model').setInputFiles([files[MODEL_FILE], files[WEIGHTS_FILE]]);
  await expect(page.getByRole('status', { name: 'Your model' })).toContainText(
    '28×28×1 → conv 5×5×3 → pool → conv 5×5×8 → pool → 60 → 42 → 10',
  );
  await expect(lab.readout('Status')).toHaveText('Ready', { timeout: 60_000 });
  await expect(exact).toBeVisible({ timeout: 60_000 });
  await expect(lab.readout('Accuracy')).toHaveText(exactAccuracy!);
  await expect(page.getByLabel('Model shape')).toContainText('conv 5×5×3');
});
