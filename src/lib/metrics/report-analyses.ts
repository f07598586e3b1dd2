import type { Database } from '../db/database.ts';
import type { StageModel } from '../model/stage-model.ts';
import type { CohortFilter } from './cohort.ts';
import { computeBacktest, type BacktestResult } from './forecast/backtest.ts';
import {
  forecastPipeline,
  simulateForecast,
  type ForecastPipeline,
  type ForecastSimulation,
} from './forecast/forecast.ts';
import type { ForecastSettings } from './forecast/forecast-settings.ts';
import { LATEST_EVENT_SQL } from './funnel-sql.ts';
import { computeFunnel, type FunnelResult } from './funnel.ts';
import { computeGrades, type GradesResult } from './grades/grades.ts';
import type { GradingSetup } from './grades/grading-setup.ts';
import type { PresetSource, WinRateOptions } from './win-rates.ts';

/** What every analysis of a report is computed with: its filter and settings. */
export interface AnalysisSettings {
  filter: CohortFilter;
  strict: boolean;
  /** YYYY-MM-DD; null: the latest event in the data. */
  asOf: string | null;
  prior?: number;
  monotone?: boolean;
  presetSource?: PresetSource | null;
  /** Walk-forward cut of the win rates' Brier scores; null: two quarters before the last close. */
  cut?: string | null;
  forecast: ForecastSettings;
  grading: GradingSetup;
}

/** One period of the forecast: its open deals, their amount, weighted sum and simulated range. */
export interface ForecastRow {
  period: string;
  open: number;
  amount: number;
  weighted: number;
  mean: number;
  p10: number;
  p50: number;
  p90: number;
}

/** Every analysis at once, as the metric modules give them. */
export interface ReportAnalyses {
  asOf: string | null;
  funnel: FunnelResult;
  grades: GradesResult;
  /** The win rates, checks included, are `forecast.winRates`: the forecast is weighted by them. */
  forecast: ForecastPipeline;
  simulation: ForecastSimulation;
  backtest: BacktestResult;
}

/**
 * Funnel, win rates, grades, forecast and backtest over the derived tables (`buildStageProgress`,
 * then `buildGrades` with `settings.grading`), for the command line's `metrics` and `publish`.
 */
export async function computeAnalyses(
  db: Database,
  model: StageModel,
  settings: AnalysisSettings,
): Promise<ReportAnalyses> {
  const { filter } = settings;
  const [latest] = await db.query<{ as_of: string | null }>(LATEST_EVENT_SQL);
  const asOf = settings.asOf ?? latest?.as_of ?? null;
  const until = asOf ?? '9999-12-31';
  const grades = await computeGrades(db, settings.grading, filter);
  const funnel = await computeFunnel(db, model, filter, { strict: settings.strict, asOf: until });
  const rateOptions: WinRateOptions = {
    strict: settings.strict,
    prior: settings.prior,
    monotone: settings.monotone,
    presetSource: settings.presetSource,
    cut: settings.cut,
    checks: true,
  };
  const forecast = await forecastPipeline(db, model, filter, settings.forecast, until, rateOptions);
  const backtest = await computeBacktest(db, model, filter, {
    unit: settings.forecast.unit,
    asOf: until,
    prior: settings.prior,
    monotone: settings.monotone,
    presets: forecast.winRates.stages.map((s) => s.preset),
  });
  const simulation = await simulateForecast(db, filter, forecast, settings.forecast, until);
  return { asOf, funnel, grades, forecast, simulation, backtest };
}

/** The forecast per period: the weighted pipeline beside the Monte Carlo ranges. */
export function forecastRows({ forecast, simulation }: ReportAnalyses): ForecastRow[] {
  return forecast.pipeline.periods.map((bucket, k) => {
    const range = simulation.periods[k];
    return {
      period: bucket.period,
      open: bucket.open,
      amount: bucket.amount,
      weighted: bucket.weighted,
      mean: range?.mean ?? 0,
      p10: range?.p10 ?? 0,
      p50: range?.p50 ?? 0,
      p90: range?.p90 ?? 0,
    };
  });
}
