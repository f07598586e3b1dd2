import { sha256 } from '@noble/hashes/sha2.js';

/** Bytes of the digest a link keeps: enough to tell whether a link's file is the one given. */
const KEPT_BYTES = 12;

/**
 * A short SHA-256 of a stream's bytes, hashed as they arrive, so memory holds one chunk. In
 * JavaScript rather than WebCrypto: `crypto.subtle` exists only on HTTPS and localhost (a site on
 * an intranet's plain HTTP has none), and it hashes a whole buffer at once.
 */
export async function streamHash(stream: ReadableStream<Uint8Array>): Promise<string> {
  const hash = sha256.create();
  const reader = stream.getReader();
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
    hash.update(chunk.value);
  }
  const kept = hash.digest().subarray(0, KEPT_BYTES);
  return [...kept].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** What the hashing worker answers. */
export type HashReply = { hash: string } | { error: string };
