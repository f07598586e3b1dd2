import { cohortWhere, type CohortFilter, type SqlFragment } from '../cohort.ts';

/**
 * The cohort's open deals that the simulation can draw: placed at a model stage and with an
 * amount (the others are counted by the weighted pipeline and reported there). `entered` is when
 * the deal's latest visit to its current stage began, from history (null without). Dates go out
 * as DATE: the reader formats each distinct day once, not DuckDB every row.
 */
export function openDealsSql(filter: CohortFilter): SqlFragment {
  const where = cohortWhere(filter);
  return {
    sql: `SELECT id::VARCHAR AS id, amount::DOUBLE AS amount, current_pos AS position,
        close_date, current_since AS entered
      FROM opp_progress WHERE ${where.sql} AND status = 'open'
        AND amount IS NOT NULL AND current_pos IS NOT NULL
      ORDER BY id`,
    params: where.params,
  };
}

/**
 * The same deals summed by current stage and the day their latest visit to it began: what history
 * timing needs for the simulation's normal approximation, a few thousand rows at most.
 */
export function openStaysSql(filter: CohortFilter): SqlFragment {
  const where = cohortWhere(filter);
  return {
    sql: `SELECT current_pos AS position, current_since AS entered, sum(amount)::DOUBLE AS amount,
        sum(amount * amount)::DOUBLE AS squares,
        coalesce(sum(amount) FILTER (WHERE amount < 0), 0)::DOUBLE AS negative
      FROM opp_progress WHERE ${where.sql} AND status = 'open'
        AND amount IS NOT NULL AND current_pos IS NOT NULL
      GROUP BY ALL`,
    params: where.params,
  };
}

/** Days from entering each open stage to winning, for deals won (history only). */
export function daysToWinSql(filter: CohortFilter): SqlFragment {
  const where = cohortWhere(filter);
  return {
    sql: `WITH e AS (
          SELECT closed_at, unnest(stage_entries, recursive := true) FROM opp_progress
          WHERE ${where.sql} AND status = 'won')
      SELECT position, (closed_at - entered)::INTEGER AS days
      FROM e WHERE closed_at >= entered ORDER BY position, days`,
    params: where.params,
  };
}
