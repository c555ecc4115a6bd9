#!/usr/bin/env node
// `npm run bench`: measures the production build in headless Chromium and prints a table.
// A benchmark, not a test: it asserts nothing and exits 0 whatever it measures.
//
// For each backend: slider-step latency through the real page (input event → readouts updated),
// next to a bare masked forward pass timed in the same page; long tasks while dragging; and
// training throughput of the app's loop next to plain model.fit on the same model and data.
import { spawn } from 'node:child_process';
import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from './browser.mjs';

const PORT = 4180;
const BASE = `http://127.0.0.1:${PORT}/`;
const STEPS = Number(process.env.BENCH_STEPS ?? 80);
const FIT_EPOCHS = Number(process.env.BENCH_EPOCHS ?? 2);
const BACKENDS = (process.env.BENCH_BACKENDS ?? 'webgl,wasm,cpu').split(',');

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
  return page.evaluate(async (steps) => {
    const slider = document.querySelector('#threshold');
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
  }, steps);
}

/** Moves the slider every animation frame for `ms` and records long tasks (> 50 ms). */
async function dragLongTasks(page, ms) {
  return page.evaluate(async (ms) => {
    const slider = document.querySelector('#threshold');
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
  }, ms);
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
  const bare = await page.evaluate((n) => window.pruningLabBench.bareForward(n, 0.1), STEPS);
  const fit = await page.evaluate((e) => window.pruningLabBench.trainingThroughput(e), FIT_EPOCHS);
  const tensors = await page.getByRole('status', { name: 'Tensors in memory' }).textContent();
  await page.close();
  return { backend, label, renderer, slider, bare, drag, fit, tensors };
}

const fmt = (x, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : '—');

async function main() {
  const server = await startServer();
  const browser = await chromium.launch(chromiumLaunchOptions());
  const rows = [];
  try {
    for (const backend of BACKENDS) {
      process.stderr.write(`measuring ${backend}…\n`);
      rows.push(await measure(browser, backend));
    }
  } finally {
    await browser.close();
    server.kill();
  }
  console.log(`\nPruning Lab benchmark — ${new Date().toISOString()} — Chromium ${browser.version()}`);
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
