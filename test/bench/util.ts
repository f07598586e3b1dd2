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
  /** Runs kept although other processes used the CPU meanwhile. */
  contended: number;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function timing(runs: number[], breakdowns: Breakdown[], contended: number): Timing {
  const steps = (breakdowns[0] ?? []).map(({ step }, i) => ({
    step,
    ms: median(breakdowns.map((b) => b[i]?.ms ?? 0)),
  }));
  return { runs, median: median(runs), steps, contended };
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
  const whole: Record<string, string> = {
    publishing: 'publish the imported tables, compress them',
    deriving: 'derive the per-opportunity tables and grades, report',
  };
  return whole[phase] ?? `${role}: ${verb[phase] ?? phase}`;
}

const started = performance.now();

export function log(message: string): void {
  const seconds = ((performance.now() - started) / 1000).toFixed(1).padStart(6);
  process.stdout.write(`[${seconds}s] ${message}\n`);
}

export const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** The q-quantile of the values: the smallest with at least a q share at or below it. */
export function percentile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? NaN;
}
