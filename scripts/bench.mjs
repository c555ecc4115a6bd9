#!/usr/bin/env node
// `npm run bench`: measures the production build in headless Chromium and prints a table.
// A benchmark, not a test: it asserts nothing and exits 0 whatever it measures.
//
// For each backend: slider-step latency through the real page (input event → readouts updated),
// next to a bare masked forward pass timed in the same page; long tasks while dragging; training
// throughput of the app's loop next to plain model.fit on the same model and data; and the
// trade-off work (sweep, layer scan, compaction): how long it takes, whether the page froze
// (long tasks), and the forward pass of the compacted network against the masked one.
import { spawn } from 'node:child_process';
import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from './browser.mjs';

const PORT = 4180;
const BASE = `http://127.0.0.1:${PORT}/`;
const STEPS = Number(process.env.BENCH_STEPS ?? 80);
const FIT_EPOCHS = Number(process.env.BENCH_EPOCHS ?? 2);
const BACKENDS = (process.env.BENCH_BACKENDS ?? 'webgl,wasm,cpu').split(',').filter((b) => b && b !== 'none');
/** The trade-off figures are accuracies, not timings: they run once, on the fastest backend here. */
const FIGURES_BACKEND = process.env.BENCH_FIGURES_BACKEND ?? 'wasm';
const FIGURES_DATASET = process.env.BENCH_FIGURES_DATASET ?? 'spiral';
/** Backends the MNIST slider is measured on (estimate, then exact): 'none' skips it. */
const MNIST_BACKENDS = (process.env.BENCH_MNIST_BACKENDS ?? 'webgl,wasm').split(',').filter((b) => b && b !== 'none');
const MNIST_STEPS = Number(process.env.BENCH_MNIST_STEPS ?? 20);
/** Han et al.'s LeNet-300-100 reproduction: 'off' skips it (it trains for a minute or two on wasm). */
const LENET_BACKEND = process.env.BENCH_LENET_BACKEND ?? 'wasm';
/** The rule the reproduction prunes by, as the page's PruneRule fields (JSON). */
const LENET_RULE = JSON.parse(process.env.BENCH_LENET_RULE ?? '{"by":"target","scope":"layer","method":"unstructured","targetFraction":0.92,"outputRate":0.5}');
const LENET_EPOCHS = process.env.BENCH_LENET_EPOCHS ? JSON.parse(process.env.BENCH_LENET_EPOCHS) : {};

function quantile(values, q) {
  const sorted = [...values].sort((a, b) => a - b);
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i];
}

async function startServer() {
  const server = spawn('npx', ['vite', 'preview', '--port', String(PORT), '--strictPort', '--host', '127.0.0.1'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(BASE)).ok) return server;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  server.kill();
  throw new Error(`vite preview did not answer on ${BASE}`);
}

/** Sets the slider as a drag would (native setter + input event) and times until the page shows it. */
async function sliderLatencies(page, steps) {
  const handle = await page.getByRole('slider', { name: 'Pruning threshold' }).elementHandle();
  return page.evaluate(async ([slider, steps]) => {
    const applied = document.querySelector('output[aria-label="Applied threshold"]');
    const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
    const times = [];
    for (let i = 0; i < steps; i++) {
      // 0.001 … 0.300, never the same twice in a row, exact on the slider's 0.001 grid.
      const value = (((i * 37) % 300) / 1000 + 0.001).toFixed(3);
      const shown = new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`threshold ${value} never reached the page`)), 20_000);
        const observer = new MutationObserver(() => {
          if (Number(applied.textContent) === Number(value)) {
            observer.disconnect();
            clearTimeout(timer);
            resolve(performance.now());
          }
        });
        observer.observe(applied, { childList: true, characterData: true, subtree: true });
      });
      const t0 = performance.now();
      setter.call(slider, value);
      slider.dispatchEvent(new Event('input', { bubbles: true }));
      times.push((await shown) - t0);
    }
    return times;
  }, [handle, steps]);
}

/** Moves the slider every animation frame for `ms` and records long tasks (> 50 ms). */
async function dragLongTasks(page, ms) {
  const handle = await page.getByRole('slider', { name: 'Pruning threshold' }).elementHandle();
  return page.evaluate(async ([slider, ms]) => {
    const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
    const entries = [];
    const observer = new PerformanceObserver((list) => entries.push(...list.getEntries()));
    observer.observe({ type: 'longtask' });
    const start = performance.now();
    let frames = 0;
    await new Promise((resolve) => {
      const frame = (now) => {
        const t = now - start;
        setter.call(slider, String((0.15 + 0.14 * Math.sin(t / 200)).toFixed(3)));
        slider.dispatchEvent(new Event('input', { bubbles: true }));
        frames++;
        if (t < ms) requestAnimationFrame(frame);
        else resolve();
      };
      requestAnimationFrame(frame);
    });
    const end = performance.now();
    await new Promise((r) => setTimeout(r, 100)); // entries arrive after their task ends
    observer.disconnect();
    // Only tasks that began while the slider was moving: the charts catch up once it rests.
    const long = entries.filter((e) => e.startTime < end).map((e) => e.duration);
    return { long, frames, seconds: (end - start) / 1000 };
  }, [handle, ms]);
}

/**
 * Clicks `button` and times, in the page, from the click until Status reads Ready again, with the
 * long tasks (> 50 ms) that began meanwhile: a frozen page would show them.
 */
async function timedRun(page, button) {
  await page.evaluate(() => {
    const status = document.querySelector('output[aria-label="Status"]');
    const run = { long: [], start: performance.now(), end: null };
    run.observer = new PerformanceObserver((list) => run.long.push(...list.getEntries().map((e) => ({ start: e.startTime, ms: e.duration }))));
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
async function tradeOff(page) {
  const tensors = async () => Number(await page.getByRole('status', { name: 'Tensors in memory' }).textContent());
  const before = await tensors();
  const sweep = await timedRun(page, 'Sweep sparsity');
  const points = await page.getByRole('figure', { name: 'Accuracy vs sparsity' }).locator('.recharts-scatter-symbol').count();
  const scan = await timedRun(page, 'Scan layers');
  const afterScans = await tensors();
  await page.getByRole('combobox', { name: 'Method', exact: true }).selectOption({ label: 'Structured (neurons)' });
  await page.getByRole('combobox', { name: 'Prune by', exact: true }).selectOption({ label: 'Target sparsity' });
  const target = page.getByRole('spinbutton', { name: 'Target sparsity (%)', exact: true });
  await target.fill('50');
  await target.press('Enter');
  await page.getByRole('status', { name: 'Applied rule' }).filter({ hasText: 'target 50%, neurons' }).waitFor();
  const compact = await timedRun(page, 'Compact');
  const cells = await page.getByRole('table', { name: 'Compaction' }).getByRole('row').filter({ hasText: 'Forward pass' }).getByRole('cell').allTextContents();
  const widths = await page.getByRole('table', { name: 'Compaction' }).getByRole('row').filter({ hasText: 'Layer widths' }).getByRole('cell').allTextContents();
  const difference = await page.getByRole('status', { name: 'Largest output difference' }).textContent();
  return { before, afterScans, points, sweep, scan, compact, forward: cells.map((c) => parseFloat(c)), widths, difference };
}

/**
 * From a slider step on the trained MNIST page until the Results table says its figures are exact
 * again: the estimate shows first (sliderLatencies), the exact count follows once the slider rests.
 */
async function exactLatencies(page, values) {
  const handle = await page.getByRole('slider', { name: 'Pruning threshold' }).elementHandle();
  return page.evaluate(async ([slider, values]) => {
    const precision = () => document.querySelector('[aria-label="Results precision"]')?.textContent ?? '';
    const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
    const times = [];
    for (const value of values) {
      const t0 = performance.now();
      setter.call(slider, value);
      slider.dispatchEvent(new Event('input', { bubbles: true }));
      // Leaves "Exact" first (the estimate), then comes back to it.
      let left = false;
      for (;;) {
        await new Promise((r) => setTimeout(r, 10));
        const exact = precision().startsWith('Exact');
        if (!exact) left = true;
        else if (left) break;
        if (performance.now() - t0 > 60_000) throw new Error(`no exact figures for ${value} within a minute`);
      }
      times.push(performance.now() - t0);
    }
    return times;
  }, [handle, values]);
}

/** On MNIST (LeNet-300-100, 8,000 + 2,000 rows) after one epoch: estimate and exact latencies, long tasks while dragging. */
async function measureMnist(browser, backend) {
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  await page.goto(BASE);
  const status = page.getByRole('status', { name: 'Status' });
  await status.filter({ hasText: /^Ready$/ }).waitFor();
  if (backend !== 'webgl') await page.getByRole('combobox', { name: 'Backend' }).selectOption(backend);
  await page.waitForFunction((b) => document.querySelector('output[aria-label="Backend"]')?.textContent?.startsWith(b), backend);
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
  await page.getByLabel('Results precision').filter({ hasText: /^Exact/ }).waitFor({ timeout: 120_000 });
  const estimate = await sliderLatencies(page, MNIST_STEPS);
  const drag = await dragLongTasks(page, 3000);
  await page.getByLabel('Results precision').filter({ hasText: /^Exact/ }).waitFor({ timeout: 120_000 });
  const exact = await exactLatencies(page, ['0.02', '0.05', '0.08', '0.11', '0.14']);
  const tensors = await page.getByRole('status', { name: 'Tensors in memory' }).textContent();
  await page.close();
  return { backend, trainSeconds, estimate, exact, drag, tensors };
}

function printMnist(rows) {
  console.log(`\nMNIST digits, LeNet-300-100 after 1 epoch: a slider step shows an estimate on 500 + 500 rows at once and the exact`);
  console.log('figures over all 10,000 rows (1,000 rows a readback) once the slider rests 350 ms; a new step cancels a count under way.\n');
  printTable(['backend', 'epoch s', 'estimate median ms', 'estimate p95 ms', 'step → exact median ms', 'exact / estimate',
    'long tasks while dragging (max ms)', 'tensors after'],
  rows.map((r) => {
    const e = quantile(r.estimate, 0.5);
    const x = quantile(r.exact, 0.5);
    return [r.backend, fmt(r.trainSeconds, 0), fmt(e), fmt(quantile(r.estimate, 0.95)), fmt(x), fmt(x / e, 1),
      `${r.drag.long.length} (${fmt(r.drag.long.length ? Math.max(...r.drag.long) : 0, 0)}) in ${r.drag.frames} frames`, r.tensors];
  }));
}

async function measure(browser, backend) {
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  await page.goto(`${BASE}?bench`);
  await page.waitForFunction(() => 'pruningLabBench' in window);
  if (backend !== 'webgl') await page.getByRole('combobox', { name: 'Backend' }).selectOption(backend);
  const backendReadout = page.getByRole('status', { name: 'Backend', exact: true });
  await page.waitForFunction((b) => document.querySelector('output[aria-label="Backend"]')?.textContent?.startsWith(b), backend);
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
  await page.getByRole('status', { name: 'Status' }).filter({ hasText: /^Ready$/ }).waitFor({ timeout: 300_000 });
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

const fmt = (x, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : '—');

async function main() {
  const server = await startServer();
  const browser = await chromium.launch(chromiumLaunchOptions());
  const rows = [];
  let figures = null;
  let lenet = null;
  const mnist = [];
  try {
    for (const backend of BACKENDS) {
      process.stderr.write(`measuring ${backend}…\n`);
      rows.push(await measure(browser, backend));
    }
    for (const backend of MNIST_BACKENDS) {
      process.stderr.write(`MNIST slider on ${backend}…\n`);
      mnist.push(await measureMnist(browser, backend));
    }
    if (FIGURES_BACKEND !== 'off') {
      process.stderr.write(`trade-off figures on ${FIGURES_BACKEND}…\n`);
      figures = await tradeOffFigures(browser);
    }
    if (LENET_BACKEND !== 'off') {
      process.stderr.write(`LeNet-300-100 on MNIST on ${LENET_BACKEND}…\n`);
      lenet = await lenetFigures(browser);
    }
  } finally {
    await browser.close();
    server.kill();
  }
  console.log(`\nPruning Lab benchmark — ${new Date().toISOString()} — Chromium ${browser.version()}`);
  if (rows.length) printTimings(rows);
  if (mnist.length) printMnist(mnist);
  if (figures) printFigures(figures);
  if (lenet) printLenet(lenet);
}

function printTimings(rows) {
  console.log(`WebGL renderer: ${rows[0]?.renderer}`);
  console.log(`Slider: ${STEPS} steps on the seed replica (1000 + 200 rows), each from input event to readouts in the DOM.`);
  console.log(`Bare forward: masked kernels already on the backend, one forward pass over the 1200 rows, one readback.`);
  console.log(`Training: seed replica, ${FIT_EPOCHS} epochs, batch 32; the app's loop also evaluates both splits 6 times an epoch for the timeline.\n`);
  const header = ['backend', 'slider median ms', 'slider p95 ms', 'bare fwd median ms', 'bare fwd p95 ms', 'slider / bare',
    'long tasks while dragging (max ms)', 'app loop rows/s', 'model.fit rows/s', 'app / fit', 'tensors after'];
  const table = rows.map((r) => {
    const sm = quantile(r.slider, 0.5);
    const bm = quantile(r.bare, 0.5);
    return [r.label, fmt(sm), fmt(quantile(r.slider, 0.95)), fmt(bm), fmt(quantile(r.bare, 0.95)), fmt(sm / bm, 2),
      `${r.drag.long.length} (${fmt(r.drag.long.length ? Math.max(...r.drag.long) : 0, 0)}) in ${r.drag.frames} frames`,
      fmt(r.fit.appRowsPerSecond, 0), fmt(r.fit.fitRowsPerSecond, 0), fmt(r.fit.appRowsPerSecond / r.fit.fitRowsPerSecond, 2), r.tensors];
  });
  printTable(header, table);

  console.log(`\nTrade-off work on the same page (seed replica after 1 epoch): a one-shot sweep of ${rows[0]?.trade.points} sparsities, a layer scan`);
  console.log('(3 layers × 8 sparsities), then 50% of the hidden neurons pruned (Structured, Target sparsity) and Compact, whose forward');
  console.log('passes over the 1200 rows are timed in the page, taking turns with the masked network (median of 15 each).\n');
  const longs = (run) => `${run.long.length} (${fmt(run.long.length ? Math.max(...run.long) : 0, 0)})`;
  printTable(
    ['backend', 'sweep s', 'long tasks in sweep (max ms)', 'scan s', 'long tasks in scan (max ms)', 'compact s', 'widths before → after',
      'masked fwd ms', 'compact fwd ms', 'masked / compact', 'max |Δ logit|', 'tensors before → after scans'],
    rows.map(({ label, trade: t }) => [label, fmt(t.sweep.seconds, 2), longs(t.sweep), fmt(t.scan.seconds, 2), longs(t.scan),
      fmt(t.compact.seconds, 2), t.widths.join(' → '), fmt(t.forward[0], 2), fmt(t.forward[1], 2), fmt(t.forward[0] / t.forward[1], 2),
      t.difference, `${t.before} → ${t.afterScans}`]),
  );
}

/** Han et al.'s LeNet-300-100 experiment on the page's MNIST digits, through the page's own session. */
async function lenetFigures(browser) {
  const page = await browser.newPage();
  await page.goto(`${BASE}?bench`);
  await page.waitForFunction(() => 'pruningLabBench' in window);
  if (LENET_BACKEND !== 'webgl') await page.getByRole('combobox', { name: 'Backend' }).selectOption(LENET_BACKEND);
  await page.waitForFunction((b) => document.querySelector('output[aria-label="Backend"]')?.textContent?.startsWith(b), LENET_BACKEND);
  const result = await page.evaluate(([rule, epochs]) => window.pruningLabBench.lenetFigures(rule, epochs), [LENET_RULE, LENET_EPOCHS]);
  await page.close();
  return result;
}

function printLenet(f) {
  const pc = (x) => `${(x * 100).toFixed(2)}%`;
  const row = (name, s, paper) => [name, pc(s.testAccuracy), pc(1 - s.testAccuracy), pc(s.trainAccuracy), pc(s.sparsity), paper];
  console.log(`\nHan et al. 2015, LeNet-300-100 (784-300-100-10, relu, softmax) on the page's MNIST digits: ${f.trainRows} training and ${f.testRows} test rows,`);
  console.log(`seed 1, Adam at ${f.learningRate} for ${f.epochs} epochs; pruned by ${f.rule}; fine-tuned ${f.fineTuneEpochs} epochs at ${f.learningRate / 10}.`);
  console.log(`On ${LENET_BACKEND}: load ${fmt(f.seconds.load, 1)} s, training ${fmt(f.seconds.train, 0)} s, fine-tuning ${fmt(f.seconds.fineTune, 0)} s. Every figure counts every row.\n`);
  printTable(['stage', 'test accuracy', 'test error', 'train accuracy', 'sparsity', 'paper (60,000 / 10,000 digits)'], [
    row('dense baseline', f.dense, 'error 1.64%'),
    row('pruned, no retraining', f.pruned, '—'),
    row('pruned, fine-tuned', f.fineTuned, 'error 1.59%, 92% sparsity'),
  ]);
  console.log(`\nChange from the dense baseline after fine-tuning: ${((f.fineTuned.testAccuracy - f.dense.testAccuracy) * 100).toFixed(2)} points of test accuracy.\n`);
  printTable(['layer', 'weights', 'kept', 'paper kept'], f.layers.map((l, i) => [l.name, l.total, pc(l.kept), ['8%', '9%', '26%'][i] ?? '—']));
}

/** Accuracy figures of every kind of run on one data set, through the page's own session. */
async function tradeOffFigures(browser) {
  const page = await browser.newPage();
  await page.goto(`${BASE}?bench`);
  await page.waitForFunction(() => 'pruningLabBench' in window);
  if (FIGURES_BACKEND !== 'webgl') await page.getByRole('combobox', { name: 'Backend' }).selectOption(FIGURES_BACKEND);
  await page.waitForFunction((b) => document.querySelector('output[aria-label="Backend"]')?.textContent?.startsWith(b), FIGURES_BACKEND);
  const t0 = Date.now();
  const result = await page.evaluate((d) => window.pruningLabBench.tradeOffFigures(d), FIGURES_DATASET);
  result.seconds = (Date.now() - t0) / 1000;
  await page.close();
  return result;
}

function printFigures(f) {
  const pc = (x) => `${(x * 100).toFixed(2)}%`;
  console.log(`\nTrade-off figures: ${f.dataset}, seed 1, the data set's defaults, on ${FIGURES_BACKEND} (${fmt(f.seconds, 0)} s). Test accuracy.\n`);
  printTable(['run', 'sparsity', 'test accuracy'], [
    ['dense baseline', '0.00%', pc(f.baseline)],
    ...f.oneShot.flatMap((p) => [
      [`one-shot, ${p.magnitude.label}, magnitude (per layer), no retraining`, pc(p.magnitude.sparsity), pc(p.magnitude.accuracy)],
      [`one-shot, ${p.random.label}, random control, no retraining`, pc(p.random.sparsity), pc(p.random.accuracy)],
    ]),
    [`target 90% then ${f.fineTuned.epochs} fine-tune epochs`, pc(f.fineTuned.sparsity), pc(f.fineTuned.accuracy)],
    [`iterative, ${f.iterative.rounds} rounds × ${f.iterative.perRound * 100}% of survivors`, pc(f.iterative.sparsity), pc(f.iterative.accuracy)],
    [`polynomial schedule 0 → 90% over ${f.schedule.steps} steps`, pc(f.schedule.sparsity), pc(f.schedule.accuracy)],
    [`lottery ticket: rewound to θ₀, ${f.lottery.epochs} epochs`, pc(f.lottery.sparsity), pc(f.lottery.rewound)],
    [`lottery control: random re-init, ${f.lottery.epochs} epochs`, pc(f.lottery.sparsity), pc(f.lottery.reinit)],
  ]);
}

function printTable(header, table) {
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => String(row[i]).length)));
  const line = (cells) => `| ${cells.map((c, i) => String(c).padEnd(widths[i])).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  table.forEach((row) => console.log(line(row)));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
