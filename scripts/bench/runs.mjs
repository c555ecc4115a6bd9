// The seed replica per backend (drag steps, bare forward pass, and the trade-off work: sweep, layer
// scan, structured pruning and Compact, timed through the page) and the trade-off accuracy figures.
import { BACKENDS_VIEWPORT, DRAG_MS, FIGURES_BACKEND, FIGURES_DATASET, STEPS } from './config.mjs';
import { chooseBackend, describeRow, longTasksBetween, openPage, outputText, setField, train } from './page.mjs';
import { dragLongTasks, sliderLatencies } from './slider.mjs';

/**
 * Clicks `button` and times, in the page, from the click until Status reads Ready again, with the
 * long tasks (> 50 ms) that began meanwhile: a frozen page would show them.
 */
export async function timedRun(page, button) {
  await page.evaluate(() => {
    const status = document.querySelector('output[aria-label="Status"]');
    const run = { start: null, end: null };
    let left = false;
    run.mutations = new MutationObserver(() => {
      if (status.textContent !== 'Ready') left = true;
      else if (left && run.end === null) run.end = performance.now();
    });
    run.mutations.observe(status, { childList: true, characterData: true, subtree: true });
    run.onClick = (e) => run.start ?? (run.start = e.timeStamp);
    document.addEventListener('click', run.onClick, true);
    window.benchRun = run;
  });
  await page.getByRole('button', { name: button, exact: true }).click();
  await page.waitForFunction(() => window.benchRun.end !== null, null, { timeout: 900_000, polling: 100 });
  const { start, end } = await page.evaluate(() => {
    const run = window.benchRun;
    run.mutations.disconnect();
    document.removeEventListener('click', run.onClick, true);
    return { start: run.start, end: run.end };
  });
  const long = await longTasksBetween(page, start, end);
  return { seconds: (end - start) / 1000, long: long.all };
}

/** The trade-off work on the trained page: sweep, layer scan, then structured pruning and Compact. */
export async function tradeOff(page) {
  const tensors = async () => Number(await page.getByRole('status', { name: 'Tensors in memory' }).textContent());
  const before = await tensors();
  const sweep = await timedRun(page, 'Sweep sparsity');
  // The chart catches up a moment after the run (it renders deferred): count once the count holds for 1 s.
  const symbols = page.getByRole('figure', { name: 'Accuracy vs sparsity' }).locator('.recharts-scatter-symbol');
  let points = -1;
  for (let i = 0; i < 20 && points !== (await symbols.count()); i++) {
    points = await symbols.count();
    await page.waitForTimeout(1000);
  }
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

/**
 * The seed replica on `backend` after one epoch: drag steps (input events back to back) next to the
 * bare masked forward pass, long tasks while dragging, then the trade-off work.
 */
export async function measure(browser, backend) {
  const page = await openPage(browser, { viewport: BACKENDS_VIEWPORT, bench: true });
  try {
    await chooseBackend(page, backend);
    const row = await describeRow(page, backend);
    const webgl = await page.evaluate(() => {
      const gl = document.createElement('canvas').getContext('webgl2');
      const info = gl?.getExtension('WEBGL_debug_renderer_info');
      return gl ? String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER)) : 'no WebGL2';
    });
    await setField(page, 'Epochs', 1);
    await train(page, 300_000);
    await page.waitForSelector('output[aria-label="Applied threshold"]');
    await sliderLatencies(page, 10); // warm-up
    const slider = await sliderLatencies(page, STEPS);
    await page.waitForTimeout(1000); // the charts catch up with the last step before the drag starts
    const drag = await dragLongTasks(page, DRAG_MS);
    await page.waitForTimeout(1000); // the session settles, so its tensor count is not read mid-measurement
    const tensors = await outputText(page, 'Tensors in memory');
    const trade = await tradeOff(page);
    // Last: the harness's own TensorFlow.js in this page (the engine may be in a worker) starts only now.
    const bare = await page.evaluate(
      ([b, n]) => window.pruningLabBench.bareForward({ dataset: 'seed-replica', samples: n, backend: b }),
      [backend, STEPS],
    );
    return { ...row, webgl, slider, bare, drag, tensors, trade };
  } finally {
    await page.close();
  }
}

/**
 * Accuracy figures of every kind of run on one data set, through a session of the page's own
 * engine code run by the harness in this page (on FIGURES_BACKEND; the page is switched to it too).
 */
export async function tradeOffFigures(browser) {
  const page = await openPage(browser, { viewport: BACKENDS_VIEWPORT, bench: true });
  try {
    await chooseBackend(page, FIGURES_BACKEND);
    const t0 = Date.now();
    const result = await page.evaluate(
      async ([b, d]) => {
        await window.pruningLabBench.setBenchBackend(b);
        return window.pruningLabBench.tradeOffFigures(d);
      },
      [FIGURES_BACKEND, FIGURES_DATASET],
    );
    result.seconds = (Date.now() - t0) / 1000;
    return result;
  } finally {
    await page.close();
  }
}
