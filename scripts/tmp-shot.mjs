import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from '/work/main/scripts/browser.mjs';
const browser = await chromium.launch(chromiumLaunchOptions());
const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
const logs = [];
page.on('console', (m) => logs.push(`${m.type()}: ${m.text()}`));
page.on('pageerror', (e) => logs.push(`pageerror: ${e.message}`));
page.on('request', (r) => { if (!r.url().startsWith('http://127.0.0.1:4173')) logs.push('EXTERNAL ' + r.url()); });
await page.goto('http://127.0.0.1:4173/');
await page.getByRole('status', { name: 'Backend' }).filter({ hasText: 'webgl' }).waitFor({ timeout: 30000 });
const mode = process.argv[2] ?? 'full';
if (mode !== 'idle') {
  const t0 = Date.now();
  await page.getByRole('button', { name: 'Train' }).click();
  await page.getByRole('status', { name: 'Status' }).filter({ hasText: /^Ready$/ }).waitFor({ timeout: 120000 });
  console.log('train ms', Date.now() - t0);
  await page.getByRole('button', { name: 'Fine-tune' }).click();
  await page.getByRole('status', { name: 'Status' }).filter({ hasText: /^Ready$/ }).waitFor({ timeout: 120000 });
}
await page.screenshot({ path: '/tmp/shot.png', fullPage: true });
console.log(logs.join('\n'));
await browser.close();
