import { cohortWhere, type CohortFilter, type SqlFragment } from './cohort.ts';
import { pivotColumn, pivotKey } from './filter-rollup.ts';
import { VISIT_CODE } from './stage-progress.ts';
import { reachGroupsSql } from './stage-reach.ts';

/**
 * The cohort grouped by reach (`stage-reach.ts`) and status, with amounts and the counts behind
 * the funnel's totals: lost deals whose furthest stage is unknown, deals with history, moves back
 * to an earlier open stage and visits to a stage already visited. `rollUpFunnel` makes the
 * per-stage funnel and the totals of them, in one scan of the deals.
 */
export function funnelGroupsSql(
  filter: CohortFilter,
  strict: boolean,
  pivot?: string,
): SqlFragment {
  const where = cohortWhere(filter);
  return {
    sql: reachGroupsSql(
      strict,
      ['status', ...pivotKey(pivot)],
      `count(*)::INTEGER AS n, coalesce(sum(amount), 0)::DOUBLE AS amount,
        count(*) FILTER (WHERE amount IS NULL)::INTEGER AS missing,
        count(*) FILTER (WHERE lost_unknown)::INTEGER AS lost_unknown,
        count(*) FILTER (WHERE has_history)::INTEGER AS with_history,
        coalesce(sum(backward_moves), 0)::INTEGER AS backward,
        count(*) FILTER (WHERE backward_moves > 0)::INTEGER AS backward_deals,
        coalesce(sum(reentries), 0)::INTEGER AS reentries,
        count(*) FILTER (WHERE reentries > 0)::INTEGER AS reentry_deals`,
      where.sql,
    ),
    params: where.params,
  };
}

/** The columns of `funnelGroupsSql` that add up across its groups. */
export const FUNNEL_GROUP_SUMS = [
  'n',
  'amount',
  'missing',
  'lost_unknown',
  'with_history',
  'backward',
  'backward_deals',
  'reentries',
  'reentry_deals',
] as const;

/**
 * What days in stage are worked out from (`stageDays`), as counts per stage and number of days:
 * the completed visits (`kind` 'done', history only), and the open deals by days in their current
 * stage at the as-of date (`kind` 'open'). Counts, not one row per visit: DuckDB's quantiles sort
 * every visit (100 ms at a million deals), the counts are a few hundred rows.
 */
export function stageDaysSql(filter: CohortFilter, asOf: string, pivot?: string): SqlFragment {
  const where = cohortWhere(filter);
  const key = pivotColumn(pivot);
  return {
    sql: `WITH c AS (
        SELECT ${['status', 'current_pos', 'current_since', 'done_visits', ...pivotKey(pivot)].join(', ')}
        FROM opp_progress WHERE ${where.sql}),
      done AS (SELECT unnest(done_visits) AS code${key} FROM c)
      SELECT 'done' AS kind, code % ${VISIT_CODE} AS position, (code // ${VISIT_CODE})::DOUBLE AS days${key},
        count(*)::INTEGER AS n
      FROM done GROUP BY code${key}
      UNION ALL
      SELECT 'open', current_pos, (?::DATE - current_since)::DOUBLE${key}, count(*)::INTEGER
      FROM c WHERE status = 'open' AND current_since IS NOT NULL GROUP BY ALL`,
    params: [...where.params, asOf],
  };
}

/** The as-of date's default: the latest event in the data (never the browser's clock). */
export const LATEST_EVENT_SQL = `SELECT strftime(greatest(
    (SELECT max(created_at) FROM opportunities),
    (SELECT max(entered_at) FROM stage_history),
    (SELECT max(close_date) FROM opportunities WHERE status <> 'open')), '%Y-%m-%d') AS as_of`;

/**
 * Deals by status and path for the stage-flow diagram (`stageFlowLinks`): the open stages each
 * was seen at, as `strict_mask` bits (all of S1…furthest when it has no history).
 */
export function stageFlowSql(filter: CohortFilter, pivot?: string): SqlFragment {
  const where = cohortWhere(filter);
  return {
    sql: `SELECT ${['status', ...pivotKey(pivot)].join(', ')},
        CASE WHEN has_history THEN strict_mask ELSE (1::BIGINT << (furthest + 1)) - 2 END AS path,
        count(*)::INTEGER AS n
      FROM opp_progress WHERE ${where.sql} GROUP BY ALL`,
    params: where.params,
  };
}

/** Deals per value of a segment, furthest stage and status, for per-segment funnels. */
export function segmentFunnelGroupsSql(
  filter: CohortFilter,
  segmentExpr: string,
  pivot?: string,
): SqlFragment {
  const where = cohortWhere(filter);
  return {
    sql: reachGroupsSql(
      false,
      [`coalesce(${segmentExpr}::VARCHAR, '') AS segment`, 'status', ...pivotKey(pivot)],
      'count(*)::INTEGER AS n',
      where.sql,
    ),
    params: where.params,
  };
}
