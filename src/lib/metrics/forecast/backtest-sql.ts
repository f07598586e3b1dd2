import { cohortWhere, type CohortFilter, type SqlFragment } from '../cohort.ts';
import { asOfSql } from './as-of-sql.ts';

/** Days since 1970-01-01 of a DATE expression, so that TypeScript can compare and subtract. */
const day = (date: string) => `(${date} - DATE '1970-01-01')::INTEGER`;

/** `closed_at` of the cohort's n-th close (1-based, earliest first); no row when fewer closed. */
export function nthCloseSql(filter: CohortFilter, n: number): SqlFragment {
  const where = cohortWhere(filter);
  return {
    sql: `SELECT closed_at FROM (
        SELECT closed_at, row_number() OVER (ORDER BY closed_at) AS nth
        FROM opp_progress WHERE ${where.sql} AND closed_at IS NOT NULL)
      WHERE nth = ?`,
    params: [...where.params, n],
  };
}

/**
 * The pipeline at a period's first day `start`, per open stage: opportunities open then (with
 * `byCloseDate`, only those whose close date as known then falls in [start, end]), their amount
 * as known then (`amount`, null ones counted in `missing`), how many had today's close date stand
 * in for the one they had then (`stand_ins`), and what they won inside the period: won at `end`
 * (`won`), with the amount known at `end` (`won_amount`).
 */
export function pipelineAtSql(
  filter: CohortFilter,
  period: { start: string; end: string },
  byCloseDate: boolean,
): SqlFragment {
  const atStart = asOfSql(period.start, filter);
  const atEnd = asOfSql(period.end, filter);
  const inPeriod = byCloseDate ? 'AND s.close_date BETWEEN p.p0 AND p.p1' : '';
  return {
    sql: `WITH s AS (${atStart.sql}), e AS (${atEnd.sql}),
      p AS (SELECT ?::DATE AS p0, ?::DATE AS p1)
      SELECT s.position, count(*)::INTEGER AS n, coalesce(sum(s.amount), 0)::DOUBLE AS amount,
        count(*) FILTER (WHERE s.amount IS NULL)::INTEGER AS missing,
        count(*) FILTER (WHERE NOT s.close_date_from_history)::INTEGER AS stand_ins,
        count(*) FILTER (WHERE e.kind = 'won')::INTEGER AS won,
        coalesce(sum(e.amount) FILTER (WHERE e.kind = 'won'), 0)::DOUBLE AS won_amount
      FROM s JOIN e ON e.id = s.id, p
      WHERE s.is_open ${inPeriod}
      GROUP BY s.position ORDER BY s.position`,
    params: [...atStart.params, ...atEnd.params, period.start, period.end],
  };
}

/**
 * Transitions between consecutive visits (as win-rates-sql.ts `transitionsSql` counts them), by
 * the day the move happened (`moved`, days since 1970), with the summed length of the visits
 * left (`days`): a fit at date t takes the moves before t, each deal's later path unseen.
 */
export function datedTransitionsSql(filter: CohortFilter): SqlFragment {
  const where = cohortWhere(filter);
  return {
    sql: `WITH v AS (
        SELECT position, kind, started, lead(position) OVER w AS next_position,
          lead(kind) OVER w AS next_kind, lead(started) OVER w AS next_started
        FROM stage_visits WHERE id IN (SELECT id FROM opp_progress WHERE ${where.sql})
        WINDOW w AS (PARTITION BY id ORDER BY visit))
      SELECT position AS source,
        CASE next_kind WHEN 'open' THEN next_position::VARCHAR ELSE next_kind END AS target,
        ${day('next_started')} AS moved, count(*)::INTEGER AS n,
        sum(next_started - started)::DOUBLE AS days
      FROM v WHERE kind = 'open' AND position IS NOT NULL AND next_kind IS NOT NULL
        AND (next_kind <> 'open' OR next_position IS NOT NULL)
      GROUP BY ALL ORDER BY moved, source, target`,
    params: where.params,
  };
}

/**
 * Each deal's first entry into each open stage (history only) with its outcome and close
 * (days since 1970; `closed` null while open), for the time to close as known at a date.
 */
export function stageEntriesSql(filter: CohortFilter): SqlFragment {
  const where = cohortWhere(filter);
  return {
    sql: `WITH e AS (
        SELECT status, closed_at, unnest(stage_entries, recursive := true) FROM opp_progress
        WHERE ${where.sql})
      SELECT position, status, ${day('entered')} AS entered, ${day('closed_at')} AS closed
      FROM e ORDER BY position, entered`,
    params: where.params,
  };
}
