import { blankLast } from './blank-last.ts';
import type { Database, Row } from '../db/database.ts';
import type { StageModel } from '../model/stage-model.ts';
import { segmentSql, type CohortFilter, type Segment } from './cohort.ts';
import { quarterOfIndex } from './forecast/periods.ts';
import { ratio } from './ratio.ts';
import { shrink } from './stats/shrinkage.ts';
import { groupBy, reaches, stagePositions, type Reach } from './stage-reach.ts';
import { queryRollup } from './filter-rollup.ts';
import {
  segmentWinRateGroupsSql,
  winRateTrendGroupsSql,
  WON_CLOSED_SUMS,
} from './win-rates-sql.ts';

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

interface CountGroup extends Row {
  reach: Reach;
  won: number;
  closed: number;
}

/** Per key, won and closed at each stage: the sums over the key's groups that reached it. */
function rows(
  k: number,
  groups: Array<CountGroup & { key: string }>,
  strict: boolean,
  overall: Array<number | null>,
  prior: number,
): RateRow[] {
  const result: RateRow[] = [];
  for (const [key, members] of groupBy(groups, (g) => g.key)) {
    const cells = stagePositions(k).map((i): RateCell => {
      let won = 0;
      let closed = 0;
      for (const g of members) {
        if (!reaches(g.reach, i, strict)) continue;
        won += g.won;
        closed += g.closed;
      }
      return {
        won,
        closed,
        rate: ratio(won, closed),
        shrunk: shrink(won, closed, overall[i - 1] ?? null, prior),
      };
    });
    if (cells.some((c) => c.closed > 0)) result.push({ key, cells, n: cells[0]?.closed ?? 0 });
  }
  return result;
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
  const { strict } = options;
  const [segmentCounts, quarterCounts] = await Promise.all([
    queryRollup<CountGroup & { segment: string }>(db, filter, {
      build: (f, pivot) => segmentWinRateGroupsSql(f, segmentSql(options.segment), strict, pivot),
      sums: WON_CLOSED_SUMS,
    }),
    queryRollup<CountGroup & { closed_q: number }>(db, filter, {
      build: (f, pivot) => winRateTrendGroupsSql(f, strict, pivot),
      sums: WON_CLOSED_SUMS,
    }),
  ]);
  const byKey = (groups: Array<CountGroup & { key: string }>) =>
    rows(k, groups, options.strict, options.overall, options.prior);
  return {
    segments: byKey(segmentCounts.map((c) => ({ ...c, key: c.segment }))).sort(
      (a, b) => blankLast(a.key, b.key) || b.n - a.n || a.key.localeCompare(b.key),
    ),
    quarters: byKey(quarterCounts.map((c) => ({ ...c, key: quarterOfIndex(c.closed_q) }))).sort(
      (a, b) => a.key.localeCompare(b.key),
    ),
  };
}
