import type { Locator, Page } from '@playwright/test';
import { expect, LabPage, test } from './fixtures';

/** Resolves once the address holds `pattern` (it follows the setup a moment after a change). */
async function addressMatches(page: Page, pattern: RegExp): Promise<string> {
  await expect.poll(() => page.url(), { timeout: 10_000 }).toMatch(pattern);
  return page.url();
}

/** Whether `locator`'s box lies inside the viewport. */
async function inViewport(page: Page, locator: Locator): Promise<boolean> {
  const box = await locator.boundingBox();
  const size = page.viewportSize()!;
  return (
    box !== null &&
    box.x >= 0 &&
    box.y >= 0 &&
    box.x + box.width <= size.width + 1 &&
    box.y + box.height <= size.height + 1
  );
}

test('a lesson link: the address holds the setup, a new browser opens the same setup and figures, a damaged link opens with an alert', async ({
  lab,
  page,
  browser,
  baseURL,
}) => {
  await page.getByRole('combobox', { name: 'Dataset' }).selectOption('spiral');
  await expect(lab.readout('Status')).toHaveText('Ready');
  await lab.enter('Seed', '7');
  await lab.enter('Epochs', '4');
  await lab.button('Train').click();
  await expect(lab.readout('Status')).toHaveText('Ready', { timeout: 90_000 });
  const dense = await lab.readout('Accuracy').textContent();
  await page.getByRole('combobox', { name: 'Prune by' }).selectOption('target');
  await lab.enter('Target sparsity (%)', '80');
  await expect(lab.readout('Sparsity')).toHaveText(/^(79|80)\.\d\d%$/);
  const pruned = await lab.readout('Accuracy').textContent();
  const sparsity = await lab.readout('Sparsity').textContent();
  const url = await addressMatches(page, /data=spiral&seed=7&.*epochs=4&.*by=target&.*target=80/);

  // A new browser context (no storage shared), the link with "train on open".
  const context = await browser.newContext({ baseURL });
  const other = await context.newPage();
  const errors: string[] = [];
  other.on('pageerror', (e) => errors.push(e.message));
  await other.goto(`${url}&train=1`);
  const learner = new LabPage(other);
  await expect(other.getByRole('combobox', { name: 'Dataset' })).toHaveValue('spiral');
  await expect(learner.field('Seed')).toHaveValue('7');
  await expect(other.getByRole('combobox', { name: 'Prune by' })).toHaveValue('target');
  await expect(learner.field('Epochs')).toHaveValue('4');
  // Trained on open and cut by the link's rule, on the same backend: the same figures.
  await expect(learner.cell('After pruning', 'Test accuracy')).toHaveText(/%$/, { timeout: 90_000 });
  await expect(learner.readout('Status')).toHaveText('Ready', { timeout: 90_000 });
  await expect(learner.field('Target sparsity (%)')).toHaveValue('80');
  await expect(learner.cell('Before pruning', 'Test accuracy')).toHaveText(dense!);
  await expect(learner.readout('Accuracy')).toHaveText(pruned!);
  await expect(learner.readout('Sparsity')).toHaveText(sparsity!);
  // The train request is not written back: a reload does not train again.
  await expect.poll(() => other.url()).not.toMatch(/train=1/);
  expect(errors).toEqual([]);
  await context.close();

  // A damaged link: every bad value named in one alert, defaults for those, the rest kept; the page works.
  await page.goto('./?data=spiral&seed=-5&threshold=abc&by=sideways&view=big&colour=red&epochs=3');
  const alert = page.getByRole('alert').filter({ hasText: 'This link could not be used in full' });
  await expect(alert).toBeVisible();
  for (const named of ['seed=-5', 'threshold=abc', 'by=sideways', 'view=big']) await expect(alert).toContainText(named);
  await expect(alert).not.toContainText('colour');
  await expect(alert).toContainText('Defaults were used');
  await expect(page.getByRole('combobox', { name: 'Dataset' })).toHaveValue('spiral');
  await expect(lab.field('Seed')).toHaveValue('1');
  await expect(lab.field('Epochs')).toHaveValue('3');
  await lab.button('Train').click();
  await expect(lab.readout('Status')).toHaveText('Ready', { timeout: 90_000 });
  await lab.button('Dismiss').click();
  await expect(alert).toHaveCount(0);
});

test('presenter view at 1280×720 and 1920×1080: slider, readouts, boundary and timeline on one screen; keyboard shortcuts', async ({
  lab,
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto('./?data=spiral&epochs=4');
  await expect(lab.readout('Status')).toHaveText('Ready');
  await lab.button('Presenter view').click();
  await expect(lab.button('Presenter view')).toHaveAttribute('aria-pressed', 'true');
  await addressMatches(page, /view=presenter/);
  // t trains (no field has focus); the slider then steps with ] and [.
  await page.locator('body').press('t');
  await expect(lab.readout('Status')).toHaveText('Ready', { timeout: 90_000 });
  await expect(lab.readout('Accuracy')).toHaveText(/%$/);
  const before = await lab.slider.inputValue();
  for (let i = 0; i < 5; i++) await page.locator('body').press(']');
  await expect(lab.slider).not.toHaveValue(before);
  await lab.settled(Number(await lab.slider.inputValue()));

  for (const size of [
    { width: 1280, height: 720 },
    { width: 1920, height: 1080 },
  ]) {
    await page.setViewportSize(size);
    const onScreen = [
      lab.slider,
      lab.readout('Accuracy'),
      lab.readout('Sparsity'),
      lab.readout('Loss'),
      page.getByRole('figure', { name: 'Decision boundary' }),
      page.getByRole('figure', { name: 'Training timeline' }),
      lab.button('Train'),
      lab.button('Fine-tune'),
      lab.button('Back to baseline'),
    ];
    for (const locator of onScreen)
      expect(await inViewport(page, locator), `${String(locator)} at ${size.width}`).toBe(true);
    expect(await page.evaluate(() => document.documentElement.scrollHeight <= innerHeight + 1)).toBe(true);
    for (const name of ['Accuracy', 'Sparsity', 'Loss']) {
      const px = await lab.readout(name).evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
      expect(px, `${name} readout font size at ${size.width}`).toBeGreaterThanOrEqual(32);
    }
  }

  // The lesson in presenter view takes a column of its own: the slider and the figures stay on screen.
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.locator('body').press('l');
  const lesson = page.getByRole('region', { name: 'Lesson' });
  await expect(lesson).toBeVisible();
  for (const locator of [
    lab.slider,
    lab.readout('Accuracy'),
    page.getByRole('figure', { name: 'Decision boundary' }),
    page.getByRole('figure', { name: 'Training timeline' }),
    lesson.getByRole('heading'),
  ]) {
    expect(await inViewport(page, locator), `${String(locator)} with the lesson open`).toBe(true);
  }
  await lesson.getByRole('button', { name: 'Close lesson' }).click();
  await expect(lesson).toHaveCount(0);

  // ? lists the shortcuts; none fires while a text field has focus.
  await page.locator('body').press('?');
  const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('Prune more');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  const value = lab.field('Threshold value');
  await value.focus();
  await value.press('p');
  await expect(lab.button('Presenter view')).toHaveAttribute('aria-pressed', 'true');
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.locator('body').press('p');
  await expect(lab.button('Presenter view')).toHaveAttribute('aria-pressed', 'false');
  await expect(page.getByRole('group', { name: '1. Data and hardware' }).or(lab.field('Seed'))).toBeVisible();
});

test('Share: a learner link that shows only the slider and Fine-tune keeps the hidden values', async ({
  lab,
  page,
  browser,
  baseURL,
}) => {
  await page.goto('./?data=moons&epochs=3&threshold=0.2');
  await expect(lab.readout('Status')).toHaveText('Ready');
  await lab.button('Share').click();
  const share = page.getByRole('dialog', { name: 'Share' });
  await expect(share).toBeVisible();
  for (const group of [
    'Data set and model',
    'Iterative pruning',
    'Polynomial schedule',
    'Lottery ticket and Compact',
    'Sweep and scan',
  ]) {
    await share.getByRole('checkbox', { name: group }).uncheck();
  }
  await share.getByRole('checkbox', { name: 'Train', exact: true }).uncheck();
  await share.getByRole('checkbox', { name: 'Train when the link opens' }).check();
  const link = await share.getByRole('textbox', { name: 'Learner link' }).inputValue();
  expect(link).toMatch(/show=prune,finetune/);
  expect(link).toMatch(/train=1/);
  await share.getByRole('button', { name: 'Close' }).click();

  const context = await browser.newContext({ baseURL });
  const other = await context.newPage();
  await other.goto(link);
  const learner = new LabPage(other);
  await expect(learner.readout('Status')).toHaveText('Ready', { timeout: 90_000 });
  await expect(learner.results.getByRole('row', { name: /Before pruning/ })).toContainText('%', { timeout: 90_000 });
  await expect(learner.slider).toBeVisible();
  await expect(learner.button('Fine-tune')).toBeVisible();
  await expect(other.getByRole('combobox', { name: 'Dataset' })).toHaveCount(0);
  await expect(learner.button('Train')).toHaveCount(0);
  await expect(learner.field('Threshold value')).toHaveValue('0.2');
  await context.close();
});

test('the guided lesson runs to its end with its own buttons, the step in the address', async ({ lab, page }) => {
  await page.goto('./?data=spiral&epochs=5&ftepochs=2');
  await expect(lab.readout('Status')).toHaveText('Ready');
  await lab.button('Start lesson').click();
  const lesson = page.getByRole('region', { name: 'Lesson' });
  await expect(lesson).toBeVisible();
  await expect(lesson.getByRole('heading')).toHaveText(/\S/);
  await addressMatches(page, /lesson=train/);
  await expect(lesson.getByRole('button', { name: 'Back', exact: true })).toBeDisabled();

  const next = lesson.getByRole('button', { name: 'Next', exact: true });
  const doIt = lesson.getByRole('button', { name: 'Do it', exact: true });
  const idle = async () => {
    await expect(lab.readout('Status')).toHaveText('Ready', { timeout: 90_000 });
    await expect(next).toBeEnabled();
  };
  // 1. Train.
  await doIt.click();
  await expect(lab.readout('Status')).not.toHaveText('Ready');
  await idle();
  await next.click();
  // 2. Predict half the weights gone, then reveal.
  await addressMatches(page, /lesson=predict-half/);
  await lesson.getByRole('spinbutton', { name: 'Your prediction (%)' }).fill('70');
  await lesson.getByRole('button', { name: 'Reveal', exact: true }).click();
  await expect(lesson).toContainText(/You guessed 70%, measured \d+(\.\d)?%/, { timeout: 30_000 });
  await expect(lab.readout('Sparsity')).toHaveText(/^(49|50)\.\d\d%$/);
  await next.click();
  // 3. Prune until it breaks.
  await doIt.click();
  await idle();
  await next.click();
  // 4. Fine-tune at 90%, predicted first.
  await lesson.getByRole('spinbutton', { name: 'Your prediction (%)' }).fill('80');
  await lesson.getByRole('button', { name: 'Reveal', exact: true }).click();
  await expect(lesson).toContainText(/You guessed 80%, measured \d+(\.\d)?%/, { timeout: 90_000 });
  await idle();
  await next.click();
  // 5. The random control: two sweeps on the trade-off figure.
  await doIt.click();
  await idle();
  await expect(page.getByRole('figure', { name: /Accuracy vs sparsity/ })).toContainText('Random');
  await next.click();
  // 6. Zeros do not shrink the file.
  await doIt.click();
  await idle();
  await next.click();
  // 7. The summary: the two predictions against what was measured.
  await addressMatches(page, /lesson=summary/);
  const summary = lesson.getByRole('table', { name: 'Your predictions' });
  await expect(summary.getByRole('row')).toHaveCount(3);
  await expect(summary).toContainText('70%');
  await expect(summary).toContainText('80%');
  await expect(next).toBeDisabled();
  await lesson.getByRole('button', { name: 'Close lesson' }).click();
  await expect(lesson).toHaveCount(0);
  await expect.poll(() => page.url()).not.toMatch(/lesson=/);
});
