import { execFileSync } from 'node:child_process';
import process from 'node:process';

/** One import to time: which format, and whether the stage history comes along. */
export interface Scenario {
  format: 'csv' | 'parquet';
  history: boolean;
}

export const scenarioName = ({ format, history }: Scenario) =>
  `import ${format === 'csv' ? 'CSV' : 'Parquet'}, opportunities${history ? ' + stage history' : ''}`;

/** Time spent in each step of one import, in the order the steps ran. */
export type Breakdown = Array<{ step: string; ms: number }>;

export interface Timing {
  /** Every repeat, in milliseconds. */
  runs: number[];
  median: number;
  /** Median time of each step over the repeats. */
  steps: Breakdown;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function timing(runs: number[], breakdowns: Breakdown[]): Timing {
  const steps = (breakdowns[0] ?? []).map(({ step }, i) => ({
    step,
    ms: median(breakdowns.map((b) => b[i]?.ms ?? 0)),
  }));
  return { runs, median: median(runs), steps };
}

/** The import's progress events ('reading', 'loading', …) as steps: each lasts until the next. */
export function stepsFrom(events: Array<{ at: number; step: string }>, end: number): Breakdown {
  return events.map(({ at, step }, i) => ({ step, ms: (events[i + 1]?.at ?? end) - at }));
}

/** The step a progress phase starts, named for the file's role. */
export function stepName(phase: string, role: 'opportunities' | 'history'): string {
  const verb: Record<string, string> = {
    reading: 'prepare (encoding, sniffing, conversion)',
    loading: 'read_csv into a raw table',
    checking: 'map, parse and check values',
  };
  return phase === 'publishing'
    ? 'publish, derive the per-opportunity table, report'
    : `${role}: ${verb[phase] ?? phase}`;
}

const started = performance.now();

export function log(message: string): void {
  const seconds = ((performance.now() - started) / 1000).toFixed(1).padStart(6);
  process.stdout.write(`[${seconds}s] ${message}\n`);
}

export const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** Processes of a test suite or a build; a timed run next to them measures contention. */
function busyPids(): string[] {
  try {
    const pattern = 'vitest|playwright test|test/run-all.mjs|svelte-check|eslint|vite build';
    const out = execFileSync('pgrep', ['-f', pattern], { encoding: 'utf8' });
    return out.split('\n').filter((pid) => pid && pid !== String(process.pid));
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
}

let contended = false;
let stopWaiting = false;
export const wasContended = () => contended;

/** Waits (up to `limitMs`) while a test suite runs; after one such wait in vain, never again. */
async function waitForQuiet(limitMs = 4 * 60_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  for (let told = false; !stopWaiting && busyPids().length > 0; told = true) {
    if (Date.now() > deadline) {
      stopWaiting = contended = true;
      return log('the test suite is still running: timing anyway, figures may be slow');
    }
    if (!told) log(`waiting for the test suite to finish (pids ${busyPids().join(' ')})`);
    await new Promise((resolve) => setTimeout(resolve, 5000));
  }
}

/**
 * Runs one timed repeat when no test suite runs, watching for one to start meanwhile (the machine
 * has two cores): such a repeat is run again, up to twice, then kept and the run marked contended.
 */
export async function quietly<T>(task: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    await waitForQuiet();
    let seen = false;
    const watch = setInterval(() => (seen ||= busyPids().length > 0), 1000);
    try {
      const result = await task();
      seen ||= busyPids().length > 0;
      if (!seen) return result;
      if (attempt === 3 || stopWaiting) {
        contended = true;
        return result;
      }
      log('a test suite ran during that repeat: running it again');
    } finally {
      clearInterval(watch);
    }
  }
}

/**
 * Up to `repeats` quiet runs of `task`, while the time they took leaves room for one more within
 * `budgetMs`: a cheap step gets every repeat, a slow one at 1M rows fewer (at least one).
 */
export async function repeat<T>(repeats: number, budgetMs: number, task: () => Promise<T>) {
  const results: T[] = [];
  let spent = 0;
  while (results.length < repeats) {
    let wall = 0;
    results.push(
      await quietly(async () => {
        const start = performance.now();
        const result = await task();
        wall = performance.now() - start;
        return result;
      }),
    );
    spent += wall;
    if (spent + wall > budgetMs) break;
  }
  return results;
}
