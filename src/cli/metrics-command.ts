import type { Database } from '../lib/db/database.ts';
import { deriveTables } from '../lib/metrics/derive-tables.ts';
import { probabilityOfReaching } from '../lib/metrics/forecast/monte-carlo.ts';
import type { GradingSetup } from '../lib/metrics/grades/grading-setup.ts';
import { computeAnalyses, forecastRows } from '../lib/metrics/report-analyses.ts';
import { chooseStageModel } from '../lib/model/infer-stage-order.ts';
import type { StageModel } from '../lib/model/stage-model.ts';
import { backtestJson, excludedJson, firstPeriodTotals } from './forecast-json.ts';
import { gradesJson, readAhpArg } from './grades-json.ts';
import { runImport } from './import-command.ts';
import { UsageError } from './parse-args.ts';
import type { MetricsArgs } from './parse-metrics-args.ts';
import type { RunProgress } from './progress-lines.ts';

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

/**
 * The derived tables the analyses read, graded with the setup, else the data's default: its
 * setup, or a usage error (naming `source`, where the setup came from) when it does not fit.
 */
export async function deriveForAnalyses(
  db: Database,
  model: StageModel,
  settings: { useHistory: boolean; grading: GradingSetup | null },
  source: string,
): Promise<GradingSetup> {
  const { setup, gradesError } = await deriveTables(db, model, settings);
  if (gradesError === null) return setup;
  throw settings.grading ? new UsageError(`${source}: ${gradesError}`) : new Error(gradesError);
}

/** `funnelcast metrics`: the import, then every analysis as one JSON object. */
export async function runMetrics(
  db: Database,
  args: MetricsArgs,
  progress: RunProgress = () => {},
) {
  const report = await runImport(db, args, progress);
  progress('deriving', report.opportunities.file);
  const model = modelFromArgs((await chooseStageModel(db)).model, args);
  const setup = args.ahp ? readAhpArg(args.ahp) : null;
  const settings = {
    filter: args.filter,
    strict: args.strict,
    asOf: args.asOf ?? null,
    prior: args.prior,
    forecast: args.forecast,
  };
  const grading = await deriveForAnalyses(
    db,
    model,
    { useHistory: true, grading: setup },
    `--ahp ${args.ahp}`,
  );
  progress('analysing', report.opportunities.file);
  const analyses = await computeAnalyses(db, model, { ...settings, grading });
  const { asOf, funnel, grades, backtest, simulation } = analyses;
  const { forecast: pipeline } = analyses;
  const rates = pipeline.winRates;
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
    forecast: forecastRows(analyses),
    forecastExcluded: excludedJson(pipeline.pipeline),
    ...backtestJson(
      backtest,
      args.forecast.rates,
      model.stages.map((s) => s.name),
    ),
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
