/**
 * Runs the Monte Carlo forecast off the main thread: the runs are split into contiguous slices,
 * one per Web Worker. Where there is no Worker (Node, the CLI) it runs here in chunks, yielding
 * between them. Each run has its own random stream, so every path gives identical totals.
 */
import {
  prepareForecast,
  resultOf,
  runsPerChunk,
  simulateRuns,
  type MonteCarloInput,
  type MonteCarloResult,
  type PreparedForecast,
} from './monte-carlo.ts';
import type { SliceReply, SliceRequest } from './monte-carlo-worker.ts';

export interface RunOptions {
  /** Default: navigator.hardwareConcurrency; always kept within 1…4 and at most the runs. */
  workers?: number;
  /** Aborting terminates the workers and rejects with a DOMException named AbortError. */
  signal?: AbortSignal;
  /** Runs finished so far, out of all runs. */
  onProgress?: (done: number, total: number) => void;
}

const MAX_WORKERS = 4;

/**
 * Workers started ahead, idle until the next simulation takes them: a filter change then does
 * not wait for a worker to load its script. Each is used once (cancelling terminates it).
 */
const spares: Worker[] = [];

const startWorker = () =>
  new Worker(new URL('./monte-carlo-worker.ts', import.meta.url), { type: 'module' });

function takeWorker(): Worker {
  return spares.pop() ?? startWorker();
}

/** Starts spares up to `count`, once the page is idle (they would compete with the run). */
function keepSpares(count: number): void {
  setTimeout(() => {
    while (spares.length < count) {
      const worker = startWorker();
      // One that cannot start is not kept; a run that takes it replaces this handler.
      worker.onerror = () => {
        const at = spares.indexOf(worker);
        if (at >= 0) spares.splice(at, 1);
      };
      spares.push(worker);
    }
  }, 0);
}

function abortError(): DOMException {
  return new DOMException('The forecast was cancelled', 'AbortError');
}

function checkAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortError();
}

async function inThread(
  forecast: PreparedForecast,
  { signal, onProgress }: RunOptions,
): Promise<Float64Array> {
  const { runs, periods } = forecast;
  const totals = new Float64Array(runs * periods);
  const step = runsPerChunk(forecast);
  for (let from = 0; from < runs; from += step) {
    const to = Math.min(runs, from + step);
    simulateRuns(forecast, from, to, totals.subarray(from * periods, to * periods));
    onProgress?.(to, runs);
    await new Promise((resolve) => setTimeout(resolve, 0));
    checkAborted(signal);
  }
  return totals;
}

function inWorkers(
  forecast: PreparedForecast,
  count: number,
  { signal, onProgress }: RunOptions,
): Promise<Float64Array> {
  const { runs, periods } = forecast;
  return new Promise((resolve, reject) => {
    const totals = new Float64Array(runs * periods);
    const workers: Worker[] = [];
    const progress = new Float64Array(count);
    let finished = 0;
    let pending = count;
    const stop = () => {
      for (const worker of workers) worker.terminate();
      signal?.removeEventListener('abort', onAbort);
      keepSpares(count);
    };
    const fail = (error: unknown) => {
      stop();
      reject(error);
    };
    const onAbort = () => fail(abortError());
    signal?.addEventListener('abort', onAbort, { once: true });
    for (let i = 0; i < count; i++) {
      const from = Math.floor((i * runs) / count);
      const to = Math.floor(((i + 1) * runs) / count);
      const worker = takeWorker();
      workers.push(worker);
      worker.onmessage = ({ data }: MessageEvent<SliceReply>) => {
        if (data.type === 'progress') {
          finished += data.done - progress[i]!;
          progress[i] = data.done;
          onProgress?.(finished, runs);
          return;
        }
        totals.set(data.totals, from * periods);
        if (--pending === 0) {
          stop();
          resolve(totals);
        }
      };
      worker.onerror = (event) => {
        event.preventDefault();
        fail(new Error(`Monte Carlo worker failed: ${event.message}`));
      };
      worker.postMessage({ forecast, from, to } satisfies SliceRequest);
    }
  });
}

function workerCount(requested: number | undefined, runs: number): number {
  const wanted = Math.floor(requested ?? navigator.hardwareConcurrency) || 1;
  return Math.max(1, Math.min(wanted, MAX_WORKERS, runs));
}

/** The Monte Carlo forecast of `monteCarlo`, in Web Workers where available. */
export async function runMonteCarlo(
  input: MonteCarloInput,
  options: RunOptions = {},
): Promise<MonteCarloResult> {
  const forecast = prepareForecast(input);
  checkAborted(options.signal);
  const { runs, periods } = forecast;
  const totals =
    typeof Worker === 'undefined'
      ? await inThread(forecast, options)
      : await inWorkers(forecast, workerCount(options.workers, runs), options);
  return resultOf(totals, runs, periods);
}
