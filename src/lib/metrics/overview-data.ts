import type { Database } from '../db/database.ts';
import type { StageModel } from '../model/stage-model.ts';
import type { CohortFilter } from './cohort.ts';
import { queryRollup } from './filter-rollup.ts';
import type { ForecastSettings } from './forecast/forecast-settings.ts';
import { forecastPipeline } from './forecast/forecast.ts';
import type { PipelineBucket } from './forecast/weighted-pipeline.ts';
import {
  orderByModel,
  OVERVIEW_CUBE_SUMS,
  overviewCubeSql,
  summarizeOverview,
  type OverviewCubeRow,
  type OverviewKpis,
  type QuarterStatusRow,
  type StageStatusRow,
} from './overview.ts';
import { computeRecentChange, type QuarterWon, type RecentChange } from './recent-change.ts';
import type { WinRateOptions } from './win-rates.ts';

/** Everything the Overview shows. */
export interface OverviewData {
  kpis: OverviewKpis;
  stages: StageStatusRow[];
  quarters: QuarterStatusRow[];
  /** The last 90 days against the 90 before; null without an as-of date. */
  recent: RecentChange | null;
  /** The weighted forecast of the as-of date's quarter; null without an as-of date. */
  thisQuarter: PipelineBucket | null;
  /** Won so far in that quarter, and won in the one before; null without an as-of date. */
  quarterWon: QuarterWon | null;
}

export interface OverviewInputs {
  filter: CohortFilter;
  model: StageModel;
  asOf: string | null;
  forecast: ForecastSettings;
  winRates: WinRateOptions;
}

export async function computeOverview(db: Database, inputs: OverviewInputs): Promise<OverviewData> {
  const { filter, asOf } = inputs;
  const [cubeRows, recent, forecast] = await Promise.all([
    queryRollup<OverviewCubeRow>(db, filter, { build: overviewCubeSql, sums: OVERVIEW_CUBE_SUMS }),
    asOf ? computeRecentChange(db, filter, asOf) : null,
    asOf
      ? forecastPipeline(
          db,
          inputs.model,
          filter,
          { ...inputs.forecast, unit: 'quarter' },
          asOf,
          inputs.winRates,
        )
      : null,
  ]);
  const { kpis, stages, quarters } = summarizeOverview(cubeRows);
  return {
    kpis,
    stages: orderByModel(stages, inputs.model),
    quarters,
    recent: recent?.change ?? null,
    thisQuarter: forecast?.pipeline.periods[0] ?? null,
    quarterWon: recent?.quarterWon ?? null,
  };
}
