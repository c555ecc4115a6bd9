import { expect, test } from './fixtures';
import type { Page } from '@playwright/test';

const choose = (page: Page, name: string, label: string) =>
  page.getByRole('combobox', { name, exact: true }).selectOption({ label });

/** The text of the Compression table's `stage` row, cell `column` (0: Test accuracy, 1: Size, 2: Ratio). */
const compressionCell = (page: Page, stage: string, column: number) =>
  page
    .getByRole('table', { name: 'Compression' })
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name: stage, exact: true }) })
    .getByRole('cell')
    .nth(column);

test('compress beyond zeros: 2:4 halves the seed network, weight sharing fills the Compression table, and a distilled fine-tune keeps the mask', async ({
  lab,
  page,
}) => {
  // The seed network is 20-64-32-1: every layer's input count is a multiple of 4, so 2:4 removes exactly half.
  await lab.run('Train', 1);
  await choose(page, 'Method', 'Semi-structured 2:4 (N:M)');
  await expect(lab.readout('Applied rule')).toHaveText('2:4 pattern');
  await expect(lab.readout('Sparsity')).toHaveText('50.00%');
  await expect(page.getByText('NVIDIA’s Ampere')).toBeVisible();
  await choose(page, 'Method', 'Unstructured (weights)');

  // The spiral, pruned, then weight-shared at 4 bits: evaluated at once, on top of the mask.
  await choose(page, 'Dataset', 'Spiral');
  await expect(lab.readout('Status')).toHaveText('Ready');
  await lab.run('Train', 4);
  await lab.setThreshold(0.3);
  const sparsity = await lab.readout('Sparsity').textContent();
  const floatLoss = await lab.readout('Loss').textContent();
  const floatAccuracy = await lab.readout('Accuracy').textContent();
  await expect(compressionCell(page, 'Quantized', 1)).toHaveText('—');
  await choose(page, 'Quantization', 'Weight sharing (k-means)');
  await lab.enter('Bits', '4');
  await expect(compressionCell(page, 'Quantized', 1)).toHaveText(/\d+ bytes|KB/);
  await expect(compressionCell(page, 'Huffman-coded', 2)).toHaveText(/^\d+(\.\d+)?×$/);
  await expect(compressionCell(page, 'Quantized', 0)).toHaveText(/^\d{1,3}\.\d{2}%$/);
  await expect(lab.readout('Loss')).not.toHaveText(floatLoss!);
  await expect(lab.readout('Sparsity')).toHaveText(sparsity!);
  await expect(page.getByRole('region', { name: 'Compression' })).toContainText('16 shared values per layer');
  // The float weights were kept: None gives their figures back exactly.
  await choose(page, 'Quantization', 'None');
  await expect(lab.readout('Loss')).toHaveText(floatLoss!);
  await expect(lab.readout('Accuracy')).toHaveText(floatAccuracy!);
  await expect(compressionCell(page, 'Quantized', 1)).toHaveText('—');

  // Distillation from the dense network: the fine-tune keeps the mask and is its own run on the trade-off figure.
  await page.getByRole('checkbox', { name: 'Distill from the dense network' }).check();
  await expect(lab.field('Temperature (T)')).toHaveValue('4');
  await lab.run('Fine-tune', 2);
  await expect(lab.readout('Sparsity')).toHaveText(sparsity!);
  expect(await lab.percent('After fine-tuning', 'Sparsity')).toBe(await lab.percent('After pruning', 'Sparsity'));
  await expect(page.getByRole('figure', { name: 'Accuracy vs sparsity' })).toContainText(
    'Pruned, then fine-tuned with distillation',
  );
  expect(page.url()).toContain('distill=1');
});
