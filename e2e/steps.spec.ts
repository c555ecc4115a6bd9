import { test, expect, type LabPage } from './fixtures';

/** Records every value the Applied threshold readout shows from now on (the figures' own threshold). */
async function recordApplied(lab: LabPage): Promise<() => Promise<string[]>> {
  await lab.page.evaluate(() => {
    const output = document.querySelector('output[aria-label="Applied threshold"]')!;
    const seen: string[] = [];
    (window as unknown as { appliedSeen: string[] }).appliedSeen = seen;
    new MutationObserver(() => seen.push(output.textContent ?? '')).observe(output, {
      childList: true,
      characterData: true,
      subtree: true,
    });
  });
  return () => lab.page.evaluate(() => (window as unknown as { appliedSeen: string[] }).appliedSeen);
}

/** Whether `wanted` occurs in `seen` in order (other values may come between). */
function inOrder(wanted: readonly string[], seen: readonly string[]): boolean {
  let at = 0;
  for (const value of seen) if (value === wanted[at]) at++;
  return at === wanted.length;
}

test('stepping the slider with the keyboard at a human pace: every step’s figures arrive, the last one is the slider’s', async ({
  lab,
  page,
}) => {
  await expect(lab.readout('Engine')).toHaveText('worker');
  await lab.run('Train', 1);
  await lab.setThreshold(0.1);
  const seen = await recordApplied(lab);
  await lab.slider.focus();
  const pressed: string[] = [];
  const keys = [...Array<string>(12).fill('ArrowRight'), ...Array<string>(4).fill('ArrowLeft')];
  for (const key of keys) {
    await page.keyboard.press(key);
    pressed.push(String(Number(await lab.slider.inputValue())));
    await page.waitForTimeout(250);
  }
  await lab.settled(Number(pressed[pressed.length - 1]));
  expect(pressed[11]).toBe('0.112');
  const shown = await seen();
  expect(inOrder(pressed, shown), `every step shown, in order: ${pressed.join(' ')}; shown: ${shown.join(' ')}`).toBe(
    true,
  );

  // A typed value, and a click on the track, at the same pace.
  await lab.enter('Threshold value', '0.2');
  await lab.settled(0.2);
  const box = (await lab.slider.boundingBox())!;
  await page.mouse.click(box.x + box.width * 0.5, box.y + box.height / 2);
  const clicked = Number(await lab.slider.inputValue());
  expect(clicked).not.toBe(0.2);
  await lab.settled(clicked);
  await expect(lab.field('Threshold value')).toHaveValue(String(clicked));
});

test('the engine on the main thread (?engine=main): train, prune, threshold 0 restores the baseline, fine-tune keeps the zeros', async ({
  lab,
  page,
}) => {
  await page.goto('./?engine=main');
  await expect(lab.readout('Engine')).toHaveText('main thread');
  await expect(lab.readout('Status')).toHaveText('Ready');
  await lab.run('Train', 1);
  const accuracy = `${(await lab.percent('Before pruning', 'Test accuracy')).toFixed(2)}%`;
  const tensors = await lab.tensors();
  await lab.setThreshold(0.1);
  const sparsity = await lab.readout('Sparsity').textContent();
  expect(parseFloat(sparsity!)).toBeGreaterThan(20);
  await lab.setThreshold(0);
  await expect(lab.readout('Accuracy')).toHaveText(accuracy);
  await expect(lab.readout('Sparsity')).toHaveText('0.00%');
  await lab.setThreshold(0.1);
  await lab.run('Fine-tune', 1);
  await expect(lab.cell('After fine-tuning', 'Sparsity')).toHaveText(sparsity!);
  expect(await lab.tensors()).toBe(tensors);
  // The page has rewritten its address by now (without ?engine): a new backend stays on the main thread.
  await page.getByRole('combobox', { name: 'Backend' }).selectOption('wasm');
  await expect(lab.readout('Backend')).toHaveText('wasm');
  await expect(lab.readout('Engine')).toHaveText('main thread');
});
