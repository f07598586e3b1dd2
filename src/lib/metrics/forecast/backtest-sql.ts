import { cohortWhere, type CohortFilter, type SqlFragment } from '../cohort.ts';

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

/** The CTE `cuts(cut)`: one DATE row per cut date, its parameters in order. */
function cutsCte(cuts: readonly string[]): string {
  const rows = cuts.map(() => '(?::DATE)').join(', ');
  return `cuts(cut) AS (${cuts.length > 0 ? `VALUES ${rows}` : 'SELECT NULL::DATE WHERE false'})`;
}

/** A date no history reaches: where an open-ended visit or known value stops. */
const NEVER = `DATE '9999-12-31'`;

/**
 * The pipeline at each period's first day `start`, per period and open stage (as "State at a
 * date" rebuilds it, for every period in one pass): opportunities open then (with `byCloseDate`,
 * only those whose close date as known then falls in [start, end]), their amount as known then
 * (`amount`, null ones counted in `missing`), how many had today's close date stand in for the
 * one they had then (`stand_ins`), and what they won inside the period: won at `end` (`won`),
 * with the amount known at `end` (`won_amount`); and how they ended, whenever: won (`won_since`)
 * of closed (`closed_since`) by today's status.
 */
export function pipelinesAtSql(
  filter: CohortFilter,
  periods: ReadonlyArray<{ period: string; start: string; end: string }>,
  byCloseDate: boolean,
): SqlFragment {
  const where = cohortWhere(filter);
  const rows = periods.map(() => '(?, ?::DATE, ?::DATE)').join(', ');
  const holds = (alias: string, at: string) =>
    `${alias}.known_from <= ${at} AND coalesce(${alias}.known_to, ${NEVER}) > ${at}`;
  return {
    sql: `WITH p(period, p0, p1) AS (${periods.length > 0 ? `VALUES ${rows}` : 'SELECT NULL, NULL::DATE, NULL::DATE WHERE false'}),
      c AS (SELECT id, amount, close_date, status FROM opp_progress WHERE ${where.sql}),
      v AS (
        SELECT id, position, kind, started, coalesce(ended, ${NEVER}) AS until
        FROM stage_visits WHERE kind IN ('open', 'won') AND id IN (SELECT id FROM c)),
      s AS (
        SELECT p.period, p.p0, p.p1, v.id, v.position
        FROM p JOIN v ON v.started <= p.p0 AND v.until > p.p0 WHERE v.kind = 'open'),
      w AS (
        SELECT p.period, v.id FROM p JOIN v ON v.started <= p.p1 AND v.until > p.p1
        WHERE v.kind = 'won'),
      states AS (
        SELECT s.period, s.position, s.p0, s.p1,
          coalesce(a0.amount, c.amount) AS amount,
          coalesce(k0.close_date, c.close_date) AS close_date,
          k0.close_date IS NOT NULL AS close_date_from_history,
          w.id IS NOT NULL AS won, coalesce(a1.amount, c.amount) AS end_amount,
          c.status AS outcome
        FROM s JOIN c ON c.id = s.id
        LEFT JOIN amount_spans a0 ON a0.id = s.id AND ${holds('a0', 's.p0')}
        LEFT JOIN close_date_spans k0 ON k0.id = s.id AND ${holds('k0', 's.p0')}
        LEFT JOIN amount_spans a1 ON a1.id = s.id AND ${holds('a1', 's.p1')}
        LEFT JOIN w ON w.period = s.period AND w.id = s.id)
      SELECT period, position, count(*)::INTEGER AS n, coalesce(sum(amount), 0)::DOUBLE AS amount,
        count(*) FILTER (WHERE amount IS NULL)::INTEGER AS missing,
        count(*) FILTER (WHERE NOT close_date_from_history)::INTEGER AS stand_ins,
        count(*) FILTER (WHERE won)::INTEGER AS won,
        coalesce(sum(end_amount) FILTER (WHERE won), 0)::DOUBLE AS won_amount,
        count(*) FILTER (WHERE outcome = 'won')::INTEGER AS won_since,
        count(*) FILTER (WHERE outcome IN ('won', 'lost'))::INTEGER AS closed_since
      FROM states ${byCloseDate ? 'WHERE close_date BETWEEN p0 AND p1' : ''}
      GROUP BY ALL ORDER BY period, position`,
    params: [...periods.flatMap((p) => [p.period, p.start, p.end]), ...where.params],
  };
}

/**
 * Per cut date and open stage (1…k): won and closed among the cohort's deals that reached the
 * stage (counting skipped ones) and closed before the cut: what a fit on that day could see.
 */
export function closedBeforeSql(
  k: number,
  filter: CohortFilter,
  cuts: readonly string[],
): SqlFragment {
  const where = cohortWhere(filter);
  return {
    sql: `WITH g AS (
        SELECT furthest, status, closed_at, count(*) AS n FROM opp_progress
        WHERE ${where.sql} AND status IN ('won', 'lost') GROUP BY ALL),
      ${cutsCte(cuts)}
      SELECT strftime(cut, '%Y-%m-%d') AS cut, s.i::INTEGER AS position,
        coalesce(sum(n) FILTER (WHERE furthest >= s.i AND status = 'won' AND closed_at < cut), 0)::INTEGER AS won,
        coalesce(sum(n) FILTER (WHERE furthest >= s.i AND closed_at < cut), 0)::INTEGER AS closed
      FROM cuts CROSS JOIN range(1, ${k + 1}) s(i) LEFT JOIN g ON true
      GROUP BY ALL ORDER BY cut, position`,
    params: [...where.params, ...cuts],
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
    sql: `WITH t AS (
        SELECT unnest(transitions, recursive := true) FROM opp_progress WHERE ${where.sql})
      SELECT source, target, ${day('moved')} AS moved, count(*)::INTEGER AS n,
        sum(days)::DOUBLE AS days
      FROM t GROUP BY ALL ORDER BY moved, source, target`,
    params: where.params,
  };
}

/**
 * Time to close per open stage as known at each cut date, for every cut in one pass: from each
 * deal's first entry into the stage (history only) before the cut, `days` to its close (`won`,
 * `lost`) when that came before the cut, else to the cut (`censored`); `n` deals per distinct
 * (cut, position, days, event), so that the rows grow with the calendar, not with the deals.
 */
export function stageObservationsSql(filter: CohortFilter, cuts: readonly string[]): SqlFragment {
  const where = cohortWhere(filter);
  const censored = 'closed_at IS NULL OR closed_at >= cut';
  return {
    sql: `WITH e AS (
        SELECT status, closed_at, unnest(stage_entries, recursive := true) FROM opp_progress
        WHERE ${where.sql}),
      g AS (SELECT position, status, entered, closed_at, count(*) AS n FROM e GROUP BY ALL),
      ${cutsCte(cuts)}
      SELECT strftime(cut, '%Y-%m-%d') AS cut, position::INTEGER AS position,
        (CASE WHEN ${censored} THEN cut ELSE closed_at END - entered)::INTEGER AS days,
        CASE WHEN ${censored} THEN 'censored' ELSE status END AS event,
        sum(n)::INTEGER AS n
      FROM cuts JOIN g ON g.entered < cut
      WHERE ${censored} OR (closed_at >= entered AND status IN ('won', 'lost'))
      GROUP BY ALL ORDER BY cut, position, days, event`,
    params: [...where.params, ...cuts],
  };
}
