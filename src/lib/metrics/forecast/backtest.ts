import type { Database, Row } from '../../db/database.ts';
import type { StageModel } from '../../model/stage-model.ts';
import type { CohortFilter } from '../cohort.ts';
import { PRIOR } from '../win-rates.ts';
import { historyCoverage } from './as-of.ts';
import {
  datedTransitionsSql,
  nthCloseSql,
  pipelinesAtSql,
  closedBeforeSql,
  stageObservationsSql,
} from './backtest-sql.ts';
import {
  fitRates,
  BACKTEST_SETS,
  winShareWithin,
  type DatedTransition,
  type BacktestSet,
  type BacktestSets,
  type StageObservation,
} from './backtest-fit.ts';
import {
  periodEnd,
  periodOf,
  periodsBetween,
  periodStart,
  shiftPeriod,
  type PeriodUnit,
} from './periods.ts';

export interface BacktestOptions {
  unit: PeriodUnit;
  /** Only periods ending before this date are scored. */
  asOf: string;
  /** Prior strength m of the calibrated rates (default 10, as win rates). */
  prior?: number;
  monotone?: boolean;
  /**
   * The presets per open stage, as the win rates took them (`WinRatesResult.stages`), from the
   * model or the export; the model's by default.
   */
  presets?: Array<number | null>;
  /** A period is scored once this many deals had closed before its first day (default 20). */
  minClosed?: number;
  /** Checked between periods: aborting stops the backtest with the signal's reason. */
  signal?: AbortSignal;
  /** Periods done so far, out of all. */
  onProgress?: (done: number, total: number) => void;
}

export interface BacktestPeriod {
  period: string;
  /** The period's first day t, when the pipeline is rebuilt and the rates fitted. */
  start: string;
  end: string;
  /** Opportunities in the pipeline at t and their amount as known then. */
  open: number;
  openAmount: number;
  /** Of them, those without an amount (left out of every sum). */
  missingAmount: number;
  /**
   * Of them, those whose close date at t is today's, for want of one in their history (0 when
   * the pipeline is not chosen by close date).
   */
  closeDateStandIns: number;
  /** How many of them were won inside the period, and their amount: the actual. */
  won: number;
  actual: number;
  /** Null where a rate set has no rate for a stage holding pipeline amount. */
  forecast: BacktestSets<number | null>;
  /** forecast − actual. */
  error: BacktestSets<number | null>;
  /**
   * The same forecast counted in deals (every deal of the pipeline, with an amount or not, at its
   * stage's rate), against `won`; null where a stage holding deals has no rate.
   */
  forecastDeals: BacktestSets<number | null>;
}

export interface BacktestResult {
  available: boolean;
  reason?: 'no-history' | 'too-few-closed';
  /**
   * True: pipeline = open at t with a close date (as known at t) in the period, forecast =
   * Σ amount · rate(stage at t). False: pipeline = every deal open at t, forecast =
   * Σ amount · rate(stage at t) · share of that stage's wins coming within the period's length.
   */
  closeDateHistory: boolean;
  /** False: today's amounts stand in for those at t. */
  amountHistory: boolean;
  periods: BacktestPeriod[];
  /** Mean over periods with actual > 0 of |error| / actual; null when there is none. */
  mape: BacktestSets<number | null>;
  /** Mean error / mean actual over the periods forecast; null when undefined. */
  bias: BacktestSets<number | null>;
  /**
   * The bias counted in deals: Σ (forecastDeals − won) / Σ won over the periods forecast. Next to
   * `bias` it tells whether a set misses the odds or the amounts it weighs them with.
   */
  dealBias: BacktestSets<number | null>;
  /** Per open stage, how the pipelines the backtest rebuilt ended, against the stage's win rate. */
  pipelineOutcomes: PipelineOutcome[];
}

/**
 * Of the deals open at a stage on the scored periods' first days (a deal once for each period it
 * was there), how many have closed since and won; and the stage's win rate over every deal that
 * reached it and closed by the as-of date (`stageWon` / `stageClosed`). Deals sitting at a stage
 * win less often than all that reach it when they stall there.
 */
export interface PipelineOutcome {
  position: number;
  open: number;
  won: number;
  closed: number;
  stageWon: number;
  stageClosed: number;
}

interface PipelineRow extends Row {
  period: string;
  position: number;
  n: number;
  amount: number;
  missing: number;
  stand_ins: number;
  won: number;
  won_amount: number;
  won_since: number;
  closed_since: number;
}

/** One row of `closedBeforeSql`. */
interface ClosedBeforeRow extends Row {
  cut: string;
  position: number;
  won: number;
  closed: number;
}

const MIN_CLOSED = 20;

const dayNumber = (date: string) => Date.parse(`${date}T00:00:00Z`) / 86_400_000;
const dayAfter = (date: string) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
const bySet = <T>(f: (set: BacktestSet) => T): BacktestSets<T> =>
  Object.fromEntries(BACKTEST_SETS.map((set) => [set, f(set)])) as BacktestSets<T>;

/**
 * Σ weight · p(stage) over the rows, the weight a row's amount or its deals; null when a stage
 * holding weight has no p.
 */
function forecast(
  rows: PipelineRow[],
  p: Array<number | null>,
  weight: (row: PipelineRow) => number,
): number | null {
  let total = 0;
  for (const r of rows) {
    if (weight(r) === 0) continue;
    const rate = p[r.position - 1];
    if (rate === null || rate === undefined) return null;
    total += weight(r) * rate;
  }
  return total;
}

/** Each stage's rate read as "won within the period": times its share when there is one. */
function withinPeriod(
  rates: Array<number | null>,
  share: Array<number | null> | null,
): Array<number | null> {
  if (share === null) return rates;
  return rates.map((rate, i) => {
    const s = share[i] ?? null;
    return rate === 0 ? 0 : rate === null || s === null ? null : rate * s;
  });
}

/** MAPE and bias of one rate set over the periods it forecast. */
function score(periods: BacktestPeriod[], set: BacktestSet) {
  const scored = periods.filter((p) => p.error[set] !== null);
  const positive = scored.filter((p) => p.actual > 0);
  const meanActual = sum(scored.map((p) => p.actual)) / scored.length;
  return {
    mape:
      positive.length > 0
        ? sum(positive.map((p) => Math.abs(p.error[set]!) / p.actual)) / positive.length
        : null,
    bias:
      scored.length > 0 && meanActual > 0
        ? sum(scored.map((p) => p.error[set]!)) / scored.length / meanActual
        : null,
  };
}

/** Σ (forecast deals − won) / Σ won over the periods whose deals `set` forecast. */
function dealBias(periods: BacktestPeriod[], set: BacktestSet): number | null {
  const scored = periods.filter((p) => p.forecastDeals[set] !== null);
  const won = sum(scored.map((p) => p.won));
  return won > 0 ? sum(scored.map((p) => p.forecastDeals[set]! - p.won)) / won : null;
}

/**
 * The periods scored: from the first starting after the `minClosed`-th close to the last ending
 * before `asOf`.
 */
async function periodsToScore(
  db: Database,
  filter: CohortFilter,
  unit: PeriodUnit,
  asOf: string,
  minClosed: number,
): Promise<string[]> {
  const q = nthCloseSql(filter, minClosed);
  const closedAt = (await db.query<{ closed_at: string }>(q.sql, q.params))[0]?.closed_at;
  if (closedAt === undefined) return [];
  const first = shiftPeriod(periodOf(closedAt, unit), 1);
  const last = shiftPeriod(periodOf(asOf, unit), -1);
  return first <= last ? periodsBetween(periodStart(first), periodEnd(last), unit) : [];
}

/**
 * The forecast backtest (METRICS.md "Backtest"): for each period P fully before `asOf`, once
 * `minClosed` deals had closed before its first day t, rebuild the pipeline at t, fit the preset,
 * observed, calibrated and Markov rates on what was known at t only, forecast, and compare with
 * what that pipeline won inside P.
 *
 * With close dates in the history the pipeline is the deals open at t whose close date as known
 * at t falls in P, each counted at rate(stage at t). Without them (today's close date would leak
 * the outcome), every deal open at t counts, at P(won within P | stage at t) = rate(stage) ·
 * share(stage), share being the part of that stage's wins coming within P's length of entering
 * it (see `winShareWithin`), so every rate set is read as "won within P" the same way.
 * Deals existing at t with no history entry by then have no known stage and are left out.
 */
export async function computeBacktest(
  db: Database,
  model: StageModel,
  filter: CohortFilter,
  options: BacktestOptions,
): Promise<BacktestResult> {
  const minClosed = options.minClosed ?? MIN_CLOSED;
  if (!(Number.isInteger(minClosed) && minClosed >= 1)) {
    throw new RangeError(`backtest: minClosed must be a whole number ≥ 1, got ${minClosed}`);
  }
  const fit = {
    prior: options.prior ?? PRIOR,
    monotone: options.monotone ?? false,
    presets: options.presets ?? model.stages.map((s) => s.preset),
  };
  const coverage = await historyCoverage(db);
  const empty = {
    closeDateHistory: coverage.closeDateHistory,
    amountHistory: coverage.amountHistory,
    periods: [],
    mape: bySet(() => null),
    bias: bySet(() => null),
    dealBias: bySet(() => null),
    pipelineOutcomes: [],
  };
  if (!coverage.available) return { ...empty, available: false, reason: 'no-history' };
  const labels = await periodsToScore(db, filter, options.unit, options.asOf, minClosed);
  if (labels.length === 0) return { ...empty, available: false, reason: 'too-few-closed' };

  const k = model.stages.length;
  const tq = datedTransitionsSql(filter);
  const transitions = await db.query<DatedTransition>(tq.sql, tq.params);
  const spans = labels.map((period) => ({
    period,
    start: periodStart(period),
    end: periodEnd(period),
  }));
  let observations: StageObservation[] = [];
  if (!coverage.closeDateHistory) {
    const oq = stageObservationsSql(
      filter,
      spans.map((p) => p.start),
    );
    observations = await db.query<StageObservation>(oq.sql, oq.params);
  }
  // One cut more, the day after the as-of date: the stages' win rates over every close.
  const today = dayAfter(options.asOf);
  const cq = closedBeforeSql(k, filter, [...spans.map((p) => p.start), today]);
  const pq = pipelinesAtSql(filter, spans, coverage.closeDateHistory);
  const allCounts = await db.query<ClosedBeforeRow>(cq.sql, cq.params);
  options.signal?.throwIfAborted();
  const allRows = await db.query<PipelineRow>(pq.sql, pq.params);

  const periods: BacktestPeriod[] = [];
  for (const { period, start, end } of spans) {
    options.signal?.throwIfAborted();
    options.onProgress?.(periods.length, labels.length);
    const t = dayNumber(start);
    const rows = allRows.filter((r) => r.period === period);
    const counts = allCounts.filter((c) => c.cut === start);
    const rates = fitRates(k, counts, transitions, t, fit);
    const share = coverage.closeDateHistory
      ? null
      : winShareWithin(
          k,
          observations.filter((o) => o.cut === start),
          dayNumber(end) - t,
        );
    const actual = sum(rows.map((r) => r.won_amount));
    const p = bySet((set) => withinPeriod(rates[set], share));
    const predicted = bySet((set) => forecast(rows, p[set], (r) => r.amount));
    periods.push({
      period,
      start,
      end,
      open: sum(rows.map((r) => r.n)),
      openAmount: sum(rows.map((r) => r.amount)),
      missingAmount: sum(rows.map((r) => r.missing)),
      closeDateStandIns: coverage.closeDateHistory ? sum(rows.map((r) => r.stand_ins)) : 0,
      won: sum(rows.map((r) => r.won)),
      actual,
      forecast: predicted,
      error: bySet((set) => (predicted[set] === null ? null : predicted[set] - actual)),
      forecastDeals: bySet((set) => forecast(rows, p[set], (r) => r.n)),
    });
  }
  const scores = bySet((set) => score(periods, set));
  return {
    ...empty,
    available: true,
    periods,
    mape: bySet((set) => scores[set].mape),
    bias: bySet((set) => scores[set].bias),
    dealBias: bySet((set) => dealBias(periods, set)),
    pipelineOutcomes: Array.from({ length: k }, (_, i) => {
      const rows = allRows.filter((r) => r.position === i + 1);
      const stage = allCounts.find((c) => c.cut === today && c.position === i + 1);
      return {
        position: i + 1,
        open: sum(rows.map((r) => r.n)),
        won: sum(rows.map((r) => r.won_since)),
        closed: sum(rows.map((r) => r.closed_since)),
        stageWon: stage?.won ?? 0,
        stageClosed: stage?.closed ?? 0,
      };
    }),
  };
}
