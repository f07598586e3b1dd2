import type { Database } from '../../db/database.ts';
import type { StageModel } from '../../model/stage-model.ts';
import type { CohortFilter } from '../cohort.ts';
import { computeWinRates, type WinRateOptions, type WinRatesResult } from '../win-rates.ts';
import { ratesOf, type ForecastSettings } from './forecast-settings.ts';
import { summarise, type MonteCarloResult, type PeriodSummary } from './monte-carlo.ts';
import { daysToWinSql, openDealsSql } from './open-deals-sql.ts';
import { runMonteCarlo, type RunOptions } from './run-monte-carlo.ts';
import { simulationDeals, type DaysToWinRow, type OpenDealRow } from './simulation-input.ts';
import { computeWeightedPipeline, type WeightedPipeline } from './weighted-pipeline.ts';

export interface ForecastPipeline {
  winRates: WinRatesResult;
  /** The chosen rate set per open stage position. */
  rates: Array<number | null>;
  pipeline: WeightedPipeline;
}

/** The rates and the weighted pipeline: cheap, shown at once. */
export async function forecastPipeline(
  db: Database,
  model: StageModel,
  filter: CohortFilter,
  settings: ForecastSettings,
  asOf: string,
  winRateOptions: WinRateOptions = {},
): Promise<ForecastPipeline> {
  const winRates = await computeWinRates(db, model, filter, winRateOptions);
  const rates = ratesOf(winRates.stages, settings.rates);
  const pipeline = await computeWeightedPipeline(db, filter, {
    unit: settings.unit,
    asOf,
    rates,
    stack: settings.stack,
  });
  return { winRates, rates, pipeline };
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

/** The Monte Carlo ranges over the pipeline's periods (in workers where the page has them). */
export async function simulateForecast(
  db: Database,
  filter: CohortFilter,
  forecast: ForecastPipeline,
  settings: ForecastSettings,
  asOf: string,
  options: RunOptions = {},
): Promise<ForecastSimulation> {
  const open = openDealsSql(filter);
  const rows = await db.query<OpenDealRow>(open.sql, open.params);
  let days: DaysToWinRow[] = [];
  if (settings.timing === 'history') {
    const q = daysToWinSql(filter);
    days = await db.query<DaysToWinRow>(q.sql, q.params);
  }
  const labels = forecast.pipeline.periods.map((p) => p.period);
  const input = simulationDeals(rows, forecast.rates, labels, asOf, settings.timing, days);
  const result = await runMonteCarlo(
    { deals: input.deals, periods: labels.length, runs: settings.runs, seed: settings.seed },
    options,
  );
  const [overall] = summarise(result.overall, result.runs, 1);
  return {
    result,
    periods: summarise(result.totals, result.runs, result.periods),
    overall: overall!,
    deals: input.deals.length,
    noRate: input.noRate,
    timedByCloseDate: input.timedByCloseDate,
  };
}
