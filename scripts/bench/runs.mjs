// The seed replica per backend (slider, bare forward pass, training throughput, timed runs and the
// trade-off work) and the trade-off accuracy figures.
import { BASE, FIGURES_BACKEND, FIGURES_DATASET, FIT_EPOCHS, STEPS } from './config.mjs';
import { dragLongTasks, sliderLatencies } from './slider.mjs';

/**
 * Clicks `button` and times, in the page, from the click until Status reads Ready again, with the
 * long tasks (> 50 ms) that began meanwhile: a frozen page would show them.
 */
export async function timedRun(page, button) {
  await page.evaluate(() => {
    const status = document.querySelector('output[aria-label="Status"]');
    const run = { long: [], start: performance.now(), end: null };
    run.observer = new PerformanceObserver((list) =>
      run.long.push(...list.getEntries().map((e) => ({ start: e.startTime, ms: e.duration }))),
    );
    run.observer.observe({ type: 'longtask' });
    let left = false;
    run.mutations = new MutationObserver(() => {
      if (status.textContent !== 'Ready') left = true;
      else if (left && run.end === null) run.end = performance.now();
    });
    run.mutations.observe(status, { childList: true, characterData: true, subtree: true });
    window.benchRun = run;
  });
  await page.getByRole('button', { name: button, exact: true }).click();
  await page.waitForFunction(() => window.benchRun.end !== null, null, { timeout: 600_000, polling: 100 });
  await page.waitForTimeout(100); // entries arrive after their task ends
  return page.evaluate(() => {
    const run = window.benchRun;
    run.observer.disconnect();
    run.mutations.disconnect();
    const long = run.long.filter((e) => e.start < run.end).map((e) => e.ms);
    return { seconds: (run.end - run.start) / 1000, long };
  });
}

/** The trade-off work on the trained page: sweep, layer scan, then structured pruning and Compact. */
export async function tradeOff(page) {
  const tensors = async () => Number(await page.getByRole('status', { name: 'Tensors in memory' }).textContent());
  const before = await tensors();
  const sweep = await timedRun(page, 'Sweep sparsity');
  const points = await page
    .getByRole('figure', { name: 'Accuracy vs sparsity' })
    .locator('.recharts-scatter-symbol')
    .count();
  const scan = await timedRun(page, 'Scan layers');
  const afterScans = await tensors();
  await page.getByRole('combobox', { name: 'Method', exact: true }).selectOption({ label: 'Structured (neurons)' });
  await page.getByRole('combobox', { name: 'Prune by', exact: true }).selectOption({ label: 'Target sparsity' });
  const target = page.getByRole('spinbutton', { name: 'Target sparsity (%)', exact: true });
  await target.fill('50');
  await target.press('Enter');
  await page.getByRole('status', { name: 'Applied rule' }).filter({ hasText: 'target 50%, neurons' }).waitFor();
  const compact = await timedRun(page, 'Compact');
  const cells = await page
    .getByRole('table', { name: 'Compaction' })
    .getByRole('row')
    .filter({ hasText: 'Forward pass' })
    .getByRole('cell')
    .allTextContents();
  const widths = await page
    .getByRole('table', { name: 'Compaction' })
    .getByRole('row')
    .filter({ hasText: 'Layer widths' })
    .getByRole('cell')
    .allTextContents();
  const difference = await page.getByRole('status', { name: 'Largest output difference' }).textContent();
  return {
    before,
    afterScans,
    points,
    sweep,
    scan,
    compact,
    forward: cells.map((c) => parseFloat(c)),
    widths,
    difference,
  };
}

export async function measure(browser, backend) {
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  await page.goto(`${BASE}?bench`);
  await page.waitForFunction(() => 'pruningLabBench' in window);
  if (backend !== 'webgl') await page.getByRole('combobox', { name: 'Backend' }).selectOption(backend);
  const backendReadout = page.getByRole('status', { name: 'Backend', exact: true });
  await page.waitForFunction(
    (b) => document.querySelector('output[aria-label="Backend"]')?.textContent?.startsWith(b),
    backend,
  );
  const label = await backendReadout.textContent();
  const renderer = await page.evaluate(() => {
    const gl = document.createElement('canvas').getContext('webgl2');
    const info = gl?.getExtension('WEBGL_debug_renderer_info');
    return gl ? String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER)) : 'no WebGL2';
  });

  // Train the seed replica for one epoch through the page, then drag.
  await page.getByRole('spinbutton', { name: 'Epochs', exact: true }).fill('1');
  await page.getByRole('spinbutton', { name: 'Epochs', exact: true }).press('Enter');
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await page
    .getByRole('status', { name: 'Status' })
    .filter({ hasText: /^Ready$/ })
    .waitFor({ timeout: 300_000 });
  await page.waitForSelector('output[aria-label="Applied threshold"]');
  await sliderLatencies(page, 10); // warm-up
  const slider = await sliderLatencies(page, STEPS);
  await page.waitForTimeout(1000); // the charts catch up with the last step before the drag starts
  const drag = await dragLongTasks(page, 3000);
  await page.waitForTimeout(1000); // the session settles, so its tensor count is not read mid-measurement
  const bare = await page.evaluate((n) => window.pruningLabBench.bareForward(n, 0.1), STEPS);
  const fit = await page.evaluate((e) => window.pruningLabBench.trainingThroughput(e), FIT_EPOCHS);
  const tensors = await page.getByRole('status', { name: 'Tensors in memory' }).textContent();
  const trade = await tradeOff(page);
  await page.close();
  return { backend, label, renderer, slider, bare, drag, fit, tensors, trade };
}

/** Accuracy figures of every kind of run on one data set, through the page's own session. */
export async function tradeOffFigures(browser) {
  const page = await browser.newPage();
  await page.goto(`${BASE}?bench`);
  await page.waitForFunction(() => 'pruningLabBench' in window);
  if (FIGURES_BACKEND !== 'webgl') await page.getByRole('combobox', { name: 'Backend' }).selectOption(FIGURES_BACKEND);
  await page.waitForFunction(
    (b) => document.querySelector('output[aria-label="Backend"]')?.textContent?.startsWith(b),
    FIGURES_BACKEND,
  );
  const t0 = Date.now();
  const result = await page.evaluate((d) => window.pruningLabBench.tradeOffFigures(d), FIGURES_DATASET);
  result.seconds = (Date.now() - t0) / 1000;
  await page.close();
  return result;
}
