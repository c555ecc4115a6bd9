import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { encodeMnist, MNIST_MAGIC as SCRIPT_MAGIC, readMnistPackage } from '../../scripts/mnist-format.mjs';
import { DATA_CACHE, decodeMnist, fetchMnist, loadMnist, MNIST_MAGIC, mnistDataset, type DecodedMnist } from './mnist';

const PER_CLASS = 30;
const PIXELS = 784;

/** The first 30 digits of each class from the `mnist` package (300 in all), and their encoding. */
let digits: number[][];
let encoded: Uint8Array;
beforeAll(() => {
  digits = readMnistPackage(PER_CLASS);
  encoded = encodeMnist(digits);
});

/** Whether two byte arrays hold the same bytes (quicker than toEqual on a quarter-million elements). */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/** A copy of `bytes` as a standalone ArrayBuffer. */
function bufferOf(bytes: Uint8Array): ArrayBuffer {
  return bytes.slice().buffer;
}

describe('the MNU8 format', () => {
  it('the converter and the page agree on the magic', () => {
    expect(SCRIPT_MAGIC).toBe(MNIST_MAGIC);
  });

  it('round-trips real digits: labels in the package’s order, pixels rounded to bytes', () => {
    const decoded = decodeMnist(bufferOf(encoded));
    expect(decoded.count).toBe(10 * PER_CLASS);
    expect([decoded.width, decoded.height]).toEqual([28, 28]);
    expect(Array.from(decoded.labels)).toEqual(
      Array.from({ length: 10 * PER_CLASS }, (_, i) => Math.floor(i / PER_CLASS)),
    );
    expect(decoded.pixels.length).toBe(10 * PER_CLASS * PIXELS);
    let worst = 0;
    digits.forEach((values, digit) => {
      for (let i = 0; i < values.length; i++) {
        const byte = decoded.pixels[digit * PER_CLASS * PIXELS + i];
        if (byte !== Math.round(values[i] * 255)) throw new Error(`digit ${digit} value ${i}: ${byte} vs ${values[i]}`);
        worst = Math.max(worst, Math.abs(byte / 255 - values[i]));
      }
    });
    expect(worst).toBeLessThanOrEqual(1 / 255);
    expect(worst).toBeGreaterThan(0); // the package's 3-decimal values are not all multiples of 1/255
  });

  it('writes the header the format names', () => {
    const view = new DataView(encoded.buffer);
    expect(String.fromCharCode(...encoded.subarray(0, 4))).toBe('MNU8');
    expect([view.getUint32(4, true), view.getUint32(8, true), view.getUint32(12, true)]).toEqual([300, 28, 28]);
    expect(encoded.length).toBe(16 + 300 + 300 * PIXELS);
  });

  it('rejects a wrong magic, a truncated file, a short header and a label above 9', () => {
    const wrong = encoded.slice();
    wrong.set([80, 75, 3, 4]); // "PK\3\4": a zip file
    expect(() => decodeMnist(wrong.buffer)).toThrow(
      'Expected the file to start with "MNU8", but got "PK\\u0003\\u0004"',
    );
    expect(() => decodeMnist(bufferOf(encoded.subarray(0, encoded.length - 100)))).toThrow(
      `Expected 235,516 bytes for 300 images of 28 × 28, but got 235,416`,
    );
    expect(() => decodeMnist(bufferOf(encoded.subarray(0, 10)))).toThrow(
      'Expected at least 16 bytes of header, but got 10',
    );
    const badLabel = encoded.slice();
    badLabel[16 + 7] = 12;
    expect(() => decodeMnist(badLabel.buffer)).toThrow('Expected labels 0–9, but image 7 has label 12');
  });

  it('refuses values the format cannot hold', () => {
    expect(() => encodeMnist([[0.5]])).toThrow('Expected a multiple of 784 values for digit 0, but got 1');
    expect(() => encodeMnist([new Array(PIXELS).fill(1.5)])).toThrow('Expected pixel values in [0, 1]');
  });
});

describe('mnistDataset', () => {
  /** 10,000 synthetic 28 × 28 images whose first two pixels spell their index; label = index % 10. */
  function synthetic(count = 10_000): DecodedMnist {
    const pixels = new Uint8Array(count * PIXELS);
    const labels = new Uint8Array(count);
    for (let i = 0; i < count; i++) {
      labels[i] = i % 10;
      pixels[i * PIXELS] = i & 255;
      pixels[i * PIXELS + 1] = i >> 8;
      pixels[i * PIXELS + 2] = 255;
    }
    return { count, width: 28, height: 28, labels, pixels };
  }
  const sourceOf = (x: Float32Array, row: number) =>
    Math.round(x[row * PIXELS] * 255) + 256 * Math.round(x[row * PIXELS + 1] * 255);
  const decoded = synthetic();

  it('splits 10,000 digits into 8,000 training and 2,000 test rows that together cover each once', () => {
    const ds = mnistDataset(decoded, 7);
    expect([ds.train.rows, ds.test.rows]).toEqual([8000, 2000]);
    expect([ds.features, ds.classes]).toEqual([784, 10]);
    expect(ds.image).toEqual({ width: 28, height: 28 });
    expect(ds.train.x.length).toBe(8000 * PIXELS);
    expect(ds.test.y.length).toBe(2000);
    const seen = new Set<number>();
    for (const split of [ds.train, ds.test]) {
      for (let r = 0; r < split.rows; r++) {
        const source = sourceOf(split.x, r);
        expect(split.y[r]).toBe(source % 10);
        seen.add(source);
      }
    }
    expect(seen.size).toBe(10_000);
    expect(ds.train.x[2]).toBe(1); // 255 / 255
    expect(ds.train.x[3]).toBe(0);
  });

  it('is the same split for the same seed and another for a different seed', () => {
    const few = synthetic(1000);
    const a = mnistDataset(few, 7, 500);
    const b = mnistDataset(few, 7, 500);
    const c = mnistDataset(few, 8, 500);
    expect(a.test.y).toEqual(b.test.y);
    expect(a.test.x.every((v, i) => v === b.test.x[i])).toBe(true);
    const testOf = (ds: typeof a) => Array.from({ length: 500 }, (_, r) => sourceOf(ds.test.x, r));
    expect(testOf(a)).not.toEqual(testOf(c));
  });

  it('scales pixels to [0, 1] as float32(byte / 255)', () => {
    const ds = mnistDataset(decodeMnist(bufferOf(encoded)), 1, 100);
    const all = [ds.train.x, ds.test.x];
    expect(all.every((x) => x.every((v) => v >= 0 && v <= 1))).toBe(true);
    const values = new Set(Array.from({ length: 256 }, (_, b) => Math.fround(b / 255)));
    expect(ds.train.x.every((v) => values.has(v))).toBe(true);
  });

  it('rejects a test split that leaves nothing to train on, and a bad seed', () => {
    const small = synthetic(100);
    expect(() => mnistDataset(small, 1, 100)).toThrow(
      'Expected a whole number of test rows >= 1 and <= 99, but got 100',
    );
    expect(() => mnistDataset(small, 1, 0)).toThrow('but got 0');
    expect(() => mnistDataset(small, -1, 10)).toThrow('Expected a seed that is a whole number >= 0, but got -1');
  });
});

/** A response whose body arrives in `chunks` pieces, with Content-Length unless `length` is false. */
function streamed(bytes: Uint8Array, chunks: number, length = true): Response {
  const size = Math.ceil(bytes.length / chunks);
  let offset = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(offset, offset + size));
      offset += size;
    },
  });
  return new Response(body, { headers: length ? { 'Content-Length': String(bytes.length) } : {} });
}

/** A Cache API stand-in: one store per name, keyed by URL. */
function fakeCaches() {
  const stores = new Map<string, Map<string, Response>>();
  const open = vi.fn(async (name: string) => {
    const store = stores.get(name) ?? new Map<string, Response>();
    stores.set(name, store);
    return {
      match: async (url: string) => store.get(url)?.clone(),
      put: async (url: string, response: Response) => void store.set(url, response),
      delete: async (url: string) => store.delete(url),
    };
  });
  return { open, stores };
}

describe('fetchMnist', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('streams the body, reporting increasing progress against Content-Length', async () => {
    const fetch = vi.fn(async () => streamed(encoded, 7));
    vi.stubGlobal('fetch', fetch);
    const progress: Array<[number, number]> = [];
    const buffer = await fetchMnist('data/mnist-10k.bin', (loaded, total) => progress.push([loaded, total]));
    expect(sameBytes(new Uint8Array(buffer), encoded)).toBe(true);
    expect(progress.length).toBe(7);
    expect(progress.every(([, total]) => total === encoded.length)).toBe(true);
    expect(progress.every(([loaded], i) => i === 0 || loaded > progress[i - 1][0])).toBe(true);
    expect(progress.at(-1)).toEqual([encoded.length, encoded.length]);
    expect(fetch).toHaveBeenCalledWith('data/mnist-10k.bin', expect.anything());
  });

  it('reports a total of 0 when the server does not say', async () => {
    vi.stubGlobal('fetch', async () => streamed(encoded, 3, false));
    const totals = new Set<number>();
    await fetchMnist('x.bin', (_loaded, total) => totals.add(total));
    expect([...totals]).toEqual([0]);
  });

  it('keeps a copy in the cache and reads it from there the next time, without the network', async () => {
    const caches = fakeCaches();
    vi.stubGlobal('caches', caches);
    const fetch = vi.fn(async () => streamed(encoded, 4));
    vi.stubGlobal('fetch', fetch);
    await fetchMnist('data/mnist-10k.bin', () => {});
    expect(caches.open).toHaveBeenCalledWith(DATA_CACHE);
    expect(DATA_CACHE).toBe('pruning-lab-data-v1');
    expect(caches.stores.get(DATA_CACHE)?.has('data/mnist-10k.bin')).toBe(true);
    const progress: number[] = [];
    const again = await fetchMnist('data/mnist-10k.bin', (loaded) => progress.push(loaded));
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(sameBytes(new Uint8Array(again), encoded)).toBe(true);
    expect(progress.at(-1)).toBe(encoded.length);
  });

  it('says what went wrong in words a person can act on', async () => {
    vi.stubGlobal('fetch', async () => new Response('Not found', { status: 404 }));
    await expect(fetchMnist('x.bin', () => {})).rejects.toThrow(/^Could not download the MNIST digits \(HTTP 404\)\. /);
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('Failed to fetch');
    });
    await expect(fetchMnist('x.bin', () => {})).rejects.toThrow(
      'Could not download the MNIST digits: the network request failed (Failed to fetch). Check that you are online',
    );
  });

  it('stops when its signal aborts', async () => {
    vi.stubGlobal('fetch', async () => streamed(encoded, 4));
    const controller = new AbortController();
    const promise = fetchMnist('x.bin', () => controller.abort(), controller.signal);
    await expect(promise).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('loadMnist', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('turns the whole package, encoded, into 8,000 training and 2,000 test digits', async () => {
    const all = encodeMnist(readMnistPackage());
    vi.stubGlobal('fetch', async () => streamed(all, 10));
    const ds = await loadMnist(1, () => {});
    expect([ds.train.rows, ds.test.rows, ds.features, ds.classes]).toEqual([8000, 2000, 784, 10]);
    const counts = new Array(10).fill(0);
    for (const label of ds.test.y) counts[label]++;
    expect(counts.every((n) => n > 120 && n < 280)).toBe(true); // about 200 of each digit
  });

  it('drops a copy that does not decode and says to reload', async () => {
    const caches = fakeCaches();
    vi.stubGlobal('caches', caches);
    vi.stubGlobal('fetch', async () => new Response('<!doctype html><title>Pruning Lab</title>'));
    await expect(loadMnist(1, () => {})).rejects.toThrow(
      /^The MNIST file that arrived could not be read \(Expected the file to start with "MNU8", but got "<!do"\)\. Reload/,
    );
    expect(caches.stores.get(DATA_CACHE)?.size).toBe(0);
  });
});
