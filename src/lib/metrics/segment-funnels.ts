import type { Database, Row } from '../db/database.ts';
import type { StageModel } from '../model/stage-model.ts';
import { segmentSql, type CohortFilter, type Segment } from './cohort.ts';
import { segmentFunnelSql, stageFlowSql } from './funnel-sql.ts';
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

interface SegmentRow extends Row {
  segment: string;
  position: number;
  reached: number;
  passed: number;
  won: number;
  total: number;
}

/** The funnel for every value of a segment, best converting first (ties: larger n first). */
export async function computeSegmentFunnels(
  db: Database,
  model: StageModel,
  filter: CohortFilter,
  segment: Segment,
): Promise<SegmentFunnel[]> {
  const k = model.stages.length;
  if (k === 0) return [];
  const q = segmentFunnelSql(k, filter, segmentSql(segment));
  const rows = await db.query<SegmentRow>(q.sql, q.params);
  const bySegment = new Map<string, SegmentRow[]>();
  for (const row of rows) bySegment.set(row.segment, [...(bySegment.get(row.segment) ?? []), row]);
  return [...bySegment.entries()]
    .map(([name, stageRows]) => {
      const first = stageRows[0];
      const total = first?.total ?? 0;
      const won = first?.won ?? 0;
      return {
        segment: name,
        total,
        won,
        conversion: ratio(won, total),
        stages: stageRows.map((r) => ({
          reached: r.reached,
          passed: r.passed,
          passRate: ratio(r.passed, r.reached),
          cumulative: ratio(r.reached, total),
        })),
      };
    })
    .sort((a, b) => (b.conversion ?? -1) - (a.conversion ?? -1) || b.total - a.total);
}

export interface StageFlowLink extends Row {
  /** '1'…'k' for open stages, or the outcome: 'won', 'lost', 'open'. */
  source: string;
  target: string;
  n: number;
}

export async function computeStageFlow(
  db: Database,
  filter: CohortFilter,
): Promise<StageFlowLink[]> {
  const q = stageFlowSql(filter);
  return db.query<StageFlowLink>(q.sql, q.params);
}
