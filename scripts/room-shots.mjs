#!/usr/bin/env node
// `npm run screenshot:room`: serves dist/ and saves the README's pictures of the room: presenter view at
// 1280×720 on the spiral (trained, pruned), and each step of the guided lesson, walked with its own
// buttons (Do it, Your prediction (%), Reveal, Next), cropped to the Lesson region.
import { mkdirSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from './browser.mjs';
import { startPreview } from './lib/preview.mjs';

const PORT = Number(process.env.SHOT_PORT ?? 4182);
const BASE = `http://127.0.0.1:${PORT}/`;
const server = await startPreview(PORT);
try {
  mkdirSync('docs', { recursive: true });
  const browser = await chromium.launch(chromiumLaunchOptions());
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  const status = page.getByRole('status', { name: 'Status' });
  const ready = () => status.filter({ hasText: /^Ready$/ }).waitFor({ timeout: 300_000 });

  await page.goto(`${BASE}?data=spiral&epochs=20&ftepochs=5&view=presenter`);
  await ready();
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await status.filter({ hasText: /^Training…$/ }).waitFor();
  await ready();
  for (let i = 0; i < 12; i++) await page.locator('body').press(']');
  await page.waitForTimeout(1500);
  await page.screenshot({ path: 'docs/presenter.png' });
  console.log('saved docs/presenter.png');

  await page.getByRole('button', { name: 'Presenter view' }).click();
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.getByRole('button', { name: 'Start lesson' }).click();
  const lesson = page.getByRole('region', { name: 'Lesson' });
  const guesses = { 'predict-half': '70', 'fine-tune': '85' };
  for (let step = 1; ; step++) {
    const id = await lesson.getAttribute('data-step');
    const guess = guesses[id];
    if (guess) {
      await lesson.getByRole('spinbutton', { name: 'Your prediction (%)' }).fill(guess);
      await lesson.getByRole('button', { name: 'Reveal', exact: true }).click();
      await lesson.getByText(/You guessed/).waitFor({ timeout: 300_000 });
      await ready();
    } else if (id !== 'summary' && id !== 'train') {
      await lesson.getByRole('button', { name: 'Do it', exact: true }).click();
      await page.waitForTimeout(300);
      await ready();
    }
    await page.waitForTimeout(600);
    await lesson.scrollIntoViewIfNeeded();
    await lesson.screenshot({ path: `docs/lesson-${step}.png` });
    console.log(`saved docs/lesson-${step}.png (${id})`);
    const next = lesson.getByRole('button', { name: 'Next', exact: true });
    if (await next.isDisabled()) break;
    await next.click();
  }
  await browser.close();
} finally {
  server.kill();
}
