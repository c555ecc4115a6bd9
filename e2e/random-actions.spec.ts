import type { Locator, Page } from '@playwright/test';
import { expect, LabPage, test } from './fixtures';

/**
 * A seeded random walk over the page's controls: buttons, selects, the slider and every number and
 * text field, with values valid and absurd. RANDOM_SEED picks the walk (printed with its action log
 * when the journey fails, so `RANDOM_SEED=<seed> npx playwright test e2e/random-actions.spec.ts`
 * replays it); RANDOM_ACTIONS and RANDOM_SECONDS bound it.
 */
const SEED = Number(process.env.RANDOM_SEED ?? 15);
const ACTIONS = Number(process.env.RANDOM_ACTIONS ?? 400);
const SECONDS = Number(process.env.RANDOM_SECONDS ?? 45);

/** mulberry32: a small seeded generator, uniform in [0, 1). */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const BUTTONS = [
  'Train',
  'Train',
  'Stop',
  'Stop',
  'Reset',
  'Fine-tune',
  'Back to baseline',
  'Prune iteratively',
  'Prune on schedule',
  'Rewind',
  'Compact',
  'Sweep sparsity',
  'Scan layers',
  'Default model',
  'Switch to wasm',
];
const VALUES = [
  '1',
  '2',
  '3',
  '0',
  '-1',
  '0.5',
  '2.5',
  '1e9',
  '1e309',
  'abc',
  '',
  ' 4 ',
  '-0',
  '0.0001',
  '99999',
  '8, 8',
  '512,512,512,512,512',
  '7,,',
  '1e-12',
];
const RUNNING = /…$/;
const NOT_A_NUMBER = /\bNaN\b|\bundefined\b|\bInfinity\b|\bnull\b/;

/** The controls of `all` a person could use now (shown, enabled), found in one round trip. */
async function usable(all: Locator): Promise<Locator[]> {
  const indices = await all.evaluateAll((elements) =>
    elements.flatMap((e, i) =>
      (e as HTMLInputElement).disabled || (e as HTMLElement).offsetParent === null ? [] : [i],
    ),
  );
  return indices.map((i) => all.nth(i));
}

async function nameOf(control: Locator): Promise<string> {
  return (
    (await control.getAttribute('aria-label')) ??
    (await control.evaluate((e) => (e as HTMLInputElement).labels?.[0]?.textContent ?? e.id))
  );
}

/** One random action; returns what it did, for the log. */
async function act(page: Page, lab: LabPage, random: () => number): Promise<string> {
  const pick = <T>(list: T[]): T => list[Math.floor(random() * list.length)];
  const roll = random();
  if (roll < 0.3) {
    const name = pick(BUTTONS);
    const button = lab.button(name);
    if ((await usable(button)).length === 0) return `button ${name}: not available`;
    await button.click({ timeout: 2000 }).catch(() => undefined);
    return `click ${name}`;
  }
  if (roll < 0.55) {
    const fields = await usable(page.getByRole('spinbutton').or(page.getByRole('textbox')));
    if (fields.length === 0) return 'field: none available';
    const field = pick(fields);
    const value = pick(VALUES);
    const commit = pick(['Enter', 'Tab', 'Escape']);
    await field.fill(value, { timeout: 2000 }).catch(() => undefined);
    await field.press(commit, { timeout: 2000 }).catch(() => undefined);
    return `field ${await nameOf(field)} = ${JSON.stringify(value)} + ${commit}`;
  }
  if (roll < 0.75) {
    const selects = await usable(page.getByRole('combobox'));
    if (selects.length === 0) return 'select: none available';
    const select = pick(selects);
    // The small data sets only: MNIST is a 7.85 MB download and seconds per step on software WebGL.
    const options = (await select.locator('option:not([disabled])').allTextContents()).filter(
      (o) => !o.includes('MNIST'),
    );
    const option = pick(options);
    await select.selectOption({ label: option }, { timeout: 2000 }).catch(() => undefined);
    return `select ${await nameOf(select)} = ${option}`;
  }
  const slider = lab.slider;
  if ((await usable(slider)).length === 0) return 'slider: not available';
  if (roll < 0.88) {
    const [min, max] = [Number(await slider.getAttribute('min')), Number(await slider.getAttribute('max'))];
    const value = String(min + Math.round(random() * 50) * ((max - min) / 50));
    await slider.fill(value, { timeout: 2000 }).catch(() => undefined);
    return `slider = ${value}`;
  }
  const key = pick(['ArrowRight', 'ArrowLeft', 'PageUp', 'Home', 'End']);
  await slider.press(key, { timeout: 2000 }).catch(() => undefined);
  return `slider ${key}`;
}

test(`a seeded random walk (seed ${SEED}) leaves no error, no NaN, no stuck run and no leaked tensor`, async ({
  lab,
  page,
  context,
  hygiene,
}) => {
  test.setTimeout((SECONDS + 60) * 1000);
  const random = generator(SEED);
  const log: string[] = [];
  const fail = (why: string) => {
    throw new Error(`${why}\nRANDOM_SEED=${SEED}; the last actions:\n${log.slice(-40).join('\n')}`);
  };
  const end = Date.now() + SECONDS * 1000;
  try {
    for (let i = 0; i < ACTIONS && Date.now() < end; i++) {
      const did = await act(page, lab, random);
      // Status and tensor count in one round trip: the walk's pace is set by its pauses, not by reads.
      const [status, tensors] = await lab.readoutTexts(['Status', 'Tensors in memory']);
      log.push(`${i}: ${did} → ${status}, ${tensors} tensors`);
      await page.waitForTimeout(Math.floor(random() * 60));
      if (hygiene.console.length > 0) fail(`The console said: ${hygiene.console.join(' | ')}`);
      if (i % 10 === 9) {
        const bad = NOT_A_NUMBER.exec(await page.locator('body').innerText());
        if (bad) fail(`The page shows "${bad[0]}"`);
      }
    }
    const skipped = log.filter((line) => / not available| none available/.test(line)).length;
    console.log(`RANDOM_SEED=${SEED}: ${log.length} actions (${skipped} found their control unavailable)`);
    if (
      await lab
        .button('Presenter view')
        .getAttribute('aria-pressed')
        .then((p) => p === 'true')
    )
      await lab.button('Presenter view').click();
    // Whatever runs now stops, and nothing stays busy.
    if (await lab.button('Stop').isEnabled()) await lab.button('Stop').click();
    await expect(lab.readout('Status'), 'no run is stuck').not.toHaveText(RUNNING, { timeout: 30_000 });
    await lab.button('Reset').click();
    await expect(lab.readout('Status')).not.toHaveText(RUNNING);
    await expect(lab.readout('Tensors in memory')).toHaveText(/^\d+$/);
    const backend = (await lab.readout('Backend').textContent())!.split(' ')[0];
    await page.waitForTimeout(500); // the address follows the settings once they rest (300 ms)

    // A fresh page on the same settings and backend holds as many tensors as this one after Reset.
    const fresh = new LabPage(await context.newPage());
    await fresh.page.goto(page.url());
    await expect(fresh.readout('Status')).not.toHaveText(/^Starting|…$/);
    if (backend !== 'webgl') {
      await fresh.page.getByRole('combobox', { name: 'Backend' }).selectOption(backend);
      await expect(fresh.readout('Backend')).toHaveText(new RegExp(`^${backend}`));
    }
    await expect(fresh.readout('Tensors in memory')).toHaveText(/^\d+$/);
    const setup = `${backend}, ${page.url()}`;
    await expect
      .poll(() => lab.tensors(), `tensors after Reset against a fresh page (${setup})`)
      .toBe(await fresh.tensors());
  } catch (error) {
    await test.info().attach('action log', { body: log.join('\n'), contentType: 'text/plain' });
    if (process.env.RANDOM_LOG) console.log(log.join('\n'));
    if (error instanceof Error && !error.message.includes('RANDOM_SEED'))
      error.message += `\nRANDOM_SEED=${SEED}; the last actions:\n${log.slice(-40).join('\n')}`;
    throw error;
  }
});
