/**
 * The size of `bytes` after gzip, measured with the browser's own CompressionStream (the same
 * DEFLATE a web server would apply). Resolves to the compressed length in bytes; rejects with a
 * sentence a person can act on where the browser has no CompressionStream.
 */
export async function gzipSize(bytes: Uint8Array): Promise<number> {
  if (typeof CompressionStream === 'undefined') {
    throw new Error(
      'This browser cannot measure gzip: it has no CompressionStream (Chrome 80, Firefox 113 and Safari 16.4 or later have it).',
    );
  }
  const stream = new CompressionStream('gzip');
  const writer = stream.writable.getWriter();
  // Write and read at once: awaiting the write first could stall on the stream's backpressure.
  const writing = writer.write(bytes as Uint8Array<ArrayBuffer>).then(() => writer.close());
  const reader = stream.readable.getReader();
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
  }
  await writing;
  return total;
}
