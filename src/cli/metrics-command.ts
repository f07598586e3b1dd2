import { compressTables, type Database } from '../lib/db/database.ts';
import { LATEST_EVENT_SQL } from '../lib/metrics/funnel-sql.ts';
import { computeFunnel } from '../lib/metrics/funnel.ts';
import { buildStageProgress } from '../lib/metrics/stage-progress.ts';
import { computeBacktest } from '../lib/metrics/forecast/backtest.ts';
import { forecastPipeline, simulateForecast } from '../lib/metrics/forecast/forecast.ts';
import { probabilityOfReaching } from '../lib/metrics/forecast/monte-carlo.ts';
import { computeGrades, buildGrades } from '../lib/metrics/grades/grades.ts';
import { defaultSetup } from '../lib/metrics/grades/grading-setup.ts';
import { presentIndicators } from '../lib/metrics/grades/present-indicators.ts';
import { computeWinRates } from '../lib/metrics/win-rates.ts';
import { gradesJson, readAhpArg } from './grades-json.ts';
import { backtestJson, excludedJson, firstPeriodTotals, forecastRows } from './forecast-json.ts';
import { chooseStageModel } from '../lib/model/infer-stage-order.ts';
import type { StageModel } from '../lib/model/stage-model.ts';
import { runImport } from './import-command.ts';
import type { MetricsArgs } from './parse-metrics-args.ts';

/** The model the command line uses: the chosen one, or the stages named by --stages, --won, --lost. */
export function modelFromArgs(chosen: StageModel, args: MetricsArgs): StageModel {
  const withPresets = (model: StageModel): StageModel =>
    args.presets
      ? {
          ...model,
          stages: model.stages.map((s) => ({ ...s, preset: args.presets?.[s.name] ?? s.preset })),
        }
      : model;
  if (!args.stages && !args.won && !args.lost) return withPresets(chosen);
  const stages = args.stages
    ? args.stages.map(
        (name) =>
          chosen.stages.find((s) => s.name === name) ?? { name, members: [name], preset: null },
      )
    : chosen.stages;
  return withPresets({
    source: { kind: 'custom' },
    stages,
    won: args.won ?? chosen.won,
    lost: args.lost ?? chosen.lost,
  });
}

/** `funnelcast metrics`: the import, then every analysis as one JSON object. */
export async function runMetrics(db: Database, args: MetricsArgs) {
  await runImport(db, args);
  const model = modelFromArgs((await chooseStageModel(db)).model, args);
  // Compressed as the page compresses them: at millions of deals the analyses then fit in memory.
  await buildStageProgress(db, model);
  await compressTables(db);
  const setup = args.ahp ? readAhpArg(args.ahp) : defaultSetup(await presentIndicators(db));
  await buildGrades(db, setup, model);
  await compressTables(db);
  const grades = await computeGrades(db, setup, args.filter);
  const [latest] = await db.query<{ as_of: string | null }>(LATEST_EVENT_SQL);
  const asOf = args.asOf ?? latest?.as_of ?? null;
  const funnel = await computeFunnel(db, model, args.filter, {
    strict: args.strict,
    asOf: asOf ?? '9999-12-31',
  });
  const rateOptions = { strict: args.strict, prior: args.prior };
  const rates = await computeWinRates(db, model, args.filter, rateOptions);
  const forecastAsOf = asOf ?? '9999-12-31';
  const pipeline = await forecastPipeline(
    db,
    model,
    args.filter,
    args.forecast,
    forecastAsOf,
    rateOptions,
  );
  const backtest = await computeBacktest(db, model, args.filter, {
    unit: args.forecast.unit,
    asOf: forecastAsOf,
    prior: args.prior,
  });
  const simulation = await simulateForecast(db, args.filter, pipeline, args.forecast, forecastAsOf);
  return {
    asOf,
    stages: model.stages.map((s) => ({ name: s.name, preset: s.preset })),
    won: model.won,
    lost: model.lost,
    cohort: { total: funnel.total, won: funnel.won, lost: funnel.lost, open: funnel.open },
    funnel: funnel.stages.map((s) => ({
      stage: s.stage,
      reached: s.reached,
      amount: s.amount,
      passRate: s.passRate,
      cumulative: s.cumulative,
      lost: s.lost,
      open: s.open,
      medianDays: s.medianDays,
    })),
    winRates: rates.stages.map((s) => ({
      stage: s.stage,
      won: s.won,
      closed: s.closed,
      rate: s.rate,
      low: s.low,
      high: s.high,
      preset: s.preset,
      calibrated: s.calibrated,
    })),
    brier: {
      preset: rates.brier.preset?.brier ?? null,
      observed: rates.brier.observed?.brier ?? null,
      calibrated: rates.brier.calibrated?.brier ?? null,
    },
    grades: gradesJson(grades),
    forecastSettings: {
      period: args.forecast.unit,
      rates: args.forecast.rates,
      timing: args.forecast.timing,
      runs: args.forecast.runs,
      seed: args.forecast.seed,
    },
    forecast: forecastRows(pipeline.pipeline, simulation),
    forecastExcluded: excludedJson(pipeline.pipeline),
    ...backtestJson(backtest, args.forecast.rates),
    ...(args.forecast.target === null
      ? {}
      : {
          target: {
            amount: args.forecast.target,
            period: pipeline.pipeline.periods[0]?.period ?? null,
            probability: probabilityOfReaching(firstPeriodTotals(simulation), args.forecast.target),
          },
        }),
  };
}
