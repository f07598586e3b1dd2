import type { Row } from '../db/database.ts';
import { reaches, stagePositions, type Reach } from './stage-reach.ts';

/** A row of `funnelGroupsSql`. */
export interface FunnelGroup extends Row {
  reach: Reach;
  status: 'open' | 'won' | 'lost';
  n: number;
  amount: number;
  missing: number;
  lost_unknown: number;
  with_history: number;
  backward: number;
  backward_deals: number;
  reentries: number;
  reentry_deals: number;
}

/**
 * Per open stage i: reached, amount of those reached (with the count missing an amount), passed
 * on (reached S(i+1), or won for the last stage), and the lost and still-open deals that went no
 * further.
 */
export interface FunnelStageCounts {
  position: number;
  reached: number;
  amount: number;
  missing_amount: number;
  passed: number;
  lost: number;
  open: number;
}

/** What `funnelStageCounts` reads of a group: segment funnels' groups carry no amounts. */
type StageCountGroup = Pick<FunnelGroup, 'reach' | 'status' | 'n'> &
  Partial<Pick<FunnelGroup, 'amount' | 'missing'>>;

export function funnelStageCounts(
  k: number,
  groups: StageCountGroup[],
  strict: boolean,
): FunnelStageCounts[] {
  return stagePositions(k).map((i) => {
    const c = {
      position: i,
      reached: 0,
      amount: 0,
      missing_amount: 0,
      passed: 0,
      lost: 0,
      open: 0,
    };
    for (const g of groups) {
      if (!reaches(g.reach, i, strict)) continue;
      c.reached += g.n;
      c.amount += g.amount ?? 0;
      c.missing_amount += g.missing ?? 0;
      if (i === k ? g.status === 'won' : reaches(g.reach, i + 1, strict)) c.passed += g.n;
      else if (g.status === 'lost') c.lost += g.n;
      else if (g.status === 'open') c.open += g.n;
    }
    return c;
  });
}

/** Totals over the cohort: outcomes, and the counts `funnelGroupsSql` carries, summed. */
export function funnelTotals(groups: FunnelGroup[]) {
  const totals = {
    total: 0,
    won: 0,
    lost: 0,
    open: 0,
    lostUnknown: 0,
    withHistory: 0,
    backwardMoves: 0,
    backwardDeals: 0,
    reentries: 0,
    reentryDeals: 0,
  };
  for (const g of groups) {
    totals.total += g.n;
    totals[g.status] += g.n;
    totals.lostUnknown += g.lost_unknown;
    totals.withHistory += g.with_history;
    totals.backwardMoves += g.backward;
    totals.backwardDeals += g.backward_deals;
    totals.reentries += g.reentries;
    totals.reentryDeals += g.reentry_deals;
  }
  return totals;
}
