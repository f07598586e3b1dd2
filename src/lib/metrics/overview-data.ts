import type { Database } from '../db/database.ts';
import type { StageModel } from '../model/stage-model.ts';
import { cohortWhere, type CohortFilter } from './cohort.ts';
import { periodEnd, periodOf, periodStart, shiftPeriod } from './forecast/periods.ts';
import type { ForecastSettings } from './forecast/forecast-settings.ts';
import { forecastPipeline } from './forecast/forecast.ts';
import type { PipelineBucket } from './forecast/weighted-pipeline.ts';
import {
  overviewCubeSql,
  summarizeOverview,
  type OverviewCubeRow,
  type OverviewKpis,
  type QuarterStatusRow,
  type StageStatusRow,
} from './overview.ts';
import { computeRecentChange, type RecentChange } from './recent-change.ts';
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
  quarterWon: { wonSoFar: number; previous: string; previousWon: number } | null;
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
  const cube = overviewCubeSql(filter);
  const [cubeRows, recent, forecast, quarterWon] = await Promise.all([
    db.query<OverviewCubeRow>(cube.sql, cube.params),
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
    asOf ? wonByQuarter(db, filter, asOf) : null,
  ]);
  const { kpis, stages, quarters } = summarizeOverview(cubeRows);
  return {
    kpis,
    stages,
    quarters,
    recent,
    thisQuarter: forecast?.pipeline.periods[0] ?? null,
    quarterWon,
  };
}

async function wonByQuarter(db: Database, filter: CohortFilter, asOf: string) {
  const current = periodOf(asOf, 'quarter');
  const previous = shiftPeriod(current, -1);
  const where = cohortWhere(filter);
  const [row] = await db.query<{ so_far: number; before: number }>(
    `SELECT
       coalesce(sum(amount) FILTER (WHERE closed_at BETWEEN ?::DATE AND ?::DATE), 0)::DOUBLE AS so_far,
       coalesce(sum(amount) FILTER (WHERE closed_at BETWEEN ?::DATE AND ?::DATE), 0)::DOUBLE AS before
     FROM opp_progress WHERE status = 'won' AND ${where.sql}`,
    [periodStart(current), asOf, periodStart(previous), periodEnd(previous), ...where.params],
  );
  return { wonSoFar: row?.so_far ?? 0, previous, previousWon: row?.before ?? 0 };
}
