/** Web Worker: hashes one file for `contentHash`, reading it in chunks. */
import { streamHash, type HashReply } from './stream-hash.ts';

self.onmessage = async ({ data }: MessageEvent<Blob>) => {
  let reply: HashReply;
  try {
    reply = { hash: await streamHash(data.stream()) };
  } catch (error) {
    reply = { error: error instanceof Error ? error.message : String(error) };
  }
  self.postMessage(reply);
};
