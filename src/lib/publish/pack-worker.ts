/** Web Worker: packs files for a zip (`packFile`), one message each, off the page's thread. */
import type { PackReply, PackRequest } from './pack-in-workers.ts';
import { packFile } from './zip.ts';

self.onmessage = async ({ data: { id, bytes } }: MessageEvent<PackRequest>) => {
  let reply: PackReply;
  try {
    reply = { id, file: await packFile(bytes) };
  } catch (error) {
    reply = { id, error: error instanceof Error ? error.message : String(error) };
  }
  self.postMessage(reply, { transfer: 'file' in reply ? [reply.file.data.buffer] : [] });
};
