#!/usr/bin/env node
// `npm run bench`: measures the production build in headless Chromium and prints a table.
// A benchmark, not a test: it asserts nothing and exits 0 whatever it measures.
//
// For each backend: slider-step latency through the real page (input event → readouts updated),
// next to a bare masked forward pass timed in the same page; long tasks while dragging; training
// throughput of the app's loop next to plain model.fit on the same model and data; and the
// trade-off work (sweep, layer scan, compaction): how long it takes, whether the page froze
// (long tasks), and the forward pass of the compacted network against the masked one.
import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from './browser.mjs';
import { BACKENDS, FIGURES_BACKEND, LENET_BACKEND, MNIST_BACKENDS } from './bench/config.mjs';
import { lenetFigures, measureMnist } from './bench/mnist.mjs';
import { printFigures, printLenet, printMnist, printTimings } from './bench/print.mjs';
import { measure, tradeOffFigures } from './bench/runs.mjs';
import { startServer } from './bench/server.mjs';

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

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
