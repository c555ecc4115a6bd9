import { expect, LabPage, test } from './fixtures';

// What phones and iPads do: WebGL renders to float16 textures only. There TensorFlow.js's training goes
// NaN within an epoch (measured here with these flags), so the page moves to wasm and says why.
const FLOAT16 = 'tfjsflags=WEBGL_FORCE_F16_TEXTURES:true,WEBGL_RENDER_FLOAT32_ENABLED:false';
const PERCENT = /^\d{1,3}\.\d{2}%$/;
const LOSS = /^\d+\.\d{4}$/;

for (const engine of ['worker', 'main thread'] as const) {
  test(`on float16 WebGL (${engine}) the page moves to wasm, says why, and the seed flow is right`, async ({
    page,
    hygiene,
  }) => {
    const lab = new LabPage(page);
    await page.goto(`./?${FLOAT16}${engine === 'main thread' ? '&engine=main' : ''}`);
    await expect(lab.readout('Backend')).toHaveText('wasm');
    await expect(page.getByText(`(engine: ${engine})`)).toBeVisible();
    await expect(
      page.getByText(
        /WebGL here computes in float16 \(half precision\), where training goes NaN.*Using wasm instead\./,
      ),
    ).toBeVisible();
    await expect(lab.readout('Status')).toHaveText('Ready');
    // Asked for by name, webgl is refused with the same reason, and wasm stays.
    await page.getByRole('combobox', { name: 'Backend' }).selectOption('webgl');
    await expect(lab.readout('Backend')).toHaveText('wasm');
    await expect(lab.readout('Status')).toHaveText('Ready');

    await lab.run('Train', 2);
    for (const column of ['Train loss', 'Test loss'] as const)
      await expect(lab.cell('Before pruning', column)).toHaveText(LOSS);
    await lab.setThreshold(0.1);
    const sparsity = (await lab.readout('Sparsity').textContent())!;
    expect(parseFloat(sparsity)).toBeGreaterThan(30);
    expect(parseFloat(sparsity)).toBeLessThan(45);
    await lab.run('Fine-tune', 1);
    await expect(lab.cell('After fine-tuning', 'Sparsity')).toHaveText(sparsity);
    await expect(lab.cell('After fine-tuning', 'Test accuracy')).toHaveText(PERCENT);
    // tfjs-core announces the flags it read from the address (main thread only): that is these flags, not a fault.
    const announced =
      /^warning: Setting feature override from URL WEBGL_(FORCE_F16_TEXTURES: true|RENDER_FLOAT32_ENABLED: false)\.$/;
    hygiene.console.splice(0, hygiene.console.length, ...hygiene.console.filter((line) => !announced.test(line)));
  });
}
