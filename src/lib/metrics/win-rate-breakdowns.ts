import type { Database, Row } from '../db/database.ts';
import type { StageModel } from '../model/stage-model.ts';
import { segmentSql, type CohortFilter, type Segment } from './cohort.ts';
import { ratio } from './ratio.ts';
import { shrink } from './stats/shrinkage.ts';
import { segmentWinRatesSql, winRateTrendSql } from './win-rates-sql.ts';

export interface RateCell {
  won: number;
  closed: number;
  rate: number | null;
  /** Shrunk towards the overall rate of the stage, so a thin segment says little on its own. */
  shrunk: number | null;
}

export interface RateRow {
  key: string;
  cells: RateCell[];
  /** Closed deals behind the row: those that reached the first stage. */
  n: number;
}

interface CountRow extends Row {
  position: number;
  won: number;
  closed: number;
}

function rows(
  k: number,
  counts: Array<CountRow & { key: string }>,
  overall: Array<number | null>,
  prior: number,
): RateRow[] {
  const byKey = new Map<string, RateCell[]>();
  for (const c of counts) {
    const cells =
      byKey.get(c.key) ??
      Array.from({ length: k }, (_, i) => ({
        won: 0,
        closed: 0,
        rate: null,
        shrunk: shrink(0, 0, overall[i] ?? null, prior),
      }));
    cells[c.position - 1] = {
      won: c.won,
      closed: c.closed,
      rate: ratio(c.won, c.closed),
      shrunk: shrink(c.won, c.closed, overall[c.position - 1] ?? null, prior),
    };
    byKey.set(c.key, cells);
  }
  return [...byKey.entries()].map(([key, cells]) => ({ key, cells, n: cells[0]?.closed ?? 0 }));
}

/**
 * Win rates per stage for every value of a segment (largest first) and per closing quarter (in
 * time order), each cell with its n and a rate shrunk towards the stage's overall rate.
 */
export async function computeWinRateBreakdowns(
  db: Database,
  model: StageModel,
  filter: CohortFilter,
  options: { segment: Segment; prior: number; strict: boolean; overall: Array<number | null> },
): Promise<{ segments: RateRow[]; quarters: RateRow[] }> {
  const k = model.stages.length;
  if (k === 0) return { segments: [], quarters: [] };
  const bySegment = segmentWinRatesSql(k, filter, segmentSql(options.segment), options.strict);
  const byQuarter = winRateTrendSql(k, filter, options.strict);
  const [segmentCounts, quarterCounts] = await Promise.all([
    db.query<CountRow & { segment: string }>(bySegment.sql, bySegment.params),
    db.query<CountRow & { quarter: string }>(byQuarter.sql, byQuarter.params),
  ]);
  return {
    segments: rows(
      k,
      segmentCounts.map((c) => ({ ...c, key: c.segment })),
      options.overall,
      options.prior,
    ).sort((a, b) => b.n - a.n || a.key.localeCompare(b.key)),
    quarters: rows(
      k,
      quarterCounts.map((c) => ({ ...c, key: c.quarter })),
      options.overall,
      options.prior,
    ).sort((a, b) => a.key.localeCompare(b.key)),
  };
}
