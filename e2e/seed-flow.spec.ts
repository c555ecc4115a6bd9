import { expect, test } from './fixtures';

const PERCENT = /^\d{1,3}\.\d{2}%$/;
const LOSS = /^\d+\.\d{4}$/;

test('the seed flow: train, prune at 0.1, fine-tune with the mask kept', async ({ lab, page }) => {
  await expect(page.getByRole('combobox', { name: 'Dataset' }).locator('option:checked')).toContainText('Seed replica');
  await expect(lab.readout('Backend')).toHaveText(/^webgl/);
  await expect(lab.cell('Before pruning', 'Test accuracy')).toHaveText('—');
  await expect(lab.slider).toBeDisabled();

  await lab.enter('Epochs', '3');
  await lab.button('Train').click();
  await expect(lab.readout('Status')).toHaveText('Training…');
  await expect(lab.button('Stop')).toBeEnabled();
  await expect(lab.button('Train')).toBeDisabled();
  await expect.poll(async () => Number(await lab.progress.getAttribute('aria-valuenow'))).toBeGreaterThan(0);
  await expect(lab.readout('Status')).toHaveText('Ready', { timeout: 90_000 });
  await expect(lab.button('Stop')).toBeDisabled();

  for (const column of ['Train loss', 'Test loss'] as const)
    await expect(lab.cell('Before pruning', column)).toHaveText(LOSS);
  for (const column of ['Train accuracy', 'Test accuracy'] as const)
    await expect(lab.cell('Before pruning', column)).toHaveText(PERCENT);
  await expect(lab.cell('Before pruning', 'Sparsity')).toHaveText('0.00%');
  // Training ends with the baseline unpruned: nothing is cut until the person prunes.
  await expect(lab.readout('Sparsity')).toHaveText('0.00%');
  await expect(lab.cell('After pruning', 'Sparsity')).toHaveText('—');
  await expect(page.getByText('Move the slider, or press Enter in Threshold value, to prune at 0.1.')).toBeVisible();

  await lab.setThreshold(0.1);
  const sparsity = await lab.readout('Sparsity').textContent();
  expect(sparsity).toMatch(PERCENT);
  // glorot-uniform kernels lose about 38% at 0.1; a few epochs of training move that a little.
  expect(parseFloat(sparsity!)).toBeGreaterThan(30);
  expect(parseFloat(sparsity!)).toBeLessThan(45);
  await expect(lab.cell('After pruning', 'Sparsity')).toHaveText(sparsity!);
  await expect(lab.cell('After pruning', 'Test accuracy')).toHaveText(
    (await lab.readout('Accuracy').textContent()) ?? '',
  );
  await expect(lab.cell('After pruning', 'Test loss')).toHaveText((await lab.readout('Loss').textContent()) ?? '');
  await expect(lab.cell('After fine-tuning', 'Sparsity')).toHaveText('—');

  await lab.run('Fine-tune', 1);
  await expect(lab.cell('After fine-tuning', 'Sparsity')).toHaveText(sparsity!);
  await expect(lab.cell('After fine-tuning', 'Test loss')).toHaveText(LOSS);
  await expect(lab.readout('Sparsity')).toHaveText(sparsity!);

  const timeline = page.getByRole('figure', { name: 'Training timeline' });
  for (const phase of ['Train', 'Prune', 'Fine-tune'])
    await expect(timeline.getByText(phase, { exact: true }).first()).toBeVisible();
  for (const series of ['Accuracy', 'Loss', 'Sparsity'])
    await expect(timeline.getByText(series, { exact: true })).toBeVisible();
  await expect(page.getByRole('figure', { name: 'Weight histogram' }).locator('rect.bar-kept').first()).toBeVisible();

  // Iterative pruning: the fine-tuned weights are pruned further; earlier prunes stay.
  await lab.setThreshold(0.15);
  expect(parseFloat((await lab.readout('Sparsity').textContent())!)).toBeGreaterThan(parseFloat(sparsity!));
  await expect(lab.cell('After fine-tuning', 'Sparsity')).toHaveText('—');
  await lab.setThreshold(0);
  await expect(lab.readout('Sparsity')).toHaveText(sparsity!);
  await expect(lab.cell('After fine-tuning', 'Sparsity')).toHaveText(sparsity!);
  await lab.button('Back to baseline').click();
  await expect(lab.readout('Sparsity')).toHaveText('0.00%');
  await expect(lab.readout('Accuracy')).toHaveText(
    `${(await lab.percent('Before pruning', 'Test accuracy')).toFixed(2)}%`,
  );
});

test('threshold 0 restores the baseline exactly, and the tensor count stays flat while dragging', async ({ lab }) => {
  await lab.run('Train', 1);
  await lab.percent('Before pruning', 'Test accuracy');
  const baseline = {
    accuracy: await lab.cell('Before pruning', 'Test accuracy').textContent(),
    loss: await lab.cell('Before pruning', 'Test loss').textContent(),
  };
  // The very first drag after training works all the way: nothing moves or reflows under the slider
  // as the first cut replaces the hint and the layer-collapse forecast appears.
  await lab.slider.scrollIntoViewIfNeeded();
  const first = (await lab.slider.boundingBox())!;
  await lab.page.mouse.move(first.x + 2, first.y + first.height / 2);
  await lab.page.mouse.down();
  for (let i = 1; i <= 12; i++)
    await lab.page.mouse.move(first.x + (first.width * 0.6 * i) / 12, first.y + first.height / 2);
  await lab.page.mouse.up();
  const dragged = Number(await lab.slider.inputValue());
  expect(dragged).toBeGreaterThan(0.25);
  await lab.settled(dragged);
  await lab.setThreshold(0);
  await expect(lab.readout('Accuracy')).toHaveText(baseline.accuracy!);
  await expect(lab.readout('Loss')).toHaveText(baseline.loss!);
  await expect(lab.readout('Sparsity')).toHaveText('0.00%');

  await lab.setThreshold(0.3);
  await expect(lab.readout('Loss')).not.toHaveText(baseline.loss!);
  const before = await lab.tensors();

  // Drag the slider back and forth: 100 pointer moves, each an input event that prunes live.
  const box = (await lab.slider.boundingBox())!;
  const y = box.y + box.height / 2;
  await lab.page.mouse.move(box.x + box.width * 0.6, y);
  await lab.page.mouse.down();
  for (let i = 0; i < 100; i++) {
    const along = 0.05 + 0.9 * Math.abs(Math.sin(i / 8));
    await lab.page.mouse.move(box.x + box.width * along, y);
  }
  await lab.page.mouse.move(box.x, y, { steps: 4 });
  await lab.page.mouse.up();
  await expect(lab.slider).toHaveValue('0');
  await lab.settled(0);
  await expect(lab.readout('Loss')).toHaveText(baseline.loss!);
  await expect(lab.readout('Accuracy')).toHaveText(baseline.accuracy!);
  expect(await lab.tensors()).toBe(before);
});
