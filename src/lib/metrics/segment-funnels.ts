import { blankLast } from './blank-last.ts';
import type { Database, Row } from '../db/database.ts';
import type { StageModel } from '../model/stage-model.ts';
import { segmentSql, type CohortFilter, type Segment } from './cohort.ts';
import { queryRollup } from './filter-rollup.ts';
import { segmentFunnelGroupsSql, stageFlowSql } from './funnel-sql.ts';
import { funnelStageCounts } from './funnel-groups.ts';
import { groupBy, maskStages, type Reach } from './stage-reach.ts';
import { ratio } from './ratio.ts';

export interface SegmentFunnel {
  segment: string;
  total: number;
  won: number;
  /** Won ÷ all deals of the segment, the whole funnel's conversion; null for an empty segment. */
  conversion: number | null;
  stages: Array<{
    reached: number;
    passed: number;
    passRate: number | null;
    cumulative: number | null;
  }>;
}

interface SegmentGroup extends Row {
  segment: string;
  reach: Reach;
  status: 'open' | 'won' | 'lost';
  n: number;
}

/** One segment's funnel (count-skipped) from its groups. */
function segmentFunnel(k: number, segment: string, groups: SegmentGroup[]): SegmentFunnel {
  const sum = (include: (g: SegmentGroup) => boolean) =>
    groups.reduce((total, g) => total + (include(g) ? g.n : 0), 0);
  const total = sum(() => true);
  const won = sum((g) => g.status === 'won');
  return {
    segment,
    total,
    won,
    conversion: ratio(won, total),
    stages: funnelStageCounts(k, groups, false).map(({ reached, passed }) => ({
      reached,
      passed,
      passRate: ratio(passed, reached),
      cumulative: ratio(reached, total),
    })),
  };
}

/**
 * The funnel for every value of a segment, best converting first (ties: larger n first), the
 * deals that leave it blank last: they are no value to rank.
 */
export async function computeSegmentFunnels(
  db: Database,
  model: StageModel,
  filter: CohortFilter,
  segment: Segment,
): Promise<SegmentFunnel[]> {
  const k = model.stages.length;
  if (k === 0) return [];
  const rows = await queryRollup<SegmentGroup>(db, filter, {
    build: (f, pivot) => segmentFunnelGroupsSql(f, segmentSql(segment), pivot),
    sums: ['n'],
  });
  const groups = groupBy(rows, (g) => g.segment);
  return [...groups.entries()]
    .map(([name, rows]) => segmentFunnel(k, name, rows))
    .sort(
      (a, b) =>
        blankLast(a.segment, b.segment) ||
        (b.conversion ?? -1) - (a.conversion ?? -1) ||
        b.total - a.total,
    );
}

export interface StageFlowLink extends Row {
  /** '1'…'k' for open stages, or the outcome: 'won', 'lost', 'open'. */
  source: string;
  target: string;
  n: number;
}

interface PathGroup extends Row {
  status: 'open' | 'won' | 'lost';
  path: number | null;
  n: number;
}

/**
 * Flows between stages: each deal's path runs through the open stages it was seen at in
 * ascending order, then to its outcome ('won', 'lost' or 'open'); stages are named by position
 * ('1'…'k'). Ordered by source, then target, as text.
 */
export function stageFlowLinks(groups: PathGroup[]): StageFlowLink[] {
  const links = new Map<string, StageFlowLink>();
  const add = (source: string, target: string, n: number) => {
    const key = `${source}\u0000${target}`;
    const link = links.get(key);
    if (link) link.n += n;
    else links.set(key, { source, target, n });
  };
  for (const g of groups) {
    const stages = maskStages(g.path ?? 0).map(String);
    stages.forEach((stage, i) => add(stage, stages[i + 1] ?? g.status, g.n));
  }
  const text = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return [...links.values()].sort((a, b) => text(a.source, b.source) || text(a.target, b.target));
}

export async function computeStageFlow(
  db: Database,
  filter: CohortFilter,
): Promise<StageFlowLink[]> {
  return stageFlowLinks(
    await queryRollup<PathGroup>(db, filter, { build: stageFlowSql, sums: ['n'] }),
  );
}
