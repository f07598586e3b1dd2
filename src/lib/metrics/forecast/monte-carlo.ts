/**
 * Monte Carlo revenue forecast (METRICS.md, "Forecast"): in every run each open deal is won with
 * probability p and, when won, lands its amount in one forecast period (or beyond the horizon).
 * Pure and deterministic: run r draws from its own `runStream(seed, r)`, walking the deals sorted
 * by id, so a seed gives the same totals in every browser, in Node, and however runs are split.
 */
import { niceEdges } from './nice-edges.ts';
import { periodEnd, periodStart, shiftPeriod } from './periods.ts';
import { runStream } from './random.ts';

export interface ForecastDeal {
  /** Unique; the deals are walked in ascending UTF-16 order of id. */
  id: string;
  amount: number;
  /** Probability of winning, in [0, 1]. */
  p: number;
  /**
   * For a won deal, cumulative probability of having closed by the end of each period;
   * non-decreasing in [0, 1]. What is left below 1 at the end closes outside the periods.
   */
  timing: readonly number[];
}

export interface MonteCarloInput {
  deals: readonly ForecastDeal[];
  periods: number;
  runs: number;
  /** An integer in [0, 2³²). */
  seed: number;
}

/** `period` value of a won deal that lands in no period. */
const NOWHERE = -1;
/** `period` value of a deal whose period is drawn from its cumulative timing. */
const DRAWN = -2;
/** About this many draws between progress reports and yields to the event loop. */
const DRAWS_PER_CHUNK = 2_000_000;

/** The deals sorted by id and packed into typed arrays; structured-cloneable for workers. */
export interface PreparedForecast {
  periods: number;
  runs: number;
  seed: number;
  amount: Float64Array;
  p: Float64Array;
  /**
   * The period a won deal lands in when its timing holds only 0s and 1s (no second draw),
   * NOWHERE, or DRAWN.
   */
  period: Int32Array;
  /** Deal i's timing at [i · periods, (i + 1) · periods). */
  cumulative: Float64Array;
}

export interface MonteCarloResult {
  runs: number;
  periods: number;
  /** Won amount of run r in period k at r · periods + k. */
  totals: Float64Array;
  /** Won amount of each run over all periods. */
  overall: Float64Array;
}

export interface PeriodSummary {
  mean: number;
  p10: number;
  p50: number;
  p90: number;
}

export interface HistogramBin {
  from: number;
  to: number;
  count: number;
}

function assertCount(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new RangeError(`${name} ${value} is not a positive integer`);
  }
}

function assertTiming(deal: ForecastDeal, periods: number): void {
  const { id, timing } = deal;
  if (timing.length !== periods) {
    throw new RangeError(`deal ${id}: timing has ${timing.length} entries, not ${periods}`);
  }
  let previous = 0;
  for (const c of timing) {
    if (!(c >= previous && c <= 1)) {
      throw new RangeError(`deal ${id}: timing is not non-decreasing in [0, 1]`);
    }
    previous = c;
  }
}

/** Validates the input and packs it for `simulateRuns`. */
export function prepareForecast(input: MonteCarloInput): PreparedForecast {
  const { periods, runs, seed } = input;
  assertCount('periods', periods);
  assertCount('runs', runs);
  if (!Number.isInteger(seed) || seed < 0 || seed >= 2 ** 32) {
    throw new RangeError(`seed ${seed} is not an integer in [0, 2³²)`);
  }
  const deals = [...input.deals].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const n = deals.length;
  const prepared: PreparedForecast = {
    periods,
    runs,
    seed,
    amount: new Float64Array(n),
    p: new Float64Array(n),
    period: new Int32Array(n),
    cumulative: new Float64Array(n * periods),
  };
  deals.forEach((deal, i) => {
    if (i > 0 && deals[i - 1]!.id === deal.id) throw new RangeError(`deal ${deal.id} is repeated`);
    if (!Number.isFinite(deal.amount)) {
      throw new RangeError(`deal ${deal.id}: amount is not finite`);
    }
    if (!(deal.p >= 0 && deal.p <= 1)) throw new RangeError(`deal ${deal.id}: p is not in [0, 1]`);
    assertTiming(deal, periods);
    prepared.amount[i] = deal.amount;
    prepared.p[i] = deal.p;
    prepared.cumulative.set(deal.timing, i * periods);
    const fixed = deal.timing.every((c) => c === 0 || c === 1);
    prepared.period[i] = fixed ? firstAbove(prepared.cumulative, i * periods, periods, 0) : DRAWN;
  });
  return prepared;
}

/**
 * The first period k whose cumulative exceeds v, or NOWHERE. With v uniform in [0, 1) this is
 * period k with probability cumulative[k] − cumulative[k − 1]. (Strict `>` rather than `≥`: with
 * `≥`, v = 0 would land in period 0 even when its probability is 0.)
 */
function firstAbove(cumulative: Float64Array, offset: number, periods: number, v: number): number {
  for (let k = 0; k < periods; k++) if (cumulative[offset + k]! > v) return k;
  return NOWHERE;
}

/**
 * Runs [from, to): writes run r's won amount in period k to out[(r − from) · periods + k]
 * (adding to what is there, so pass zeros). Concatenated slices equal one run over them all.
 */
export function simulateRuns(
  forecast: PreparedForecast,
  from: number,
  to: number,
  out = new Float64Array((to - from) * forecast.periods),
): Float64Array {
  const { amount, p, period, cumulative, periods, seed } = forecast;
  if (!(Number.isInteger(from) && Number.isInteger(to) && from >= 0 && from <= to)) {
    throw new RangeError(`runs [${from}, ${to}) are not a range`);
  }
  if (to > forecast.runs || out.length !== (to - from) * periods) {
    throw new RangeError(`runs [${from}, ${to}) do not fit ${forecast.runs} runs or the output`);
  }
  const n = amount.length;
  for (let r = from; r < to; r++) {
    const random = runStream(seed, r);
    const base = (r - from) * periods;
    for (let i = 0; i < n; i++) {
      const won = random.next() < p[i]!;
      let k = period[i]!;
      if (k === DRAWN) {
        if (!won) continue;
        k = firstAbove(cumulative, i * periods, periods, random.next());
      }
      // Adding amount · 0 for a lost deal leaves the sum exactly as it was and is faster than
      // a branch the CPU cannot predict.
      if (k !== NOWHERE) out[base + k] = out[base + k]! + amount[i]! * Number(won);
    }
  }
  return out;
}

/** How many runs to simulate between progress reports: about DRAWS_PER_CHUNK draws. */
export function runsPerChunk(forecast: PreparedForecast): number {
  return Math.max(1, Math.floor(DRAWS_PER_CHUNK / Math.max(1, forecast.amount.length)));
}

/** Wraps the per-period totals of all runs, adding each run's total over the periods. */
export function resultOf(totals: Float64Array, runs: number, periods: number): MonteCarloResult {
  const overall = new Float64Array(runs);
  for (let r = 0; r < runs; r++) {
    let sum = 0;
    for (let k = 0; k < periods; k++) sum += totals[r * periods + k]!;
    overall[r] = sum;
  }
  return { runs, periods, totals, overall };
}

/** The whole simulation on this thread. */
export function monteCarlo(input: MonteCarloInput): MonteCarloResult {
  const forecast = prepareForecast(input);
  return resultOf(simulateRuns(forecast, 0, forecast.runs), forecast.runs, forecast.periods);
}

/**
 * The q-quantile of ascending values, type 7 of Hyndman & Fan (R's and numpy's default, DuckDB's
 * quantile_cont): linear interpolation between the order statistics at h = (n − 1) · q.
 */
function quantileSorted(sorted: Float64Array, q: number): number {
  const h = (sorted.length - 1) * q;
  const low = Math.floor(h);
  const below = sorted[low]!;
  return low + 1 < sorted.length ? below + (h - low) * (sorted[low + 1]! - below) : below;
}

/** Mean and type-7 P10, P50, P90 of each period over the runs (`overall` with periods = 1). */
export function summarise(
  totals: ArrayLike<number>,
  runs: number,
  periods: number,
): PeriodSummary[] {
  assertCount('runs', runs);
  if (totals.length !== runs * periods) {
    throw new RangeError(`${totals.length} totals are not ${runs} runs × ${periods} periods`);
  }
  const column = new Float64Array(runs);
  return Array.from({ length: periods }, (_, k) => {
    let sum = 0;
    for (let r = 0; r < runs; r++) {
      column[r] = totals[r * periods + k]!;
      sum += column[r]!;
    }
    column.sort();
    const [p10, p50, p90] = [0.1, 0.5, 0.9].map((q) => quantileSorted(column, q)) as [
      number,
      number,
      number,
    ];
    return { mean: sum / runs, p10, p50, p90 };
  });
}

/**
 * About `bins` equal-width bins on round edges (`niceEdges`) covering the smallest to the largest
 * value, each [from, to) except the last, which holds its upper end. All values equal: one bin.
 * No values: no bins.
 */
export function histogram(values: ArrayLike<number>, bins: number): HistogramBin[] {
  assertCount('bins', bins);
  if (values.length === 0) return [];
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    min = Math.min(min, values[i]!);
    max = Math.max(max, values[i]!);
  }
  if (min === max) return [{ from: min, to: max, count: values.length }];
  const edges = niceEdges(min, max, bins);
  const count = edges.length - 1;
  const first = edges[0]!;
  const width = edges[1]! - first;
  const out = edges.slice(0, count).map((from, i) => ({ from, to: edges[i + 1]!, count: 0 }));
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    let bin = Math.max(0, Math.min(count - 1, Math.floor((v - first) / width)));
    // Rounding can put v one bin off its edges; the edges decide.
    if (v < edges[bin]!) bin--;
    else if (bin < count - 1 && v >= edges[bin + 1]!) bin++;
    out[bin]!.count++;
  }
  return out;
}

/** Share of the values (runs) at or above the target. */
export function probabilityOfReaching(values: ArrayLike<number>, target: number): number {
  if (values.length === 0) throw new RangeError('no runs');
  let reached = 0;
  for (let i = 0; i < values.length; i++) if (values[i]! >= target) reached++;
  return reached / values.length;
}

const DAY_MS = 86_400_000;

function dayNumber(date: string): number {
  const ms = /^\d{4}-\d{2}-\d{2}$/.test(date) ? Date.parse(`${date}T00:00:00Z`) : NaN;
  if (Number.isNaN(ms)) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  return ms / DAY_MS;
}

function assertConsecutive(periods: readonly string[]): void {
  if (periods.length === 0) throw new RangeError('no periods');
  periods.forEach((label, k) => {
    if (k > 0 && shiftPeriod(periods[k - 1]!, 1) !== label) {
      throw new RangeError(`periods ${periods[k - 1]} and ${label} are not consecutive`);
    }
  });
}

/**
 * Timing from history: a deal closes `days` after `asOf`, with days drawn from the empirical
 * time-to-win sample of its stage. Entry k is the share of the sample closing from the first
 * period's first day to the end of period k (`periods`: consecutive labels from periods.ts, e.g.
 * `periodsBetween`); closes before the first period or after the last land nowhere.
 */
export function timingFromDays(
  daysSample: readonly number[],
  asOf: string,
  periods: readonly string[],
): number[] {
  assertConsecutive(periods);
  if (daysSample.length === 0) throw new RangeError('empty time-to-close sample');
  const start = dayNumber(periodStart(periods[0]!));
  const asOfDay = dayNumber(asOf);
  const closes = daysSample.map((days) => {
    if (!(days >= 0) || !Number.isFinite(days)) throw new RangeError(`days ${days} is not ≥ 0`);
    return asOfDay + days;
  });
  return periods.map((label) => {
    const end = dayNumber(periodEnd(label)) + 1;
    return closes.filter((close) => close >= start && close < end).length / closes.length;
  });
}

/** Timing from the close date: 0 before its period, 1 from it on; all 0 outside the periods. */
export function timingFromCloseDate(closeDate: string, periods: readonly string[]): number[] {
  assertConsecutive(periods);
  const close = dayNumber(closeDate);
  const k = periods.findIndex(
    (label) => close >= dayNumber(periodStart(label)) && close <= dayNumber(periodEnd(label)),
  );
  return periods.map((_, i) => (k >= 0 && i >= k ? 1 : 0));
}
