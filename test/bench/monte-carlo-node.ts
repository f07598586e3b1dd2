import { DuckDBInstance } from '@duckdb/node-api';
import {
  monteCarlo,
  summarise,
  type ForecastDeal,
} from '../../src/lib/metrics/forecast/monte-carlo.ts';
import { quietly } from './quiet.ts';
import { log, median, seconds } from './util.ts';

export interface EngineResult {
  runs: number;
  deals: number;
  periods: number;
  /** Median wall time of `monteCarlo` (prepare, simulate, per-run totals), one thread. */
  ms: number;
  /** The same with a second draw per won deal (history timing: its period is drawn too). */
  drawnMs: number;
  /** Mean + P10/P50/P90 per period (sorts every period's totals): what the page adds after. */
  summaryMs: number;
  /** Timed runs kept although other processes used the CPU meanwhile. */
  contended: number;
}

/** mulberry32, as in generate.ts: the same deals every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `count` open deals as the page hands them over: amounts as the generator draws them, the
 * calibrated rates of five open stages, timing by close date over `periods` quarters (0/1 steps;
 * one in five overdue, landing nowhere) or, with `drawn`, spread over the periods (a second draw).
 */
export function syntheticDeals(count: number, periods: number, drawn: boolean): ForecastDeal[] {
  const random = prng(20_261_123);
  const rates = [0.12, 0.2, 0.31, 0.45, 0.62];
  return Array.from({ length: count }, (_, i) => {
    const k = random() < 0.2 ? periods : Math.floor(random() * periods);
    const timing = Array.from({ length: periods }, (_, j) =>
      drawn ? Math.min(1, (j + 1) / (periods + 1) + random() * 0.1) : j >= k ? 1 : 0,
    );
    for (let j = 1; j < periods; j++) timing[j] = Math.max(timing[j]!, timing[j - 1]!);
    return {
      id: `OPP-${String(i).padStart(7, '0')}`,
      amount: Math.round(Math.exp(8 + random() * 4.5) / 100) * 100,
      p: rates[Math.floor(random() * rates.length)]!,
      timing,
    };
  });
}

/** The pure engine (`monteCarlo`) on this thread: the page runs it split over Web Workers. */
export async function benchEngine(
  runs: number,
  deals: number,
  periods: number,
  repeats: number,
): Promise<EngineResult> {
  const input = (drawn: boolean) => ({
    deals: syntheticDeals(deals, periods, drawn),
    periods,
    runs,
    seed: 1,
  });
  const close = input(false);
  const spread = input(true);
  monteCarlo({ ...close, runs: Math.min(runs, 200) }); // warm the JIT
  const times: number[] = [];
  const drawnTimes: number[] = [];
  const summaryTimes: number[] = [];
  let contended = 0;
  for (let i = 0; i < repeats; i++) {
    const { result, contended: shared } = await quietly(async () => {
      const t0 = performance.now();
      const out = monteCarlo(close);
      const t1 = performance.now();
      summarise(out.totals, out.runs, out.periods);
      summarise(out.overall, out.runs, 1);
      const t2 = performance.now();
      monteCarlo(spread);
      return { ms: t1 - t0, summaryMs: t2 - t1, drawnMs: performance.now() - t2 };
    });
    times.push(result.ms);
    drawnTimes.push(result.drawnMs);
    summaryTimes.push(result.summaryMs);
    if (shared) contended++;
  }
  const figures: EngineResult = {
    runs,
    deals,
    periods,
    ms: median(times),
    drawnMs: median(drawnTimes),
    summaryMs: median(summaryTimes),
    contended,
  };
  log(
    `Monte Carlo engine in Node, ${runs} runs × ${deals} deals × ${periods} periods, one thread: ` +
      `${seconds(figures.ms)} (drawn timing ${seconds(figures.drawnMs)}, summaries ${seconds(figures.summaryMs)})`,
  );
  return figures;
}

/** A filter on the source whose open deals with an amount (what the simulation draws) number about `target`. */
export interface DealSlice {
  field: 'source';
  values: string[];
  deals: number;
}

/** Sources, largest first, until their open deals with an amount reach `target` (counted natively). */
export async function sliceOfOpenDeals(csv: string, target: number): Promise<DealSlice> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const reader = await connection.runAndReadAll(
      `SELECT source, count(*)::INTEGER AS n FROM read_csv('${csv}', header = true)
       WHERE status = 'open' AND amount IS NOT NULL GROUP BY 1 ORDER BY n DESC, source`,
    );
    const slice: DealSlice = { field: 'source', values: [], deals: 0 };
    for (const [source, n] of reader.getRows() as Array<[string, number]>) {
      const closer = Math.abs(slice.deals + n - target) <= Math.abs(slice.deals - target);
      if (slice.values.length > 0 && !closer) break;
      slice.values.push(source);
      slice.deals += n;
    }
    return slice;
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
