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

/** Processes of the lead's test suite; a timed run next to them measures contention, not code. */
function testSuitePids(): string[] {
  try {
    const out = execFileSync('pgrep', ['-f', 'vitest|playwright test|test/run-all.mjs'], {
      encoding: 'utf8',
    });
    return out.split('\n').filter((pid) => pid && pid !== String(process.pid));
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
}

let contended = false;

/** Waits (up to `limitMs`) while a test suite runs; records whether any timing shared the CPU. */
export async function waitForQuiet(limitMs = 10 * 60_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  let told = false;
  while (testSuitePids().length > 0) {
    if (Date.now() > deadline) {
      contended = true;
      log('the test suite is still running: timing anyway, figures may be slow');
      return;
    }
    if (!told) log(`waiting for the test suite to finish (pids ${testSuitePids().join(' ')})`);
    told = true;
    await new Promise((resolve) => setTimeout(resolve, 5000));
  }
}

export const wasContended = () => contended;
