import { cohortWhere, type CohortFilter, type SqlFragment } from './cohort.ts';

/**
 * Per open stage i (1…k): reached, amount of those reached (with the count missing an amount),
 * passed on (to S(i+1), or won for the last stage), and the lost and still-open deals that went
 * no further. Counting skipped stages, "reached Si" is furthest ≥ i and the query only groups
 * by furthest stage; strict order looks at the stages actually seen.
 */
export function funnelSql(k: number, filter: CohortFilter, strict: boolean): SqlFragment {
  const where = cohortWhere(filter);
  const stages = `range(1, ${k + 1}) s(i)`;
  if (!strict) {
    return {
      sql: `WITH g AS (
          SELECT furthest, count(*) AS n, count(*) FILTER (WHERE status = 'won') AS won,
            count(*) FILTER (WHERE status = 'lost') AS lost,
            count(*) FILTER (WHERE status = 'open') AS open,
            sum(amount) AS amount, count(*) FILTER (WHERE amount IS NULL) AS missing
          FROM opp_progress WHERE ${where.sql} GROUP BY furthest)
        SELECT s.i::INTEGER AS position,
          coalesce(sum(n) FILTER (WHERE furthest >= s.i), 0)::INTEGER AS reached,
          coalesce(sum(amount) FILTER (WHERE furthest >= s.i), 0)::DOUBLE AS amount,
          coalesce(sum(missing) FILTER (WHERE furthest >= s.i), 0)::INTEGER AS missing_amount,
          coalesce(CASE WHEN s.i = ${k} THEN sum(won) ELSE sum(n) FILTER (WHERE furthest > s.i) END, 0)::INTEGER AS passed,
          coalesce(sum(lost) FILTER (WHERE furthest = s.i), 0)::INTEGER AS lost,
          coalesce(sum(open) FILTER (WHERE furthest = s.i), 0)::INTEGER AS open
        FROM ${stages} LEFT JOIN g ON true GROUP BY s.i ORDER BY s.i`,
      params: where.params,
    };
  }
  return {
    sql: `WITH c AS (SELECT strict_reached, status, amount FROM opp_progress WHERE ${where.sql}),
      f AS (
        SELECT s.i, c.status, c.amount,
          list_contains(c.strict_reached, s.i) AS reached,
          list_contains(c.strict_reached, s.i) AND CASE WHEN s.i = ${k} THEN c.status = 'won'
            ELSE list_contains(c.strict_reached, s.i + 1) END AS passed
        FROM ${stages} LEFT JOIN c ON true)
      SELECT i::INTEGER AS position, count(*) FILTER (WHERE reached)::INTEGER AS reached,
        coalesce(sum(amount) FILTER (WHERE reached), 0)::DOUBLE AS amount,
        count(*) FILTER (WHERE reached AND status IS NOT NULL AND amount IS NULL)::INTEGER AS missing_amount,
        count(*) FILTER (WHERE passed)::INTEGER AS passed,
        count(*) FILTER (WHERE reached AND NOT passed AND status = 'lost')::INTEGER AS lost,
        count(*) FILTER (WHERE reached AND NOT passed AND status = 'open')::INTEGER AS open
      FROM f GROUP BY i ORDER BY i`,
    params: where.params,
  };
}

/**
 * Totals over the cohort: outcomes, lost deals whose furthest stage is unknown, moves back to an
 * earlier open stage and visits to a stage already visited before.
 */
export function funnelTotalsSql(filter: CohortFilter): SqlFragment {
  const where = cohortWhere(filter);
  return {
    sql: `SELECT count(*)::INTEGER AS total,
        count(*) FILTER (WHERE status = 'won')::INTEGER AS won,
        count(*) FILTER (WHERE status = 'lost')::INTEGER AS lost,
        count(*) FILTER (WHERE status = 'open')::INTEGER AS open,
        count(*) FILTER (WHERE lost_unknown)::INTEGER AS lost_unknown,
        count(*) FILTER (WHERE has_history)::INTEGER AS with_history,
        coalesce(sum(backward_moves), 0)::INTEGER AS backward,
        count(*) FILTER (WHERE backward_moves > 0)::INTEGER AS backward_deals,
        coalesce(sum(reentries), 0)::INTEGER AS reentries,
        count(*) FILTER (WHERE reentries > 0)::INTEGER AS reentry_deals
      FROM opp_progress WHERE ${where.sql}`,
    params: where.params,
  };
}

/**
 * What days in stage are worked out from (`stageDays`), as counts per stage and number of days:
 * the completed visits (`kind` 'done', history only), and the open deals by days in their current
 * stage at the as-of date (`kind` 'open'). Counts, not one row per visit: DuckDB's quantiles sort
 * every visit (100 ms at a million deals), the counts are a few hundred rows.
 */
export function stageDaysSql(filter: CohortFilter, asOf: string): SqlFragment {
  const where = cohortWhere(filter);
  return {
    sql: `WITH c AS (
        SELECT status, current_pos, current_since, done_visits FROM opp_progress WHERE ${where.sql}),
      done AS (SELECT unnest(done_visits, recursive := true) FROM c)
      SELECT 'done' AS kind, position, days, count(*)::INTEGER AS n FROM done GROUP BY ALL
      UNION ALL
      SELECT 'open', current_pos, (?::DATE - current_since)::DOUBLE, count(*)::INTEGER
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
 * Flows between stages for the stage-flow diagram: each deal's path runs through the open stages
 * it was seen at in ascending order (all of S1…furthest when it has no history), then to its
 * outcome: 'won', 'lost' or 'open'. Stages are named by position ('1'…'k').
 */
export function stageFlowSql(filter: CohortFilter): SqlFragment {
  const where = cohortWhere(filter);
  return {
    sql: `WITH c AS (
        SELECT status, CASE WHEN has_history THEN strict_reached
          ELSE range(1, furthest + 1)::INTEGER[] END AS path, count(*) AS n
        FROM opp_progress WHERE ${where.sql} GROUP BY ALL),
      paths AS (SELECT row_number() OVER () AS path_id, * FROM c),
      steps AS (
        SELECT path_id, status, n, unnest(path) AS position, unnest(range(1, len(path) + 1)) AS step,
          len(path) AS steps FROM paths)
      SELECT a.position::VARCHAR AS source, b.position::VARCHAR AS target, sum(a.n)::INTEGER AS n
      FROM steps a JOIN steps b ON a.path_id = b.path_id AND b.step = a.step + 1 GROUP BY ALL
      UNION ALL
      SELECT position::VARCHAR, status, sum(n)::INTEGER FROM steps WHERE step = steps GROUP BY ALL
      ORDER BY source, target`,
    params: where.params,
  };
}

/** The funnel's per-stage counts (count-skipped) for every value of a segment. */
export function segmentFunnelSql(
  k: number,
  filter: CohortFilter,
  segmentExpr: string,
): SqlFragment {
  const where = cohortWhere(filter);
  return {
    sql: `WITH g AS (
        SELECT coalesce(${segmentExpr}::VARCHAR, '') AS segment, furthest, count(*) AS n,
          count(*) FILTER (WHERE status = 'won') AS won, count(*) FILTER (WHERE status = 'lost') AS lost,
          count(*) FILTER (WHERE status = 'open') AS open
        FROM opp_progress WHERE ${where.sql} GROUP BY ALL)
      SELECT segment, s.i::INTEGER AS position,
        coalesce(sum(n) FILTER (WHERE furthest >= s.i), 0)::INTEGER AS reached,
        coalesce(CASE WHEN s.i = ${k} THEN sum(won) ELSE sum(n) FILTER (WHERE furthest > s.i) END, 0)::INTEGER AS passed,
        coalesce(sum(lost) FILTER (WHERE furthest = s.i), 0)::INTEGER AS lost,
        coalesce(sum(open) FILTER (WHERE furthest = s.i), 0)::INTEGER AS open,
        sum(won)::INTEGER AS won, sum(n)::INTEGER AS total
      FROM range(1, ${k + 1}) s(i) CROSS JOIN (SELECT DISTINCT segment FROM g) d
      LEFT JOIN g USING (segment) GROUP BY segment, s.i ORDER BY segment, s.i`,
    params: where.params,
  };
}
