#!/usr/bin/env node
// `npm run bench`: measures the production build in headless Chromium and prints tables.
// A benchmark, not a test: it asserts nothing and exits 0 whatever it measures.
//
// Journeys (BENCH_ONLY picks some; scripts/bench/config.mjs lists every BENCH_* setting):
//   firstvisit  the gzipped JavaScript before the first view is usable, and what loads later
//   slider      the seed replica's slider at each viewport: drags, arrow keys, clicks, typed values
//   backends    per backend: drag steps next to the bare forward pass, and the trade-off work
//   mnist       MNIST's slider: estimate, exact, long tasks
//   training    training, fine-tuning and Stop on every data set and backend; app loop vs model.fit
//   figures     the trade-off accuracy figures; lenet: Han et al.'s LeNet-300-100 reproduced
//   deepcompression  Deep Compression on LeNet-300-100: prune, fine-tune, share weights, fine-tune, Huffman
//   lenet5      Han et al.'s LeNet-5 row on the page's LeNet-5: train, Target 90% Global, fine-tune, per layer
// Serve another build than dist/ with BENCH_DIST=<folder> (built with `vite build --outDir <folder>`).
import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from './browser.mjs';
import {
  BACKENDS,
  FIGURES_BACKEND,
  JOURNEYS,
  LENET_BACKEND,
  MNIST_ARCHITECTURES,
  MNIST_BACKENDS,
  SLIDER_BACKENDS,
  TRAIN_BACKENDS,
  VIEWPORTS,
} from './bench/config.mjs';
import { measureFirstVisit } from './bench/firstVisit.mjs';
import { deepCompressionFigures, lenetFigures, measureMnist } from './bench/mnist.mjs';
import { startServer, viewportName } from './bench/page.mjs';
import { printDeepCompression, printFigures, printLenet, printLenet5, printTimings } from './bench/print.mjs';
import { printFirstVisit, printMnistJourney, printSlider, printTraining } from './bench/report.mjs';
import { measure, tradeOffFigures } from './bench/runs.mjs';
import { measureSlider } from './bench/seedSlider.mjs';
import { measureTraining } from './bench/training.mjs';

const started = Date.now();
const log = (message) => process.stderr.write(`[${((Date.now() - started) / 1000).toFixed(0)} s] ${message}\n`);

/** Each journey: what it measures, one browser page at a time, and how its results print. */
const JOURNEY_STEPS = {
  firstvisit: async (browser, out) => {
    log('first visit…');
    out.firstvisit = await measureFirstVisit(browser);
  },
  slider: async (browser, out) => {
    out.slider = [];
    for (const backend of SLIDER_BACKENDS)
      for (const viewport of VIEWPORTS) {
        log(`slider on the seed replica, ${backend}, ${viewportName(viewport)}…`);
        out.slider.push(await measureSlider(browser, backend, viewport));
      }
  },
  backends: async (browser, out) => {
    out.backends = [];
    for (const backend of BACKENDS) {
      log(`seed replica and trade-off work on ${backend}…`);
      out.backends.push(await measure(browser, backend));
    }
  },
  mnist: async (browser, out) => {
    out.mnist = [];
    for (const backend of MNIST_BACKENDS) {
      log(`MNIST slider on ${backend}…`);
      for (const architecture of MNIST_ARCHITECTURES)
        out.mnist.push(await measureMnist(browser, backend, architecture));
    }
  },
  training: async (browser, out) => {
    out.training = [];
    for (const backend of TRAIN_BACKENDS) {
      log(`training on every data set, ${backend}…`);
      out.training.push(...(await measureTraining(browser, backend, log)));
    }
  },
  figures: async (browser, out) => {
    if (FIGURES_BACKEND === 'off') return;
    log(`trade-off figures on ${FIGURES_BACKEND}…`);
    out.figures = await tradeOffFigures(browser);
  },
  lenet: async (browser, out) => {
    if (LENET_BACKEND === 'off') return;
    log(`LeNet-300-100 on MNIST on ${LENET_BACKEND}…`);
    out.lenet = await lenetFigures(browser);
  },
  lenet5: async (browser, out) => {
    if (LENET_BACKEND === 'off') return;
    log(`LeNet-5 on MNIST on ${LENET_BACKEND}…`);
    out.lenet5 = await lenetFigures(browser, 'lenet5');
  },
  deepcompression: async (browser, out) => {
    if (LENET_BACKEND === 'off') return;
    log(`Deep Compression on LeNet-300-100 on ${LENET_BACKEND}…`);
    out.deepcompression = await deepCompressionFigures(browser);
  },
};

async function main() {
  const unknown = JOURNEYS.filter((j) => !(j in JOURNEY_STEPS));
  if (unknown.length) throw new Error(`Unknown BENCH_ONLY journeys: ${unknown.join(', ')}`);
  const server = await startServer();
  // Stopped from outside (Ctrl-C, timeout): vite is a child of this process and would outlive it.
  for (const signal of ['SIGINT', 'SIGTERM'])
    process.once(signal, () => {
      server.kill();
      process.exit(130);
    });
  const browser = await chromium.launch(chromiumLaunchOptions());
  const out = {};
  const failures = [];
  try {
    for (const journey of JOURNEYS) {
      try {
        await JOURNEY_STEPS[journey](browser, out);
      } catch (error) {
        // One journey failing (a page that changed under it) should not cost the others' figures.
        failures.push(`${journey}: ${error.message.split('\n')[0]}`);
        log(`${journey} failed: ${error.stack}`);
      }
    }
  } finally {
    await browser.close();
    server.kill();
  }
  console.log(`\nPruning Lab benchmark — ${new Date().toISOString()} — Chromium ${browser.version()}`);
  console.log(`${((Date.now() - started) / 60_000).toFixed(1)} min; journeys: ${JOURNEYS.join(', ')}`);
  if (out.slider?.length) printSlider(out.slider);
  if (out.mnist?.length) printMnistJourney(out.mnist);
  if (out.training?.length) printTraining(out.training);
  if (out.firstvisit) printFirstVisit(out.firstvisit);
  if (out.backends?.length) printTimings(out.backends);
  if (out.figures) printFigures(out.figures);
  if (out.lenet) printLenet(out.lenet);
  if (out.deepcompression) printDeepCompression(out.deepcompression);
  if (out.lenet5) printLenet5(out.lenet5);
  if (failures.length) console.log(`\nNot measured (the journey failed): ${failures.join('; ')}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
