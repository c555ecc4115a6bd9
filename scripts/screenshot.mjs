#!/usr/bin/env node
// `npm run screenshot`: builds nothing; serves dist/ and drives the real page through the seed flow
// (train, prune at a few thresholds, fine-tune), then saves docs/screenshot.png for the README.
// With a fifth argument (a path), it goes on: a one-shot sweep, the random control's sweep, the
// layer scan and iterative pruning, and saves the trade-off figures there.
import { mkdirSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from './browser.mjs';
import { startPreview } from './lib/preview.mjs';

const PORT = Number(process.env.SHOT_PORT ?? 4181);
const BASE = `http://127.0.0.1:${PORT}/`;
const DATASET = process.argv[2] ?? 'Seed replica (random labels)';
const OUT = process.argv[3] ?? 'docs/screenshot.png';
const THRESHOLDS = (process.argv[4] ?? '0.05,0.1,0.15,0.1').split(',');
const TRADE_OFF = process.argv[5];

const server = await startPreview(PORT);
try {
  const browser = await chromium.launch(chromiumLaunchOptions());
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  await page.goto(BASE);
  const status = page.getByRole('status', { name: 'Status' });
  await status.filter({ hasText: /^Ready$/ }).waitFor();
  await page.getByRole('combobox', { name: 'Dataset' }).selectOption({ label: DATASET });
  await status.filter({ hasText: /^Ready$/ }).waitFor();
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await status.filter({ hasText: /^Training…$/ }).waitFor();
  await status.filter({ hasText: /^Ready$/ }).waitFor({ timeout: 300_000 });
  const field = page.getByRole('spinbutton', { name: 'Threshold value' });
  for (const t of THRESHOLDS) {
    await field.fill(t);
    await field.press('Enter');
    await page
      .getByRole('status', { name: 'Applied threshold' })
      .filter({ hasText: new RegExp(`^${t}$`) })
      .waitFor();
  }
  await page.getByRole('button', { name: 'Fine-tune', exact: true }).click();
  await status.filter({ hasText: /^Fine-tuning…$/ }).waitFor();
  await status.filter({ hasText: /^Ready$/ }).waitFor({ timeout: 300_000 });
  await page.waitForTimeout(1500); // the calm charts and table settle
  mkdirSync('docs', { recursive: true });
  await page.evaluate(() => scrollTo(0, 0)); // typing into fields scrolled the page
  await page.screenshot({ path: OUT, fullPage: !TRADE_OFF });
  console.log(`saved ${OUT}`);
  if (TRADE_OFF) {
    const run = async (name) => {
      await page.getByRole('button', { name, exact: true }).click();
      await status.filter({ hasNotText: /^Ready$/ }).waitFor();
      await status.filter({ hasText: /^Ready$/ }).waitFor({ timeout: 600_000 });
    };
    await run('Sweep sparsity');
    await page.getByRole('combobox', { name: 'Method', exact: true }).selectOption({ label: 'Random (control)' });
    await run('Sweep sparsity');
    await page.getByRole('combobox', { name: 'Method', exact: true }).selectOption({ label: 'Unstructured (weights)' });
    await run('Scan layers');
    await page.getByRole('spinbutton', { name: 'Rounds', exact: true }).fill('10');
    await page.getByRole('spinbutton', { name: 'Rounds', exact: true }).press('Enter');
    await run('Prune iteratively');
    await page.waitForTimeout(1500);
    await page.evaluate(() => scrollTo(0, 0)); // bounding boxes are then page coordinates
    const top = await page.getByRole('figure', { name: 'Accuracy vs sparsity' }).boundingBox();
    const bottom = await page.getByRole('figure', { name: 'Layer sensitivity' }).boundingBox();
    await page.screenshot({
      path: TRADE_OFF,
      fullPage: true,
      clip: { x: top.x - 8, y: top.y - 8, width: top.width + 16, height: bottom.y + bottom.height - top.y + 16 },
    });
    console.log(`saved ${TRADE_OFF}`);
  }
  await browser.close();
} finally {
  server.kill();
}
