import { afterEach, describe, expect, it, vi } from 'vitest';
import { gzipSize } from './gzip';

describe('gzipSize', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('finds zeros far more compressible than random bytes', async () => {
    const zeros = new Uint8Array(100_000);
    const random = new Uint8Array(100_000);
    for (let i = 0; i < random.length; i++) random[i] = Math.floor(Math.random() * 256);
    const [z, r] = await Promise.all([gzipSize(zeros), gzipSize(random)]);
    expect(z).toBeLessThan(1_000);
    // Random bytes do not compress: gzip adds a header and block overhead.
    expect(r).toBeGreaterThanOrEqual(100_000);
    expect(z * 50).toBeLessThan(r);
  });

  it('measures the length of a real gzip stream', async () => {
    const text = new TextEncoder().encode('pruning '.repeat(1000));
    const size = await gzipSize(text);
    // Compress the same bytes by hand and check the count matches a stream that gunzips back.
    const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('gzip'));
    const compressed = new Uint8Array(await new Response(stream).arrayBuffer());
    expect(size).toBe(compressed.length);
    const back = new Blob([compressed]).stream().pipeThrough(new DecompressionStream('gzip'));
    expect(await new Response(back).text()).toBe('pruning '.repeat(1000));
  });

  it('says so when the browser has no CompressionStream', async () => {
    vi.stubGlobal('CompressionStream', undefined);
    await expect(gzipSize(new Uint8Array(4))).rejects.toThrow(/cannot measure gzip: it has no CompressionStream/);
  });
});
