import type { Database, Row } from '../db/database.ts';
import type { StageModel } from '../model/stage-model.ts';
import type { CohortFilter, SqlFragment } from './cohort.ts';
import { funnelSql, funnelTotalsSql, stageDaysSql } from './funnel-sql.ts';
import { ratio } from './ratio.ts';

export interface FunnelStage {
  stage: string;
  position: number;
  preset: number | null;
  reached: number;
  amount: number;
  /** Reached deals without an amount: the amount is a sum over the others. */
  missingAmount: number;
  /** Went on to the next stage (won, for the last stage). */
  passed: number;
  /** p(i) = passed / reached; null when nothing reached the stage. */
  passRate: number | null;
  /** c(i) = reached(i) / reached(1). */
  cumulative: number | null;
  lost: number;
  open: number;
  medianDays: number | null;
  p75Days: number | null;
  p90Days: number | null;
  /** Completed visits behind the day figures. */
  visits: number;
  /** Open deals at the stage for longer than its P90, and the open deals with an entry date. */
  stale: number;
  openDated: number;
}

export interface FunnelResult {
  stages: FunnelStage[];
  total: number;
  won: number;
  lost: number;
  open: number;
  /** Lost deals with neither history nor a kept stage: rates after S1 are upper bounds. */
  lostUnknown: number;
  withHistory: number;
  backwardMoves: number;
  backwardDeals: number;
  reentries: number;
  reentryDeals: number;
}

export interface FunnelOptions {
  strict?: boolean;
  /** The as-of date (YYYY-MM-DD) for stale deals. */
  asOf: string;
}

interface StageRow {
  position: number;
  reached: number;
  amount: number;
  missing_amount: number;
  passed: number;
  lost: number;
  open: number;
  [key: string]: number;
}

type Counts = Record<string, number>;

interface DaysRow {
  position: number;
  visits: number;
  p50: number | null;
  p75: number | null;
  p90: number | null;
  open_dated: number;
  stale: number;
  [key: string]: number | null;
}

/** Funnel rows from per-stage counts: pass rates and cumulative conversion, never NaN. */
export function funnelStages(model: StageModel, rows: StageRow[], days: DaysRow[]): FunnelStage[] {
  const first = rows[0]?.reached ?? 0;
  return model.stages.map((stage, i) => {
    const row = rows.find((r) => r.position === i + 1);
    const d = days.find((r) => r.position === i + 1);
    const reached = row?.reached ?? 0;
    return {
      stage: stage.name,
      position: i + 1,
      preset: stage.preset,
      reached,
      amount: row?.amount ?? 0,
      missingAmount: row?.missing_amount ?? 0,
      passed: row?.passed ?? 0,
      passRate: ratio(row?.passed ?? 0, reached),
      cumulative: ratio(reached, first),
      lost: row?.lost ?? 0,
      open: row?.open ?? 0,
      medianDays: d?.p50 ?? null,
      p75Days: d?.p75 ?? null,
      p90Days: d?.p90 ?? null,
      visits: d?.visits ?? 0,
      stale: d?.stale ?? 0,
      openDated: d?.open_dated ?? 0,
    };
  });
}

export async function computeFunnel(
  db: Database,
  model: StageModel,
  filter: CohortFilter,
  options: FunnelOptions,
): Promise<FunnelResult> {
  const k = model.stages.length;
  const run = <T extends Row>(q: SqlFragment) => db.query<T>(q.sql, q.params);
  const [rows, [totals], days] = await Promise.all([
    k > 0 ? run<StageRow>(funnelSql(k, filter, options.strict ?? false)) : Promise.resolve([]),
    run<Counts>(funnelTotalsSql(filter)),
    run<DaysRow>(stageDaysSql(filter, options.asOf)),
  ]);
  return {
    stages: funnelStages(model, rows, days),
    total: totals?.total ?? 0,
    won: totals?.won ?? 0,
    lost: totals?.lost ?? 0,
    open: totals?.open ?? 0,
    lostUnknown: totals?.lost_unknown ?? 0,
    withHistory: totals?.with_history ?? 0,
    backwardMoves: totals?.backward ?? 0,
    backwardDeals: totals?.backward_deals ?? 0,
    reentries: totals?.reentries ?? 0,
    reentryDeals: totals?.reentry_deals ?? 0,
  };
}
