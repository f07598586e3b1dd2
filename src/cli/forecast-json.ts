import type { BacktestResult } from '../lib/metrics/forecast/backtest.ts';
import type { RateSet } from '../lib/metrics/forecast/forecast-settings.ts';
import type { ForecastSimulation } from '../lib/metrics/forecast/forecast.ts';
import type {
  PipelineBucket,
  WeightedPipeline,
} from '../lib/metrics/forecast/weighted-pipeline.ts';

const bucketJson = (b: PipelineBucket) => ({
  open: b.open,
  amount: b.amount,
  weighted: b.weighted,
});

/** What the forecast rows leave out: overdue and undated deals, and deals without amount or rate. */
export function excludedJson(pipeline: WeightedPipeline) {
  const all = [...pipeline.periods, pipeline.overdue, pipeline.noCloseDate];
  return {
    overdue: bucketJson(pipeline.overdue),
    noCloseDate: bucketJson(pipeline.noCloseDate),
    noAmount: all.reduce((n, b) => n + b.noAmount, 0),
    noRate: all.reduce((n, b) => n + b.noRate, 0),
  };
}

/** Each run's won amount in the first period (the as-of date's). */
export function firstPeriodTotals(simulation: ForecastSimulation): Float64Array {
  const { runs, periods, totals } = simulation.result;
  return Float64Array.from({ length: runs }, (_, r) => totals[r * periods] ?? 0);
}

/**
 * `backtest` (forecast with the chosen rate set against what the pipeline won) and its `mape`,
 * plus every rate set’s MAPE and bias (in amount and in deals), Markov’s included, and per stage
 * (named as `stages` in order) how the pipelines rebuilt ended against its win rate;
 * `backtestUnavailable` says why not.
 */
export function backtestJson(backtest: BacktestResult, rates: RateSet, stages: string[]) {
  return {
    backtest: backtest.periods.map((p) => ({
      period: p.period,
      forecast: p.forecast[rates],
      actual: p.actual,
      open: p.open,
      forecastDeals: p.forecastDeals[rates],
      won: p.won,
    })),
    mape: backtest.mape[rates],
    backtestScores: { mape: backtest.mape, bias: backtest.bias, dealBias: backtest.dealBias },
    backtestPipelineOutcomes: backtest.pipelineOutcomes.map(({ position, ...outcome }) => ({
      stage: stages[position - 1] ?? null,
      ...outcome,
    })),
    ...(backtest.available ? {} : { backtestUnavailable: backtest.reason ?? null }),
  };
}
