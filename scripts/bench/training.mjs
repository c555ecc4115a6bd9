// Journey 3: training and fine-tuning on every data set of the Dataset combobox, per backend, with
// short runs (the epochs typed into Epochs and Fine-tune epochs): the main-thread long tasks of each
// run, how fast Stop stops it (in the page, from the click to Status "Stopped"), and the app's
// training loop against plain model.fit on the same network and data (the harness, in this page).
import { CPU_MNIST, FIT_ROWS, MNIST_TRAIN_EPOCHS, TRAIN_DATASETS, TRAIN_EPOCHS, TRAIN_VIEWPORT } from './config.mjs';
import {
  chooseBackend,
  chooseDataset,
  datasetOptions,
  describeRow,
  openPage,
  outputText,
  setField,
  waitStatus,
} from './page.mjs';
import { timedRun } from './runs.mjs';

/** Epochs of the runs that are stopped: long enough that Stop always lands mid-run. */
const STOP_RUN_EPOCHS = { mnist: 3 };
const STOP_RUN_DEFAULT = 500; // the Epochs field's largest value
/** Stop is clicked this long after the run began. */
const STOP_AFTER_MS = 1500;

/**
 * Starts a run with `button`, clicks Stop once it is under way, and times in the page from the
 * click (its event's timeStamp) until Status reads "Stopped" (the loop has stopped) and until the
 * Stop button is disabled again (the run has closed: its closing figures are on the page). Nulls
 * when the run ended first.
 */
async function stopLatency(page, button) {
  await page.evaluate(() => {
    const out = document.querySelector('output[aria-label="Status"]');
    const stop = {
      left: false,
      clicked: null,
      stopped: null,
      closed: null,
      ended: false,
      observer: null,
      onClick: null,
    };
    stop.onClick = (e) => {
      const button = e.target.closest('button');
      if (button?.textContent.trim() !== 'Stop' || stop.clicked !== null) return;
      stop.clicked = e.timeStamp;
      const poll = setInterval(() => {
        if (!button.disabled) return;
        stop.closed = performance.now();
        clearInterval(poll);
      }, 4);
    };
    // Flags, not polling: a short run can leave Ready and come back between two polls.
    stop.observer = new MutationObserver(() => {
      const text = out.textContent;
      if (text !== 'Ready') stop.left = true;
      if (text === 'Stopped' && stop.clicked !== null && stop.stopped === null) stop.stopped = performance.now();
      if ((text === 'Ready' || text === 'Stopped') && stop.left) stop.ended = true;
    });
    stop.observer.observe(out, { childList: true, characterData: true, subtree: true });
    document.addEventListener('click', stop.onClick, true);
    window.__benchStop = stop;
  });
  await page.getByRole('button', { name: button, exact: true }).click();
  await page.waitForFunction(() => window.__benchStop.left, null, { timeout: 60_000, polling: 20 });
  await page.waitForTimeout(STOP_AFTER_MS);
  const stopButton = page.getByRole('button', { name: 'Stop', exact: true });
  if (!(await page.evaluate(() => window.__benchStop.ended))) await stopButton.click({ timeout: 5000 }).catch(() => {}); // the run may end (and Stop go grey) first
  await page.waitForFunction(
    () => window.__benchStop.ended && (window.__benchStop.clicked === null || window.__benchStop.closed !== null),
    null,
    { timeout: 300_000, polling: 50 },
  );
  const { clicked, stopped, closed } = await page.evaluate(() => {
    const s = window.__benchStop;
    s.observer.disconnect();
    document.removeEventListener('click', s.onClick, true);
    return { clicked: s.clicked, stopped: s.stopped, closed: s.closed };
  });
  const after = (t) => (clicked !== null && t !== null ? t - clicked : null);
  return { stopped: after(stopped), closed: after(closed) };
}

/** Train, cut at the default threshold, fine-tune, then both runs again, stopped. */
async function measureDataset(page, backend, id) {
  await chooseDataset(page, id);
  const epochs = id === 'mnist' ? MNIST_TRAIN_EPOCHS : TRAIN_EPOCHS;
  await setField(page, 'Epochs', epochs);
  await setField(page, 'Fine-tune epochs', epochs);
  const row = await describeRow(page, backend);
  const trained = await timedRun(page, 'Train');
  await page.getByRole('spinbutton', { name: 'Threshold value', exact: true }).press('Enter'); // the default cut
  await page.waitForSelector('output[aria-label="Applied threshold"]');
  await waitStatus(page, /^Ready$/);
  const tuned = await timedRun(page, 'Fine-tune');

  const stopEpochs = STOP_RUN_EPOCHS[id] ?? STOP_RUN_DEFAULT;
  await setField(page, 'Fine-tune epochs', stopEpochs);
  const stopFineTune = await stopLatency(page, 'Fine-tune');
  await setField(page, 'Epochs', stopEpochs);
  const stopTrain = await stopLatency(page, 'Train');
  const tensors = await outputText(page, 'Tensors in memory');
  return { ...row, dataset: id, epochs, trained, tuned, stopTrain, stopFineTune, stopEpochs, tensors };
}

/**
 * Every data set (or TRAIN_DATASETS) on `backend`, one page; MNIST on cpu only with CPU_MNIST. The
 * page's runs come first, the harness's throughput runs after all of them, so that the harness's
 * own TensorFlow.js in this page (the engine may run in a worker) is idle during the page's runs.
 */
export async function measureTraining(browser, backend, log) {
  const page = await openPage(browser, { viewport: TRAIN_VIEWPORT, bench: true });
  const rows = [];
  const failed = (error) => `failed: ${String(error.message).split('\n')[0]}`;
  try {
    await chooseBackend(page, backend);
    const options = await datasetOptions(page);
    const wanted = TRAIN_DATASETS ? options.filter((o) => TRAIN_DATASETS.includes(o.id)) : options;
    for (const { id, label } of wanted) {
      if (id === 'mnist' && backend === 'cpu' && !CPU_MNIST) {
        rows.push({
          ...(await describeRow(page, backend)),
          dataset: id,
          label,
          skipped: 'skipped (BENCH_CPU_MNIST=1 runs it)',
        });
        continue;
      }
      log(`  ${label}…`);
      try {
        rows.push({ ...(await measureDataset(page, backend, id)), label });
      } catch (error) {
        rows.push({ ...(await describeRow(page, backend)), dataset: id, label, skipped: failed(error) });
      }
    }
    for (const row of rows.filter((r) => !r.skipped)) {
      log(`  app loop and model.fit on ${row.label}…`);
      try {
        row.fit = await page.evaluate(
          ([dataset, n, b]) => window.pruningLabBench.trainingThroughput({ dataset, rows: n, backend: b }),
          [row.dataset, FIT_ROWS, backend],
        );
      } catch (error) {
        row.fit = { failed: failed(error) };
      }
    }
  } finally {
    await page.close();
  }
  return rows;
}
