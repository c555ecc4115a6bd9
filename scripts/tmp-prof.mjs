import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from '/work/main/scripts/browser.mjs';
const browser = await chromium.launch(chromiumLaunchOptions());
const page = await browser.newPage({ viewport: { width: Number(process.env.VW ?? 1440), height: Number(process.env.VH ?? 1000) } });
await page.goto('http://127.0.0.1:4173/?bench');
await page.waitForFunction(() => 'pruningLabBench' in window);
if (process.env.NOFENCE) await page.evaluate(() => window.pruningLabBench.tf.env().set('WEBGL_FENCE_API_ENABLED', false));
await page.getByRole('status', { name: 'Backend' }).filter({ hasText: 'webgl' }).waitFor({ timeout: 30000 });
await page.getByRole('spinbutton', { name: 'Epochs', exact: true }).fill('1');
await page.getByRole('spinbutton', { name: 'Epochs', exact: true }).press('Enter');
await page.getByRole('button', { name: 'Train', exact: true }).click();
await page.getByRole('status', { name: 'Status' }).filter({ hasText: /^Ready$/ }).waitFor({ timeout: 120000 });
if (process.argv[2]) await page.addStyleTag({ content: process.argv[2] });
const r = await page.evaluate(async () => {
  const slider = document.querySelector('#threshold');
  const applied = document.querySelector('output[aria-label="Applied threshold"]');
  const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
  window.__t = [];
  const out = [];
  for (let i = 0; i < 30; i++) {
    const value = (((i * 37) % 300) / 1000 + 0.001).toFixed(3);
    const t0 = performance.now();
    setter.call(slider, value);
    slider.dispatchEvent(new Event('input', { bubbles: true }));
    const tIn = performance.now();
    while (Number(applied.textContent) !== Number(value)) await new Promise((r) => setTimeout(r, 0));
    out.push([tIn - t0, performance.now() - t0]);
  }
  return { out, t: window.__t };
});
const med = (a) => a.slice().sort((x, y) => x - y)[Math.floor(a.length / 2)];
console.log('dispatch', med(r.out.map((x) => x[0])).toFixed(1), 'total', med(r.out.map((x) => x[1])).toFixed(1));
for (let k = 1; k < 2; k++) console.log(['mask', 'eval', 'hist', 'publish+render'][k], med(r.t.map((x) => x[k])).toFixed(1));
await browser.close();
