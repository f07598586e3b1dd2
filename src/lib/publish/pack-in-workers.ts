import type { Pack, PackedFile } from './zip.ts';

export interface PackRequest {
  id: number;
  bytes: Uint8Array;
}
export type PackReply = { id: number; file: PackedFile } | { id: number; error: string };

interface Job {
  request: PackRequest;
  resolve: (file: PackedFile) => void;
  reject: (error: Error) => void;
}

/**
 * `packFile` in workers, as many as the machine has cores (four at most), each taking the next
 * file as it finishes one: a bundle deflates the site's 110 MB, most of it DuckDB's three wasm
 * builds, which on the page's thread took 6 s of a two-core machine and held its clicks. The
 * files are copied to the workers, not moved: the caller keeps them. `close` ends the workers.
 */
export function packInWorkers(): { pack: Pack; close: () => void } {
  const count = Math.min(4, Math.max(1, navigator.hardwareConcurrency || 1));
  const queue: Job[] = [];
  const running = new Map<number, Job>();
  const idle: Worker[] = [];
  const workers = Array.from({ length: count }, () => {
    const worker = new Worker(new URL('./pack-worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = ({ data }: MessageEvent<PackReply>) => {
      const job = running.get(data.id);
      running.delete(data.id);
      if ('file' in data) job?.resolve(data.file);
      else job?.reject(new Error(data.error));
      idle.push(worker);
      next();
    };
    worker.onerror = (event) => {
      const error = new Error(event.message || 'a file could not be packed');
      for (const job of [...running.values(), ...queue.splice(0)]) job.reject(error);
      running.clear();
    };
    idle.push(worker);
    return worker;
  });
  let ids = 0;
  function next() {
    while (idle.length > 0 && queue.length > 0) {
      const job = queue.shift()!;
      running.set(job.request.id, job);
      idle.pop()!.postMessage(job.request);
    }
  }
  return {
    pack: (bytes) =>
      new Promise<PackedFile>((resolve, reject) => {
        // A view is sent as its own bytes: a message copies the whole buffer under it.
        const own = bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();
        queue.push({ request: { id: ids++, bytes: own }, resolve, reject });
        next();
      }),
    close: () => workers.forEach((worker) => worker.terminate()),
  };
}
