import type { Database } from '../../db/database.ts';
import type { StageModel } from '../../model/stage-model.ts';
import type { CohortFilter } from '../cohort.ts';
import { computeWinRates, type WinRateOptions, type WinRatesResult } from '../win-rates.ts';
import { ratesOf, type ForecastSettings } from './forecast-settings.ts';
import {
  summarise,
  type MonteCarloInput,
  type MonteCarloResult,
  type PeriodSummary,
} from './monte-carlo.ts';
import { forecastMoments, type ForecastMoments } from './normal-approximation.ts';
import { daysToWinSql, openDealsSql, openStaysSql } from './open-deals-sql.ts';
import { runMonteCarlo, type RunOptions } from './run-monte-carlo.ts';
import {
  simulationDeals,
  simulationGroups,
  type DaysToWinRow,
  type OpenDealRow,
  type StayRow,
} from './simulation-input.ts';
import {
  readPipelineRows,
  weighPipeline,
  type PipelineRow,
  type WeightedPipeline,
} from './weighted-pipeline.ts';

export interface ForecastPipeline {
  /** Without their checks (walk-forward, contradictions) unless `checks` was asked for. */
  winRates: WinRatesResult;
  /** The chosen rate set per open stage position. */
  rates: Array<number | null>;
  /** The pipeline as read, before the rates: the simulation's outline is drawn from it too. */
  rows: PipelineRow[];
  pipeline: WeightedPipeline;
}

/**
 * The rates and the weighted pipeline: cheap, shown at once. The rates are read without what
 * checks them (`WinRateOptions.checks`), which the forecast does not show, unless asked.
 */
export async function forecastPipeline(
  db: Database,
  model: StageModel,
  filter: CohortFilter,
  settings: ForecastSettings,
  asOf: string,
  winRateOptions: WinRateOptions = {},
): Promise<ForecastPipeline> {
  const options = { unit: settings.unit, asOf, stack: settings.stack };
  // The pipeline's rows do not depend on the rates: both reads are queued at once.
  const [winRates, rows] = await Promise.all([
    computeWinRates(db, model, filter, { checks: false, ...winRateOptions }),
    readPipelineRows(db, filter, options),
  ]);
  const rates = ratesOf(winRates.stages, settings.rates);
  return { winRates, rates, rows, pipeline: weighPipeline(rows, { ...options, rates }) };
}

export interface ForecastSimulation {
  result: MonteCarloResult;
  /** Per period of the pipeline, then `overall` over all of them. */
  periods: PeriodSummary[];
  overall: PeriodSummary;
  /** Deals drawn; deals left out for want of a rate; deals history could not time. */
  deals: number;
  noRate: number;
  timedByCloseDate: number;
}

/** The simulation's deals, read from the database. */
export interface SimulationPlan {
  input: MonteCarloInput;
  noRate: number;
  timedByCloseDate: number;
}

/**
 * What a simulation will draw and its closed-form moments, known before its deals are read: from
 * the pipeline's rows alone with close-date timing.
 */
export interface SimulationOutline {
  deals: number;
  runs: number;
  noRate: number;
  timedByCloseDate: number;
  moments: ForecastMoments;
}

/**
 * Draws (deals × runs) a simulation may take before its normal approximation is shown first:
 * about a tenth of a second in two workers.
 */
export const QUICK_DRAWS = 20_000_000;

/** Whether the simulation is long enough to show its normal approximation meanwhile. */
export const isLong = (outline: SimulationOutline): boolean =>
  outline.deals * outline.runs > QUICK_DRAWS;

/** What a simulation draws, as read: the open deals, and with history timing the days to win. */
export interface OpenDealsRead {
  rows: OpenDealRow[];
  days: DaysToWinRow[];
}

/** What its outline needs besides the pipeline, with history timing (else nothing to read). */
export interface OutlineRead {
  stays: StayRow[];
  days: DaysToWinRow[];
}

/** How long won deals took from each stage, read when history times the simulation. */
export function readDaysToWin(
  db: Database,
  filter: CohortFilter,
  timing: ForecastSettings['timing'],
): Promise<DaysToWinRow[]> {
  if (timing !== 'history') return Promise.resolve([]);
  const days = daysToWinSql(filter);
  return db.query<DaysToWinRow>(days.sql, days.params);
}

/** With history timing, the open deals summed by stage and entry day, and the days to win. */
export async function readOutline(
  db: Database,
  filter: CohortFilter,
  timing: ForecastSettings['timing'],
  days: Promise<DaysToWinRow[]> = readDaysToWin(db, filter, timing),
): Promise<OutlineRead> {
  if (timing !== 'history') return { stays: [], days: [] };
  const stays = openStaysSql(filter);
  const [rows, daysToWin] = await Promise.all([db.query<StayRow>(stays.sql, stays.params), days]);
  return { stays: rows, days: daysToWin };
}

/**
 * Reads the open deals of the filter (and, with history timing, how long won deals took): they
 * do not depend on the pipeline's rates, so a page can read them alongside the pipeline.
 */
export async function readOpenDeals(
  db: Database,
  filter: CohortFilter,
  timing: ForecastSettings['timing'],
  days: Promise<DaysToWinRow[]> = readDaysToWin(db, filter, timing),
): Promise<OpenDealsRead> {
  const open = openDealsSql(filter);
  const [rows, daysToWin] = await Promise.all([db.query<OpenDealRow>(open.sql, open.params), days]);
  return { rows, days: daysToWin };
}

/** The outline of the simulation of `forecast`, from its pipeline rows and `readOutline`'s read. */
export function outlineSimulation(
  forecast: ForecastPipeline,
  settings: ForecastSettings,
  asOf: string,
  { stays, days }: OutlineRead,
): SimulationOutline {
  const labels = forecast.pipeline.periods.map((p) => p.period);
  const { groups, deals, noRate, timedByCloseDate } = simulationGroups(
    forecast.rows,
    stays,
    forecast.rates,
    settings.unit,
    labels,
    asOf,
    settings.timing,
    days,
  );
  return {
    deals,
    runs: settings.runs,
    noRate,
    timedByCloseDate,
    moments: forecastMoments(groups, labels.length),
  };
}

/** Times the open deals (`read`, by default read now) as the settings say, at the pipeline's rates. */
export async function planSimulation(
  db: Database,
  filter: CohortFilter,
  forecast: ForecastPipeline,
  settings: ForecastSettings,
  asOf: string,
  read: Promise<OpenDealsRead> = readOpenDeals(db, filter, settings.timing),
): Promise<SimulationPlan> {
  const { rows, days } = await read;
  const labels = forecast.pipeline.periods.map((p) => p.period);
  const { deals, noRate, timedByCloseDate } = simulationDeals(
    rows,
    forecast.rates,
    labels,
    asOf,
    settings.timing,
    days,
  );
  return {
    input: { deals, periods: labels.length, runs: settings.runs, seed: settings.seed },
    noRate,
    timedByCloseDate,
  };
}

/** The Monte Carlo ranges of a plan (in workers where the page has them). */
export async function runSimulation(
  plan: SimulationPlan,
  options: RunOptions = {},
): Promise<ForecastSimulation> {
  const result = await runMonteCarlo(plan.input, options);
  const [overall] = summarise(result.overall, result.runs, 1);
  return {
    result,
    periods: summarise(result.totals, result.runs, result.periods),
    overall: overall!,
    deals: plan.input.deals.length,
    noRate: plan.noRate,
    timedByCloseDate: plan.timedByCloseDate,
  };
}

/** The Monte Carlo ranges over the pipeline's periods: `planSimulation`, then `runSimulation`. */
export async function simulateForecast(
  db: Database,
  filter: CohortFilter,
  forecast: ForecastPipeline,
  settings: ForecastSettings,
  asOf: string,
  options: RunOptions = {},
): Promise<ForecastSimulation> {
  return runSimulation(await planSimulation(db, filter, forecast, settings, asOf), options);
}
