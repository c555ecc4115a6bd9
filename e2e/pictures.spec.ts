import { expect, test } from './fixtures';

test('a 2-D data set: its own model, a decision boundary that changes as the network is pruned, and the network drawn', async ({
  lab,
  page,
}) => {
  await page.getByRole('combobox', { name: 'Dataset' }).selectOption({ label: 'Two moons' });
  await expect(lab.readout('Status')).toHaveText('Ready');
  const shape = page.getByLabel('Model shape');
  await expect(shape).toContainText('2 → ');

  // The model editor refuses what it cannot build and keeps the model; a valid change rebuilds it.
  const layers = page.getByRole('textbox', { name: 'Hidden layers' });
  await layers.fill('16, 0');
  await layers.press('Enter');
  await expect(lab.alerts).toContainText(
    'Expected 1 to 4 layer sizes, each a whole number from 1 to 512, separated by commas, but got "0". Not applied.',
  );
  await expect(lab.button('Train')).toBeDisabled();
  await layers.fill('8, 8');
  await layers.press('Enter');
  await expect(shape).toHaveText('2 → 8 → 8 → 1 (sigmoid): 105 parameters');
  // Biases start at zero: 88 non-zero weights of 105 parameters.
  await expect(lab.readout('Parameters')).toHaveText('88 / 105');
  await expect(lab.button('Train')).toBeEnabled();

  await lab.run('Train', 40);
  const accuracy = parseFloat((await lab.readout('Accuracy').textContent())!);
  expect(accuracy).toBeGreaterThan(85);

  const boundary = page.getByRole('figure', { name: 'Decision boundary' });
  const network = page.getByRole('figure', { name: 'Network' });
  await expect(boundary).toBeVisible();
  await expect(network).toBeVisible();
  const trained = await boundary.getAttribute('data-signature');
  expect(trained).toBeTruthy();

  // Pruning 97% of every layer's weights leaves a boundary that is not the one the network learned.
  await page.getByRole('combobox', { name: 'Prune by', exact: true }).selectOption({ label: 'Target sparsity' });
  await lab.enter('Target sparsity (%)', '97');
  await expect(lab.readout('Sparsity')).not.toHaveText('0.00%');
  await expect.poll(() => boundary.getAttribute('data-signature')).not.toBe(trained);
  await expect(network).toContainText(/pruned/i);

  // Back to no cut: the boundary is the trained one again.
  await lab.enter('Target sparsity (%)', '0');
  await expect(lab.readout('Sparsity')).toHaveText('0.00%');
  await expect.poll(() => boundary.getAttribute('data-signature')).toBe(trained);
});

test('MNIST digits: downloaded, trained a few steps, and the surviving inputs drawn as the first layer is pruned', async ({
  lab,
  page,
  hygiene,
}) => {
  test.setTimeout(180_000);
  // A download that fails says why, in Status too, and can be tried again.
  await page.route('**/mnist-10k.bin', (route) => route.fulfill({ status: 404, body: 'not here' }));
  await page.getByRole('combobox', { name: 'Dataset' }).selectOption({ label: 'MNIST digits' });
  await expect(lab.alerts).toContainText('Could not download the MNIST digits (HTTP 404)');
  await expect(lab.readout('Status')).toContainText('HTTP 404');
  await page.unroute('**/mnist-10k.bin');
  await lab.button('Try again').click();
  // The browser logs the refused request itself; nothing else may reach the console.
  hygiene.console.splice(0, hygiene.console.length, ...hygiene.console.filter((m) => !/404/.test(m)));
  await expect(page.getByLabel('Model shape')).toHaveText('784 → 300 → 100 → 10 (softmax): 266,610 parameters', {
    timeout: 60_000,
  });
  await expect(lab.readout('Status')).toHaveText('Ready');
  await expect(page.getByRole('progressbar', { name: 'Download' })).toHaveCount(0);

  // A few optimizer steps, then Stop: the baseline is what those steps learned.
  await lab.enter('Epochs', '1');
  await lab.button('Train').click();
  await expect
    .poll(async () => Number(await lab.progress.getAttribute('aria-valuenow')), { timeout: 90_000 })
    .toBeGreaterThanOrEqual(3);
  await lab.button('Stop').click();
  await expect(lab.readout('Status')).toHaveText('Stopped', { timeout: 60_000 });
  // Training ends with exact figures over all 2,000 test digits.
  await expect(page.getByLabel('Results precision')).toHaveText(
    'Exact: every figure counts all 8,000 training and 2,000 test rows.',
    { timeout: 60_000 },
  );
  expect(await lab.percent('Before pruning', 'Test accuracy')).toBeGreaterThan(30);

  const surviving = page.getByRole('figure', { name: 'Surviving inputs' });
  await expect(surviving).toBeVisible();
  await expect(surviving).toHaveAttribute('data-kept', '235200');
  await expect(page.getByRole('figure', { name: 'Test digits' })).toBeVisible();
  await expect(page.getByRole('figure', { name: 'Network' })).toContainText(/too (big|large)/i);

  // 90% of every layer: a tenth of each pixel's 300 weights survive on average, an estimate first, then exact.
  await page.getByRole('combobox', { name: 'Prune by', exact: true }).selectOption({ label: 'Target sparsity' });
  await lab.enter('Target sparsity (%)', '90');
  await expect(surviving).toHaveAttribute('data-kept', '23520');
  await expect(page.getByLabel('Results precision')).toContainText('Exact', { timeout: 60_000 });
  await expect(lab.readout('Sparsity')).toHaveText('90.00%');
});
