import type { Database, Row } from '../db/database.ts';
import type { CohortFilter } from './cohort.ts';
import { periodStart, quarterOfIndex } from './forecast/periods.ts';
import { reaches, stagePositions, type Reach } from './stage-reach.ts';
import { queryRollup } from './filter-rollup.ts';
import { STAGE_WIN_RATE_SUMS, stageWinRateGroupsSql } from './win-rates-sql.ts';

/** A row of `stageWinRateGroupsSql`. */
export interface StageWinRateGroup extends Row {
  reach: Reach;
  current_pos: number | null;
  status: 'open' | 'won' | 'lost';
  side: number | null;
  n: number;
  p_sum: number | null;
  p_n: number;
  /** Of p_n, probabilities of exactly 0 and exactly 1. */
  p_zero: number;
  p_one: number;
  lost_unknown: number;
  at_full: number;
  at_zero: number;
}

/**
 * Per open stage i: won(i) and closed(i) over the closed deals that reached Si, split at the cut
 * into those closed before it and on or after it (the walk-forward check), plus the mean exported
 * probability of the deals whose current stage is Si (the exact 0 % of a deal lost there and 100 %
 * of one won there left out: the closing's values, not the stage's), and those whose probability
 * contradicts their outcome (lost at 100 %, won at 0 %).
 */
export interface StageWinRateCounts {
  position: number;
  won: number;
  closed: number;
  won_before: number;
  closed_before: number;
  won_after: number;
  closed_after: number;
  exported: number | null;
  exported_n: number;
  lost_at_full: number;
  won_at_zero: number;
}

export interface StageWinRateRollUp {
  counts: StageWinRateCounts[];
  /** The walk-forward cut the counts were split at. */
  cut: string | null;
  /** Deals lost with neither history nor a kept stage: lost at S1 as far as the data tells. */
  lostUnknown: number;
}

/** The default cut: two quarters before the quarter of the cohort's last close. */
function defaultCut(groups: StageWinRateGroup[]): { date: string | null; side: number } {
  let last = -Infinity;
  for (const g of groups) if (g.side !== null && g.side > last) last = g.side;
  if (last === -Infinity) return { date: null, side: last };
  const side = last - 2;
  return { date: periodStart(quarterOfIndex(side)), side };
}

/**
 * The per-stage counts of `groups`, with the cut they were split at: `cut` as read by
 * `stageWinRateGroupsSql` (a date, null for none, 'default' to work it out).
 */
export function rollUpStageWinRates(
  k: number,
  groups: StageWinRateGroup[],
  strict: boolean,
  cut: string | null | 'default',
): StageWinRateRollUp {
  const byDefault = cut === 'default' ? defaultCut(groups) : null;
  const before = (g: StageWinRateGroup) =>
    g.side !== null && (byDefault ? g.side < byDefault.side : g.side < 0);
  const after = (g: StageWinRateGroup) =>
    g.side !== null && (byDefault ? g.side >= byDefault.side : g.side > 0);
  const counts = stagePositions(k).map((i): StageWinRateCounts => {
    const c: StageWinRateCounts = {
      position: i,
      won: 0,
      closed: 0,
      won_before: 0,
      closed_before: 0,
      won_after: 0,
      closed_after: 0,
      exported: null,
      exported_n: 0,
      lost_at_full: 0,
      won_at_zero: 0,
    };
    let pSum = 0;
    for (const g of groups) {
      if (g.status !== 'open' && reaches(g.reach, i, strict)) {
        const won = g.status === 'won' ? g.n : 0;
        c.won += won;
        c.closed += g.n;
        if (before(g)) {
          c.won_before += won;
          c.closed_before += g.n;
        } else if (after(g)) {
          c.won_after += won;
          c.closed_after += g.n;
        }
      }
      if (g.current_pos === i) {
        const closing = g.status === 'lost' ? g.p_zero : g.status === 'won' ? g.p_one : 0;
        pSum += (g.p_sum ?? 0) - (g.status === 'won' ? closing : 0);
        c.exported_n += g.p_n - closing;
        if (g.status === 'lost') c.lost_at_full += g.at_full;
        if (g.status === 'won') c.won_at_zero += g.at_zero;
      }
    }
    c.exported = c.exported_n > 0 ? pSum / c.exported_n : null;
    return c;
  });
  return {
    counts,
    cut: cut === 'default' ? (byDefault?.date ?? null) : cut,
    lostUnknown: groups.reduce((sum, g) => sum + g.lost_unknown, 0),
  };
}

/** Reads the cohort's groups and rolls them up (see `rollUpStageWinRates`). */
export async function stageWinRateCounts(
  db: Database,
  k: number,
  filter: CohortFilter,
  strict: boolean,
  cut: string | null | 'default',
  contradictions = true,
): Promise<StageWinRateRollUp> {
  const groups = await queryRollup<StageWinRateGroup>(db, filter, {
    build: (f, pivot) => stageWinRateGroupsSql(f, strict, cut, contradictions, pivot),
    sums: STAGE_WIN_RATE_SUMS,
  });
  return rollUpStageWinRates(k, groups, strict, cut);
}
