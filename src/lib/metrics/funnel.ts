import type { Database } from '../db/database.ts';
import type { StageModel } from '../model/stage-model.ts';
import type { CohortFilter } from './cohort.ts';
import {
  funnelStageCounts,
  funnelTotals,
  type FunnelGroup,
  type FunnelStageCounts,
} from './funnel-groups.ts';
import { queryRollup } from './filter-rollup.ts';
import { FUNNEL_GROUP_SUMS, funnelGroupsSql, stageDaysSql } from './funnel-sql.ts';
import { ratio } from './ratio.ts';
import { countedQuantile } from './stats/counted-quantile.ts';

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

/** A `stageDaysSql` row: how many completed visits lasted, or open deals have sat, `days`. */
interface DaysCountRow {
  kind: 'done' | 'open';
  position: number;
  days: number;
  n: number;
  [key: string]: string | number;
}

interface StageDays {
  visits: number;
  p50: number | null;
  p75: number | null;
  p90: number | null;
  openDated: number;
  stale: number;
}

/**
 * Days in stage per position from completed visits (median, P75, P90), and the open deals sitting
 * in their current stage longer than that stage's P90 (stale). Only stages with a completed visit
 * have figures.
 */
export function stageDays(rows: DaysCountRow[]): Map<number, StageDays> {
  const days = new Map<number, StageDays>();
  for (const position of new Set(rows.map((r) => r.position))) {
    const group = rows.filter((r) => r.position === position);
    const done = group
      .filter((r) => r.kind === 'done')
      .map((r) => ({ value: r.days, n: r.n }))
      .sort((a, b) => a.value - b.value);
    if (done.length === 0) continue;
    const p90 = countedQuantile(done, 0.9);
    const open = group.filter((r) => r.kind === 'open');
    days.set(position, {
      visits: done.reduce((sum, c) => sum + c.n, 0),
      p50: countedQuantile(done, 0.5),
      p75: countedQuantile(done, 0.75),
      p90,
      openDated: open.reduce((sum, r) => sum + r.n, 0),
      stale: open.reduce((sum, r) => sum + (p90 !== null && r.days > p90 ? r.n : 0), 0),
    });
  }
  return days;
}

/** Funnel rows from per-stage counts: pass rates and cumulative conversion, never NaN. */
export function funnelStages(
  model: StageModel,
  rows: FunnelStageCounts[],
  days: Map<number, StageDays>,
): FunnelStage[] {
  const first = rows[0]?.reached ?? 0;
  return model.stages.map((stage, i) => {
    const row = rows.find((r) => r.position === i + 1);
    const d = days.get(i + 1);
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
      openDated: d?.openDated ?? 0,
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
  const strict = options.strict ?? false;
  const [groupRows, dayRows] = await Promise.all([
    queryRollup<FunnelGroup>(db, filter, {
      build: (f, pivot) => funnelGroupsSql(f, strict, pivot),
      sums: FUNNEL_GROUP_SUMS,
    }),
    queryRollup<DaysCountRow>(db, filter, {
      build: (f, pivot) => stageDaysSql(f, options.asOf, pivot),
      sums: ['n'],
    }),
  ]);
  return {
    stages: funnelStages(model, funnelStageCounts(k, groupRows, strict), stageDays(dayRows)),
    ...funnelTotals(groupRows),
  };
}
