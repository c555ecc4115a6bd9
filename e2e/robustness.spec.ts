import { expect, test } from './fixtures';

test('bad input is refused inline and nothing is lost', async ({ lab }) => {
  await lab.run('Train', 1);
  await lab.setThreshold(0.1);
  const sparsity = await lab.readout('Sparsity').textContent();

  await lab.enter('Threshold value', '-0.2');
  await expect(lab.alerts).toHaveText('Expected a threshold >= 0 and <= 0.5, but got -0.2. Not applied.');
  await expect(lab.field('Threshold value')).toHaveAttribute('aria-invalid', 'true');
  await expect(lab.readout('Sparsity')).toHaveText(sparsity!);
  await expect(lab.slider).toHaveValue('0.1');
  await lab.field('Threshold value').press('Escape');
  await expect(lab.alerts).toHaveCount(0);

  await lab.enter('Learning rate', '0');
  await expect(lab.alerts).toHaveText('Expected a learning rate > 0 and <= 10, but got 0. Not applied.');
  await expect(lab.button('Train')).toBeDisabled();
  await lab.enter('Learning rate', '0.001');
  await expect(lab.alerts).toHaveCount(0);
  await expect(lab.button('Train')).toBeEnabled();

  await lab.enter('Epochs', '2.5');
  await expect(lab.alerts).toHaveText('Expected a whole number of epochs, but got 2.5. Not applied.');
  await lab.enter('Epochs', '2');
  await expect(lab.alerts).toHaveCount(0);
});

test('Stop, Reset, double clicks and a data set change mid-run leave no error and no stale run', async ({
  lab,
  page,
}) => {
  await lab.enter('Epochs', '50');
  await lab.button('Train').dblclick();
  await expect(lab.readout('Status')).toHaveText('Training…');
  await expect.poll(async () => Number(await lab.progress.getAttribute('aria-valuenow'))).toBeGreaterThan(0);
  await lab.button('Stop').click();
  await expect(lab.readout('Status')).toHaveText('Stopped');
  await expect(page.getByText(/^Stopped after \d+(\.\d)? of 50 epochs\.$/)).toBeVisible();
  await expect(lab.cell('Before pruning', 'Test loss')).toHaveText(/^\d+\.\d{4}$/);

  await lab.button('Train').click();
  await expect(lab.readout('Status')).toHaveText('Training…');
  await lab.button('Reset').click();
  await expect(lab.readout('Status')).toHaveText('Ready');
  await expect(lab.cell('Before pruning', 'Test loss')).toHaveText('—');
  await expect(page.getByRole('figure', { name: 'Training timeline' })).toContainText('Press Train');
  await expect(lab.slider).toBeDisabled();

  await lab.button('Train').click();
  await expect(lab.readout('Status')).toHaveText('Training…');
  await page.getByRole('combobox', { name: 'Dataset' }).selectOption({ label: 'Spiral' });
  await expect(lab.readout('Status')).toHaveText('Ready');
  await expect(lab.cell('Before pruning', 'Test loss')).toHaveText('—');
  await expect(page.getByRole('figure', { name: 'Training timeline' })).toContainText('Press Train');
  await expect(lab.field('Epochs')).toHaveValue('30');
  await expect(lab.readout('Accuracy')).toHaveText(/^\d{1,3}\.\d{2}%$/);
});

test('the spiral is learnable, pruning hurts it and fine-tuning wins it back, on wasm; cpu starts too', async ({
  lab,
  page,
}) => {
  const backend = page.getByRole('combobox', { name: 'Backend' });
  await backend.selectOption('cpu');
  await expect(lab.readout('Backend')).toHaveText('cpu');
  await expect(lab.readout('Status')).toHaveText('Ready');
  await page.getByRole('combobox', { name: 'Dataset' }).selectOption({ label: 'Spiral' });
  await backend.selectOption('wasm');
  await expect(lab.readout('Backend')).toHaveText('wasm');
  await lab.run('Train', 30);
  const trained = await lab.percent('Before pruning', 'Test accuracy');
  expect(trained).toBeGreaterThan(85);
  await lab.setThreshold(0.8);
  const pruned = await lab.percent('After pruning', 'Test accuracy');
  expect(pruned).toBeLessThan(trained - 5);
  await lab.run('Fine-tune', 10);
  const tuned = await lab.percent('After fine-tuning', 'Test accuracy');
  expect(tuned).toBeGreaterThan(pruned + 5);
  await expect(lab.cell('After fine-tuning', 'Sparsity')).toHaveText(
    (await lab.cell('After pruning', 'Sparsity').textContent())!,
  );
});
