// MNIST measurements: the slider on LeNet-300-100 after one epoch, and Han et al.'s LeNet-300-100 figures.
import { BASE, LENET_BACKEND, LENET_EPOCHS, LENET_RULE, MNIST_STEPS } from './config.mjs';
import { dragLongTasks, exactLatencies, sliderLatencies } from './slider.mjs';

/** On MNIST (LeNet-300-100, 8,000 + 2,000 rows) after one epoch: estimate and exact latencies, long tasks while dragging. */
export async function measureMnist(browser, backend) {
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  await page.goto(BASE);
  const status = page.getByRole('status', { name: 'Status' });
  await status.filter({ hasText: /^Ready$/ }).waitFor();
  if (backend !== 'webgl') await page.getByRole('combobox', { name: 'Backend' }).selectOption(backend);
  await page.waitForFunction(
    (b) => document.querySelector('output[aria-label="Backend"]')?.textContent?.startsWith(b),
    backend,
  );
  await page.getByRole('combobox', { name: 'Dataset' }).selectOption({ label: 'MNIST digits' });
  await page.getByLabel('Model shape').filter({ hasText: '784' }).waitFor();
  await status.filter({ hasText: /^Ready$/ }).waitFor();
  await page.getByRole('spinbutton', { name: 'Epochs', exact: true }).fill('1');
  await page.getByRole('spinbutton', { name: 'Epochs', exact: true }).press('Enter');
  const t0 = Date.now();
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await status.filter({ hasText: /^Training…$/ }).waitFor();
  await status.filter({ hasText: /^Ready$/ }).waitFor({ timeout: 600_000 });
  const trainSeconds = (Date.now() - t0) / 1000;
  await page
    .getByLabel('Results precision')
    .filter({ hasText: /^Exact/ })
    .waitFor({ timeout: 120_000 });
  const estimate = await sliderLatencies(page, MNIST_STEPS);
  const drag = await dragLongTasks(page, 3000);
  await page
    .getByLabel('Results precision')
    .filter({ hasText: /^Exact/ })
    .waitFor({ timeout: 120_000 });
  const exact = await exactLatencies(page, ['0.02', '0.05', '0.08', '0.11', '0.14']);
  const tensors = await page.getByRole('status', { name: 'Tensors in memory' }).textContent();
  await page.close();
  return { backend, trainSeconds, estimate, exact, drag, tensors };
}

/** Han et al.'s LeNet-300-100 experiment on the page's MNIST digits, through the page's own session. */
export async function lenetFigures(browser) {
  const page = await browser.newPage();
  await page.goto(`${BASE}?bench`);
  await page.waitForFunction(() => 'pruningLabBench' in window);
  if (LENET_BACKEND !== 'webgl') await page.getByRole('combobox', { name: 'Backend' }).selectOption(LENET_BACKEND);
  await page.waitForFunction(
    (b) => document.querySelector('output[aria-label="Backend"]')?.textContent?.startsWith(b),
    LENET_BACKEND,
  );
  const result = await page.evaluate(
    ([rule, epochs]) => window.pruningLabBench.lenetFigures(rule, epochs),
    [LENET_RULE, LENET_EPOCHS],
  );
  await page.close();
  return result;
}
