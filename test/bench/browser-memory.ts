import { readdirSync, readFileSync } from 'node:fs';
import process from 'node:process';
import type { CDPSession, Page } from 'playwright-core';

/** Peaks seen while a page ran, in MB; null where Chromium did not tell. */
export interface MemoryPeaks {
  /** Resident memory of the renderer process: main thread, DuckDB's worker and its wasm memory. */
  rendererMB: number | null;
  /** Main-thread JS heap, from CDP `Performance.getMetrics` (JSHeapUsedSize). */
  cdpHeapMB: number | null;
  /** Main-thread JS heap, from `performance.memory.usedJSHeapSize`. */
  pageHeapMB: number | null;
  /** DuckDB's wasm linear memory, read in its worker at the end (wasm memory never shrinks). */
  wasmMB: number | null;
}

const MB = 2 ** 20;
const PAGE_SIZE = 4096;

function read(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null; // the process ended while we looked
  }
}

/** RSS of Chromium renderer processes started (through Chromium) by this Node process. */
export function rendererRssMB(): number {
  const parents = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = read(`/proc/${name}/stat`);
    // The command name sits in parentheses and may hold spaces: fields start after the last ')'.
    const fields = stat?.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields) parents.set(Number(name), Number(fields[1]));
  }
  const ours = (pid: number): boolean => {
    for (let p = parents.get(pid); p && p > 1; p = parents.get(p)) {
      if (p === process.pid) return true;
    }
    return false;
  };
  let total = 0;
  for (const pid of parents.keys()) {
    if (!ours(pid) || !read(`/proc/${pid}/cmdline`)?.includes('--type=renderer')) continue;
    const resident = Number(read(`/proc/${pid}/statm`)?.split(' ')[1] ?? 0);
    total += (resident * PAGE_SIZE) / MB;
  }
  return total;
}

/** Reads DuckDB's wasm memory size in its worker: the duckdb-wasm worker exposes its bindings. */
export async function wasmMemoryMB(page: Page): Promise<number | null> {
  const worker = page.workers().find((w) => /duckdb-browser-\w+\.worker/.test(w.url()));
  if (!worker) return null;
  const bytes = await worker.evaluate(() => {
    const scope = self as unknown as { DUCKDB_BINDINGS?: { mod?: { HEAPU8?: Uint8Array } } };
    return scope.DUCKDB_BINDINGS?.mod?.HEAPU8?.buffer.byteLength ?? null;
  });
  return bytes === null ? null : bytes / MB;
}

const peak = (a: number | null, b: number | null) => (b === null ? a : Math.max(a ?? 0, b));

/** The highest of each figure over several runs. */
export function maxPeaks(runs: MemoryPeaks[]): MemoryPeaks {
  const most = (key: keyof MemoryPeaks) =>
    runs.reduce((m, run) => peak(m, run[key]), null as number | null);
  return {
    rendererMB: most('rendererMB'),
    cdpHeapMB: most('cdpHeapMB'),
    pageHeapMB: most('pageHeapMB'),
    wasmMB: most('wasmMB'),
  };
}

/** Samples renderer RSS and the main-thread heap every `everyMs` until `stop()`. */
export async function sampleMemory(page: Page, cdp: CDPSession, everyMs = 250) {
  await cdp.send('Performance.enable');
  const peaks: MemoryPeaks = { rendererMB: null, cdpHeapMB: null, pageHeapMB: null, wasmMB: null };
  let running = true;
  const sample = async () => {
    peaks.rendererMB = peak(peaks.rendererMB, rendererRssMB());
    const { metrics } = await cdp.send('Performance.getMetrics');
    const heap = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value;
    peaks.cdpHeapMB = peak(peaks.cdpHeapMB, heap === undefined ? null : heap / MB);
    // Its fields are getters on the prototype: read them in the page, or they serialise as {}.
    const used = await page.evaluate(
      () =>
        (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory
          ?.usedJSHeapSize ?? null,
    );
    peaks.pageHeapMB = peak(peaks.pageHeapMB, used === null ? null : used / MB);
  };
  const loop = (async () => {
    while (running) {
      await sample().catch(() => {}); // a page that is closing answers nothing: skip the sample
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  })();
  return {
    async stop(): Promise<MemoryPeaks> {
      running = false;
      await loop;
      await sample().catch(() => {});
      peaks.wasmMB = await wasmMemoryMB(page).catch(() => null);
      return peaks;
    },
  };
}
