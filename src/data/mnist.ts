import { createRng, permutation } from '../core/rng';
import type { Dataset, Split } from './types';
import { validateSeed } from './splits';

/** The asset's opening bytes (scripts/mnist-format.mjs writes the file; this reads it). */
export const MNIST_MAGIC = 'MNU8';
const HEADER_BYTES = 16;
const DIGIT_CLASSES = 10;

/** The Cache API store that keeps downloaded data for offline use; bump the version to drop old copies. */
export const DATA_CACHE = 'pruning-lab-data-v1';

/** Where the page finds the digits, relative to the site's base (built by scripts/build-mnist.mjs). */
export function mnistUrl(): string {
  return `${import.meta.env.BASE_URL}data/mnist-10k.bin`;
}

/** The MNIST asset decoded: `labels` is [count], `pixels` is [count, height, width] bytes 0–255. */
export interface DecodedMnist {
  count: number;
  width: number;
  height: number;
  labels: Uint8Array;
  pixels: Uint8Array;
}

/**
 * Reads the MNU8 format (see scripts/mnist-format.mjs). `labels` and `pixels` are views into
 * `buffer`, not copies: they share its memory. Throws an Error that says what was expected and
 * what came when the header, the length or a label is wrong.
 */
export function decodeMnist(buffer: ArrayBuffer): DecodedMnist {
  if (buffer.byteLength < HEADER_BYTES) {
    throw new Error(`Expected at least ${HEADER_BYTES} bytes of header, but got ${buffer.byteLength}`);
  }
  const bytes = new Uint8Array(buffer);
  const magic = String.fromCharCode(...bytes.subarray(0, 4));
  if (magic !== MNIST_MAGIC) {
    throw new Error(`Expected the file to start with "${MNIST_MAGIC}", but got ${JSON.stringify(magic)}`);
  }
  const view = new DataView(buffer);
  const count = view.getUint32(4, true);
  const width = view.getUint32(8, true);
  const height = view.getUint32(12, true);
  if (width === 0 || height === 0) {
    throw new Error(`Expected a width and height >= 1, but got ${width} × ${height}`);
  }
  const expected = HEADER_BYTES + count + count * width * height;
  if (buffer.byteLength !== expected) {
    throw new Error(
      `Expected ${expected.toLocaleString('en-US')} bytes for ${count.toLocaleString('en-US')} images of ` +
        `${width} × ${height}, but got ${buffer.byteLength.toLocaleString('en-US')}`,
    );
  }
  const labels = bytes.subarray(HEADER_BYTES, HEADER_BYTES + count);
  const bad = labels.findIndex((label) => label >= DIGIT_CLASSES);
  if (bad >= 0) throw new Error(`Expected labels 0–9, but image ${bad} has label ${labels[bad]}`);
  return { count, width, height, labels, pixels: bytes.subarray(HEADER_BYTES + count) };
}

/**
 * Splits decoded digits into a training and a test split by a permutation seeded with `seed`:
 * the same seed gives the same split. The first `count - testRows` rows of the permutation train,
 * the rest test. x is pixel / 255 ([rows, width × height] floats in [0, 1]), y the digit (0–9) as
 * a float. The result owns fresh arrays (it does not share `decoded`'s buffer).
 */
export function mnistDataset(decoded: DecodedMnist, seed: number, testRows = 2000): Dataset {
  validateSeed(seed);
  const { count, width, height, labels, pixels } = decoded;
  if (!Number.isInteger(testRows) || testRows < 1 || testRows > count - 1) {
    throw new Error(`Expected a whole number of test rows >= 1 and <= ${count - 1}, but got ${testRows}`);
  }
  const features = width * height;
  const scale = new Float32Array(256).map((_, v) => v / 255);
  const order = permutation(count, createRng(seed));
  const split = (from: number, to: number): Split => {
    const rows = to - from;
    const x = new Float32Array(rows * features);
    const y = new Float32Array(rows);
    for (let r = 0; r < rows; r++) {
      const source = order[from + r];
      y[r] = labels[source];
      const image = pixels.subarray(source * features, (source + 1) * features);
      for (let p = 0; p < features; p++) x[r * features + p] = scale[image[p]];
    }
    return { x, y, rows };
  };
  const trainRows = count - testRows;
  return {
    features,
    classes: DIGIT_CLASSES,
    train: split(0, trainRows),
    test: split(trainRows, count),
    image: { width, height },
  };
}

/**
 * Fetches the bytes at `url`, from the browser's Cache API store {@link DATA_CACHE} when a copy is
 * there, otherwise from the network (and then keeps a copy there, so the data works offline once
 * fetched; without the Cache API it just fetches). `onProgress(loaded, total)` gets the bytes read
 * so far and the total from Content-Length (0 when absent or compressed). Rejects with a sentence
 * a person can act on; an abort through `signal` rejects with the signal's AbortError.
 */
export async function fetchMnist(
  url: string,
  onProgress: (loaded: number, total: number) => void,
  signal?: AbortSignal,
): Promise<ArrayBuffer> {
  const cache = await openCache();
  const cached = await cache?.match(url).catch(() => undefined);
  if (cached) {
    try {
      return await readBody(cached, onProgress, signal);
    } catch (error) {
      if (signal?.aborted) throw error;
      await cache?.delete(url).catch(() => false); // a broken copy: fetch afresh below
    }
  }

  let response: Response;
  try {
    response = await fetch(url, { signal });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new Error(
      `Could not download the MNIST digits: the network request failed (${messageOf(error)}). ` +
        'Check that you are online and try again.',
      { cause: error },
    );
  }
  if (!response.ok) {
    throw new Error(
      `Could not download the MNIST digits (HTTP ${response.status}). Try again in a moment, or choose another ` +
        'data set. (The file is data/mnist-10k.bin, built by scripts/build-mnist.mjs; a site built without it cannot offer MNIST.)',
    );
  }
  let buffer: ArrayBuffer;
  try {
    buffer = await readBody(response, onProgress, signal);
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new Error(`Could not download the MNIST digits: the download broke off (${messageOf(error)}). Try again.`, {
      cause: error,
    });
  }
  const copy = new Response(buffer, {
    headers: { 'Content-Type': 'application/octet-stream', 'Content-Length': String(buffer.byteLength) },
  });
  await cache?.put(url, copy).catch(() => undefined); // full storage or a private window: carry on without it
  return buffer;
}

/**
 * Fetches the digits from the site (or the browser's cache) and splits them with `seed` as
 * {@link mnistDataset} does. A file that does not decode is dropped from the cache, and the
 * rejection says to reload.
 */
export async function loadMnist(
  seed: number,
  onProgress: (loaded: number, total: number) => void,
  signal?: AbortSignal,
): Promise<Dataset> {
  const url = mnistUrl();
  const buffer = await fetchMnist(url, onProgress, signal);
  let decoded: DecodedMnist;
  try {
    decoded = decodeMnist(buffer);
  } catch (error) {
    const cache = await openCache();
    await cache?.delete(url).catch(() => false);
    throw new Error(
      `The MNIST file that arrived could not be read (${messageOf(error)}). Reload the page to download it ` +
        'again; if that does not help, the site was built without the digits (scripts/build-mnist.mjs makes them).',
      { cause: error },
    );
  }
  return mnistDataset(decoded, seed);
}

async function openCache(): Promise<Cache | null> {
  if (typeof caches === 'undefined') return null;
  try {
    return await caches.open(DATA_CACHE);
  } catch {
    return null; // e.g. an insecure origin or storage turned off
  }
}

/** Reads a response body chunk by chunk, reporting progress, into one ArrayBuffer. */
async function readBody(
  response: Response,
  onProgress: (loaded: number, total: number) => void,
  signal?: AbortSignal,
): Promise<ArrayBuffer> {
  const encoding = response.headers.get('Content-Encoding');
  const length = Number(response.headers.get('Content-Length') ?? 0);
  // A compressed body's Content-Length counts compressed bytes, not the ones read here.
  const total = (encoding && encoding !== 'identity') || !Number.isFinite(length) ? 0 : length;
  if (!response.body) {
    const buffer = await response.arrayBuffer();
    onProgress(buffer.byteLength, total);
    return buffer;
  }
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  try {
    for (;;) {
      signal?.throwIfAborted();
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      loaded += value.byteLength;
      onProgress(loaded, total);
    }
  } catch (error) {
    await reader.cancel().catch(() => undefined);
    throw error;
  }
  const bytes = new Uint8Array(loaded);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes.buffer;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
