import { cohortWhere, type CohortFilter, type SqlFragment } from './cohort.ts';

export interface DealDrill {
  position: number;
  which: 'reached' | 'lost' | 'open';
}

export const DEAL_COLUMNS = [
  'id',
  'name',
  'account',
  'owner',
  'region',
  'stage',
  'status',
  'amount',
  'created_at',
  'close_date',
] as const;

function drillSql(drill: DealDrill | null, strict: boolean): string {
  if (!drill) return 'true';
  const i = Math.trunc(drill.position);
  const reached = strict ? `list_contains(strict_reached, ${i})` : `furthest >= ${i}`;
  if (drill.which === 'reached') return reached;
  const stopped = strict
    ? `${reached} AND NOT list_contains(strict_reached, ${i + 1})`
    : `furthest = ${i}`;
  return `${stopped} AND status = '${drill.which === 'lost' ? 'lost' : 'open'}'`;
}

/** The cohort's deals, or those a chart click drilled into, largest first. */
export function dealsSql(
  filter: CohortFilter,
  drill: DealDrill | null,
  strict: boolean,
  limit: number,
): SqlFragment {
  const where = cohortWhere(filter);
  return {
    sql: `SELECT ${DEAL_COLUMNS.join(', ')}, count(*) OVER ()::INTEGER AS matching
      FROM opp_progress WHERE ${where.sql} AND ${drillSql(drill, strict)}
      ORDER BY amount DESC NULLS LAST, id LIMIT ${Math.trunc(limit)}`,
    params: where.params,
  };
}
