import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { seedReplica } from '../src/data/seedReplica';
import { downloads, expect, test, type LabPage } from './fixtures';

/** What the readouts say, to check that a refused file changed nothing. */
function readouts(lab: LabPage) {
  return lab.readoutTexts(['Status', 'Accuracy', 'Loss', 'Sparsity']);
}

test('Export model after pruning: TensorFlow.js loads it and predicts what the page measured, zeros where the mask is; opened back, the same figures; a model of the wrong shape is refused', async ({
  lab,
  page,
}, info) => {
  await lab.run('Train', 3);
  await lab.setThreshold(0.1);
  const sparsity = await lab.readout('Sparsity').textContent();
  const accuracy = await lab.readout('Accuracy').textContent();
  const loss = await lab.readout('Loss').textContent();
  expect(parseFloat(sparsity!)).toBeGreaterThan(20);

  const files = await downloads(page, () => lab.button('Export model').click(), 3, info.outputPath());
  const modelPath = files['pruning-lab-model.json'];
  const weightsPath = files['pruning-lab-model.weights.bin'];
  const masks = JSON.parse(readFileSync(files['pruning-lab-masks.json'], 'utf8')) as {
    sparsity: number;
    layers: Array<{ rows: string[] }>;
  };

  // TensorFlow.js loads the files as it would from a server: model.json, then the paths it names.
  await tf.setBackend('cpu');
  const fetchFunc = (url: RequestInfo | URL) => {
    const name = String(url instanceof Request ? url.url : url)
      .split('/')
      .pop();
    const path = name === 'pruning-lab-model.json' ? modelPath : weightsPath;
    return Promise.resolve(new Response(readFileSync(path)));
  };
  const model = await tfl.loadLayersModel(tf.io.http('http://lab.invalid/pruning-lab-model.json', { fetchFunc }));
  const kernels = model.getWeights().filter((w) => w.shape.length === 2);
  let zeros = 0;
  let total = 0;
  kernels.forEach((kernel, l) => {
    const values = kernel.dataSync();
    const maskZeros = masks.layers[l].rows
      .join('')
      .split('')
      .map((c) => c === '0');
    expect(Array.from(values, (v) => v === 0)).toEqual(maskZeros);
    zeros += maskZeros.filter(Boolean).length;
    total += values.length;
  });
  expect(`${((100 * zeros) / total).toFixed(2)}%`).toBe(sparsity);
  expect(masks.sparsity).toBeCloseTo(zeros / total, 12);

  // On the page's own test rows, the loaded model gives the page's Accuracy and Loss.
  // The seed is in the address (the seed replica ignores noise and the test share).
  const seed = Number(new URL(page.url()).searchParams.get('seed'));
  const data = seedReplica({ seed, noise: 0, testFraction: 0 });
  const x = tf.tensor2d(data.test.x, [data.test.rows, 20]);
  const p = (model.predict(x) as tf.Tensor).dataSync();
  let right = 0;
  let crossEntropy = 0;
  p.forEach((q, i) => {
    const y = data.test.y[i];
    if ((q >= 0.5 ? 1 : 0) === y) right++;
    crossEntropy -= y === 1 ? Math.log(q) : Math.log(1 - q);
  });
  expect(`${((100 * right) / data.test.rows).toFixed(2)}%`).toBe(accuracy);
  expect((crossEntropy / data.test.rows).toFixed(4)).toBe(loss);

  // Opened back: the same network as the baseline, with the same figures.
  await page.getByLabel('Open model').setInputFiles([modelPath, weightsPath]);
  await expect(page.getByRole('status', { name: 'Your model' })).toContainText('20-64-32-1 relu');
  await expect(lab.readout('Status')).toHaveText('Ready');
  await expect(lab.readout('Sparsity')).toHaveText(sparsity!);
  await expect(lab.readout('Accuracy')).toHaveText(accuracy!);
  await expect(lab.readout('Loss')).toHaveText(loss!);
  await expect(lab.cell('Before pruning', 'Sparsity')).toHaveText(sparsity!);

  // Spiral has 2 features: the 20-input model is refused, and nothing on the page changes.
  await page.getByRole('combobox', { name: 'Dataset' }).selectOption({ label: 'Spiral' });
  await expect(lab.readout('Status')).toHaveText('Ready');
  const before = await readouts(lab);
  await page.getByLabel('Open model').setInputFiles([modelPath, weightsPath]);
  await expect(lab.alerts).toContainText(
    'Expected a model with 2 inputs and 1 output (two classes, a sigmoid) for Spiral, but this one has 20 inputs and 1 outputs.',
  );
  expect(await readouts(lab)).toEqual(before);
  await expect(page.getByRole('status', { name: 'Your model' })).toHaveCount(0);
  await expect(lab.button('Train')).toBeEnabled();
  model.dispose();
  x.dispose();
});

/** A small CSV a person might have: a BOM, a quoted header, a text column, two incomplete rows. */
function smallCsv(): string {
  const lines = ['\uFEFF"name","x, cm",y,z,class'];
  for (let i = 0; i < 120; i++) {
    const x = Math.cos(i * 1.3) * 2;
    const y = Math.sin(i * 0.7) * 2;
    lines.push(`p${i},${x.toFixed(3)},${y.toFixed(3)},${(i % 7) / 7},${x + y > 0 ? 'up' : 'down'}`);
  }
  lines.push('q1,,1,0,up', 'q2,1,n/a,0,down');
  return lines.join('\r\n') + '\r\n';
}

test('Open data: a small CSV becomes the data set and trains; a file that cannot be used is refused and nothing changes; results and a figure are saved', async ({
  lab,
  page,
}, info) => {
  const open = page.getByLabel('Open data');
  await open.setInputFiles({ name: 'points.csv', mimeType: 'text/csv', buffer: Buffer.from(smallCsv()) });
  const summary = page.getByRole('status', { name: 'Your data' });
  await expect(summary).toContainText('points.csv: 120 rows (80 training, 40 test), 3 features, 2 classes (down, up).');
  await expect(summary).toContainText('2 rows left out: a missing or non-numeric value (first on line 122).');
  await expect(summary).toContainText('Text columns left out: name.');
  await expect(page.getByRole('combobox', { name: 'Label column' })).toHaveValue('4');
  await expect(page.getByLabel('Model shape')).toContainText('3 → ');
  await expect(lab.readout('Status')).toHaveText('Ready');

  await lab.enter('Learning rate', '0.02');
  await lab.run('Train', 20);
  expect(parseFloat((await lab.readout('Accuracy').textContent())!)).toBeGreaterThan(85);

  // One column only: refused with what was expected; the data set, the model and the figures stay.
  const results = await lab.settledResults();
  const before = await readouts(lab);
  await open.setInputFiles({ name: 'one.csv', mimeType: 'text/csv', buffer: Buffer.from('x\n1\n2\n') });
  await expect(lab.alerts).toContainText(
    'Expected at least two columns (features and a label), separated by commas, but one.csv has one.',
  );
  expect(await readouts(lab)).toEqual(before);
  expect(await lab.results.textContent()).toBe(results);
  await expect(summary).toContainText('points.csv: 120 rows');

  // Export results: one zip, its Results table with the trained row.
  const zipped = await downloads(page, () => lab.button('Export results').click(), 1, info.outputPath());
  const zip = readFileSync(zipped['pruning-lab-results.zip']).toString('latin1');
  for (const name of ['results.csv', 'timeline.csv', 'accuracy-vs-sparsity.csv', 'settings.json'])
    expect(zip).toContain(name);
  expect(zip).toMatch(/\nBefore pruning(,(0\.\d+|1)){4},0,true\n/);

  // The Training timeline as SVG.
  const choice = page.getByRole('combobox', { name: 'Figure' });
  await choice.focus();
  await choice.selectOption({ label: 'Training timeline (SVG)' });
  const svg = await downloads(page, () => lab.button('Save figure').click(), 1, info.outputPath());
  const text = readFileSync(svg['pruning-lab-training-timeline.svg'], 'utf8');
  expect(text).toMatch(/^<\?xml[^>]*>\n<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  expect(text).toContain('<path');
});
