import type { HashReply } from './stream-hash.ts';

/**
 * A file's short SHA-256 (`streamHash`), worked out in a worker while DuckDB imports it: on the
 * page's thread a 160 MB export took half a second with WebCrypto, every click waiting.
 */
export function contentHash(file: Blob): Promise<string> {
  const worker = new Worker(new URL('./content-hash-worker.ts', import.meta.url), {
    type: 'module',
  });
  const hashed = new Promise<string>((resolve, reject) => {
    worker.onmessage = ({ data }: MessageEvent<HashReply>) =>
      'hash' in data ? resolve(data.hash) : reject(new Error(data.error));
    worker.onerror = (event) => reject(new Error(event.message || 'the file could not be hashed'));
  });
  worker.postMessage(file);
  return hashed.finally(() => worker.terminate());
}
