// Journey 2: the slider on MNIST (LeNet-300-100, 8,000 + 2,000 digits) after one epoch. A step shows
// an estimate on 500 + 500 digits at once; the exact figures over every digit follow once the slider
// rests. Drag steps and arrow keys (4 a second) to the estimate, long tasks while dragging, and the
// time from a resting step to the exact figures; next to the bare forward passes they wrap. And
// Han et al.'s LeNet-300-100 reproduced, through a session of the page's own engine code run by the
// harness (on LENET_BACKEND; the page is switched to it too).
import {
  BACKENDS_VIEWPORT,
  DEEP_COMPRESSION_BITS,
  DRAG_MS,
  KEY_STEPS,
  LENET_BACKEND,
  LENET_EPOCHS,
  LENET_RULE,
  LENET5_EPOCHS,
  LENET5_RULE,
  MNIST_STEPS,
  MNIST_VIEWPORT,
} from './config.mjs';
import {
  chooseBackend,
  chooseDataset,
  describeRow,
  longTasksBetween,
  now,
  openPage,
  outputText,
  setField,
  train,
} from './page.mjs';
import { dragLongTasks, exactLatencies, keySteps, sliderLatencies } from './slider.mjs';
import { quantile } from './print.mjs';

/** Waits until the Results table says its figures count every row again (the estimate is replaced). */
function exactAgain(page) {
  return page
    .getByLabel('Results precision')
    .filter({ hasText: /^Exact/ })
    .waitFor({ timeout: 120_000 });
}

/** MNIST's slider on `backend`, for LeNet-300-100 (`architecture` 'mlp') or LeNet-5 ('lenet5'). */
export async function measureMnist(browser, backend, architecture = 'mlp') {
  const page = await openPage(browser, { viewport: MNIST_VIEWPORT, bench: true });
  try {
    await chooseBackend(page, backend);
    await chooseDataset(page, 'mnist');
    await page.getByLabel('Model shape').filter({ hasText: '784' }).waitFor();
    if (architecture === 'lenet5') {
      await page.getByRole('combobox', { name: 'Architecture' }).selectOption('lenet5');
      await page.getByLabel('Model shape').filter({ hasText: 'conv' }).waitFor();
      await page
        .getByRole('status', { name: 'Status', exact: true })
        .filter({ hasText: /^Ready$/ })
        .waitFor({ timeout: 60_000 });
    }
    const row = {
      ...(await describeRow(page, backend)),
      model: architecture === 'lenet5' ? 'LeNet-5' : 'LeNet-300-100',
    };
    await setField(page, 'Epochs', 1);
    const t0 = Date.now();
    await train(page);
    const trainSeconds = (Date.now() - t0) / 1000;
    await exactAgain(page);

    let from = await now(page);
    const steps = await sliderLatencies(page, MNIST_STEPS);
    const stepLong = await longTasksBetween(page, from, await now(page));
    await exactAgain(page);
    const drag = await dragLongTasks(page, DRAG_MS);
    await exactAgain(page);
    const keys = await keySteps(page, Math.min(KEY_STEPS, 16));
    await exactAgain(page);
    from = await now(page);
    const exact = await exactLatencies(page, ['0.02', '0.05', '0.08', '0.11', '0.14']);
    const exactLong = await longTasksBetween(page, from, await now(page));

    // The bare work: the estimate's 1,000 rows in one readback; the exact count's 10,000 in readbacks of 1,000.
    const [bareEstimate, bareExact] = await page.evaluate(
      async ([b, a]) => {
        const bench = window.pruningLabBench;
        const options = { dataset: 'mnist', backend: b, threshold: 0.05, architecture: a };
        return [
          await bench.bareForward({ ...options, samples: 20, rows: 1000 }),
          await bench.bareForward({ ...options, samples: 3, chunk: 1000 }),
        ];
      },
      [backend, architecture],
    );
    const tensors = await outputText(page, 'Tensors in memory');
    return {
      ...row,
      trainSeconds,
      steps: { median: quantile(steps, 0.5), p95: quantile(steps, 0.95), count: steps.length, long: stepLong },
      drag: {
        count: drag.long.length,
        max: drag.long.length ? Math.max(...drag.long) : 0,
        frames: drag.frames,
      },
      keys,
      exact: { median: quantile(exact, 0.5), max: Math.max(...exact), count: exact.length, long: exactLong },
      bareEstimate: quantile(bareEstimate, 0.5),
      bareExact: quantile(bareExact, 0.5),
      tensors,
    };
  } finally {
    await page.close();
  }
}

/** Deep Compression on LeNet-300-100 through the page's session: prune, fine-tune, share, fine-tune, Huffman. */
export async function deepCompressionFigures(browser) {
  const page = await openPage(browser, { viewport: BACKENDS_VIEWPORT, bench: true });
  try {
    await chooseBackend(page, LENET_BACKEND);
    return await page.evaluate(
      async ([b, rule, bits]) => {
        await window.pruningLabBench.setBenchBackend(b);
        return window.pruningLabBench.deepCompressionFigures(rule, bits);
      },
      [LENET_BACKEND, LENET_RULE, DEEP_COMPRESSION_BITS],
    );
  } finally {
    await page.close();
  }
}

/** Han et al.'s LeNet-300-100 experiment on the page's MNIST digits, or with `architecture` 'lenet5' their LeNet-5 one. */
export async function lenetFigures(browser, architecture = 'mlp') {
  const page = await openPage(browser, { viewport: BACKENDS_VIEWPORT, bench: true });
  const [rule, epochs] = architecture === 'mlp' ? [LENET_RULE, LENET_EPOCHS] : [LENET5_RULE, LENET5_EPOCHS];
  try {
    await chooseBackend(page, LENET_BACKEND);
    return await page.evaluate(
      async ([b, r, options]) => {
        await window.pruningLabBench.setBenchBackend(b);
        return window.pruningLabBench.lenetFigures(r, options);
      },
      [LENET_BACKEND, rule, { ...epochs, architecture }],
    );
  } finally {
    await page.close();
  }
}
