import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { streamHash } from '../../src/lib/app/stream-hash.ts';

/** A stream handing over `bytes` in chunks of the given sizes (the rest in one last chunk). */
function chunked(bytes: Uint8Array, sizes: number[] = []): ReadableStream<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let at = 0;
  for (const size of sizes) {
    chunks.push(bytes.subarray(at, at + size));
    at += size;
  }
  if (at < bytes.length || chunks.length === 0) chunks.push(bytes.subarray(at));
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      controller.close();
    },
  });
}

const text = (s: string) => new TextEncoder().encode(s);

describe('streamHash', () => {
  it('is the first 12 bytes of SHA-256, in hex (FIPS 180-2 test vectors)', async () => {
    expect(await streamHash(chunked(text('abc')))).toBe('ba7816bf8f01cfea414140de');
    expect(await streamHash(chunked(text('')))).toBe('e3b0c44298fc1c149afbf4c8');
  });

  it('does not depend on how the bytes are cut into chunks', async () => {
    // Chunk ends on, around and far from SHA-256's 64-byte blocks.
    const bytes = new Uint8Array(300_001).map((_, i) => (i * 31 + 7) % 256);
    const expected = createHash('sha256').update(bytes).digest('hex').slice(0, 24);
    expect(await streamHash(chunked(bytes))).toBe(expected);
    expect(await streamHash(chunked(bytes, [1, 63, 64, 65, 1000, 100_000]))).toBe(expected);
    expect(await streamHash(chunked(bytes, new Array<number>(3000).fill(100)))).toBe(expected);
  });

  it('tells files apart that differ in one byte', async () => {
    const a = await streamHash(chunked(text('id,stage\nA,Won\nB,Lost\n')));
    const b = await streamHash(chunked(text('id,stage\nA,Won\nB,Lose\n')));
    expect(a).not.toBe(b);
  });
});
